import { BadStepParameter, ClientSecurityRefused, DrillError, MirrorAuthFailed, MirrorConfigRefused, VerdictMismatch, WaitTimeout } from '../errors.ts';
import { check, type Anomaly, type Verdict } from '../ledger/checker.ts';
import { formatVerdict, offsetRanges } from '../ledger/verdict-format.ts';
import { removedOffsets } from '../mirror/mirror-skips.ts';
import { waitMirrored, waitThroughSource } from '../mirror/mirror-waits.ts';
import { effectiveSetting, isSet } from '../mirror/mm2-properties.ts';
import { checkpointedAs, remoteTopic } from '../mirror/replication-policy.ts';
import { differences, sideBySide, translateWithCli, translateWithJava } from '../mirror/translate-proof.ts';
import { loadSettings, mirrorSettings } from '../config/defaults.ts';
import { distribution } from '../kafka/kafka-distribution.ts';
import { flowName } from '../topology.ts';
import { progress } from '../progress.ts';
import { waitFor } from '../wait-for.ts';
import type { Checkpoint } from '../mirror/checkpoint-codec.ts';
import type { FlowView } from '../mirror/mirror-waits.ts';
import { RULES } from '../step-numbers.ts';
import { describeEntry, entryOf, matches } from '../mirror/topic-config-sync.ts';
import type { DrillContext, FlowOf, FlowRef, TopicLookups } from './context.ts';

/** How long a checkpoint step polls for MM2's latest checkpoint: MM2 emits one every emit.checkpoints.interval.seconds (1 s in a drill). */
export const CHECKPOINT_SETTLE_MS = 15_000;

/** DefaultGroupFilter.GROUPS_EXCLUDE_DEFAULT, the same from 3.x to 4.3.1. */
export const DEFAULT_GROUPS_EXCLUDE = 'console-consumer-.*, connect-.*, __.*';

export interface VerdictContext extends DrillContext {
  readonly topics: TopicLookups;
  flow: FlowOf;
  /** The steps a control expects to fail, as the other parts do them. */
  startMirror(topics: string[], source: string, target: string, overrides: Record<string, string>): Promise<void>;
  groupReads(group: string, count: number, topic: string, alias: string): Promise<void>;
  /** Until MM2 fails the connector saying `text` (support/mirror/mirror-ops.ts), `mirrored` the wait that must not complete. */
  connectorFailed(connector: string, text: string, mirrored: () => Promise<void>): Promise<void>;
}

/** The verdict of the ledger, and every assertion a step makes: the checker's verdict and the controls that must fail as they say. */
export class Verdicts {
  /** The verdict of the ledger as it was at `version`: a verdict step, the report and After share it. */
  #verdict: { version: number; verdict: Verdict } | undefined;
  /** Whether a step checked the ledger: a drill that never did proves nothing (support/hooks.ts). */
  checked = false;
  /** Anomaly kinds the scenario asserted exact counts for. */
  readonly asserted = new Set<Anomaly>();

  constructor(private readonly ctx: VerdictContext) {}

  /** The checker's verdict over the ledger as it is now; computed once per state of the ledger. */
  verdict(): Verdict {
    this.checked = true;
    return this.currentVerdict();
  }

  /** The same, without counting as a check (the report's copy). */
  currentVerdict(): Verdict {
    const { ledger, timings } = this.ctx;
    if (this.#verdict?.version !== ledger.version) {
      const start = Date.now();
      this.#verdict = { version: ledger.version, verdict: check(ledger) };
      timings.span('verdict', start);
    }
    return this.#verdict.verdict;
  }

  describe(verdict: Verdict): string {
    return formatVerdict(verdict);
  }

