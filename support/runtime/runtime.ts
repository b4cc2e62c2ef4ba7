import type { MirrorSpec } from '../mirror/mm2-properties.ts';
import type { Properties } from '../config/properties.ts';
import type { ClientSecurity, SecurityMode } from '../security/cluster-security.ts';
import type { GroupView } from '../mirror/group-leader.ts';

/** Where nodes run, chosen with MIRRORDRILL_RUNTIME (support/runtime/factory.ts); `external`: clusters and an MM2 that run already. */
export const RUNTIMES = ['local', 'containers', 'external'] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

/**
 * What a runtime may be able to do beyond starting plain clusters and one dedicated MM2: the
 * faults it can inject (a lost disk is a broker's log deleted while it is down), secured
 * clusters, and MM2 on several nodes or on Kafka Connect. Each runtime declares what it can, and
 * a scenario asking for more fails before it starts (support/runtime/capabilities.ts).
 */
export const FAULTS = ['kill', 'stop', 'pause', 'restart', 'network', 'disk', 'security', 'deployments'] as const;
export type Fault = (typeof FAULTS)[number];

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
  /** Broker settings the scenario gives (server.properties of every node), over the harness's own. */
  settings?: Record<string, string>;
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
  /** Freezes the node (SIGSTOP, or the engine's cgroup freezer); may be asynchronous. */
  pause(): void | Promise<void>;
  resume(): void | Promise<void>;
  /** Starts the node again with its data and config; only when it is not running. */
  restart(): void | Promise<void>;
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
  /**
   * The harness created this topic or group on the cluster (external runtime: deleted when the
   * cluster is disposed; nothing it did not create is ever deleted). Others drop the cluster whole.
   */
  own?(kind: 'topic' | 'group', name: string): void;
}

/** How MM2 runs: the dedicated driver on 1–3 nodes, or its connectors on 1–3 Kafka Connect workers. */
export const DEPLOYMENTS = ['dedicated', 'connect'] as const;
export type DeploymentKind = (typeof DEPLOYMENTS)[number];
export interface MirrorDeployment {
  kind: DeploymentKind;
  /** Dedicated MM2 nodes, or Connect workers. */
  nodes: number;
}

/** One node of a multi-node dedicated MM2, or one Connect worker; numbered from 1. */
export interface MirrorNode {
  readonly index: number;
  readonly running: boolean;
  readonly logFile: string;
  /** Its REST address (Connect's API, a dedicated node's internal one), if it serves one. */
  readonly url?: string;
  describeExit(): string;
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** SIGSTOP, or the engine's cgroup freezer. */
  pause(): void | Promise<void>;
  resume(): void | Promise<void>;
  /** Starts the node again with its config, after a kill or a stop. */
  restart(): Promise<void>;
}

/** A connector's state changes, over the Connect REST API. */
export interface ConnectorControl {
  pause(connector: string): Promise<void>;
  resume(connector: string): Promise<void>;
  restart(connector: string): Promise<void>;
  restartTask(connector: string, task: number): Promise<void>;
  /** Puts the connector's config with these keys changed; Connect's validation errors are thrown. */
  reconfigure(connector: string, changes: Record<string, string>): Promise<void>;
  /** Every connector and task RUNNING (bounded), on one of `workers` (worker_id, host:port) when given; else an error quoting a FAILED one's trace. */
  waitRunning(what: string, workers?: string[]): Promise<void>;
  /** "MirrorSourceConnector RUNNING (task 0 RUNNING)" per connector, as Connect reports them now. */
  describe(): Promise<string[]>;
  /** Connect's worker_id ("127.0.0.1:8083") of the worker running a task, if it runs. */
  workerOf(connector: string, task: number): Promise<string | undefined>;
  /** The trace Connect reports for the connector or one of its tasks that FAILED, if any. */
  failedTrace(connector: string): Promise<string | undefined>;
}

export interface StartedMirror extends AsyncDisposable {
  readonly spec: MirrorSpec;
  /** Dedicated on one node when absent. */
  readonly deployment?: MirrorDeployment;
  /** The nodes or workers, when there can be several; kill/stop/pause/restart above act on all of them. */
  readonly nodes?: MirrorNode[];
  /** Present on Kafka Connect. */
  readonly connectors?: ConnectorControl;
  /** The node whose worker leads the group at its latest rebalance, from the nodes' logs. */
  leader?(): number | undefined;
  /** Each node's latest view of its group (generation, leader, what it runs), from its log. */
  groupViews?(): { index: number; running: boolean; view: GroupView | undefined }[];
  /** A connector or task FAILED (Connect's status, polled every second), with its trace. */
  failure?(): Error | undefined;
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
  /** Starts MM2 again with the same config, after a kill or a stop (on several nodes: those that are down). */
  restart(): Promise<void>;
}

/** How a runtime freezes and thaws what it started, in words for the report ('SIGSTOP' / 'SIGCONT', 'cgroup freezer' / 'unfrozen'). */
export interface PauseMethod {
  readonly pause: string;
  readonly resume: string;
}

export interface Runtime {
  readonly name: RuntimeName;
  /** The faults this runtime can inject. */
  readonly capabilities: ReadonlySet<Fault>;
  /**
   * How a pause is done and undone here, in a short human word for the fault line ("paused for
   * 10 s (SIGSTOP)"): SIGSTOP/SIGCONT for processes, the engine's cgroup freezer for containers.
   */
  readonly pauseMethod: PauseMethod;
  /** Version and origin of the Kafka it runs, for the report. */
  describe(): Promise<string>;
  startCluster(spec: ClusterSpec, dir: string): Promise<StartedCluster>;
  startMirror(spec: MirrorSpec, source: StartedCluster, target: StartedCluster, dir: string): Promise<StartedMirror>;
  /** Topics and groups a scenario names are given its run id (`products` → `products-<run>`): the clusters outlive the scenario and are shared. */
  readonly namesCarryRunId?: boolean;
  /** Refuses a scenario before it starts for reasons of the runtime's own (beyond the faults it lacks), e.g. destructive faults not allowed. */
  refuseScenario?(steps: readonly string[]): void;
}
