import type { MirrorSpec } from '../mirror/mm2-properties.ts';
import type { Properties } from '../config/properties.ts';
import type { ClientSecurity, SecurityMode } from '../security/cluster-security.ts';

/** Where nodes run. Only `local` exists today; `containers` and `external` plug in here. */
export const RUNTIMES = ['local'] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

export interface ClusterSpec {
  alias: string;
  brokers: number;
  /**
   * MirrorMaker 2 and the apps each reach this cluster through Toxiproxy (a proxy per broker and
   * viewer, each on a listener of its own), so either link can be cut or slowed alone.
   */
  proxied?: boolean;
  /** TLS and SCRAM-SHA-512 on the listeners apps and MM2 use (support/security/). */
  security?: SecurityMode;
}

/** Who connects to a cluster through a link of its own: MirrorMaker 2, or the apps (producers and consumers). The harness always connects directly. */
export const VIEWERS = { 'MirrorMaker 2': 'mirror', 'the apps': 'apps' } as const;
export type Viewer = (typeof VIEWERS)[keyof typeof VIEWERS];
export const viewerWords = (v: Viewer): string => Object.entries(VIEWERS).find(([, x]) => x === v)![0];

/** One viewer's link to a proxied cluster: every broker's proxy at once. */
export interface ClusterLink {
  /** The proxies stop accepting and drop their connections. */
  cut(): Promise<void>;
  /** Back to a plain, fast link: enabled, every toxic removed. */
  heal(): Promise<void>;
  /** Adds latency (and jitter) to what the cluster sends back. */
  delay(latencyMs: number, jitterMs: number): Promise<void>;
  /** Limits what the cluster sends back to `kbPerSecond` KB/s. */
  throttle(kbPerSecond: number): Promise<void>;
  /** Nothing gets through either way, and the connections stay open (no error, no reset): a black hole. */
  blackhole(): Promise<void>;
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
  pause(): void;
  resume(): void;
  /** Starts the node again with its data and config; only when it is not running. */
  restart(): void;
  /** Deletes the node's log of one partition (a lost disk); only when it is not running. */
  dropLog(topic: string, partition: number): Promise<void>;
}

/** Disposing kills every node and removes the cluster's data; stop/kill leave the data. */
export interface StartedCluster extends AsyncDisposable {
  readonly alias: string;
  readonly bootstrapServers: string[];
  readonly brokers: StartedBroker[];
  readonly version: string;
  /** The addresses each viewer uses, when they differ from the harness's (a proxy in between, or MM2's own secured listener). */
  bootstrapFor(viewer: Viewer): string[];
  /** Each viewer's link, when the cluster is behind Toxiproxy. */
  readonly links?: Record<Viewer, ClusterLink>;
  /** How the harness and the apps authenticate to `bootstrapServers` and `bootstrapFor('apps')`, when the cluster is secured. */
  readonly security?: ClientSecurity;
  /** How MM2 authenticates to `bootstrapFor('mirror')`, when the cluster is secured. */
  readonly mirrorSecurity?: ClientSecurity;
  /** The apps' client settings as files for Kafka's CLI tools and kcat (private, removed with the cluster), when secured. */
  readonly toolConfigs?: { cli: string; kcat: string };
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
  /** SIGSTOP / SIGCONT: a frozen process, like a long GC pause or a hung VM. */
  pause(): void;
  resume(): void;
  /** Starts MM2 again with the same config, after a kill or a stop. */
  restart(): Promise<void>;
}

export interface Runtime {
  readonly name: RuntimeName;
  /** Version and origin of the Kafka it runs, for the report. */
  describe(): Promise<string>;
  startCluster(spec: ClusterSpec, dir: string): Promise<StartedCluster>;
  startMirror(spec: MirrorSpec, source: StartedCluster, target: StartedCluster, dir: string): Promise<StartedMirror>;
}
