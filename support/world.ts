import { World } from '@cucumber/cucumber';
import { randomUUID } from 'node:crypto';
import { DEFAULTS } from './config/defaults.ts';
import { interpolate } from './config/secrets.ts';
import { BadStepParameter, DrillError } from './errors.ts';
import { check, type Anomaly, type Verdict } from './ledger/checker.ts';
import { Ledger, type TopicRef } from './ledger/ledger.ts';
import { formatVerdict } from './ledger/verdict-format.ts';
import { waitCheckpointed, waitMirrored, type FlowView } from './mirror/mirror-waits.ts';
import { offsetLagMax } from './mirror/mm2-properties.ts';
import { checkpointsTopic, translateOffsets } from './mirror/offset-translation.ts';
import { progress } from './progress.ts';
import { withTimeout } from './wait-for.ts';
import { replicationFactorFor } from './runtime/broker-properties.ts';
import type { Runtime } from './runtime/runtime.ts';
import { Topology, type Role } from './topology.ts';
import { createClient } from './workload/clients.ts';
import { identify, productRecords } from './workload/product-records.ts';
import type { ClientName, ConsumedRecord, ConsumerSession, WorkloadClient } from './workload/workload-client.ts';

/** How a group picks up on the target after a failover. */
export const RESUME_MODES = {
  /** Start the consumers; they find the offsets MM2 wrote into the target group. */
  'the offsets MM2 synced': 'synced',
  /** Translate through the checkpoints topic first (RemoteClusterUtils.translateOffsets), then commit. */
  'offsets translated from the checkpoints': 'translated',
  /** No translation at all: the group starts from the earliest offset (a negative control). */
  'the beginning': 'beginning',
} as const;
export type ResumeMode = (typeof RESUME_MODES)[keyof typeof RESUME_MODES];

/** Per-scenario state, one method per step: topology, workload, faults, ledger, verdict. */
export class DrillWorld extends World {
  /** Set by the Before hook: where nodes run, and this scenario's folder of logs and report. */
  runtime: Runtime | undefined;
  dir: string | undefined;
  readonly run = randomUUID().slice(0, 8);
  readonly ledger = new Ledger();
  #topology: Topology | undefined;
  #client: WorkloadClient = createClient('platformatic');
  readonly #sessions = new Set<ConsumerSession>();
  /** Re-read bound declared by the scenario, if any. */
  #bound: { perPartition: number; reason: string } | undefined;
  verdictChecked = false;
  faultsInjected = 0;
  /** Anomaly kinds the scenario asserted exact counts for. */
  readonly asserted = new Set<Anomaly>();

  get topology(): Topology {
    if (!this.#topology) {
      const { runtime, dir } = this;
      if (!runtime || !dir) throw new DrillError('the drill World was created without a runtime (the Before hook did not run)');
      this.#topology = new Topology(runtime, dir);
    }
    return this.#topology;
  }

