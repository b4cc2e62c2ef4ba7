import { kafkaSaid } from '../kafka/kafka-error.ts';
import { DEFAULTS } from '../config/defaults.ts';
import { BadStepParameter, DrillError } from '../errors.ts';
import type { Origin } from '../ledger/ledger.ts';
import { progress } from '../progress.ts';
import type { StartedCluster } from '../runtime/runtime.ts';
import type { CertificateAuthority } from '../security/certificates.ts';
import { securityRefusal } from '../security/client-refusal.ts';
import { foreignCa, type ClientSecurity } from '../security/cluster-security.ts';
import { RULES } from '../step-numbers.ts';
import { waitFor, withTimeout } from '../wait-for.ts';
import { BackgroundConsumer } from '../workload/background-consumer.ts';
import { BackgroundProducer } from '../workload/background-producer.ts';
import { createClient } from '../workload/clients.ts';
import { IsolationChoice } from '../workload/isolation-choice.ts';
import { produceRecords, type ProduceOutcome } from '../workload/produce-loop.ts';
import { produceTransactions } from '../workload/transactional-produce.ts';
import type { ClientName, ConsumedRecord, ConsumerSession, ProducerSession, ReadProgress, WorkloadClient } from '../workload/workload-client.ts';
import { partitionOf, type ConsumeHow, type DrillContext, type SyncedRead, type TopicLookups } from './context.ts';

export interface AppsContext extends DrillContext {
  readonly topics: TopicLookups;
  /** Faults injected so far: a produce that no fault explains must not fail silently. */
  faultsInjected(): number;
  /** A read of a remote topic from offsets MM2 synced is held against MM2's checkpoint (support/drill/failover.ts). */
  syncedRead: SyncedRead;
  /** Traffic starts flowing to `topic` on `alias` (support/drill/failover.ts samples its replication lag). */
  trafficStarts(alias: string, topic: string, origin: Origin): void;
}

/** The apps: the client they use, how they trust the clusters, what they produce and what their groups read, into the ledger. */
export class Apps {
  #client: WorkloadClient = createClient('platformatic');
  readonly #sessions = new Set<ConsumerSession>();
  /** Whether the scenario named its client, or runs on the run's default. */
  clientNamed = false;

  constructor(private readonly ctx: AppsContext) {}

  /** `named`: the scenario chose it (`the apps use the … client`), not the run's default (MIRRORDRILL_CLIENT). */
  useClient(name: ClientName, named = true): void {
    this.#client = createClient(name);
    this.clientNamed = named;
  }

  /** The client the scenario's apps use now. */
  get clientName(): ClientName {
    return this.#client.name;
  }

  // ---- how the apps trust the clusters ----------------------------------------------------

  /** A CA no cluster uses, which the apps trust instead of their cluster's (the wrong-CA control). */
  #foreignCa: { ca: CertificateAuthority; dispose: () => Promise<void> } | undefined;

  /** The apps trust a CA of their own instead of the clusters': a secured cluster's TLS handshake must fail. */
  async trustForeignCa(): Promise<void> {
    this.#foreignCa ??= await foreignCa();
  }

