import { kafkaSaid } from '../kafka/kafka-error.ts';
import { DEFAULTS } from '../config/defaults.ts';
import { BadStepParameter, DrillError } from '../errors.ts';
import { metadataOf } from '../kafka/replication-state.ts';
import type { FlowRecords } from '../mirror/flow-records.ts';
import { recordRemovedFromTail } from '../mirror/mirror-skips.ts';
import { progress } from '../progress.ts';
import { rollingRestart } from '../runtime/rolling-restart.ts';
import type { MirrorDeployment, StartedMirror } from '../runtime/runtime.ts';
import { findMirrorNode, type NodeRef } from '../mirror/mirror-ops.ts';
import { RULES } from '../step-numbers.ts';
import { describeEntry, DYNAMIC_TOPIC_CONFIG } from '../mirror/topic-config-sync.ts';
import { waitFor, withTimeout } from '../wait-for.ts';
import { flowName } from '../topology.ts';
import type { DrillContext, FlowRef, TopicLookups } from './context.ts';

export interface NemesisContext extends DrillContext {
  readonly topics: TopicLookups;
  /** The MM2 flows whose internal topics the harness has read so far (support/drill/flows.ts): a fault may take them away. */
  flowsRead(): ReadonlyMap<StartedMirror, FlowRecords>;
  /** The last running broker of `alias` is about to go: a coming cluster loss (support/drill/failover.ts). */
  clusterLoss(alias: string): Promise<void>;
}

/** The faults done to nodes and logs: kill, stop, pause, restart, a rolling restart, a lost disk, records deleted, retention. */
export class Nemesis {
  constructor(private readonly ctx: NemesisContext) {}

  // ---- pauses (SIGSTOP, then SIGCONT after a while) --------------------------------------

  /** Faults that end by themselves (paused processes, links cut for a while), each with its timer; teardown ends them first. */
  readonly #paused = new Set<{ resume(): Promise<void>; timer: NodeJS.Timeout }>();

  /** Calls `end` after `seconds`, or at teardown if that comes first; returns at once. */
  endAfter(seconds: number, end: () => void | Promise<void>): void {
    const entry = {
      resume: async () => {
        this.#paused.delete(entry);
        await end();
      },
      timer: setTimeout(() => entry.resume(), seconds * 1000),
    };
    this.#paused.add(entry);
  }

  /** At teardown: every fault that ends by itself ends now. */
  async endAll(): Promise<void> {
    for (const p of [...this.#paused]) {
      clearTimeout(p.timer);
      await p.resume();
    }
  }

  /**
   * Freezes processes for `seconds` (SIGSTOP now, SIGCONT when the time is up) and returns at
   * once: the steps that follow run while they are frozen. The resume is the fault's own end,
   * not a wait for anything.
   */
  async #pauseFor(targets: { pause(): void | Promise<void>; resume(): void | Promise<void>; running: boolean }[], seconds: number, what: string): Promise<void> {
    this.ctx.names.count(seconds, RULES.seconds);
    if (!targets.some((t) => t.running)) throw new BadStepParameter(`${what} is not running, so it cannot be paused`, { hint: 'pause it before it is stopped or killed' });
    const live = targets.filter((t) => t.running);
    // How the runtime freezes and thaws (SIGSTOP/SIGCONT, or the engine's cgroup freezer), as it says itself.
    const how = this.ctx.runtime?.pauseMethod ?? { pause: 'SIGSTOP', resume: 'SIGCONT' };
    await Promise.all(live.map((t) => t.pause()));
    this.ctx.fault(what, `paused for ${seconds} s (${how.pause})`);
    this.endAfter(seconds, async () => {
      const resumed = await Promise.allSettled(live.filter((t) => t.running).map((t) => t.resume()));
      const failed = resumed.find((r) => r.status === 'rejected');
      if (failed) progress(`resuming ${what} failed: ${(failed.reason as Error).message}`);
      this.ctx.ledger.event('heal', what, `resumed (${how.resume})`);
    });
  }