  #count(n: number, what: string): number {
    if (!Number.isInteger(n) || n < 0) throw new BadStepParameter(`${what} must be a whole number of 0 or more, not ${n}`, { hint: `write a count such as 100` });
    return n;
  }

  // ---- topology -------------------------------------------------------------------------

  declareCluster(role: Role, alias: string, brokers: number): void {
    this.topology.declareCluster(role, alias, brokers);
  }

  async createTopic(topic: string, alias: string, partitions: number): Promise<void> {
    if (!Number.isInteger(partitions) || partitions < 1) throw new BadStepParameter(`topic "${topic}" needs at least 1 partition, not ${partitions}`, { hint: 'write "with 1 partition" or more' });
    const cluster = await this.topology.cluster(alias);
    const admin = await this.topology.admin(alias);
    await admin.createTopic(topic, partitions, replicationFactorFor(cluster.brokers.length));
  }

  async startMirror(topics: string[], source: string, target: string, overrides: Record<string, string> = {}): Promise<void> {
    const values = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, interpolate(v, `MM2 property "${k}"`)]));
    await this.topology.startMirror({ source, target, topics, overrides: values });
  }

  async stopMirror(): Promise<void> {
    await this.topology.mirror().stop();
    this.faultsInjected++;
  }

  async killMirror(): Promise<void> {
    await this.topology.mirror().kill();
    this.faultsInjected++;
  }

  /** Every node of a cluster: SIGKILL (a lost site) or SIGTERM (a controlled shutdown). */
  async clusterFault(alias: string, how: 'stopped' | 'killed'): Promise<void> {
    await this.#stopOrKill(alias, await this.topology.cluster(alias), how);
  }

  async brokerFault(alias: string, nodeId: number, how: 'stopped' | 'killed'): Promise<void> {
    const cluster = await this.topology.cluster(alias);
    const broker = cluster.brokers.find((b) => b.nodeId === nodeId);
    if (!broker) {
      throw new BadStepParameter(`cluster "${alias}" has no broker ${nodeId}`, { hint: `its brokers are numbered 1 to ${cluster.brokers.length}` });
    }
    await this.#stopOrKill(alias, broker, how);
  }

  /** The admin of a cluster losing nodes would only wait on retries: drop it first (a new one is made on demand). */
  async #stopOrKill(alias: string, target: { stop(): Promise<void>; kill(): Promise<void> }, how: 'stopped' | 'killed'): Promise<void> {
    await this.topology.forgetAdmin(alias);
    await (how === 'killed' ? target.kill() : target.stop());
    this.faultsInjected++;
  }

  async deleteRecords(alias: string, topic: string, partition: number, before: number): Promise<void> {
    this.#count(before, 'the offset');
    const admin = await this.topology.admin(alias);
    await this.#requireTopic(alias, topic);
    const low = await admin.deleteRecordsBefore(topic, partition, before);
    if (low !== before) throw new DrillError(`deleting records before offset ${before} of ${topic}-${partition} on ${alias} left the log starting at ${low}`);
    this.faultsInjected++;
  }

  // ---- workload -------------------------------------------------------------------------

  useClient(name: ClientName): void {
    this.#client = createClient(name);
  }

  /** The partition count of a topic the step names, or an error that says what exists instead. */
  async #requireTopic(alias: string, topic: string): Promise<number> {
    const partitions = await (await this.topology.admin(alias)).partitionCount(topic);
    if (partitions !== undefined) return partitions;
    const mirrored = this.topology.remoteTopicsOn(alias, topic);
    throw new BadStepParameter(`topic "${topic}" does not exist on "${alias}"`, {
      hint: mirrored.length
        ? `MM2 names it ${mirrored.map((t) => `"${t}"`).join(' or ')} on "${alias}"`
        : `create it first: Given topic "${topic}" on "${alias}" with 1 partition`,
    });
  }

  async produce(count: number, topic: string, alias: string): Promise<void> {
    this.#count(count, 'the number of records');
    const cluster = await this.topology.cluster(alias);
    const partitions = await this.#requireTopic(alias, topic);
    const records = productRecords(this.run, count, partitions, (key) => this.ledger.claimSeq(key));
    const reports = await this.#client.produce(cluster.bootstrapServers, topic, records, 30_000);
    this.ledger.recordProduced(
      reports.map((r) => ({ cluster: alias, topic, id: r.record.id, key: r.record.key, seq: r.record.seq, partition: r.record.partition, offset: r.offset, outcome: r.outcome, error: r.error })),
    );
    const notAcked = reports.filter((r) => r.outcome !== 'acked');
    if (notAcked.length) progress(`${notAcked.length} of ${count} produces were not acked: ${notAcked[0]?.error ?? ''}`);
  }

  /** Where a topic's records come from: itself, or the source topic of the mirror into it. */
  #origin(alias: string, topic: string): TopicRef {
    const via = this.topology.mirrorInto(alias, topic);
    return via ? { cluster: via.mirror.spec.source, topic: via.upstream } : { cluster: alias, topic };
  }

  async #consume(
    group: string,
    topic: string,
    alias: string,
    how: { max?: number; toEnd?: boolean; rewind?: { partition: number; offset: number; more: number }; partitions?: number },
  ): Promise<void> {
    const cluster = await this.topology.cluster(alias);
    const admin = await this.topology.admin(alias);
    const partitions = how.partitions ?? (await this.#requireTopic(alias, topic));
    if (how.rewind && how.rewind.partition >= partitions) {
      throw new BadStepParameter(`topic "${topic}" on "${alias}" has no partition ${how.rewind.partition}`, { hint: partitions === 1 ? "it has only partition 0" : `its partitions are 0 to ${partitions - 1}` });
    }
    const session = this.ledger.newSession();
    const origin = this.#origin(alias, topic);
    let until: Map<number, number> | undefined;
    // Partitions read to the end; filled only once the read has succeeded, so that a read that
    // timed out leaves its unread records unseen rather than lost.
    const drained: number[] = [];
    const toDrain: number[] = [];
    if (how.toEnd) {
      // Read to the high watermark of every partition that has something left for this group.
      const [offsets, committed] = await Promise.all([admin.offsets(topic, partitions), admin.groupOffsets(group, topic)]);
      until = new Map();
      for (const o of offsets) {
        const c = committed.get(o.partition);
        const start = c === undefined || c < o.start || c > o.end ? o.start : c;
        toDrain.push(o.partition);
        if (start < o.end) until.set(o.partition, o.end);
      }
    }
    const consumer = await this.#client.openConsumer({ bootstrap: cluster.bootstrapServers, group, topic });
    this.#sessions.add(consumer);
    const onRecord = (r: ConsumedRecord) =>
      this.ledger.recordRead({ cluster: alias, topic, group, session, partition: r.partition, offset: r.offset, id: identify(r.value, this.run) });
    try {
      if (how.max !== undefined || (until && until.size > 0)) {
        await consumer.read({ max: how.max, until, timeoutMs: DEFAULTS.consumeTimeoutMs, onRecord });
      }
      if (how.rewind) {
        await consumer.seek(how.rewind.partition, how.rewind.offset);
        await consumer.read({ max: how.rewind.more, timeoutMs: DEFAULTS.consumeTimeoutMs, onRecord });
      }
      await withTimeout(consumer.commit(), 15_000, `committing the offsets of group "${group}" on ${alias}`);
      drained.push(...toDrain);
    } catch (error) {
      throw new DrillError(`group "${group}" (${this.#client.name}) could not read from ${topic} on ${alias}: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'check that the records were produced (and mirrored) where the step reads, and the cluster logs',
      });
    } finally {
      this.ledger.recordSession({ cluster: alias, topic, group, session, origin, drained, client: this.#client.name });
      this.#sessions.delete(consumer);
      await consumer.close();
    }
  }

  async groupReads(group: string, count: number, topic: string, alias: string): Promise<void> {
    await this.#consume(group, topic, alias, { max: this.#count(count, 'the number of records') });
  }

  /** One consumer session that reads, seeks back within its partition, and reads on (a reordering control). */
  async groupReadsAndRewinds(group: string, count: number, topic: string, alias: string, partition: number, offset: number, more: number): Promise<void> {
    await this.#consume(group, topic, alias, {
      max: this.#count(count, 'the number of records'),
      rewind: { partition: this.#count(partition, 'the partition'), offset: this.#count(offset, 'the offset'), more: this.#count(more, 'the number of records') },
    });
  }

  async groupResumes(group: string, topic: string, alias: string, mode: ResumeMode): Promise<void> {
    const admin = await this.topology.admin(alias);
    const partitions = await this.#requireTopic(alias, topic);
    if (mode === 'translated') {
      const via = this.topology.mirrorInto(alias, topic);
      if (!via) throw new BadStepParameter(`"${topic}" on "${alias}" is not a topic that MM2 mirrors into`, { hint: 'resume on the remote topic, e.g. "es-src.products" on "es-tgt"' });
      const records = await admin.readAll(checkpointsTopic(via.mirror.spec.source));
      const translated = translateOffsets(records, group).get(topic);
      if (translated?.size) await admin.setGroupOffsets(group, topic, translated);
      else progress(`no checkpoint of group "${group}" for ${topic}: it resumes from the earliest offset`);
    } else if (mode === 'beginning') {
      const offsets = await admin.offsets(topic, partitions);
      await admin.setGroupOffsets(group, topic, new Map(offsets.map((o) => [o.partition, o.start])));
    }
    await this.#consume(group, topic, alias, { toEnd: true, partitions });
  }

  // ---- waiting on MM2 -------------------------------------------------------------------

  async #flow(target: string): Promise<FlowView> {
    const mirror = this.topology.mirror(undefined, target);
    const [source, targetAdmin] = await Promise.all([this.topology.admin(mirror.spec.source), this.topology.admin(target)]);
    return { spec: mirror.spec, source, target: targetAdmin, log: mirror.logFile, died: () => this.topology.mirrorDied(mirror) };
  }

  async waitMirrored(topic: string, target: string): Promise<void> {
    await waitMirrored(await this.#flow(target), topic);
  }

  async waitCheckpoint(group: string, target: string): Promise<void> {
    await waitCheckpointed(await this.#flow(target), group);
  }

  // ---- verdict --------------------------------------------------------------------------

  /** The re-read bound in force: declared by the scenario, else offset.lag.max of the mirror a group resumed through. */
  bound(): { perPartition: number; reason: string } | undefined {
    if (this.#bound) return this.#bound;
    const resumedVia = this.ledger.sessions.map((s) => this.topology.mirrorInto(s.cluster, s.topic)).find(Boolean);
    if (!resumedVia) return undefined;
    const n = offsetLagMax(resumedVia.mirror.spec);
    return {
      perPartition: n,
      reason: `MM2 translates a group's offset through the last offset sync at or below it (KAFKA-12468), and syncs are at most offset.lag.max = ${n} records apart`,
    };
  }

  tolerateRereads(perPartition: number, reason: string): void {
    this.#bound = { perPartition: this.#count(perPartition, 'the re-read bound'), reason };
  }

  verdict(): Verdict {
    this.verdictChecked = true;
    return check(this.ledger.history(), { duplicateBound: this.bound() });
  }

  describe(verdict: Verdict): string {
    return formatVerdict(verdict);
  }

  async teardown(): Promise<void> {
    await Promise.allSettled([...this.#sessions].map((s) => s.close()));
    await this.#topology?.teardown();
  }
}