  /**
   * A negative control: starting this MM2 must fail because `cluster` refused its credentials,
   * and say so (MirrorAuthFailed naming the cluster, quoting MM2's log). MM2 mirroring, or
   * failing any other way (a timeout, a refused config), fails the step with what happened.
   */
  async expectMirrorAuthFailure(topics: string[], source: string, target: string, cluster: string, saying: string, overrides: Record<string, string>): Promise<string> {
    return this.#mirrorStartFails(topics, source, target, overrides, {
      expected: (error): error is Error => error instanceof MirrorAuthFailed && error.context.cluster === cluster && error.message.includes(saying),
      lines: 2,
      wanted: `fail authenticating to ${cluster}, its log saying "${saying}"`,
      started: `MM2 was to fail authenticating to ${cluster}`,
      hint: 'the credentials in the table were accepted: the control proves nothing as written',
    });
  }

  /**
   * A negative control: MM2 starts and refuses its own configuration (MirrorConfigRefused, quoting
   * MM2's error: a connector's validation, such as MirrorCheckpointConfig.validate), the quote
   * containing `saying`. MM2 mirroring, or failing any other way, fails the step with what happened.
   * (A setting mirrordrill refuses before MM2 starts is the bad-input step's.)
   */
  async expectMirrorConfigRefused(topics: string[], source: string, target: string, saying: string, overrides: Record<string, string>): Promise<string> {
    const message = await this.#mirrorStartFails(topics, source, target, overrides, {
      expected: (error): error is Error => error instanceof MirrorConfigRefused && error.message.includes(saying),
      lines: 3,
      wanted: `refuse its configuration, saying "${saying}"`,
      started: `MM2 was to refuse its configuration, saying "${saying}"`,
      hint: 'MM2 accepted the settings in the table: the control proves nothing as written',
    });
    this.checked = true;
    return message;
  }

  /** Starting this MM2 must fail as `expected` says: said with how long it took; MM2 mirroring, or failing otherwise, fails the step. */
  async #mirrorStartFails(
    topics: string[],
    source: string,
    target: string,
    overrides: Record<string, string>,
    control: { expected: (error: unknown) => error is Error; lines: number; wanted: string; started: string; hint: string },
  ): Promise<string> {
    const started = Date.now();
    try {
      await this.ctx.startMirror(topics, source, target, overrides);
    } catch (error) {
      if (control.expected(error)) {
        progress(`as expected, after ${((Date.now() - started) / 1000).toFixed(1)} s: ${error.message.split('\n').slice(0, control.lines).join(' ')}`);
        return error.message;
      }
      throw new VerdictMismatch(`MM2 was to ${control.wanted}, but failed otherwise:\n${error instanceof Error ? error.message : String(error)}`);
    }
    throw new VerdictMismatch(`${control.started}, but it started mirroring ${topics.join(', ')} from ${source} to ${target}`, { hint: control.hint });
  }

  /** A negative control: the group's read must fail with a TLS (or SASL) error naming the cluster, not time out. */
  async expectReadRefused(group: string, topic: string, alias: string, kind: 'TLS' | 'SASL', saying: string): Promise<string> {
    const started = Date.now();
    try {
      await this.ctx.groupReads(group, 1, topic, alias);
    } catch (error) {
      if (error instanceof ClientSecurityRefused && error.context.cluster === alias && error.message.startsWith(kind) && error.message.includes(saying)) {
        progress(`as expected, after ${((Date.now() - started) / 1000).toFixed(1)} s: ${error.message.split('\n')[0]}`);
        return error.message;
      }
      throw new VerdictMismatch(`group "${group}" was to fail with a ${kind} error from ${alias} saying "${saying}", but failed otherwise:\n${error instanceof Error ? error.message : String(error)}`);
    }
    throw new VerdictMismatch(`group "${group}" was to fail with a ${kind} error from ${alias}, but it read from ${topic}`, { hint: 'the client was trusted and authenticated: the control proves nothing as written' });
  }

  /**
   * `npm run translate` against Kafka's RemoteClusterUtils.translateOffsets on the flow's target,
   * live: both must give the same offsets for the same partitions, and at least one (a comparison of
   * two empty maps proves nothing). Both maps are printed, the checkpoint's upstream offset beside.
   */
  async expectTranslateMatchesJava(group: string, source: string, target: string): Promise<void> {
    const mirror = this.ctx.topology.mirror(source, target);
    const cluster = await this.ctx.topology.cluster(target);
    const named = this.ctx.names.g(group);
    const config = cluster.toolConfigs?.cli;
    const dist = await distribution(mirrorSettings(loadSettings()));
    const [cli, java] = await Promise.all([
      translateWithCli(cluster.bootstrapServers, mirror.spec.source, named, config),
      translateWithJava(dist.java, dist.classpath, cluster.bootstrapServers, mirror.spec.source, named, config),
    ]);
    const rows = sideBySide(cli, java);
    progress(`${cli.command} (${cli.read} checkpoint record(s) read, the last per partition kept)\n    against RemoteClusterUtils.translateOffsets of Kafka ${dist.version}:\n${rows.map((r) => `    ${r}`).join('\n')}`);
    if (cli.offsets.size === 0 || java.size === 0) {
      throw new VerdictMismatch(`translating group "${group}" from ${source} on ${target} gave ${cli.offsets.size} offset(s) with npm run translate and ${java.size} with RemoteClusterUtils.translateOffsets: an empty translation proves nothing`, {
        hint: 'let the group commit on the source and wait for "MirrorMaker 2 has checkpointed group …" before this step',
      });
    }
    const diff = differences(cli.offsets, java);
    if (diff.length) throw new VerdictMismatch(`npm run translate and RemoteClusterUtils.translateOffsets differ for group "${group}" on ${target}:\n${diff.map((d) => `  ${d}`).join('\n')}\nall of it:\n${rows.map((r) => `  ${r}`).join('\n')}`);
  }

  /** Fails when the remote topic grows on the target within the window: MM2 must be cut off. */
  async expectNothingMirrored(topic: string, target: string, seconds: number): Promise<void> {
    this.ctx.names.count(seconds, RULES.seconds);
    topic = this.ctx.names.t(topic);
    const flow = await this.ctx.flow(target);
    const remote = remoteTopic(flow.spec, topic);
    const admin = flow.target;
    // A remote topic MM2 has not created yet holds nothing: MM2 has not found the source topic
    // (it creates the remote topic at the refresh that finds it).
    const ends = async () => ((await admin.topics()).includes(remote) ? await admin.offsets(remote) : []);
    const first = await ends();
    const existed = first.length > 0;
    const before = new Map(first.map((o) => [o.partition, o.end]));
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      for (const o of await ends()) {
        if (o.end > (before.get(o.partition) ?? 0)) {
          throw new DrillError(`MM2 copied records to ${remote} on ${target} within ${seconds} s: partition ${o.partition} went from ${before.get(o.partition) ?? 0} to ${o.end}`, {
            hint: existed ? 'the link this scenario cut is not the one MM2 writes through, or it was healed' : `MM2 found ${topic} at a refresh of its topics (every refresh.topics.interval.seconds) and copied it`,
          });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (!existed) progress(`${remote} on ${target}: MM2 has not created it${(await admin.topics()).includes(remote) ? ' until just now (empty)' : ''}, so nothing of ${topic} was copied in ${seconds} s`);
  }

  /**
   * A control of the waits themselves: waiting for MM2 to mirror the topic must fail at once (not
   * time out) with an error saying `saying`: MM2 skipped records (MirrorSkipped) or stalled
   * (MirrorStalled). Returns the error's text.
   */
  async expectMirrorWaitFails(topic: string, target: string, saying: string): Promise<string> {
    const flow = await this.ctx.flow(target);
    const started = Date.now();
    try {
      await this.ctx.timings.time('MM2 waits', () => waitMirrored(flow, this.ctx.names.t(topic)));
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (!(error instanceof WaitTimeout) && text.includes(saying)) {
        this.checked = true;
        progress(`as expected, after ${((Date.now() - started) / 1000).toFixed(1)} s: ${text.split('\n')[0]}`);
        return text;
      }
      throw new VerdictMismatch(`waiting for MM2 to mirror ${topic} to ${target} was to fail at once saying "${saying}", but it failed otherwise:\n${text}`);
    }
    throw new VerdictMismatch(`waiting for MM2 to mirror ${topic} to ${target} was to fail saying "${saying}", but MM2 mirrored all of it`);
  }

  async expectConnectorFailed(connector: string, text: string, topic: string, target: string): Promise<void> {
    topic = this.ctx.names.t(topic);
    const flow = await this.ctx.flow(target);
    await this.ctx.connectorFailed(connector, text, () => waitMirrored(flow, topic));
  }

  /**
   * The topic's own `key` on `alias` is `value` (DescribeConfigs source DYNAMIC_TOPIC_CONFIG: set
   * on the topic, by CreateTopics or IncrementalAlterConfigs, e.g. by MM2's config sync), or,
   * with `value` undefined, the topic has no `key` of its own (the broker's value shows through:
   * DEFAULT_CONFIG, STATIC_BROKER_CONFIG, …). Now, or within `seconds` (polled) when given. A key
   * the broker does not describe for topics is refused at once, naming the nearest.
   */
  async expectTopicConfig(topic: string, alias: string, key: string, value: string | undefined, seconds?: number): Promise<void> {
    const { names } = this.ctx;
    topic = names.t(topic);
    if (seconds !== undefined) names.count(seconds, RULES.seconds);
    await this.ctx.topics.requireTopic(alias, topic);
    const admin = await this.ctx.topology.admin(alias);
    const look = async () => entryOf(await admin.topicConfigs(topic), key, topic, alias);
    const want = value === undefined ? `no ${key} of its own` : `${key} = ${value} of its own (DYNAMIC_TOPIC_CONFIG)`;
    const started = Date.now();
    let entry = await look();
    this.checked = true;
    let state = matches(entry, value);
    if (state !== true && seconds !== undefined) {
      try {
        await waitFor(
          async () => {
            entry = await look();
            return (state = matches(entry, value));
          },
          { what: `topic ${topic} on ${alias} to have ${want}`, timeoutMs: seconds * 1000 },
        );
      } catch (error) {
        if (!(error instanceof WaitTimeout)) throw error;
      }
    }
    if (state !== true) {
      throw new VerdictMismatch(`expected topic ${topic} on ${alias} to have ${want}${seconds === undefined ? '' : ` within ${seconds} s`}, but ${state}`);
    }
    progress(`topic ${topic} on ${alias}: ${describeEntry(entry)}${seconds === undefined ? '' : `, after ${((Date.now() - started) / 1000).toFixed(1)} s`}`);
  }

  /** A control of the topic step: creating it with these configs must be refused by Kafka, its reason quoted. */
  async expectTopicRefused(topic: string, alias: string, configs: Record<string, string>, saying: string): Promise<void> {
    try {
      await this.ctx.topics.createTopic(topic, alias, 1, undefined, configs);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (error instanceof BadStepParameter && text.includes(saying)) {
        progress(`as expected: ${text.split('\n')[0]}`);
        return;
      }
      throw new VerdictMismatch(`creating topic ${topic} on ${alias} was to be refused saying "${saying}", but it failed otherwise:\n${text}`);
    }
    throw new VerdictMismatch(`creating topic ${topic} on ${alias} was to be refused saying "${saying}", but Kafka created it`);
  }

  /**
   * MM2 went through everything the source holds of the topic, and its offset syncs show that it
   * moved past exactly `count` acked records of the partition without copying them, because the
   * source had removed them first. The count is the ledger's: acked records in the stretches MM2
   * skipped, below the source's log start.
   */
  async expectSilentlySkipped(count: number, topic: string, partition: number): Promise<void> {
    this.ctx.names.count(count, RULES.offset);
    this.ctx.names.count(partition, RULES.partition);
    topic = this.ctx.names.t(topic);
    const mirrors = this.ctx.topology.mirrorsOf(topic);
    if (mirrors.length !== 1) {
      throw new BadStepParameter(mirrors.length ? `${mirrors.length} MM2 flows mirror "${topic}"` : `no MM2 flow of this scenario mirrors "${topic}"`, { hint: 'start one flow of the topic first: Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"' });
    }
    const flow = await this.ctx.flow(mirrors[0]!.spec.target);
    const origin = this.ctx.ledger.findOrigin({ cluster: flow.spec.source, topic });
    if (!origin || partition >= origin.partitions.length) throw new BadStepParameter(`no record was produced to partition ${partition} of "${topic}" on "${flow.spec.source}" in this scenario`, { hint: 'produce some first' });
    await this.ctx.timings.time('MM2 waits', async () => {
      await waitThroughSource(flow, topic);
      await flow.checkRemovals?.(topic);
    });
    this.checked = true;
    this.asserted.add('removed');
    const removed = removedOffsets(this.ctx.ledger, origin, partition);
    if (removed.length !== count) {
      const skips = this.ctx.ledger.mirrorSkips.filter((k) => k.origin === origin && k.partition === partition);
      throw new VerdictMismatch(
        `expected MM2 to have skipped ${count} acked record(s) of ${topic} partition ${partition} that ${flow.spec.source} removed first, but it skipped ${removed.length}${skips.length ? `:\n${skips.map((k) => `  MM2 skipped offsets ${k.from}–${k.to - 1} (syncs ${k.before.upstream} → ${k.before.downstream}, then ${k.after.upstream} → ${k.after.downstream}); log start then ${k.logStart ?? 'unknown'}`).join('\n')}` : ` (its offset syncs show no skip of partition ${partition})`}`,
      );
    }
  }

  /**
   * A site that comes back with its old logs (the brokers restarted on their data after the loss)
   * still holds what was lost in flight from it: records its producers had acked there and MM2 never
   * copied before a group moved away. Written on one side only, they are the split brain's orphaned
   * writes, which a failback reconciles by hand. Reads `topic` on the returned `alias` from its log
   * start and finds, by the value each record carries, every record the verdict counted as lost in
   * flight from it; exactly `count` must be there. Recorded in the ledger, partition by partition.
   */
  async expectOrphanedWrites(count: number, alias: string, topic: string): Promise<void> {
    const { names, ledger, topology } = this.ctx;
    names.count(count, RULES.offset);
    topic = names.t(topic);
    const recoveries = this.verdict().recoveries.filter((r) => r.origin.cluster === alias && r.origin.topic === topic);
    if (!recoveries.length) {
      throw new BadStepParameter(`no group moved away from "${topic}" on "${alias}" in this scenario, so nothing was lost in flight from it`, {
        hint: `move a group first: When group "products-consumer" resumes on "${alias}.${topic}" on "es-tgt" from the offsets MM2 synced and reads to the end`,
      });
    }
    const lost = new Map<string, { partition: number; n: number; offset: number }>();
    for (const r of recoveries) for (const x of r.inFlightRecords) lost.set(`${x.partition}:${x.n}`, x);
    if (!lost.size) {
      throw new BadStepParameter(`nothing was lost in flight from "${topic}" on "${alias}" (MM2 had copied every acked record before the group moved), so no orphaned write can be found: the step would prove nothing`, {
        hint: 'stop MM2 before the last records, or lose the site while producers write',
      });
    }
    const cluster = await topology.cluster(alias);
    if (!cluster.brokers.some((b) => b.running)) {
      throw new BadStepParameter(`"${alias}" is not back: no broker of it runs`, { hint: `bring it back with its logs first: When every broker of "${alias}" is restarted` });
    }
    const origin = ledger.findOrigin({ cluster: alias, topic })!;
    const admin = await topology.admin(alias);
    const found = new Map<number, number[]>();
    // A cluster rebuilt empty holds no topic at all: none of them is there.
    const exists = (await admin.topics()).includes(topic);
    if (exists) await this.ctx.timings.time('audits', () =>
      admin.scan(topic, { isolation: 'read_uncommitted' }, (record) => {
        const id = ledger.identify(record.value);
        if (!id || id[0] !== origin.index || !lost.has(`${id[1]}:${id[2]}`)) return;
        const at = found.get(id[1]);
        if (at) at.push(record.offset);
        else found.set(id[1], [record.offset]);
      }),
    );
    this.checked = true;
    const total = [...found.values()].reduce((n, o) => n + o.length, 0);
    const partitions = [...new Set([...lost.values()].map((x) => x.partition))].sort((a, b) => a - b);
    const lines = partitions.map((p) => {
      const wanted = [...lost.values()].filter((x) => x.partition === p).length;
      const at = (found.get(p) ?? []).sort((a, b) => a - b);
      return `partition ${p}: ${at.length} of the ${wanted} record(s) lost in flight are on ${alias}'s log${at.length ? ` (offsets ${offsetRanges(at)})` : ''}`;
    });
    if (!exists) lines.unshift(`${topic} is not on ${alias} any more (rebuilt empty?)`);
    ledger.event('audit', `${topic} on ${alias}`, `back with its log: ${total} orphaned write(s), acked there and never copied (${lines.join('; ')})`);
    progress(`${topic} on ${alias}, back: ${total} orphaned write(s): ${lines.join('; ')}`);
    if (total !== count) {
      throw new VerdictMismatch(`expected ${count} orphaned write(s) of ${topic} on ${alias} (records lost in flight from it, still on its log now that it is back), but found ${total} of the ${lost.size} lost in flight:\n${lines.map((l) => `  ${l}`).join('\n')}`);
    }
  }

  /**
   * The flow checkpointed the group (its checkpoint task went through the group's offsets on the
   * flow's source) but nothing of `topic`, which the group had committed there: no checkpoint under
   * the name MirrorCheckpointTask.renameTopicPartition would give it. Says why, from what MM2 wrote:
   * no offset sync of the topic (MirrorCheckpointTask.checkpoint translates only through one) and no
   * copy of it on the target (MirrorSourceConnector.shouldReplicateTopic refused it: isCycle, when
   * the topic came from the flow's target).
   */
  async expectNothingCheckpointed(group: string, topic: string, ref: FlowRef): Promise<string> {
    const { names } = this.ctx;
    group = names.g(group);
    topic = names.t(topic);
    const flow = await this.ctx.flow(ref.target, ref.source);
    const name = flowName(flow.spec);
    const committed = await flow.source.groupOffsets(group, topic);
    if (committed.size === 0) {
      throw new BadStepParameter(`group "${group}" has committed no offset of ${topic} on ${flow.spec.source}: MM2 ${name} had nothing of it to checkpoint, so its absence proves nothing`, {
        hint: `let the group read ${topic} on ${flow.spec.source} and commit first`,
      });
    }
    await Promise.all([flow.records.readCheckpoints(), flow.records.readSyncs()]);
    const as = checkpointedAs(flow.spec, topic);
    const checkpoints = flow.records.groupCheckpoints(group);
    const of = checkpoints.filter((c) => c.topic === as);
    if (of.length) {
      throw new VerdictMismatch(
        `expected MM2 ${name} to checkpoint nothing of ${topic} for group "${group}", but it checkpointed it as ${as} on ${flow.spec.target}: ${of.map((c) => `partition ${c.partition}: ${c.upstreamOffset} → ${c.downstreamOffset}`).join(', ')}`,
      );
    }
    const others = checkpoints.filter((c) => c.topic !== as);
    if (others.length === 0) {
      throw new VerdictMismatch(`MM2 ${name} has checkpointed nothing of group "${group}" at all: that it checkpointed nothing of ${topic} proves nothing`, {
        hint: `wait for a checkpoint of the group on another topic first: When MirrorMaker 2 from "${flow.spec.source}" to "${flow.spec.target}" has checkpointed group "${group}"`,
      });
    }
    const remote = remoteTopic(flow.spec, topic);
    const synced = flow.records.syncedTopics().includes(topic);
    const copied = (await flow.target.topics()).includes(remote);
    const why = [
      synced ? `MM2 wrote offset syncs of ${topic}` : `MM2 wrote no offset sync of ${topic}, the only thing a checkpoint translates through`,
      copied ? `${remote} exists on ${flow.spec.target}` : `it copied none of it (no ${remote} on ${flow.spec.target})`,
    ].join('; ');
    const said = `MM2 ${name} checkpointed group "${group}" for ${[...new Set(others.map((c) => c.topic))].join(', ')} but nothing of ${topic} (it would be ${as} on ${flow.spec.target}; the group is at ${[...committed].map(([p, o]) => `${o} in partition ${p}`).join(', ')} on ${flow.spec.source}): ${why}`;
    progress(said);
    return said;
  }

  // ---- MM2's checkpoints and a group's committed offsets, exactly -------------------------

  /** The flow that mirrors into `topic` on `target` (a remote topic), or an error naming the remote topics there. */
  async #flowInto(topic: string, target: string, step: string): Promise<{ flow: FlowView; upstream: string }> {
    const via = this.ctx.topology.mirrorInto(target, topic);
    if (!via) {
      const remotes = this.ctx.topology.mirrors.filter((m) => m.spec.target === target).flatMap((m) => m.spec.topics.map((t) => remoteTopic(m.spec, t)));
      throw new BadStepParameter(`${step}: "${topic}" on "${target}" is not a topic MM2 mirrors into, so MM2 writes no checkpoint of it`, {
        hint: remotes.length ? `name the remote topic MM2 checkpoints: ${remotes.map((r) => `"${r}"`).join(', ')}` : `no flow of the scenario goes into "${target}"`,
      });
    }
    return { flow: await this.ctx.flow(target, via.mirror.spec.source), upstream: via.upstream };
  }

  /**
   * MM2's latest checkpoint of the group for one partition of a remote topic is exactly
   * `upstream` → `downstream`. MM2 emits checkpoints every emit.checkpoints.interval.seconds (1 s
   * in a drill), so the step polls the checkpoints topic for at most CHECKPOINT_SETTLE_MS before
   * it fails, naming every checkpoint MM2 wrote of the partition and the offset syncs it kept.
   */
  async expectCheckpoint(group: string, partition: number, topic: string, target: string, upstream: number, downstream: number): Promise<string> {
    const { names } = this.ctx;
    const step = `the checkpoint of group "${group}" for partition ${partition} of "${topic}" on "${target}"`;
    group = names.g(group);
    topic = names.t(topic);
    names.count(upstream, RULES.offset);
    names.count(downstream, RULES.offset);
    const { flow, upstream: upstreamTopic } = await this.#flowInto(topic, target, step);
    await this.ctx.topics.requirePartition(target, topic, partition);
    let latest: Checkpoint | undefined;
    try {
      await waitFor(
        async () => {
          await Promise.all([flow.records.readCheckpoints(), flow.records.readSyncs().catch(() => undefined)]);
          latest = flow.records.latestCheckpoints(group, topic).get(partition);
          return latest?.upstreamOffset === upstream && latest.downstreamOffset === downstream ? true : `latest checkpoint ${latest ? `${latest.upstreamOffset} → ${latest.downstreamOffset}` : 'none'}`;
        },
        { what: step, timeoutMs: CHECKPOINT_SETTLE_MS, log: flow.log, abort: () => flow.died() },
      );
    } catch (error) {
      if (!(error instanceof WaitTimeout)) throw error;
      const kept = flow.records.store(upstreamTopic, partition)?.kept().map((k) => `${k.upstream} → ${k.downstream}`);
      throw new VerdictMismatch(
        `expected MM2's latest checkpoint of group "${group}" for ${topic} partition ${partition} on ${target} to be ${upstream} → ${downstream}, but after ${CHECKPOINT_SETTLE_MS / 1000} s it is ${latest ? `${latest.upstreamOffset} → ${latest.downstreamOffset}` : 'none'}` +
          ` (offset syncs MM2 keeps of ${upstreamTopic} partition ${partition}, latest first: ${kept?.join(', ') ?? 'none read'})`,
      );
    }
    const said = `MM2's latest checkpoint of group "${group}" for ${topic} partition ${partition} on ${target}: ${upstream} → ${downstream}`;
    progress(said);
    return said;
  }

  /**
   * MM2 has written no checkpoint of the group for one partition of a remote topic, while it has
   * checkpointed the group for another partition of it: MirrorCheckpointTask checkpoints all the
   * partitions of a group it can translate in the same poll, so the other partition's checkpoint
   * shows MM2 went through the group's commits. Says whether MM2 wrote any offset sync of the
   * upstream partition (without one, translateDownstream gives nothing).
   */
  async expectNoCheckpoint(group: string, partition: number, topic: string, target: string): Promise<string> {
    const { names } = this.ctx;
    const step = `no checkpoint of group "${group}" for partition ${partition} of "${topic}" on "${target}"`;
    group = names.g(group);
    topic = names.t(topic);
    const { flow, upstream } = await this.#flowInto(topic, target, step);
    await this.ctx.topics.requirePartition(target, topic, partition);
    await Promise.all([flow.records.readCheckpoints(), flow.records.readSyncs().catch(() => undefined)]);
    const latest = flow.records.latestCheckpoints(group, topic);
    const c = latest.get(partition);
    if (c) throw new VerdictMismatch(`expected MM2 to have written no checkpoint of group "${group}" for ${topic} partition ${partition} on ${target}, but its latest is ${c.upstreamOffset} → ${c.downstreamOffset}`);
    const others = [...latest.values()];
    if (others.length === 0) {
      throw new VerdictMismatch(`MM2 has checkpointed no partition of ${topic} for group "${group}" on ${target}: that it checkpointed nothing of partition ${partition} proves nothing`, {
        hint: `wait for MM2 to checkpoint another partition of the group first: When MirrorMaker 2 has checkpointed group "${group}" to "${target}"`,
      });
    }
    const store = flow.records.store(upstream, partition);
    const committed = (await flow.source.groupOffsets(group, upstream).catch(() => new Map<number, number>())).get(partition);
    const said =
      `MM2 checkpointed group "${group}" for ${topic} ${others.map((o) => `partition ${o.partition} (${o.upstreamOffset} → ${o.downstreamOffset})`).join(', ')} but not partition ${partition}` +
      ` (the group's commit there on ${flow.spec.source}: ${committed ?? 'none'}; ` +
      (store ? `MM2 wrote ${store.written} offset sync(s) of ${upstream} partition ${partition})` : `MM2 wrote no offset sync of ${upstream} partition ${partition}, the only thing a checkpoint translates through)`);
    progress(said);
    return said;
  }

  /**
   * MM2 has written no checkpoint of the group at all into `target`, while it has checkpointed
   * another group there: the other group's checkpoint shows MM2 listed the source's groups and
   * emitted checkpoints (the group must have committed on the source before that other group did,
   * so that the listing that found the other one found it too).
   */
  async expectGroupNotCheckpointed(group: string, target: string, source?: string): Promise<string> {
    const { names } = this.ctx;
    group = names.g(group);
    const flow = await this.ctx.flow(target, source);
    const name = flowName(flow.spec);
    const committed = (await Promise.all(flow.spec.topics.map(async (t) => [t, await flow.source.groupOffsets(group, t)] as const))).filter(([, c]) => c.size > 0);
    if (committed.length === 0) {
      throw new BadStepParameter(`group "${group}" has committed no offset of ${flow.spec.topics.join(', ')} on ${flow.spec.source}: MM2 ${name} had nothing of it to checkpoint, so its absence proves nothing`, {
        hint: `let the group read on ${flow.spec.source} and commit first`,
      });
    }
    await flow.records.readCheckpoints();
    const all = flow.records.allCheckpoints();
    const mine = all.filter((c) => c.group === group);
    if (mine.length) {
      throw new VerdictMismatch(`expected MM2 ${name} to checkpoint nothing of group "${group}", but it checkpointed ${mine.map((c) => `${c.topic} partition ${c.partition}: ${c.upstreamOffset} → ${c.downstreamOffset}`).join(', ')}`);
    }
    const others = [...new Set(all.map((c) => c.group))];
    if (others.length === 0) {
      throw new VerdictMismatch(`MM2 ${name} has checkpointed no group at all: that it checkpointed nothing of "${group}" proves nothing`, {
        hint: `let another group commit after this one and wait for its checkpoint first: When MirrorMaker 2 has checkpointed group "…" to "${target}"`,
      });
    }
    const exclude = isSet(flow.spec, 'groups.exclude') ? effectiveSetting(flow.spec, 'groups.exclude', DEFAULT_GROUPS_EXCLUDE) : undefined;
    const said =
      `MM2 ${name} checkpointed group(s) ${others.map((g) => `"${g}"`).join(', ')} but nothing of "${group}" (committed ${committed.map(([t, c]) => `${t} ${[...c].map(([p, o]) => `${o} in partition ${p}`).join(', ')}`).join('; ')} on ${flow.spec.source}); ` +
      `groups.exclude: ${exclude ?? `MM2's default, "${DEFAULT_GROUPS_EXCLUDE}"`}`;
    progress(said);
    return said;
  }

  /** The group's committed offset of one partition on a cluster, as Kafka's OffsetFetch gives it (undefined: none). */
  async #committedOffset(group: string, partition: number, topic: string, alias: string): Promise<number | undefined> {
    await this.ctx.topics.requirePartition(alias, topic, partition);
    return (await (await this.ctx.topology.admin(alias)).groupOffsets(group, topic)).get(partition);
  }

  /** The group's committed offset of the partition on `alias` is exactly `offset` (undefined: the group has none there). */
  async expectCommittedOffset(group: string, partition: number, topic: string, alias: string, offset: number | undefined): Promise<string> {
    const { names } = this.ctx;
    group = names.g(group);
    topic = names.t(topic);
    if (offset !== undefined) names.count(offset, RULES.offset);
    const at = await this.#committedOffset(group, partition, topic, alias);
    const show = (o: number | undefined) => (o === undefined ? 'no committed offset' : `committed offset ${o}`);
    if (at !== offset) throw new VerdictMismatch(`expected group "${group}" to have ${show(offset)} on ${topic} partition ${partition} on ${alias}, but it has ${show(at)}`);
    const said = `group "${group}" has ${show(at)} on ${topic} partition ${partition} on ${alias}`;
    progress(said);
    return said;
  }

  /**
   * The group's committed offset of the partition on `alias` is `offset` now and stays there for
   * `seconds` (read every 200 ms): fails at once, naming the new offset, when anything moves it.
   */
  async expectCommittedOffsetStays(group: string, partition: number, topic: string, alias: string, offset: number, seconds: number): Promise<string> {
    const { names } = this.ctx;
    names.count(seconds, RULES.seconds);
    await this.expectCommittedOffset(group, partition, topic, alias, offset);
    group = names.g(group);
    topic = names.t(topic);
    const until = Date.now() + seconds * 1000;
    let reads = 0;
    while (Date.now() < until) {
      const at = await this.#committedOffset(group, partition, topic, alias);
      reads++;
      if (at !== offset) {
        throw new VerdictMismatch(`expected group "${group}" to stay at ${offset} on ${topic} partition ${partition} on ${alias} for ${seconds} s, but after ${((seconds * 1000 - (until - Date.now())) / 1000).toFixed(1)} s it is at ${at ?? 'no committed offset'}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const said = `group "${group}" stayed at ${offset} on ${topic} partition ${partition} on ${alias} for ${seconds} s (${reads} reads)`;
    progress(said);
    return said;
  }

  /**
   * The group's move to `topic` on `alias` was judged against the checkpoints of the flow the step
   * names: its resumed session names that flow, and every partition it had read has a checkpoint.
   */
  resumedThrough(group: string, topic: string, alias: string, ref: FlowRef): string {
    const { names, ledger } = this.ctx;
    group = names.g(group);
    topic = names.t(topic);
    const expected = flowName(ref);
    const sessions = ledger.sessions.filter((s) => s.group === group && s.cluster === alias && s.topic === topic && s.resume);
    if (sessions.length === 0) {
      throw new VerdictMismatch(`group "${group}" never resumed on ${topic} on ${alias}`, {
        hint: `resume it first: When group "${group}" resumes on "${topic}" on "${alias}" from the offsets MM2 synced and reads to the end`,
      });
    }
    const s = sessions[0]!;
    if (s.resume!.flow !== expected) {
      throw new VerdictMismatch(`expected group "${group}"'s move to ${topic} on ${alias} to be judged against MM2 ${expected}, but it was against ${s.resume!.flow ?? 'no flow'}`);
    }
    const resumed = this.verdict().groups.find((g) => g.group === group)?.partitions.flatMap((p) => p.resumes.filter((r) => r.session === s.session)) ?? [];
    const without = resumed.filter((r) => !r.checkpoint);
    if (without.length || resumed.length === 0) {
      throw new VerdictMismatch(`group "${group}"'s move to ${topic} on ${alias} (MM2 ${expected}) has no checkpoint of MM2 ${expected} for partition(s) ${without.map((r) => r.partition).join(', ') || 'any'}:\n${this.describe(this.verdict())}`);
    }
    return `group "${group}" moved to ${topic} on ${alias} through MM2 ${expected}: ${resumed.map((r) => `partition ${r.partition}: checkpoint ${r.checkpoint!.upstream} → ${r.checkpoint!.downstream}, ${r.rereads} re-read(s), ${r.excess} beyond it`).join('; ')}`;
  }
}

