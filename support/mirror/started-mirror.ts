import type { Properties } from '../config/properties.ts';
import type { ExitDescribed, Lifecycle } from '../lifecycle.ts';
import type { GroupView } from './group-leader.ts';
import type { MirrorSpec } from './mm2-properties.ts';

/*
 * A started MirrorMaker 2 as the steps see it, on any runtime: declared with the mirror's own
 * code (support/mirror/mirror-ops.ts drives its nodes and connectors), started by a runtime.
 */

/** How MM2 runs: the dedicated driver on 1–3 nodes, or its connectors on 1–3 Kafka Connect workers. */
export const DEPLOYMENTS = ['dedicated', 'connect'] as const;
export type DeploymentKind = (typeof DEPLOYMENTS)[number];
export interface MirrorDeployment {
  kind: DeploymentKind;
  /** Dedicated MM2 nodes, or Connect workers. */
  nodes: number;
}

/** One node of a multi-node dedicated MM2, or one Connect worker; numbered from 1. Pauses by SIGSTOP, or the engine's cgroup freezer. */
export interface MirrorNode extends Lifecycle, ExitDescribed {
  readonly index: number;
  /** Its REST address (Connect's API, a dedicated node's internal one), if it serves one. */
  readonly url?: string;
  /** Starts the node again with its config, after a kill or a stop. */
  restart(): Promise<void>;
}

/** A connector's state changes, over the Connect REST API. */
export interface ConnectorControl {
  pause(connector: string): Promise<void>;
  resume(connector: string): Promise<void>;
  restart(connector: string): Promise<void>;
  restartTask(connector: string, task: number): Promise<void>;
  /**
   * Stops the connector, alters the offsets it stored (Connect's PATCH …/offsets, KIP-875), and
   * resumes it: what an operator does to make MM2 copy a partition again from an offset. Connect's
   * and the connector's refusals are thrown.
   */
  alterOffsets(connector: string, offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> }[]): Promise<void>;
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

/**
 * A started MM2 (stop, kill, pause, resume and restart from Lifecycle; describeExit says why it
 * is not running: exit code or signal). Its pause is SIGSTOP / SIGCONT (or the engine's freezer):
 * a frozen process, like a long GC pause or a hung VM.
 */
export interface StartedMirror extends AsyncDisposable, Lifecycle, ExitDescribed {
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
  /** Starts MM2 again with the same config, after a kill or a stop (on several nodes: those that are down). */
  restart(): Promise<void>;
}
