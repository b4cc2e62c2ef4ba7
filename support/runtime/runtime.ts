import type { MirrorSpec } from '../mirror/mm2-properties.ts';
import type { ClientSecurity, SecurityMode } from '../security/cluster-security.ts';
import type { RuntimeName } from '../config/choices.ts';
import type { Killable, Lifecycle, PauseMethod, Stoppable } from '../lifecycle.ts';
import type { ClusterLink, Viewer } from '../links/cluster-link.ts';
import type { StartedMirror } from '../mirror/started-mirror.ts';

/*
 * What a runtime starts, and the contract each runtime keeps. The parts a lower layer needs too
 * are declared there and re-exported here under their old names: the lifecycle every started
 * thing shares (support/lifecycle.ts), a started MM2 (support/mirror/started-mirror.ts), the
 * links through Toxiproxy (support/links/cluster-link.ts), and the runtimes' names (config).
 */
/** Where nodes run (declared in config, which validates MIRRORDRILL_RUNTIME). */
export { RUNTIMES, type RuntimeName } from '../config/choices.ts';
export type { PauseMethod } from '../lifecycle.ts';
export { VIEWERS, viewerWords, type ClusterLink, type Viewer } from '../links/cluster-link.ts';
export { DEPLOYMENTS, type ConnectorControl, type DeploymentKind, type MirrorDeployment, type MirrorNode, type StartedMirror } from '../mirror/started-mirror.ts';

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

/**
 * One node of a started cluster; a target for broker faults (support/lifecycle.ts): stop is
 * SIGTERM, a controlled shutdown; kill, SIGKILL; pause freezes the node (SIGSTOP, or the engine's
 * cgroup freezer); restart starts it again with its data and config, only when it is not running.
 */
export interface StartedBroker extends Lifecycle {
  readonly nodeId: number;
  readonly bootstrap: string;
  /** Deletes the node's log of one partition (a lost disk); only when it is not running. */
  dropLog(topic: string, partition: number): Promise<void>;
  /** Deletes every log of the node, metadata included, and formats its storage again: a node rebuilt empty, which its next restart starts as new; only when it is not running. */
  wipe(): Promise<void>;
}

/** Disposing kills every node and removes the cluster's data; stop/kill leave the data. */
export interface StartedCluster extends AsyncDisposable, Stoppable, Killable {
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
  /**
   * The harness created this topic or group on the cluster (external runtime: deleted when the
   * cluster is disposed; nothing it did not create is ever deleted). Others drop the cluster whole.
   */
  own?(kind: 'topic' | 'group', name: string): void;
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
  /**
   * A flow driven by the user's own MM2 configuration (spec.configuredBy), before it starts:
   * refused when this runtime cannot run it, and its account said as it holds here (the external
   * runtime replaces connection settings with the running connectors', not the drill's).
   */
  adoptUserConfig?(spec: MirrorSpec): void;
}
