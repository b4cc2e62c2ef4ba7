import { BadStepParameter } from '../errors.ts';
import type { Ledger, Origin, Resume } from '../ledger/ledger.ts';
import type { FlowView } from '../mirror/mirror-waits.ts';
import type { PhaseTimer } from '../report/phase-timer.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { Topology } from '../topology.ts';
import type { Names } from './naming.ts';

/**
 * What every part of a drill (support/drill/*.ts) is given by the World (support/world.ts), the
 * composition root: this scenario's runtime, topology, ledger, timings and names. Never the World
 * itself: a part asks the others for what it needs through the callbacks of its own context.
 */
export interface DrillContext {
  /** Set by the Before hook after the World is made: read it when a step runs. */
  readonly runtime: Runtime | undefined;
  readonly topology: Topology;
  readonly ledger: Ledger;
  readonly timings: PhaseTimer;
  readonly names: Names;
  /** This scenario's run id. */
  readonly run: string;
  /** A fault in the drill's history: what, to whom, when; `cluster` when it took a whole cluster down. */
  fault(subject: string, what: string, cluster?: string): void;
}

/** The topic lookups the parts share (support/drill/topics.ts). */
export interface TopicLookups {
  /** The partition count of a topic the step names, or an error that says what exists instead. */
  requireTopic(alias: string, topic: string): Promise<number>;
  /** The partition count of a topic the step names, once it has the partition the step names. */
  requirePartition(alias: string, topic: string, partition: number): Promise<number>;
  /** Every log start of `topic` on `alias` past its first record, in the ledger. */
  noteLogStarts(alias: string, topic: string, how: string): Promise<void>;
  createTopic(topic: string, alias: string, partitions: number, replicas?: number, configs?: Record<string, string>): Promise<void>;
}

/**
 * A flow a step names: "MirrorMaker 2 from "es-tgt" to "es-src" …". Absent when the step uses the
 * short form ("MirrorMaker 2 is killed"), which stands for the scenario's only flow.
 */
export interface FlowRef {
  source: string;
  target: string;
}

/** A flow into a target (of `source` too, when the step names it), as the waits and audits see it (support/drill/flows.ts). */
export type FlowOf = (target: string, source?: string) => Promise<FlowView>;

/**
 * How a group picks up on the target after a failover (support/drill/failover.ts's RESUME_MODES),
 * or `itself`: an app under test translates its offsets from the checkpoints on its own
 * (support/drill/app-runs.ts).
 */
export type AnyResumeMode = 'synced' | 'translated' | 'beginning' | 'itself';

/** How one consumer session of a group reads (support/drill/apps.ts). */
export interface ConsumeHow {
  max?: number;
  toEnd?: boolean;
  rewind?: { partition: number; offset: number; more: number };
  partitions?: number;
  resume?: Resume;
}

/** The account of a read that starts where MM2 put the group (support/drill/failover.ts), else undefined. */
export type SyncedRead = (group: string, topic: string, alias: string, partitions: number, origin: Origin) => Promise<Resume | undefined>;

/** `partitions` when the topic has `partition`, else an error that says which partitions it has. */
export function partitionOf(topic: string, alias: string, partition: number, partitions: number): number {
  if (partition < partitions) return partitions;
  throw new BadStepParameter(`topic "${topic}" on "${alias}" has no partition ${partition}`, { hint: partitions === 1 ? 'it has only partition 0' : `its partitions are 0 to ${partitions - 1}` });
}
