import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULTS, loadSettings, mirrorSettings } from '../config/defaults.ts';
import { interpolate, isSecretKey, redactText } from '../config/secrets.ts';
import { BadStepParameter } from '../errors.ts';
import { progress } from '../progress.ts';
import { mirrorConfigNames } from '../mirror/config-names.ts';
import { accountLines } from '../mirror/mirror-config-account.ts';
import { mapMm2Properties } from '../mirror/mm2-properties-file.ts';
import { parseMm2Resource } from '../mirror/mm2-resource.ts';
import { mapResource } from '../mirror/resource-mapping.ts';
import { groupPatternsWithRunId, patternsWithRunId } from '../runtime/external/user-connectors.ts';
import type { MirrorSpec } from '../mirror/mm2-properties.ts';
import type { Verdict } from '../ledger/checker.ts';
import { describeRecovery } from '../ledger/verdict-format.ts';
import { keepsTopicNames } from '../mirror/mm2-properties.ts';
import type { FlowReport } from '../report/scenario-report.ts';
import { FlowRecords } from '../mirror/flow-records.ts';
import { MirrorOps, type ConnectorAction, type NodeAction, type NodeRef } from '../mirror/mirror-ops.ts';
import { recordRemovedFromTail, recordSkip, skippedError } from '../mirror/mirror-skips.ts';
import { waitCheckpointed, waitCopyingAgain, waitMirrored, type FlowView } from '../mirror/mirror-waits.ts';
import { remoteTopic } from '../mirror/replication-policy.ts';
import type { MirrorDeployment, StartedMirror } from '../runtime/runtime.ts';
import { RULES } from '../step-numbers.ts';
import { flowName } from '../topology.ts';
import { LogWatch } from '../os/log-watch.ts';
import { ConfigSyncPasses, configSyncIntervalSeconds } from '../mirror/topic-config-sync.ts';
import { waitFor } from '../wait-for.ts';
import type { DrillContext } from './context.ts';

/** MM2's flows: how it is deployed and started, its nodes and connectors, and the waits on what it mirrors and checkpoints. */
export class Flows {
  readonly #flows = new Map<StartedMirror, FlowRecords>();
  #deployment: MirrorDeployment | undefined;
  /** Node, worker and connector operations (support/mirror/mirror-ops.ts). */
  readonly ops: MirrorOps;

  constructor(private readonly ctx: DrillContext) {
    this.ops = new MirrorOps({
      mirror: () => ctx.topology.mirror(),
      event: (kind, subject, what) => ctx.ledger.event(kind, subject, what),
      time: (phase, f) => ctx.timings.time(phase, f),
    });
  }