  /** One MM2 node or Connect worker frozen for a while, the others left running (a long GC pause on one machine). */
  async pauseMirrorNode(kind: MirrorDeployment['kind'], which: NodeRef, seconds: number): Promise<void> {
    const { node, subject } = await findMirrorNode(this.#mirror().mirror, kind, which);
    await this.#pauseFor([node], seconds, subject);
  }

  async pauseCluster(alias: string, seconds: number): Promise<void> {
    await this.#pauseFor((await this.ctx.topology.cluster(alias)).brokers, seconds, `every broker of "${alias}"`);
  }

  async pauseBroker(alias: string, nodeId: number, seconds: number): Promise<void> {
    const cluster = await this.ctx.topology.cluster(alias);
    const broker = cluster.brokers.find((b) => b.nodeId === nodeId);
    if (!broker) throw new BadStepParameter(`cluster "${alias}" has no broker ${nodeId}`, { hint: `its brokers are numbered 1 to ${cluster.brokers.length}` });
    await this.#pauseFor([broker], seconds, `broker ${nodeId} of "${alias}"`);
  }

  async pauseMirror(seconds: number, flow?: FlowRef): Promise<void> {
    const { mirror, subject } = this.#mirror(flow);
    await this.#pauseFor([mirror], seconds, subject);
  }

  /**
   * The MM2 a step acts on, and what the history calls it: the scenario's only flow for the short
   * form ("MirrorMaker 2"), the flow the step names otherwise ("MirrorMaker 2 es-tgt → es-src").
   */
  #mirror(flow?: FlowRef): { mirror: StartedMirror; subject: string; step: string } {
    const mirror = this.ctx.topology.mirror(flow?.source, flow?.target);
    return flow
      ? { mirror, subject: `MirrorMaker 2 ${flowName(mirror.spec)}`, step: `MirrorMaker 2 from "${flow.source}" to "${flow.target}"` }
      : { mirror, subject: 'MirrorMaker 2', step: 'MirrorMaker 2' };
  }

  // ---- restarts ---------------------------------------------------------------------------

  /** Brokers of a cluster started again with their data after a kill or stop, until the cluster's metadata lists them all. */
  async restartBrokers(alias: string, nodeId?: number, what = 'restarted with its data'): Promise<void> {
    const { ledger, timings } = this.ctx;
    const cluster = await this.ctx.topology.cluster(alias);
    const chosen = nodeId === undefined ? cluster.brokers : cluster.brokers.filter((b) => b.nodeId === nodeId);
    if (nodeId !== undefined && chosen.length === 0) throw new BadStepParameter(`cluster "${alias}" has no broker ${nodeId}`, { hint: `its brokers are numbered 1 to ${cluster.brokers.length}` });
    const down = chosen.filter((b) => !b.running);
    if (down.length === 0) {
      throw new BadStepParameter(`${nodeId === undefined ? `every broker of "${alias}" is` : `broker ${nodeId} of "${alias}" is`} running: there is nothing to restart`, {
        hint: `kill or stop it first: When ${nodeId === undefined ? `every broker of "${alias}"` : `broker ${nodeId} of "${alias}"`} is killed`,
      });
    }
    ledger.event('restart', nodeId === undefined ? `every broker of ${alias}` : `broker ${nodeId} of ${alias}`, what);
    await timings.time('faults', async () => {
      for (const b of down) await b.restart();
      await this.ctx.topology.forgetAdmin(alias);
      const admin = await this.ctx.topology.admin(alias);
      const wanted = cluster.brokers.filter((b) => b.running).map((b) => b.nodeId);
      await waitFor(
        async () => {
          const ids = await admin.brokerIds();
          const missing = wanted.filter((id) => !ids.includes(id));
          return missing.length === 0 ? true : `metadata lists brokers [${ids.join(', ')}], not yet ${missing.join(', ')}`;
        },
        {
          what: `the restarted broker(s) of ${alias} to rejoin the cluster`,
          timeoutMs: DEFAULTS.brokerStartTimeoutMs,
          log: down[0]!.logFile,
          abort: () => {
            const dead = down.find((b) => !b.running);
            return dead ? new DrillError(`broker ${dead.nodeId} of ${alias} exited while restarting`, { log: dead.logFile }) : undefined;
          },
        },
      );
    });
  }

  /**
   * A cluster lost and rebuilt empty, as Strimzi advises before failing back: every broker, down
   * after the loss, has every log deleted (its KRaft metadata included) and its storage formatted
   * again with the cluster's id, then starts: the same addresses, no topic, no group, no record.
   */
  async rebuildBrokers(alias: string): Promise<void> {
    const cluster = await this.ctx.topology.cluster(alias);
    const running = cluster.brokers.filter((b) => b.running);
    if (running.length) {
      throw new BadStepParameter(`${running.length === cluster.brokers.length ? 'every broker' : `broker ${running.map((b) => b.nodeId).join(', ')}`} of "${alias}" is running: a cluster is rebuilt after its loss`, {
        hint: `lose it first: When every broker of "${alias}" is killed`,
      });
    }
    await this.ctx.timings.time('faults', async () => {
      for (const b of cluster.brokers) await b.wipe();
    });
    await this.restartBrokers(alias, undefined, 'rebuilt empty: every log deleted, its metadata included, the storage formatted again, and started');
  }

