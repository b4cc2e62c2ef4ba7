import type { MirrorSpec } from '../mirror/mm2-properties.ts';
import type { Properties } from '../config/properties.ts';

/** Where nodes run, chosen with MIRRORDRILL_RUNTIME (support/runtime/factory.ts). `external` plugs in here next. */
export const RUNTIMES = ['local', 'containers'] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

/**
 * The faults a runtime may be able to inject; each runtime declares the ones it can, and a
 * scenario asking for another fails before it starts (support/runtime/capabilities.ts).
 */
export const FAULTS = ['kill', 'stop', 'pause', 'restart', 'network'] as const;
export type Fault = (typeof FAULTS)[number];

/** Who connects to a cluster: MirrorMaker 2, or the harness and the apps under test. */
export type Viewer = 'mirror' | 'apps';

export interface ClusterSpec {
  alias: string;
  brokers: number;
  /** MirrorMaker 2 reaches this cluster through Toxiproxy (one proxy per broker), so its link can be cut or slowed. */
  proxied?: boolean;
}

/** MirrorMaker 2's link to a proxied cluster: every broker's proxy at once. */
export interface ClusterLink {
  /** The proxies stop accepting and drop their connections. */
  cut(): Promise<void>;
  /** Back to a plain, fast link: enabled, every toxic removed. */
  heal(): Promise<void>;
  /** Adds latency (and jitter) to what the cluster sends back. */
  delay(latencyMs: number, jitterMs: number): Promise<void>;
}

/** One node of a started cluster; a target for broker faults. */
export interface StartedBroker {
  readonly nodeId: number;
  readonly bootstrap: string;
  readonly logFile: string;
  readonly running: boolean;
  /** SIGTERM: controlled shutdown. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown at all. */
  kill(): Promise<void>;
  /** Freezes the node (SIGSTOP, or the engine's cgroup freezer); may be asynchronous. */
  pause(): void | Promise<void>;
  resume(): void | Promise<void>;
  /** Starts the node again with its data and config; only when it is not running. */
  restart(): void | Promise<void>;
}

/** Disposing kills every node and removes the cluster's data; stop/kill leave the data. */
export interface StartedCluster extends AsyncDisposable {
  readonly alias: string;
  readonly bootstrapServers: string[];
  readonly brokers: StartedBroker[];
  readonly version: string;
  /** The addresses MirrorMaker 2 uses, when they differ from the harness's (a proxy in between). */
  readonly mirrorBootstrap?: string[];
  readonly link?: ClusterLink;
  /** The addresses `viewer` connects to: the proxies' for MM2 when the cluster is proxied, else bootstrapServers. */
  bootstrapFor(viewer: Viewer): string[];
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface StartedMirror extends AsyncDisposable {
  readonly spec: MirrorSpec;
  /** mm2.properties as written, for the report. */
  readonly properties: Properties;
  readonly logFile: string;
  readonly running: boolean;
  /** Why it is not running, when it is not (exit code or signal). */
  describeExit(): string;
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT (or the engine's freezer): a frozen process, like a long GC pause or a hung VM. */
  pause(): void | Promise<void>;
  resume(): void | Promise<void>;
  /** Starts MM2 again with the same config, after a kill or a stop. */
  restart(): Promise<void>;
}

export interface Runtime {
  readonly name: RuntimeName;
  /** The faults this runtime can inject. */
  readonly capabilities: ReadonlySet<Fault>;
  /** Version and origin of the Kafka it runs, for the report. */
  describe(): Promise<string>;
  startCluster(spec: ClusterSpec, dir: string): Promise<StartedCluster>;
  startMirror(spec: MirrorSpec, source: StartedCluster, target: StartedCluster, dir: string): Promise<StartedMirror>;
}