  /**
   * `user`: the rest of a spec read from the user's own file (mirrorUserConfig): its deployment
   * (a KafkaMirrorMaker2 resource's Connect workers), its connectors' own settings and its account.
   */
  async startMirror(topics: string[], source: string, target: string, overrides: Record<string, string> = {}, user?: Pick<MirrorSpec, 'deployment' | 'connectorOverrides' | 'configuredBy'>): Promise<void> {
    const { names, timings } = this.ctx;
    const values = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, interpolate(v, `MM2 property "${k}"`)]));
    const named = topics.map((t) => names.t(t));
    const targetCluster = this.ctx.runtime?.namesCarryRunId ? await this.ctx.topology.cluster(target) : undefined;
    const connectorOverrides =
      user?.connectorOverrides &&
      Object.fromEntries(Object.entries(user.connectorOverrides).map(([c, o]) => [c, Object.fromEntries(Object.entries(o).map(([k, v]) => [k, interpolate(v, `${c} property "${k}"`)]))]));
    const spec: MirrorSpec = {
      source,
      target,
      topics: named,
      overrides: values,
      deployment: user?.deployment ?? this.#deployment,
      ...(connectorOverrides ? { connectorOverrides } : {}),
      ...(user?.configuredBy ? { configuredBy: user.configuredBy } : {}),
    };
    const mirror = await timings.time('MM2 ready', () => this.ctx.topology.startMirror(spec));
    this.ctx.ledger.flow(flowName(mirror.spec));
    // MM2 made the remote topics for the harness's own: they go with it.
    for (const t of named) targetCluster?.own?.('topic', remoteTopic(mirror.spec, t));
  }

  /**
   * MM2 driven by the user's own configuration: a KafkaMirrorMaker2 resource (MM2 on Kafka
   * Connect, as the operator runs it) or a dedicated-mode mm2.properties, read from `file`
   * (relative to the repository), bound to the scenario's clusters, refused naming the field when
   * it cannot run, and accounted for (what was replaced, not honoured, warned) in progress lines
   * and the report. Returns the account's lines.
   */
  async mirrorUserConfig(kind: 'resource' | 'properties', file: string): Promise<string[]> {
    const path = resolve(process.cwd(), file);
    if (!existsSync(path)) {
      throw new BadStepParameter(`no file ${file} (looked for ${path})`, { hint: `give a path relative to the repository, e.g. ${kind === 'resource' ? 'examples/es-to-es.yml' : 'examples/mm2.properties'}` });
    }
    const text = await readFile(path, 'utf8');
    // MM2's own release names the keys it defines (MIRRORDRILL_MM2_VERSION, else the brokers').
    const settings = mirrorSettings(loadSettings());
    const answer = await mirrorConfigNames(settings);
    if (!answer.names) progress(`MM2 property names of ${file} not checked against MM2's own: ${answer.why}`);
    const ctx = { file, clusters: this.ctx.topology.declared(), names: answer.names, kafkaVersion: settings.kafkaVersion };
    let spec: MirrorSpec;
    if (kind === 'resource') {
      const resource = parseMm2Resource(text, file);
      if (this.#deployment) {
        throw new BadStepParameter(`${file} is a KafkaMirrorMaker2: MM2 on Kafka Connect with spec.replicas workers, and the scenario already said how MM2 runs`, {
          hint: 'drop the "MirrorMaker 2 runs on …" step, or set spec.replicas in the resource',
        });
      }
      spec = mapResource(resource, ctx);
    } else {
      spec = mapMm2Properties(text, ctx);
    }
    const runtime = this.ctx.runtime;
    runtime?.adoptUserConfig?.(spec);
    if (runtime?.namesCarryRunId) {
      // Shared clusters: the scenario's topics and groups carry the run id, so the file's patterns do too (x-<run> passes p-<run> exactly when x passes p).
      const was = spec.topics.join(',');
      spec.topics = patternsWithRunId(was, (p) => p).split(',');
      spec.configuredBy!.replaced.push({ path: 'topics', was, now: `${spec.topics.map((t) => this.ctx.names.t(t)).join(',')} (the scenario's names carry its run id on shared clusters)` });
      for (const c of groupPatternsWithRunId(spec, (p) => this.ctx.names.g(p))) {
        spec.configuredBy!.replaced.push({ path: c.key, was: c.was, now: `${c.now} (the run id, as above)` });
      }
    }
    const lines = accountLines(spec.configuredBy!);
    for (const line of lines) progress(line);
    await this.startMirror(spec.topics, spec.source, spec.target, spec.overrides, spec);
    return lines;
  }

  // ---- how MM2 is deployed, and the operations of its nodes and connectors ----

  /** Before the mirrors step: MM2 on Kafka Connect (1–3 workers) or the dedicated driver on 1–3 nodes. */
  deploy(deployment: MirrorDeployment): void {
    this.#deployment = MirrorOps.checkDeployment(deployment, this.#deployment, this.ctx.topology.hasMirror);
  }

  async node(kind: MirrorDeployment['kind'], index: NodeRef, action: NodeAction): Promise<void> {
    await this.ops.node(kind, index, action);
  }

  async takeover(kind: MirrorDeployment['kind']): Promise<void> {
    await this.ops.takeover(kind);
  }

  async connector(connector: string, action: ConnectorAction): Promise<void> {
    await this.ops.connector(connector, action);
  }

  async setSourceOffset(topic: string, partition: number, offset: number): Promise<void> {
    this.ctx.names.count(offset, RULES.offset);
    this.ctx.names.count(partition, RULES.partition);
    const named = this.ctx.names.t(topic);
    const mirror = this.ctx.topology.mirror();
    const flow = await this.flow(mirror.spec.target, mirror.spec.source);
    await flow.records.readSyncs();
    const before = flow.records.lastSync(named, partition);
    await this.ops.setSourceOffset(named, partition, offset);
    // The step returns once MM2 copies again from offset + 1 (when it had synced past it): the
    // steps after it then see the second copies, not the offset sync of the first.
    if (before && offset < before.upstream) await this.ctx.timings.time('MM2 waits', () => waitCopyingAgain(flow, named, partition, before));
  }

  async restartTask(connector: string, task: number): Promise<void> {
    await this.ops.restartTask(connector, task);
  }

  async reconfigure(connector: string, rows: string[][]): Promise<void> {
    const changes = Object.fromEntries(rows.map(([k, v]) => [k ?? '', interpolate(v ?? '', `connector property "${k}"`)]));
    await this.ops.reconfigure(connector, changes);
  }

  // ---- waiting on MM2 -------------------------------------------------------------------

  /** What the harness has read of one flow's internal topics (offset syncs, checkpoints), kept for the scenario. */
  records(mirror: StartedMirror): FlowRecords {
    let records = this.#flows.get(mirror);
    if (!records) {
      const source = () => this.ctx.topology.admin(mirror.spec.source);
      records = new FlowRecords(mirror.spec, { source, target: () => this.ctx.topology.admin(mirror.spec.target) }, (skip) => recordSkip(this.ctx.ledger, mirror.spec, source, skip));
      this.#flows.set(mirror, records);
    }
    return records;
  }

  /** The flow into `target` (from `source`, when the step names it): with flows both ways between two clusters, the target alone names it. */
  async flow(target: string, from?: string): Promise<FlowView> {
    const { ledger } = this.ctx;
    const mirror = this.ctx.topology.mirror(from, target);
    const [source, targetAdmin] = await Promise.all([this.ctx.topology.admin(mirror.spec.source), this.ctx.topology.admin(target)]);
    return {
      spec: mirror.spec,
      source,
      target: targetAdmin,
      log: mirror.logFile,
      died: () => this.ctx.topology.mirrorDied(mirror),
      records: this.records(mirror),
      skipped: (topic) => skippedError(ledger, mirror.spec, topic),
      checkRemovals: (topic) => recordRemovedFromTail(ledger, mirror.spec, source, targetAdmin, topic),
    };
  }

  /** Until MM2 has mirrored the topic and synced its last offsets; within `seconds` when given (a bound the drill states), else the default wait. */
  async waitMirrored(topic: string, target: string, source?: string, seconds?: number): Promise<void> {
    const flow = await this.flow(target, source);
    if (seconds !== undefined) this.ctx.names.count(seconds, RULES.seconds);
    await this.ctx.timings.time('MM2 waits', () => waitMirrored(flow, this.ctx.names.t(topic), seconds === undefined ? undefined : seconds * 1000));
  }

  /** Until MM2 has checkpointed the group's commits; within `seconds` when given (a bound the drill states), else the default wait. */
  async waitCheckpoint(group: string, target: string, source?: string, seconds?: number): Promise<void> {
    const flow = await this.flow(target, source);
    if (seconds !== undefined) this.ctx.names.count(seconds, RULES.seconds);
    await this.ctx.timings.time('MM2 waits', () => waitCheckpointed(flow, this.ctx.names.g(group), seconds === undefined ? undefined : seconds * 1000));
  }

  /**
   * Until MM2's log shows `passes` more completed passes of its topic config sync
   * (MirrorSourceConnector.syncTopicConfigs, logged by its Scheduler as "syncing topic configs
   * took N ms") than when the step began. The passes run one at a time on one thread (the
   * Scheduler's single-thread executor), so the second of them began after the step did: with
   * `passes` ≥ 2, at least `passes` − 1 whole passes read the source's configs as they were when
   * the step began. Bounded by (passes + 1) intervals plus 60 s; fails at once when MM2 died.
   */
  async waitConfigSyncs(target: string, passes: number, source?: string): Promise<void> {
    this.ctx.names.count(passes, RULES.passes);
    const mirror = this.ctx.topology.mirror(source, target);
    const name = flowName(mirror.spec);
    const interval = configSyncIntervalSeconds(mirror.spec);
    if (this.ctx.runtime?.name === 'external') {
      throw new BadStepParameter(`the passes of MM2's topic config sync are read from its log, which the external runtime does not have (MM2 ${name} runs outside the harness)`, {
        hint: 'run this scenario on the local or containers runtime',
      });
    }
    const logs = (mirror.nodes?.map((n) => n.logFile) ?? [mirror.logFile]).map((f) => new LogWatch(f));
    const watch = new ConfigSyncPasses(logs);
    const before = watch.count();
    const started = Date.now();
    await this.ctx.timings.time('MM2 waits', () =>
      waitFor(
        () => {
          const n = watch.count() - before;
          return n >= passes ? true : `${n} of ${passes} pass(es) so far ("syncing topic configs took … ms" in its log), one every ${interval} s`;
        },
        {
          what: `MM2 ${name} to sync topic configs ${passes} more time(s)`,
          timeoutMs: ((passes + 1) * interval + 60) * 1000,
          log: mirror.logFile,
          abort: () => this.ctx.topology.mirrorDied(mirror),
          hint: `MM2 syncs topic configs every sync.topic.configs.interval.seconds (${interval} s for this flow); a pass that failed logs "caught exception in scheduled task: syncing topic configs" instead`,
          onProgress: (ms, state) => progress(`waiting ${(ms / 1000).toFixed(0)} s for MM2 ${name} to sync topic configs: ${state ?? ''}`),
        },
      ),
    );
    progress(`MM2 ${name} synced topic configs ${passes} more time(s) in ${((Date.now() - started) / 1000).toFixed(1)} s (sync.topic.configs.interval.seconds = ${interval})`);
  }

  /**
   * Until a line of MM2's log (any node's or worker's) contains `text`, from its start: for what
   * MM2 only says in its log (a task that FAILED on the dedicated driver, whose status no REST
   * endpoint serves). Prints the line (and the next, a cause's), the scenario's secrets taken out.
   * Bounded by the MM2 wait (DEFAULTS.mirrorTimeoutMs); fails at once when MM2 died.
   */
  async waitMirrorLog(text: string, target?: string, source?: string): Promise<void> {
    if (!text.trim()) throw new BadStepParameter('the text to find in MM2\'s log is empty: every line would match', { hint: 'quote the words MM2 logs, e.g. "is out of range"' });
    const mirror = this.ctx.topology.mirror(source, target);
    if (this.ctx.runtime?.name === 'external') {
      throw new BadStepParameter(`MM2's log is not the harness's on the external runtime (MM2 ${flowName(mirror.spec)} runs outside it)`, { hint: 'run this scenario on the local or containers runtime' });
    }
    const watches = (mirror.nodes?.map((n) => n.logFile) ?? [mirror.logFile]).map((f) => new LogWatch(f));
    let found: string[] | undefined;
    await this.ctx.timings.time('MM2 waits', () =>
      waitFor(
        () => {
          for (const watch of watches) {
            const lines = watch.newLines();
            const i = lines.findIndex((l) => l.includes(text));
            if (i >= 0) {
              found = lines.slice(i, i + 2);
              return true;
            }
          }
          return `no line of MM2's log says "${text}" yet`;
        },
        { what: `MM2 ${flowName(mirror.spec)}'s log to say "${text}"`, timeoutMs: DEFAULTS.mirrorTimeoutMs, log: mirror.logFile, abort: () => this.ctx.topology.mirrorDied(mirror) },
      ),
    );
    const secrets = Object.entries(mirror.spec.overrides).filter(([k]) => isSecretKey(k)).map(([, v]) => v);
    progress(`MM2 ${flowName(mirror.spec)}'s log says:\n${redactText(found!.map((l) => `    ${l.length > 400 ? `${l.slice(0, 400)}…` : l}`).join('\n'), secrets)}`);
  }

  /** The flows whose internal topics the harness has read so far, each with what it read. */
  read(): ReadonlyMap<StartedMirror, FlowRecords> {
    return this.#flows;
  }

  // ---- the report -------------------------------------------------------------------------

  /** Whether each flow's MM2 runs now: taken before teardown stops them all, for the report. */
  runningNow(): Map<StartedMirror, boolean> {
    return new Map(this.ctx.topology.mirrors.map((m) => [m, m.running]));
  }

  /** Each flow as an entity of its own, for report.json, verdict.txt and the DR report; `running` as runningNow() said before teardown. */
  report(verdict: Verdict | undefined, running?: Map<StartedMirror, boolean>): FlowReport[] {
    const mirrors = this.ctx.topology.mirrors;
    return mirrors.map((m) => {
      const name = flowName(m.spec);
      // The short form's events ("MirrorMaker 2") are the only flow's.
      const subjects = new Set([`MirrorMaker 2 ${name}`, ...(mirrors.length === 1 ? ['MirrorMaker 2'] : [])]);
      const d = m.deployment ?? { kind: 'dedicated', nodes: 1 };
      const records = this.#flows.get(m);
      return {
        name,
        source: m.spec.source,
        target: m.spec.target,
        topics: m.spec.topics,
        deployment: d.kind === 'connect' ? `Kafka Connect (${d.nodes} worker${d.nodes > 1 ? 's' : ''})` : `dedicated on ${d.nodes} node${d.nodes > 1 ? 's' : ''}`,
        policy: keepsTopicNames(m.spec) ? 'IdentityReplicationPolicy' : 'DefaultReplicationPolicy',
        overrides: Object.fromEntries(Object.entries(m.spec.overrides).map(([k, v]) => [k, isSecretKey(k) ? '[redacted]' : v])),
        ...(m.spec.configuredBy ? { configuredBy: m.spec.configuredBy } : {}),
        running: running?.get(m) ?? m.running,
        history: this.ctx.ledger.events.filter((e) => subjects.has(e.subject)).map((e) => ({ time: new Date(e.time).toISOString(), kind: e.kind, what: e.what })),
        checkpoints: (records?.allCheckpoints() ?? []).map((c) => ({ group: c.group, topic: c.topic, partition: c.partition, upstream: c.upstreamOffset, downstream: c.downstreamOffset })),
        failovers: (verdict?.recoveries ?? []).filter((r) => r.flow === name).map(describeRecovery),
      };
    });
  }
}