  /** Every broker of a cluster in turn: SIGTERM, started again with its data, the cluster whole again before the next (runtime/rolling-restart.ts). */
  async rollingRestart(alias: string): Promise<void> {
    const { ledger, timings } = this.ctx;
    const cluster = await this.ctx.topology.cluster(alias);
    await timings.time('faults', () =>
      rollingRestart({
        alias,
        cluster,
        timeoutMs: DEFAULTS.brokerStartTimeoutMs,
        stopGraceMs: DEFAULTS.stopGraceMs,
        event: (kind, subject, what) => ledger.event(kind, subject, what),
        // The harness' admin would only wait on retries against the stopping broker: a new one is made on demand.
        beforeStop: () => this.ctx.topology.forgetAdmin(alias),
      }),
    );
  }

  async restartMirror(flow?: FlowRef): Promise<void> {
    const { mirror, subject, step } = this.#mirror(flow);
    if (mirror.running) throw new BadStepParameter(`${subject} is running: there is nothing to restart`, { hint: `kill or stop it first: When ${step} is killed` });
    this.ctx.ledger.event('restart', subject, 'restarted with its config');
    await this.ctx.timings.time('faults', () => mirror.restart());
  }

  // ---- kills and stops --------------------------------------------------------------------

  #requireMirrorRunning(what: string, flow?: FlowRef): { mirror: StartedMirror; subject: string } {
    const m = this.#mirror(flow);
    if (!m.mirror.running) throw new BadStepParameter(`${m.subject} is not running: there is nothing to ${what}`, { hint: `restart it first: When ${m.step} is restarted` });
    return m;
  }

  async stopMirror(flow?: FlowRef): Promise<void> {
    const { mirror, subject } = this.#requireMirrorRunning('stop', flow);
    this.ctx.fault(subject, 'stopped (SIGTERM)');
    await this.ctx.timings.time('faults', () => mirror.stop());
  }

  async killMirror(flow?: FlowRef): Promise<void> {
    const { mirror, subject } = this.#requireMirrorRunning('kill', flow);
    this.ctx.fault(subject, 'killed (SIGKILL)');
    await this.ctx.timings.time('faults', () => mirror.kill());
  }

  /** Every node of a cluster: SIGKILL (a lost site) or SIGTERM (a controlled shutdown). */
  async clusterFault(alias: string, how: 'stopped' | 'killed'): Promise<void> {
    const cluster = await this.ctx.topology.cluster(alias);
    if (!cluster.brokers.some((b) => b.running)) {
      throw new BadStepParameter(`every broker of "${alias}" is already down: there is nothing left to ${how === 'killed' ? 'kill' : 'stop'}`, {
        hint: `restart it first (When every broker of "${alias}" is restarted), or drop this step`,
      });
    }
    await this.#stopOrKill(alias, `every broker of ${alias}`, cluster, how);
  }

  async brokerFault(alias: string, nodeId: number, how: 'stopped' | 'killed'): Promise<void> {
    const cluster = await this.ctx.topology.cluster(alias);
    const broker = cluster.brokers.find((b) => b.nodeId === nodeId);
    if (!broker) {
      throw new BadStepParameter(`cluster "${alias}" has no broker ${nodeId}`, { hint: `its brokers are numbered 1 to ${cluster.brokers.length}` });
    }
    if (!broker.running) {
      throw new BadStepParameter(`broker ${nodeId} of "${alias}" is already down: there is nothing left to ${how === 'killed' ? 'kill' : 'stop'}`, {
        hint: `restart it first: When broker ${nodeId} of "${alias}" is restarted`,
      });
    }
    await this.#stopOrKill(alias, `broker ${nodeId} of ${alias}`, broker, how);
  }

  /** The admin of a cluster losing nodes would only wait on retries: drop it first (a new one is made on demand). */
  async #stopOrKill(alias: string, subject: string, target: { stop(): Promise<void>; kill(): Promise<void> }, how: 'stopped' | 'killed'): Promise<void> {
    await this.#snapshotSyncs(alias);
    await this.ctx.topology.forgetAdmin(alias);
    const cluster = await this.ctx.topology.cluster(alias);
    const others = cluster.brokers.filter((b) => b.running && b !== target && target !== cluster);
    if (others.length === 0) await this.ctx.clusterLoss(alias);
    // The event is the signal, recorded as it is sent; the step returns once the process is gone.
    this.ctx.fault(subject, how === 'killed' ? 'killed (SIGKILL)' : 'stopped (SIGTERM)', others.length === 0 ? alias : undefined);
    await this.ctx.timings.time('faults', () => (how === 'killed' ? target.kill() : target.stop()));
  }

  /**
   * The offset syncs of every flow whose syncs live on `alias`, read once more before a fault
   * takes them away: they explain the checkpoints a group resumes from afterwards.
   */
  async #snapshotSyncs(alias: string): Promise<void> {
    const { ledger } = this.ctx;
    // What the source removed before MM2 copied it is known only while the source answers.
    for (const mirror of [...this.ctx.flowsRead().keys()].filter((m) => m.spec.source === alias)) {
      const [source, target] = await Promise.all([this.ctx.topology.admin(alias), this.ctx.topology.admin(mirror.spec.target)]);
      for (const topic of mirror.spec.topics) {
        await withTimeout(recordRemovedFromTail(ledger, mirror.spec, source, target, topic), 10_000, `reading what ${alias} removed of ${topic} before the fault`).catch((error: Error) =>
          progress(`could not read what ${alias} removed of ${topic} before the fault (${error.message.split('\n')[0]})`),
        );
      }
    }
    for (const [mirror, records] of this.ctx.flowsRead()) {
      const on = records.syncsOn === 'target' ? mirror.spec.target : mirror.spec.source;
      if (on !== alias) continue;
      await withTimeout(records.readSyncs(), 10_000, `reading MM2's offset syncs on ${alias} before the fault`).catch((error: Error) =>
        progress(`could not read MM2's offset syncs on ${alias} before the fault (${error.message.split('\n')[0]}); verdicts will show checkpoints without the syncs behind them`),
      );
    }
  }

  // ---- lost logs and removed records ------------------------------------------------------

  /**
   * A lost disk: the broker leading a partition is killed, its log of that partition deleted,
   * and it starts again. With other in-sync replicas a follower has taken over and the broker
   * copies the log back; with none, what it held is gone and the partition starts again empty.
   */
  async leaderLosesLog(alias: string, topic: string, partition: number): Promise<void> {
    const { names, topics } = this.ctx;
    names.count(partition, RULES.partition);
    topic = names.t(topic);
    const partitions = await topics.requirePartition(alias, topic, partition);
    const cluster = await this.ctx.topology.cluster(alias);
    if (!cluster.brokers.some((b) => b.running)) throw new BadStepParameter(`every broker of "${alias}" is down: no partition has a leader to lose`, { hint: `restart it first (When every broker of "${alias}" is restarted)` });
    // Asked of a running broker each time: the leader itself goes down in between.
    const leaderOf = async () => (await metadataOf(cluster.brokers.find((b) => b.running)!.bootstrap, undefined, cluster.security)).partitions.find((p) => p.topic === topic && p.partition === partition)?.leader ?? -1;
    const leader = await leaderOf();
    const broker = cluster.brokers.find((b) => b.nodeId === leader);
    if (!broker) throw new DrillError(`${topic}-${partition} on ${alias} has no leader to lose (the metadata says ${leader})`);
    const subject = `broker ${leader} of ${alias}`;
    await this.#stopOrKill(alias, subject, broker, 'killed');
    await broker.dropLog(topic, partition);
    this.ctx.fault(subject, `its log of ${topic}-${partition} deleted (a lost disk)`);
    await this.restartBrokers(alias, leader);
    // Back means the partition answers for its offsets again.
    const admin = await this.ctx.topology.admin(alias);
    await waitFor(
      async () => {
        if ((await leaderOf()) < 0) return `${topic}-${partition} has no leader yet`;
        return admin.offsets(topic, partitions).then(
          () => true,
          (error: Error) => `its offsets are not answered yet (${error.message.split('\n')[0]})`,
        );
      },
      { what: `${topic}-${partition} on ${alias} to have a leader again`, timeoutMs: DEFAULTS.brokerStartTimeoutMs, log: broker.logFile },
    );
  }

  async deleteRecords(alias: string, topic: string, partition: number, before: number): Promise<void> {
    const { names, topics } = this.ctx;
    topic = names.t(topic);
    names.count(partition, RULES.partition);
    names.count(before, RULES.offset);
    const admin = await this.ctx.topology.admin(alias);
    const partitions = await topics.requirePartition(alias, topic, partition);
    const end = (await admin.offsets(topic, partitions)).find((o) => o.partition === partition)!.end;
    if (before > end) {
      throw new BadStepParameter(`the log of ${topic}-${partition} on ${alias} ends at ${end}: records before offset ${before} cannot be deleted (Kafka refuses an offset past the end: OFFSET_OUT_OF_RANGE)`, {
        hint: `delete before an offset up to ${end}`,
      });
    }
    let low: number;
    try {
      low = await admin.deleteRecordsBefore(topic, partition, before);
    } catch (error) {
      throw new DrillError(`deleting records before offset ${before} of ${topic}-${partition} on ${alias} failed${kafkaSaid(error) || `: ${error instanceof Error ? error.message : String(error)}`}`, { hint: `check that ${alias} is up: its broker logs are in the scenario's report folder` });
    }
    if (low !== before) throw new DrillError(`deleting records before offset ${before} of ${topic}-${partition} on ${alias} left the log starting at ${low}`);
    this.ctx.fault(`${topic}-${partition} on ${alias}`, `records before offset ${before} deleted`);
    await topics.noteLogStarts(alias, topic, `records before offset ${before} deleted (DeleteRecords)`);
  }

  /** Topic configs changed in the middle of a drill (retention.ms to let retention act, then back). */
  async alterTopic(topic: string, alias: string, configs: Record<string, string>): Promise<void> {
    const { names, topics, ledger } = this.ctx;
    topic = names.t(topic);
    await topics.requireTopic(alias, topic);
    const admin = await this.ctx.topology.admin(alias);
    await admin.alterTopicConfigs(topic, configs);
    ledger.event('fault', `${topic} on ${alias}`, `configs set: ${Object.entries(configs).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    // The controller answers once the change is committed; the broker applies it from the
    // metadata log a moment later. The step returns once the broker describes every value as the
    // topic's own, so that what follows (MM2 describing the source, a step reading the topic's
    // configs) sees the change.
    await waitFor(
      async () => {
        const described = await admin.topicConfigs(topic);
        const pending = Object.entries(configs).filter(([k, v]) => {
          const e = described.find((d) => d.name === k);
          return !e || e.source !== DYNAMIC_TOPIC_CONFIG || normalized(e.value ?? '') !== normalized(v);
        });
        return pending.length === 0 ? true : `the broker describes ${pending.map(([k]) => { const e = described.find((d) => d.name === k); return e ? describeEntry(e) : `no ${k}`; }).join(', ')}`;
      },
      { what: `the broker of ${alias} to describe the new configs of ${topic}`, timeoutMs: 10_000 },
    );
  }

  /**
   * Until the log of a partition starts at `offset` or later (retention, compaction or
   * DeleteRecords acting), then notes the log start in the ledger: the records before it are gone.
   */
  async waitLogStart(topic: string, partition: number, alias: string, offset: number): Promise<void> {
    const { names, topics } = this.ctx;
    names.count(partition, RULES.partition);
    names.count(offset, RULES.offset);
    topic = names.t(topic);
    const partitions = await topics.requirePartition(alias, topic, partition);
    const admin = await this.ctx.topology.admin(alias);
    const cluster = await this.ctx.topology.cluster(alias);
    const now = (await admin.offsets(topic, partitions)).find((x) => x.partition === partition)!;
    if (offset > now.end) throw new BadStepParameter(`the log of ${topic}-${partition} on ${alias} ends at ${now.end}: it can never start at ${offset}`, { hint: `wait for an offset up to ${now.end}` });
    await waitFor(
      async () => {
        const o = (await admin.offsets(topic, partitions)).find((x) => x.partition === partition)!;
        return o.start >= offset ? true : `the log starts at ${o.start}, ends at ${o.end}`;
      },
      {
        what: `the log of ${topic}-${partition} on ${alias} to start at ${offset} or later`,
        timeoutMs: DEFAULTS.mirrorTimeoutMs,
        log: cluster.brokers[0]?.logFile,
        hint: 'retention acts when log.retention.check.interval.ms comes round (5 minutes by default, first after log.initial.task.delay.ms, 30 s: give the cluster shorter ones in its broker settings)',
        onProgress: (ms, state) => progress(`waiting ${(ms / 1000).toFixed(0)} s for the log of ${topic}-${partition} on ${alias} to start at ${offset}: ${state ?? ''}`),
      },
    );
    await topics.noteLogStarts(alias, topic, `the log start of ${topic}-${partition} on ${alias} reached ${offset} or later`);
  }
}

/** A config value as the broker may echo it: list values without the spaces after their commas. */
function normalized(value: string): string {
  return value.trim().replace(/\s*,\s*/g, ',');
}