  /** How the apps connect to a cluster: its own security, or with the foreign CA when a step said so. */
  security(cluster: StartedCluster): ClientSecurity | undefined {
    const security = cluster.security;
    if (!security || !this.#foreignCa) return security;
    return { ...security, caPem: this.#foreignCa.ca.certPem, caFile: this.#foreignCa.ca.certFile, caName: 'a CA no cluster of the scenario uses' };
  }

  async disposeSecurity(): Promise<void> {
    await this.#foreignCa?.dispose();
  }

  // ---- producing ------------------------------------------------------------------------

  /** Produces in bounded batches (support/workload/produce-loop.ts); fails when nothing was acked and no fault explains it. */
  async produce(count: number, topic: string, alias: string): Promise<void> {
    this.ctx.names.count(count, RULES.records);
    await this.ctx.timings.time('workload', () => this.#produce(count, this.ctx.names.t(topic), alias));
  }

  async #produce(count: number, topic: string, alias: string): Promise<void> {
    const { topics, ledger } = this.ctx;
    const cluster = await this.ctx.topology.cluster(alias);
    const partitions = await topics.requireTopic(alias, topic);
    const origin = ledger.origin({ cluster: alias, topic }, partitions);
    let producer: ProducerSession;
    try {
      producer = await this.#client.openProducer(cluster.bootstrapFor('apps'), topic, DEFAULTS.produceTimeoutMs, this.security(cluster));
    } catch (error) {
      throw securityRefusal(error, alias, `the ${this.#client.name} producer`, this.security(cluster)) ?? new DrillError(`the ${this.#client.name} producer could not connect to ${alias}: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'check the cluster logs; no record was sent',
      });
    }
    let outcome: ProduceOutcome;
    try {
      outcome = await produceRecords(producer, ledger, origin, count, (answered, acked, ms) =>
        progress(`produced ${answered} of ${count} to ${topic} on ${alias} (${acked} acked, ${rate(answered, Date.now() - ms)} records/s)`),
      );
    } finally {
      await producer.close();
    }
    const { acked, firstError } = outcome;
    if (acked < count) progress(`${count - acked} of ${count} produces to ${topic} on ${alias} were not acked: ${firstError ?? ''}`);
    if (acked === 0 && this.ctx.faultsInjected() === 0) {
      throw new DrillError(`none of the ${count} records produced to ${topic} on ${alias} was acked: ${firstError ?? 'no answer'}`, {
        hint: 'no fault was injected, so this is the broker refusing the records: read its reason above and the broker log',
      });
    }
  }

  /** Produces in transactions of `perTransaction` records, each committed or aborted (support/workload/transactional-produce.ts). */
  async produceInTransactions(count: number, topic: string, alias: string, perTransaction: number, end: 'commit' | 'abort'): Promise<void> {
    const { names, topics, ledger, timings } = this.ctx;
    names.count(count, RULES.records);
    names.count(perTransaction, { ...RULES.records, what: 'the number of records in a transaction', example: 'in transactions of 10' });
    topic = names.t(topic);
    await timings.time('workload', async () => {
      const cluster = await this.ctx.topology.cluster(alias);
      const partitions = await topics.requireTopic(alias, topic);
      const origin = ledger.origin({ cluster: alias, topic }, partitions);
      const id = `mirrordrill-txn-${this.ctx.run}-${++this.#transactionalProducers}`;
      const producer = await this.#client.openTransactionalProducer(cluster.bootstrapFor('apps'), topic, id, DEFAULTS.produceTimeoutMs, this.security(cluster));
      const o = await produceTransactions(producer, ledger, origin, count, perTransaction, end, (done, ms) => progress(`produced ${done} of ${count} to ${topic} on ${alias} in transactions (${rate(done, Date.now() - ms)} records/s)`)).finally(() => producer.close());
      const what = `${o.transactions} transaction(s) of ${perTransaction} (${end === 'commit' ? 'committed' : 'aborted'}): ${o.committed} committed, ${o.aborted} aborted, ${o.indeterminate} indeterminate`;
      ledger.event('producers', `${topic} on ${alias}`, what);
      progress(`${topic} on ${alias}: ${what}${o.firstError ? `: ${o.firstError}` : ''}`);
      if (o.committed + o.aborted === 0 && this.ctx.faultsInjected() === 0) {
        throw new DrillError(`no transaction of the ${count} records produced to ${topic} on ${alias} could be ended as asked: ${o.firstError ?? 'no answer'}`, {
          hint: 'no fault was injected, so this is the broker refusing the transactions: read its reason above and the broker log',
        });
      }
    });
  }
  #transactionalProducers = 0;

  // ---- isolation level of the apps' consumers -----------------------------------------------

  readonly #isolation = new IsolationChoice();

  /** The apps' consumers (or one group's) read with this isolation level from now on. */
  readWithIsolation(level: string, group?: string): void {
    this.#isolation.choose(level, group === undefined ? undefined : this.ctx.names.g(group));
  }

  // ---- traffic that keeps flowing across steps ----------------------------------------------

  readonly #producers: { producer: BackgroundProducer; topic: string; alias: string }[] = [];

  /** Starts a producer that writes `rate` records/s until "the producers stop" (or the scenario ends). */
  async startProducers(rate: number, topic: string, alias: string): Promise<void> {
    const { names, topics, ledger } = this.ctx;
    names.count(rate, RULES.rate);
    topic = names.t(topic);
    const cluster = await this.ctx.topology.cluster(alias);
    const partitions = await topics.requireTopic(alias, topic);
    const origin = ledger.origin({ cluster: alias, topic }, partitions);
    // A short request timeout: through a fault, a request that cannot be answered is ledgered
    // indeterminate within seconds and the producer goes on.
    const session = await this.#client.openProducer(cluster.bootstrapFor('apps'), topic, 5_000, this.security(cluster));
    this.#producers.push({ producer: new BackgroundProducer(session, ledger, origin, rate, 0), topic, alias });
    ledger.event('producers', `${topic} on ${alias}`, `start writing ${rate} records/s`);
    // Traffic flows: sample the replication lag of every flow that carries it.
    this.ctx.trafficStarts(alias, topic, origin);
  }

  /** Until the background producers have had `count` records acked in all, since they started (or, with `more`, from now on). */
  async producersHaveWritten(count: number, more = false): Promise<void> {
    this.ctx.names.count(count, RULES.records);
    if (this.#producers.length === 0) throw new BadStepParameter('no producer is running in this scenario', { hint: 'start them first: When producers write 200 records/s to "products" on "es-src"' });
    const total = () => this.#producers.reduce((n, p) => n + p.producer.acked, 0);
    const base = more ? total() : 0;
    const acked = () => total() - base;
    const rate = this.#producers.reduce((n, p) => n + p.producer.rate, 0);
    await this.ctx.timings.time('workload', () =>
      waitFor(() => (acked() >= count ? true : `${acked()} of ${count} acked`), {
        what: `the producers to have ${count} records acked`,
        // Twice the time the rate needs, and room for a fault to pass.
        timeoutMs: Math.ceil((2 * count * 1000) / rate) + 60_000,
        onProgress: (ms, state) => progress(`waiting ${(ms / 1000).toFixed(0)} s for the producers: ${state ?? ''}`),
        hint: 'the cluster may be down or refusing records: see the producers\' errors in the progress lines and the broker log',
      }),
    );
  }

  /** Stops every background producer, waiting for the answers still due; says what each achieved. */
  async stopProducers(): Promise<void> {
    if (this.#producers.length === 0) throw new BadStepParameter('no producer is running in this scenario', { hint: 'start them first: When producers write 200 records/s to "products" on "es-src"' });
    for (const { producer, topic, alias } of this.#producers.splice(0)) {
      const o = await producer.stop();
      const achieved = o.achievedRate === undefined ? 'none acked' : `${Math.round(o.achievedRate)} acked records/s of ${producer.rate} asked over ${(o.ackedMs / 1000).toFixed(1)} s to the last ack`;
      const skipped = o.skipped ? `; ${o.skipped} owed but never sent (the producer fell more than 1 s behind: the rate asked was not reached)` : '';
      this.ctx.ledger.event('producers', `${topic} on ${alias}`, `stopped: ${o.sent} sent, ${o.acked} acked; ${achieved}${skipped}`);
      progress(
        `producers to ${topic} on ${alias}: ${o.sent} sent in ${(o.ms / 1000).toFixed(1)} s, ${o.acked} acked; ${achieved}${skipped}` +
          (o.sent > o.acked ? `; ${o.sent - o.acked} indeterminate: ${o.firstError ?? ''}` : ''),
      );
    }
  }

  // ---- consumers that keep reading across steps ---------------------------------------------

  readonly #consumers: BackgroundConsumer[] = [];
  /** Consumers of groups that moved on, still closing (their cluster may be gone). */
  readonly #closing: Promise<void>[] = [];

  /** A consumer of the group that reads continuously, committing every `commitEveryMs`, until the group moves or stops. */
  async startConsumer(group: string, topic: string, alias: string, commitEveryMs: number, how: string): Promise<void> {
    const { names, topics, ledger } = this.ctx;
    names.count(commitEveryMs, RULES.commitEveryMs);
    group = names.g(group);
    topic = names.t(topic);
    if (this.#consumers.some((c) => c.group === group)) {
      throw new BadStepParameter(`group "${group}" already consumes continuously in this scenario`, { hint: `stop it first: When group "${group}" stops consuming` });
    }
    const cluster = await this.ctx.topology.cluster(alias);
    const partitions = await topics.requireTopic(alias, topic);
    const origin = this.origin(alias, topic, partitions);
    cluster.own?.('group', group);
    const session = ledger.newSession({ cluster: alias, topic, group, origin, client: this.#client.name });
    ledger.event('consumer', `group ${group}`, `consumes ${topic} on ${alias} continuously, ${how}`);
    this.#consumers.push(
      new BackgroundConsumer({ client: this.#client, bootstrap: cluster.bootstrapFor('apps'), security: this.security(cluster), isolation: this.#isolation.of(group), group, ref: { cluster: alias, topic }, session, ledger, commitEveryMs, how }),
    );
  }

  /** Stops the group's continuous consumers (every group's when `group` is undefined). */
  async stopConsumers(group: string | undefined, lastCommit: boolean): Promise<number> {
    const { ledger } = this.ctx;
    const stopping = this.#consumers.filter((c) => group === undefined || c.group === group);
    for (const c of stopping) {
      this.#consumers.splice(this.#consumers.indexOf(c), 1);
      const o = await c.stop(lastCommit);
      this.#closing.push(c.closed);
      ledger.finishSession(c.session, []);
      ledger.event('consumer', `group ${c.group}`, `stopped after ${o.reads} read(s) and ${o.commits} commit(s)`);
      progress(`group "${c.group}" stopped consuming ${c.session.topic} on ${c.session.cluster}: ${o.reads} read(s), ${o.commits} commit(s)${o.errors ? `, ${o.errors} failed read(s) or commit(s) retried` : ''}`);
    }
    return stopping.length;
  }

  async stopConsumer(group: string): Promise<void> {
    if ((await this.stopConsumers(this.ctx.names.g(group), true)) === 0) {
      throw new BadStepParameter(`group "${group}" does not consume continuously in this scenario`, { hint: `start it first: When group "${group}" consumes "products" on "es-src" with auto-commit` });
    }
  }

  // ---- reads of a group, one session each -------------------------------------------------

  /** Where a topic's records come from: itself, or the source topic of the mirror into it. */
  origin(alias: string, topic: string, partitions: number): Origin {
    const via = this.ctx.topology.mirrorInto(alias, topic);
    return this.ctx.ledger.origin(via ? { cluster: via.mirror.spec.source, topic: via.upstream } : { cluster: alias, topic }, partitions);
  }

  /** One consumer session of the group, as `how` says; group and topic are the names on the clusters. */
  async consume(group: string, topic: string, alias: string, how: ConsumeHow): Promise<void> {
    await this.ctx.timings.time('workload', () => this.#read(group, topic, alias, how));
  }

  async #read(
    group: string,
    topic: string,
    alias: string,
    how: ConsumeHow,
  ): Promise<void> {
    const { topics, ledger } = this.ctx;
    const cluster = await this.ctx.topology.cluster(alias);
    const admin = await this.ctx.topology.admin(alias);
    cluster.own?.('group', group);
    const partitions = how.partitions ?? (await topics.requireTopic(alias, topic));
    if (how.rewind) partitionOf(topic, alias, how.rewind.partition, partitions);
    const origin = this.origin(alias, topic, partitions);
    let until: Map<number, number> | undefined;
    // Partitions read to the end; filled only once the read has succeeded, so that a read that
    // failed leaves its unread records unseen rather than lost.
    const toDrain: number[] = [];
    if (how.toEnd) {
      // Read to the end of every partition that has something left for this group: the high
      // watermark, or the last stable offset for a read_committed group (support/kafka/read-end.ts).
      const [offsets, committed] = await Promise.all([admin.offsets(topic, partitions, this.#isolation.of(group)), admin.groupOffsets(group, topic)]);
      until = new Map();
      for (const o of offsets) {
        const c = committed.get(o.partition);
        const start = c === undefined || c < o.start || c > o.end ? o.start : c;
        toDrain.push(o.partition);
        if (start < o.end) until.set(o.partition, o.end);
      }
    }
    // A plain read of a remote topic by a group MM2 synced offsets into is a resume in all but
    // name: its re-reads are held against MM2's checkpoint, as a resume's are.
    const resume = how.resume ?? (how.rewind ? undefined : await this.ctx.syncedRead(group, topic, alias, partitions, origin));
    const session = ledger.newSession({ cluster: alias, topic, group, origin, client: this.#client.name, resume });
    const consumer = await this.#client.openConsumer({ bootstrap: cluster.bootstrapFor('apps'), security: this.security(cluster), group, topic, isolation: this.#isolation.of(group) });
    this.#sessions.add(consumer);
    const onRecord = (r: ConsumedRecord) => ledger.recordRead(session, r.partition, r.offset, r.value);
    const onProgress = (p: ReadProgress) => progress(`group "${group}" on ${topic}@${alias}: ${p.describe()} (${rate(p.count, p.started)} records/s)`);
    const read = { stallMs: DEFAULTS.consumeStallMs, onRecord, onProgress };
    let drained: number[] = [];
    try {
      if (how.max !== undefined || (until && until.size > 0)) await consumer.read({ ...read, max: how.max, until });
      if (how.rewind) {
        await consumer.seek(how.rewind.partition, how.rewind.offset);
        await consumer.read({ ...read, max: how.rewind.more });
      }
      const committed = await withTimeout(consumer.commit(), 15_000, `committing the offsets of group "${group}" on ${alias}`);
      ledger.recordCommit(group, { cluster: alias, topic }, committed);
      drained = toDrain;
    } catch (error) {
      throw securityRefusal(error, alias, `group "${group}" (${this.#client.name})`, this.security(cluster)) ?? new DrillError(`group "${group}" (${this.#client.name}) could not read from ${topic} on ${alias}: ${error instanceof Error ? error.message : String(error)}${kafkaSaid(error)}`, {
        hint: 'check that the records were produced (and mirrored) where the step reads, and the cluster logs',
      });
    } finally {
      ledger.finishSession(session, drained);
      this.#sessions.delete(consumer);
      await consumer.close();
    }
  }

  /** One consumer session of the group from its committed offsets (else the log start) to the end of every partition. */
  async groupReadsToEnd(group: string, topic: string, alias: string): Promise<void> {
    await this.consume(this.ctx.names.g(group), this.ctx.names.t(topic), alias, { toEnd: true });
  }

  async groupReads(group: string, count: number, topic: string, alias: string): Promise<void> {
    const { names } = this.ctx;
    await this.consume(names.g(group), names.t(topic), alias, { max: names.count(count, RULES.records) });
  }

  /**
   * An operator sets the group's committed offset of one partition (Kafka's
   * `kafka-consumer-groups --reset-offsets --to-offset`, Admin.alterConsumerGroupOffsets), or a
   * client commits a position it never read from (the Java consumer's commitSync() commits 0 on an
   * empty assigned partition). Kafka takes it only while the group has no member; an offset past
   * the partition's end is refused here (a consumer would be reset from it). Ledgered as the
   * group's commit, so a resume on the target knows where the group stood.
   */
  async setCommittedOffset(group: string, partition: number, topic: string, alias: string, offset: number): Promise<void> {
    const { names, topics, ledger } = this.ctx;
    group = names.g(group);
    topic = names.t(topic);
    names.count(offset, RULES.offset);
    const partitions = await topics.requirePartition(alias, topic, partition);
    const admin = await this.ctx.topology.admin(alias);
    const end = (await admin.offsets(topic, partitions)).find((o) => o.partition === partition)!;
    if (offset > end.end) {
      throw new BadStepParameter(`offset ${offset} is past the end of "${topic}" partition ${partition} on "${alias}" (its log ends at ${end.end})`, {
        hint: `give an offset from ${end.start} to ${end.end}: a committed offset past the end is reset by the consumer's auto.offset.reset, not read from`,
      });
    }
    (await this.ctx.topology.cluster(alias)).own?.('group', group);
    try {
      await admin.setGroupOffsets(group, topic, new Map([[partition, offset]]));
    } catch (error) {
      throw new DrillError(`the committed offset of group "${group}" on "${topic}" partition ${partition} on "${alias}" was not set to ${offset}: ${error instanceof Error ? error.message : String(error)}${kafkaSaid(error)}`, {
        hint: 'Kafka lets an admin commit only into a group with no member (UNKNOWN_MEMBER_ID otherwise): stop the group\'s consumers on that cluster first',
      });
    }
    ledger.recordCommit(group, { cluster: alias, topic }, new Map([[partition, offset]]));
    ledger.event('commit', `group ${group}`, `committed offset of ${topic} partition ${partition} on ${alias} set to ${offset}`);
    progress(`group "${group}": committed offset of ${topic} partition ${partition} on ${alias} set to ${offset}`);
  }

  /** One consumer session that reads, seeks back within its partition, and reads on (a reordering control). */
  async groupReadsAndRewinds(group: string, count: number, topic: string, alias: string, partition: number, offset: number, more: number): Promise<void> {
    const { names } = this.ctx;
    await this.consume(names.g(group), names.t(topic), alias, {
      max: names.count(count, RULES.records),
      rewind: { partition: names.count(partition, RULES.partition), offset: names.count(offset, RULES.offset), more: names.count(more, RULES.records) },
    });
  }

  // ---- teardown ----------------------------------------------------------------------------

  /** Every producer and continuous consumer stopped, without a last commit, and those still closing closed. */
  async stopTraffic(): Promise<void> {
    await Promise.allSettled(this.#producers.splice(0).map(({ producer }) => producer.stop()));
    await Promise.allSettled(
      this.#consumers.splice(0).map(async (c) => {
        await c.stop(false);
        await c.closed;
      }),
    );
    await Promise.allSettled(this.#closing.splice(0));
  }

  /** Consumer sessions a failed step left open. */
  async closeSessions(): Promise<void> {
    await Promise.allSettled([...this.#sessions].map((s) => s.close()));
  }
}

function rate(count: number, since: number): string {
  const seconds = (Date.now() - since) / 1000;
  return seconds > 0 ? Math.round(count / seconds).toLocaleString('en-US') : '–';
}
