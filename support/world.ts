import { kafkaSaid } from './kafka/kafka-error.ts';
import { World } from '@cucumber/cucumber';
import { randomUUID } from 'node:crypto';
import { DEFAULTS } from './config/defaults.ts';
import { interpolate } from './config/secrets.ts';
import { RULES, wholeNumber, type NumberRule } from './step-numbers.ts';
import { BadStepParameter, ClientSecurityRefused, DrillError, MirrorAuthFailed, VerdictMismatch, WaitTimeout } from './errors.ts';
import { accountResume } from './failover/resume-account.ts';
import { check, type Anomaly, type Verdict } from './ledger/checker.ts';
import { Ledger, type Audit, type Origin, type Resume } from './ledger/ledger.ts';
import { formatVerdict } from './ledger/verdict-format.ts';
import { FlowRecords } from './mirror/flow-records.ts';
import { recordRemovedFromTail, recordSkip, removedOffsets, skippedError } from './mirror/mirror-skips.ts';
import { noteLogStart } from './mirror/log-starts.ts';
import { waitCheckpointed, waitMirrored, waitThroughSource, type FlowView } from './mirror/mirror-waits.ts';
import { LagSampler, unmirrored } from './mirror/lag-sampler.ts';
import { remoteTopic } from './mirror/replication-policy.ts';
import { progress } from './progress.ts';
import { PhaseTimer } from './report/phase-timer.ts';
import { waitFor, withTimeout } from './wait-for.ts';
import { replicationFactorFor } from './runtime/broker-properties.ts';
import { rollingRestart } from './runtime/rolling-restart.ts';
import { viewerWords, type ClusterLink, type MirrorDeployment, type Runtime, type StartedCluster, type StartedMirror, type Viewer } from './runtime/runtime.ts';
import type { CertificateAuthority } from './security/certificates.ts';
import { foreignCa, type ClientSecurity, type SecurityMode } from './security/cluster-security.ts';
import { securityRefusal } from './security/client-refusal.ts';
import { MirrorOps, type NodeAction, type ConnectorAction } from './mirror/mirror-ops.ts';
import type { PartitionOffsets } from './kafka/cluster-admin.ts';
import { metadataOf } from './kafka/replication-state.ts';
import { Topology, type Role } from './topology.ts';
import { createClient } from './workload/clients.ts';
import { BackgroundConsumer } from './workload/background-consumer.ts';
import { BackgroundProducer } from './workload/background-producer.ts';
import { produceRecords, type ProduceOutcome } from './workload/produce-loop.ts';
import { produceTransactions } from './workload/transactional-produce.ts';
import { IsolationChoice } from './workload/isolation-choice.ts';
import type { ClientName, ConsumedRecord, ConsumerSession, ProducerSession, ReadProgress, WorkloadClient } from './workload/workload-client.ts';

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

interface ConsumeHow {
  max?: number;
  toEnd?: boolean;
  rewind?: { partition: number; offset: number; more: number };
  partitions?: number;
  resume?: Resume;
}

/** `partitions` when the topic has `partition`, else an error that says which partitions it has. */
function partitionOf(topic: string, alias: string, partition: number, partitions: number): number {
  if (partition < partitions) return partitions;
  throw new BadStepParameter(`topic "${topic}" on "${alias}" has no partition ${partition}`, { hint: partitions === 1 ? 'it has only partition 0' : `its partitions are 0 to ${partitions - 1}` });
}

/** Per-scenario state, one method per step: topology, workload, faults, ledger, verdict. */
export class DrillWorld extends World {
  /** Set by the Before hook: where nodes run, and this scenario's folder of logs and report. */
  runtime: Runtime | undefined;
  dir: string | undefined;
  readonly run = randomUUID().slice(0, 8);
  readonly ledger = new Ledger(this.run);
  readonly timings = new PhaseTimer();
  #topology: Topology | undefined;
  #client: WorkloadClient = createClient('platformatic');
  readonly #sessions = new Set<ConsumerSession>();
  readonly #flows = new Map<StartedMirror, FlowRecords>();
  /** The verdict of the ledger as it was at `version`: a verdict step, the report and After share it. */
  #verdict: { version: number; verdict: Verdict } | undefined;
  verdictChecked = false;
  /** Whether the scenario named its client, or runs on the run's default. */
  clientNamed = false;
  /** Faults injected so far (the ledger's fault events). */
  get faultsInjected(): number {
    return this.ledger.events.filter((e) => e.kind === 'fault').length;
  }

  /** A fault in the drill's history: what, to whom, when; `cluster` when it took a whole cluster down. */
  #fault(subject: string, what: string, cluster?: string): void {
    this.ledger.event('fault', subject, what, cluster);
  }
  /** Anomaly kinds the scenario asserted exact counts for. */
  readonly asserted = new Set<Anomaly>();

  get topology(): Topology {
    if (!this.#topology) {
      const { runtime, dir } = this;
      if (!runtime || !dir) throw new DrillError('the drill World was created without a runtime (the Before hook did not run)');
      this.#topology = new Topology(runtime, dir, this.timings);
    }
    return this.#topology;
  }

  // ---- names on the clusters ---------------------------------------------------------------

  /** What the scenario named → what the clusters hold, when they differ (a shared, external cluster). */
  readonly #names = new Map<string, string>();

  /**
   * The name of a topic or group on the clusters. On a runtime whose clusters outlive the scenario
   * (external), every name the scenario gives carries its run id: `products` → `products-<run>`.
   * A suffix keeps MM2's remote names consistent: `es-src.products` (a name the scenario gives for
   * the remote topic) → `es-src.products-<run>`, which is what MM2 names `products-<run>` there
   * under the default and identity policies alike. Everywhere else names are as written.
   */
  #name(kind: 'topic' | 'group', name: string): string {
    if (!this.runtime?.namesCarryRunId) return name;
    const physical = `${name}-${this.run}`;
    this.#names.set(`${kind} ${name}`, physical);
    return physical;
  }
  #t(topic: string): string {
    return this.#name('topic', topic);
  }
  #g(group: string): string {
    return this.#name('group', group);
  }

  /** "topic products → products-1a2b3c4d on the clusters" once per name, for the report (empty where names are as written). */
  namesOnClusters(): string[] {
    return [...this.#names].map(([logical, physical]) => `${logical} → ${physical} on the clusters (this scenario's run id ${this.run})`);
  }

  #count(n: number, rule: NumberRule): number {
    return wholeNumber(n, rule);
  }

  // ---- topology -------------------------------------------------------------------------

  declareCluster(role: Role, alias: string, brokers: number, proxied = false, security?: SecurityMode, settings?: Record<string, string>): void {
    this.topology.declareCluster(role, alias, brokers, proxied, security, settings);
  }

  /** A CA no cluster uses, which the apps trust instead of their cluster's (the wrong-CA control). */
  #foreignCa: { ca: CertificateAuthority; dispose: () => Promise<void> } | undefined;

  /** The apps trust a CA of their own instead of the clusters': a secured cluster's TLS handshake must fail. */
  async appsTrustForeignCa(): Promise<void> {
    this.#foreignCa ??= await foreignCa();
  }

  /** How the apps connect to a cluster: its own security, or with the foreign CA when a step said so. */
  appSecurity(cluster: StartedCluster): ClientSecurity | undefined {
    const security = cluster.security;
    if (!security || !this.#foreignCa) return security;
    return { ...security, caPem: this.#foreignCa.ca.certPem, caFile: this.#foreignCa.ca.certFile, caName: 'a CA no cluster of the scenario uses' };
  }

  async disposeSecurity(): Promise<void> {
    await this.#foreignCa?.dispose();
  }

  /**
   * A negative control: starting this MM2 must fail because `cluster` refused its credentials,
   * and say so (MirrorAuthFailed naming the cluster, quoting MM2's log). MM2 mirroring, or
   * failing any other way (a timeout, a refused config), fails the step with what happened.
   */
  async expectMirrorAuthFailure(topics: string[], source: string, target: string, cluster: string, saying: string, overrides: Record<string, string>): Promise<string> {
    const started = Date.now();
    try {
      await this.startMirror(topics, source, target, overrides);
    } catch (error) {
      if (error instanceof MirrorAuthFailed && error.context.cluster === cluster && error.message.includes(saying)) {
        progress(`as expected, after ${((Date.now() - started) / 1000).toFixed(1)} s: ${error.message.split('\n').slice(0, 2).join(' ')}`);
        return error.message;
      }
      throw new VerdictMismatch(`MM2 was to fail authenticating to ${cluster}, its log saying "${saying}", but failed otherwise:\n${error instanceof Error ? error.message : String(error)}`);
    }
    throw new VerdictMismatch(`MM2 was to fail authenticating to ${cluster}, but it started mirroring ${topics.join(', ')} from ${source} to ${target}`, {
      hint: 'the credentials in the table were accepted: the control proves nothing as written',
    });
  }

  /** A negative control: the group's read must fail with a TLS (or SASL) error naming the cluster, not time out. */
  async expectReadRefused(group: string, topic: string, alias: string, kind: 'TLS' | 'SASL', saying: string): Promise<string> {
    const started = Date.now();
    try {
      await this.groupReads(group, 1, topic, alias);
    } catch (error) {
      if (error instanceof ClientSecurityRefused && error.context.cluster === alias && error.message.startsWith(kind) && error.message.includes(saying)) {
        progress(`as expected, after ${((Date.now() - started) / 1000).toFixed(1)} s: ${error.message.split('\n')[0]}`);
        return error.message;
      }
      throw new VerdictMismatch(`group "${group}" was to fail with a ${kind} error from ${alias} saying "${saying}", but failed otherwise:\n${error instanceof Error ? error.message : String(error)}`);
    }
    throw new VerdictMismatch(`group "${group}" was to fail with a ${kind} error from ${alias}, but it read from ${topic}`, { hint: 'the client was trusted and authenticated: the control proves nothing as written' });
  }

  // ---- pauses (SIGSTOP, then SIGCONT after a while) --------------------------------------

  /** Faults that end by themselves (paused processes, links cut for a while), each with its timer; teardown ends them first. */
  readonly #paused = new Set<{ resume(): Promise<void>; timer: NodeJS.Timeout }>();

  /** Calls `end` after `seconds`, or at teardown if that comes first; returns at once. */
  #endAfter(seconds: number, end: () => void | Promise<void>): void {
    const entry = {
      resume: async () => {
        this.#paused.delete(entry);
        await end();
      },
      timer: setTimeout(() => entry.resume(), seconds * 1000),
    };
    this.#paused.add(entry);
  }

  /**
   * Freezes processes for `seconds` (SIGSTOP now, SIGCONT when the time is up) and returns at
   * once: the steps that follow run while they are frozen. The resume is the fault's own end,
   * not a wait for anything.
   */
  async #pauseFor(targets: { pause(): void | Promise<void>; resume(): void | Promise<void>; running: boolean }[], seconds: number, what: string): Promise<void> {
    this.#count(seconds, RULES.seconds);
    if (!targets.some((t) => t.running)) throw new BadStepParameter(`${what} is not running, so it cannot be paused`, { hint: 'pause it before it is stopped or killed' });
    const live = targets.filter((t) => t.running);
    const how = this.runtime?.name === 'containers' ? ['cgroup freezer', 'unfrozen'] : ['SIGSTOP', 'SIGCONT'];
    await Promise.all(live.map((t) => t.pause()));
    this.#fault(what, `paused for ${seconds} s (${how[0]})`);
    this.#endAfter(seconds, async () => {
      const resumed = await Promise.allSettled(live.filter((t) => t.running).map((t) => t.resume()));
      const failed = resumed.find((r) => r.status === 'rejected');
      if (failed) progress(`resuming ${what} failed: ${(failed.reason as Error).message}`);
      this.ledger.event('heal', what, `resumed (${how[1]})`);
    });
  }

  async pauseCluster(alias: string, seconds: number): Promise<void> {
    await this.#pauseFor((await this.topology.cluster(alias)).brokers, seconds, `every broker of "${alias}"`);
  }

  async pauseBroker(alias: string, nodeId: number, seconds: number): Promise<void> {
    const cluster = await this.topology.cluster(alias);
    const broker = cluster.brokers.find((b) => b.nodeId === nodeId);
    if (!broker) throw new BadStepParameter(`cluster "${alias}" has no broker ${nodeId}`, { hint: `its brokers are numbered 1 to ${cluster.brokers.length}` });
    await this.#pauseFor([broker], seconds, `broker ${nodeId} of "${alias}"`);
  }

  async pauseMirror(seconds: number): Promise<void> {
    await this.#pauseFor([this.topology.mirror()], seconds, 'MirrorMaker 2');
  }

  // ---- restarts ---------------------------------------------------------------------------

  /** Brokers of a cluster started again with their data after a kill or stop, until the cluster's metadata lists them all. */
  async restartBrokers(alias: string, nodeId?: number): Promise<void> {
    const cluster = await this.topology.cluster(alias);
    const chosen = nodeId === undefined ? cluster.brokers : cluster.brokers.filter((b) => b.nodeId === nodeId);
    if (nodeId !== undefined && chosen.length === 0) throw new BadStepParameter(`cluster "${alias}" has no broker ${nodeId}`, { hint: `its brokers are numbered 1 to ${cluster.brokers.length}` });
    const down = chosen.filter((b) => !b.running);
    if (down.length === 0) {
      throw new BadStepParameter(`${nodeId === undefined ? `every broker of "${alias}" is` : `broker ${nodeId} of "${alias}" is`} running: there is nothing to restart`, {
        hint: `kill or stop it first: When ${nodeId === undefined ? `every broker of "${alias}"` : `broker ${nodeId} of "${alias}"`} is killed`,
      });
    }
    this.ledger.event('restart', nodeId === undefined ? `every broker of ${alias}` : `broker ${nodeId} of ${alias}`, 'restarted with its data');
    await this.timings.time('faults', async () => {
      for (const b of down) await b.restart();
      await this.topology.forgetAdmin(alias);
      const admin = await this.topology.admin(alias);
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

  /** Every broker of a cluster in turn: SIGTERM, started again with its data, the cluster whole again before the next (runtime/rolling-restart.ts). */
  async rollingRestart(alias: string): Promise<void> {
    const cluster = await this.topology.cluster(alias);
    await this.timings.time('faults', () =>
      rollingRestart({
        alias,
        cluster,
        timeoutMs: DEFAULTS.brokerStartTimeoutMs,
        stopGraceMs: DEFAULTS.stopGraceMs,
        event: (kind, subject, what) => this.ledger.event(kind, subject, what),
        // The harness' admin would only wait on retries against the stopping broker: a new one is made on demand.
        beforeStop: () => this.topology.forgetAdmin(alias),
      }),
    );
  }

  async restartMirror(): Promise<void> {
    const mirror = this.topology.mirror();
    if (mirror.running) throw new BadStepParameter('MirrorMaker 2 is running: there is nothing to restart', { hint: 'kill or stop it first: When MirrorMaker 2 is killed' });
    this.ledger.event('restart', 'MirrorMaker 2', 'restarted with its config');
    await this.timings.time('faults', () => mirror.restart());
  }

  // ---- target audit -------------------------------------------------------------------------

  /**
   * Reads the remote topic on the target from its log start, with no group, and counts the copies
   * of every record produced to the origin: acked records with no copy are missing, extra copies
   * are duplicates MM2 wrote (a restarted MM2 re-copies what it had not committed).
   */
  async auditTarget(topic: string, target: string): Promise<{ missing: number; duplicated: number; detail: string[] }> {
    topic = this.#t(topic);
    const flow = await this.#flow(target);
    const remote = remoteTopic(flow.spec, topic);
    const origin = this.ledger.findOrigin({ cluster: flow.spec.source, topic });
    if (!origin) throw new BadStepParameter(`no record was produced to "${topic}" on "${flow.spec.source}" in this scenario`, { hint: 'produce some first' });
    const audit = await this.#audit(origin, target, remote);
    // Counting every copy of every record is a check of the ledger, as a verdict step is.
    this.verdictChecked = true;
    let missing = 0;
    let duplicated = 0;
    const detail: string[] = [];
    const missed = new Map<number, Set<number>>();
    origin.partitions.forEach((p, partition) => {
      let m = 0;
      let d = 0;
      const first: number[] = [];
      for (const r of p.runs) {
        for (let i = 0; i < r.count; i++) {
          const n = audit.copies[partition]![r.n + i]!;
          if (n > 1) d += n - 1;
          if (r.outcome === 'acked' && n === 0) {
            m++;
            if (first.length < 10) first.push(r.offset! + i);
            const set = missed.get(partition) ?? new Set<number>();
            missed.set(partition, set.add(r.n + i));
          }
        }
      }
      missing += m;
      duplicated += d;
      if (m || d) detail.push(`partition ${partition}: ${m} acked record(s) missing${first.length ? ` (offsets ${first.join(', ')}${m > first.length ? ', …' : ''})` : ''}, ${d} extra cop${d === 1 ? 'y' : 'ies'}`);
    });
    if (missing > 0) detail.push(...(await this.#missingOnSource(origin, missed)));
    if (audit.unrelated) detail.push(`${audit.unrelated} record(s) on ${remote} not produced to ${topic} by this run`);
    this.ledger.event('audit', `${remote} on ${target}`, `the copy misses ${missing} acked record(s) and holds ${duplicated} extra cop${duplicated === 1 ? 'y' : 'ies'} (re-copied by MM2)`);
    progress(`the copy of ${topic} on ${target}: ${missing} acked record(s) missing, ${duplicated} extra cop${duplicated === 1 ? 'y' : 'ies'} (re-copied by MM2)`);
    return { missing, duplicated, detail };
  }

  /**
   * Whether acked records missing from a copy are on the source at all, while it runs: a record
   * the client was acked for that its partition does not hold was never written (a false ack, as
   * kafkajs 2.2's idempotent producer gives after a send that failed on one broker reuses a
   * sequence number and the broker answers a same-sized batch as a duplicate), and MM2 had
   * nothing to copy. A plain read, not ledgered: it is no audit of a copy.
   */
  async #missingOnSource(origin: Origin, missed: Map<number, Set<number>>): Promise<string[]> {
    const cluster = await this.topology.cluster(origin.cluster);
    if (!cluster.brokers.some((b) => b.running)) return [`${origin.cluster} is down: whether it holds the missing records is unknown`];
    const found = new Map<number, Set<number>>();
    // Records below the source's log start were removed there (DeleteRecords, retention): no false ack.
    const removed = new Map<number, { count: number; start: number }>();
    try {
      const admin = await this.topology.admin(origin.cluster);
      await this.#noteLogStarts(origin.cluster, origin.topic, `the log start of ${origin.topic} on ${origin.cluster} when the copy was audited`);
      for (const o of await admin.offsets(origin.topic)) {
        const ns = missed.get(o.partition);
        if (!ns || o.start === 0) continue;
        let count = 0;
        for (const r of origin.partitions[o.partition]?.runs ?? []) {
          if (r.offset === undefined) continue;
          for (let i = 0; i < r.count; i++) if (r.offset + i < o.start && ns.delete(r.n + i)) count++;
        }
        if (count) removed.set(o.partition, { count, start: o.start });
      }
      await admin.scan(origin.topic, { timeoutMs: 120_000 }, (r) => {
        const id = this.ledger.identify(r.value);
        if (id && id[0] === origin.index && missed.get(id[1])?.has(id[2])) found.set(id[1], (found.get(id[1]) ?? new Set()).add(id[2]));
      });
    } catch (error) {
      return [`reading ${origin.topic} on ${origin.cluster} for the missing records failed (${(error as Error).message.split('\n')[0]})`];
    }
    const removedLines = [...removed].map(
      ([p, r]) =>
        `partition ${p}: ${r.count} missing record(s) lie below ${origin.cluster}'s log start (${r.start}): removed from ${origin.cluster} (DeleteRecords or retention)${removedOffsets(this.ledger, origin, p).length ? ' before MM2 copied them, as MM2\'s offset syncs show' : ''}, not a false ack`,
    );
    return [...removedLines, ...[...missed].filter(([, ns]) => ns.size > 0).map(([p, ns]) => {
      const there = found.get(p)?.size ?? 0;
      const absent = ns.size - there;
      return absent === 0
        ? `partition ${p}: all ${ns.size} missing record(s) are on ${origin.cluster}: the copy lost them (MM2 did not copy them, or they were removed from the target)`
        : `partition ${p}: ${absent} of the ${ns.size} missing record(s) are not on ${origin.cluster} either: the client was acked for records the broker never wrote (a false ack), MM2 had nothing to copy${there ? `; ${there} are there but not in the copy` : ''}`;
    })];
  }

  /**
   * An audit read, ledgered: `remote` on `target` from its log start with no group, every record
   * of `origin` counted. The checker counts a record an audit saw as copied: a group that did not
   * read it lost it; it was not lost in flight.
   */
  async #audit(origin: Origin, target: string, remote: string): Promise<Audit & { copies: Uint8Array[]; unrelated: number }> {
    const admin = await this.topology.admin(target);
    const audit = this.ledger.newAudit(origin, target, remote);
    let unrelated = 0;
    const read = await this.timings.time('audits', () =>
      admin.scan(remote, { timeoutMs: 300_000 }, (r) => {
        if (!this.ledger.audited(audit, r.value)) unrelated++;
      }),
    );
    this.ledger.event('audit', `${remote} on ${target}`, `read ${read} record(s) from the log start with no group`);
    return Object.assign(audit, { unrelated });
  }

  // ---- network faults (Toxiproxy between MM2 or the apps and a cluster) -------------------

  async #link(viewer: Viewer, alias: string): Promise<{ link: ClusterLink; name: string }> {
    const cluster = await this.topology.cluster(alias);
    const name = `the link from ${viewerWords(viewer)} to ${alias}`;
    if (!cluster.links) {
      throw new BadStepParameter(`${name} does not go through Toxiproxy, so it cannot be cut or slowed`, {
        hint: `declare the cluster with: Given a ${this.topology.roleOf(alias)} cluster "${alias}" with ${cluster.brokers.length} broker${cluster.brokers.length > 1 ? 's' : ''} behind Toxiproxy`,
      });
    }
    if (!cluster.brokers.some((b) => b.running)) {
      throw new BadStepParameter(`every broker of "${alias}" is down: a link to it has nothing left to cut`, { hint: 'inject network faults before the cluster is lost' });
    }
    return { link: cluster.links[viewer], name };
  }

  /** One network fault on a link: a toxic added, or the link cut; recorded as a fault event. */
  async #linkFault(viewer: Viewer, alias: string, what: string, act: (link: ClusterLink) => Promise<void>): Promise<{ link: ClusterLink; name: string }> {
    const found = await this.#link(viewer, alias);
    await this.timings.time('faults', () => act(found.link));
    this.#fault(found.name, what);
    return found;
  }

  async cutLink(viewer: Viewer, alias: string): Promise<void> {
    await this.#linkFault(viewer, alias, 'cut', (l) => l.cut());
  }

  /** Cuts the link now and heals it after `seconds`, while the following steps run (as a pause does). */
  async cutLinkFor(viewer: Viewer, alias: string, seconds: number): Promise<void> {
    this.#count(seconds, RULES.seconds);
    const { link, name } = await this.#linkFault(viewer, alias, `cut for ${seconds} s`, (l) => l.cut());
    this.#endAfter(seconds, () =>
      void link.heal().then(
        () => this.ledger.event('heal', name, `healed after ${seconds} s`),
        (error: Error) => progress(`healing ${name} failed: ${error.message}`),
      ),
    );
  }

  async slowLink(viewer: Viewer, alias: string, latencyMs: number, jitterMs = 0): Promise<void> {
    this.#count(latencyMs, RULES.latencyMs);
    if (jitterMs !== 0) this.#count(jitterMs, RULES.jitterMs);
    await this.#linkFault(viewer, alias, `${latencyMs} ms latency${jitterMs ? ` ± ${jitterMs} ms jitter` : ''}`, (l) => l.delay(latencyMs, jitterMs));
  }

  async throttleLink(viewer: Viewer, alias: string, kbPerSecond: number): Promise<void> {
    this.#count(kbPerSecond, RULES.kbPerSecond);
    await this.#linkFault(viewer, alias, `throttled to ${kbPerSecond} KB/s`, (l) => l.throttle(kbPerSecond));
  }

  async blackholeLink(viewer: Viewer, alias: string): Promise<void> {
    await this.#linkFault(viewer, alias, 'blackholed (nothing gets through, connections stay open)', (l) => l.blackhole());
  }

  async healLink(viewer: Viewer, alias: string): Promise<void> {
    const { link, name } = await this.#link(viewer, alias);
    await link.heal();
    this.ledger.event('heal', name, 'healed');
  }

  async healAllLinks(): Promise<void> {
    const clusters = this.topology.proxiedClusters();
    if (clusters.length === 0) throw new BadStepParameter('no cluster of this scenario is behind Toxiproxy', { hint: 'declare one with: Given a target cluster "es-tgt" with 1 broker behind Toxiproxy' });
    for (const c of clusters) for (const link of Object.values(c.links!)) await link.heal();
    this.ledger.event('heal', 'every link', 'healed');
  }

  /** Fails when the remote topic grows on the target within the window: MM2 must be cut off. */
  async expectNothingMirrored(topic: string, target: string, seconds: number): Promise<void> {
    this.#count(seconds, RULES.seconds);
    topic = this.#t(topic);
    const flow = await this.#flow(target);
    const remote = remoteTopic(flow.spec, topic);
    const admin = flow.target;
    const before = new Map((await admin.offsets(remote)).map((o) => [o.partition, o.end]));
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      for (const o of await admin.offsets(remote)) {
        if (o.end > (before.get(o.partition) ?? 0)) {
          throw new DrillError(`MM2 copied records to ${remote} on ${target} within ${seconds} s: partition ${o.partition} went from ${before.get(o.partition) ?? 0} to ${o.end}`, {
            hint: 'the link this scenario cut is not the one MM2 writes through, or it was healed',
          });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /**
   * A topic with min(3, brokers) replicas, or `replicas` when the step names them; its
   * min.insync.replicas is one less than its replicas (at least 1), as the clusters' default is
   * for theirs, so that acks=all can be met.
   */
  async createTopic(topic: string, alias: string, partitions: number, replicas?: number, configs: Record<string, string> = {}): Promise<void> {
    topic = this.#t(topic);
    this.#count(partitions, RULES.partitions);
    if (replicas !== undefined) this.#count(replicas, RULES.replicationFactor);
    const cluster = await this.topology.cluster(alias);
    if (replicas !== undefined && (replicas < 1 || replicas > cluster.brokers.length)) {
      throw new BadStepParameter(`topic "${topic}" cannot have ${replicas} replicas on "${alias}", which has ${cluster.brokers.length} broker${cluster.brokers.length > 1 ? 's' : ''}`, {
        hint: `use a replication factor from 1 to ${cluster.brokers.length}`,
      });
    }
    const rf = replicas ?? replicationFactorFor(cluster.brokers.length);
    const admin = await this.topology.admin(alias);
    cluster.own?.('topic', topic);
    await admin.createTopic(topic, partitions, rf, { ...(replicas === undefined ? {} : { 'min.insync.replicas': String(Math.max(1, rf - 1)) }), ...configs });
    // Created means usable from any broker: each answers metadata from its own cache, which the
    // controller updates a moment later.
    await waitFor(
      async () => {
        for (const b of cluster.brokers.filter((x) => x.running)) {
          const led = (await metadataOf(b.bootstrap, undefined, cluster.security)).partitions.filter((p) => p.topic === topic && p.leader >= 0).length;
          if (led < partitions) return `broker ${b.nodeId} knows a leader for ${led} of ${partitions} partition(s)`;
        }
        return true;
      },
      { what: `topic ${topic} on ${alias} to have a leader for every partition in every broker's metadata`, timeoutMs: DEFAULTS.brokerStartTimeoutMs, log: cluster.brokers[0]?.logFile },
    );
  }

  async startMirror(topics: string[], source: string, target: string, overrides: Record<string, string> = {}): Promise<void> {
    const values = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, interpolate(v, `MM2 property "${k}"`)]));
    const named = topics.map((t) => this.#t(t));
    const targetCluster = this.runtime?.namesCarryRunId ? await this.topology.cluster(target) : undefined;
    const mirror = await this.timings.time('MM2 ready', () => this.topology.startMirror({ source, target, topics: named, overrides: values, deployment: this.#deployment }));
    // MM2 made the remote topics for the harness's own: they go with it.
    for (const t of named) targetCluster?.own?.('topic', remoteTopic(mirror.spec, t));
  }

  // ---- how MM2 is deployed, and the faults and operations of its nodes and connectors ----

  #deployment: MirrorDeployment | undefined;
  /** Node, worker and connector operations (support/mirror/mirror-ops.ts). */
  readonly #ops = new MirrorOps({
    mirror: () => this.topology.mirror(),
    event: (kind, subject, what) => this.ledger.event(kind, subject, what),
    time: (phase, f) => this.timings.time(phase, f),
  });

  /** Before the mirrors step: MM2 on Kafka Connect (1–3 workers) or the dedicated driver on 1–3 nodes. */
  deployMirror(deployment: MirrorDeployment): void {
    this.#deployment = MirrorOps.checkDeployment(deployment, this.#deployment, this.topology.hasMirror);
  }

  async mirrorNode(kind: MirrorDeployment['kind'], index: number | 'leader' | { connector: string; task: number }, action: NodeAction): Promise<void> {
    await this.#ops.node(kind, index, action);
  }

  async mirrorTakeover(kind: MirrorDeployment['kind']): Promise<void> {
    await this.#ops.takeover(kind);
  }

  async connectorAction(connector: string, action: ConnectorAction): Promise<void> {
    await this.#ops.connector(connector, action);
  }

  async restartConnectorTask(connector: string, task: number): Promise<void> {
    await this.#ops.restartTask(connector, task);
  }

  async reconfigureConnector(connector: string, rows: string[][]): Promise<void> {
    const changes = Object.fromEntries(rows.map(([k, v]) => [k ?? '', interpolate(v ?? '', `connector property "${k}"`)]));
    await this.#ops.reconfigure(connector, changes);
  }

  /**
   * A control of the waits themselves: waiting for MM2 to mirror the topic must fail at once (not
   * time out) with an error saying `saying`: MM2 skipped records (MirrorSkipped) or stalled
   * (MirrorStalled). Returns the error's text.
   */
  async expectMirrorWaitFails(topic: string, target: string, saying: string): Promise<string> {
    const flow = await this.#flow(target);
    const started = Date.now();
    try {
      await this.timings.time('MM2 waits', () => waitMirrored(flow, this.#t(topic)));
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (!(error instanceof WaitTimeout) && text.includes(saying)) {
        this.verdictChecked = true;
        progress(`as expected, after ${((Date.now() - started) / 1000).toFixed(1)} s: ${text.split('\n')[0]}`);
        return text;
      }
      throw new VerdictMismatch(`waiting for MM2 to mirror ${topic} to ${target} was to fail at once saying "${saying}", but it failed otherwise:\n${text}`);
    }
    throw new VerdictMismatch(`waiting for MM2 to mirror ${topic} to ${target} was to fail saying "${saying}", but MM2 mirrored all of it`);
  }

  async expectConnectorFailed(connector: string, text: string, topic: string, target: string): Promise<void> {
    topic = this.#t(topic);
    const flow = await this.#flow(target);
    await this.#ops.expectFailed(connector, text, () => waitMirrored(flow, topic));
  }

  #requireMirrorRunning(what: string): void {
    if (!this.topology.mirror().running) throw new BadStepParameter(`MirrorMaker 2 is not running: there is nothing to ${what}`, { hint: 'restart it first: When MirrorMaker 2 is restarted' });
  }

  async stopMirror(): Promise<void> {
    this.#requireMirrorRunning('stop');
    this.#fault('MirrorMaker 2', 'stopped (SIGTERM)');
    await this.timings.time('faults', () => this.topology.mirror().stop());
  }

  async killMirror(): Promise<void> {
    this.#requireMirrorRunning('kill');
    this.#fault('MirrorMaker 2', 'killed (SIGKILL)');
    await this.timings.time('faults', () => this.topology.mirror().kill());
  }

  /** Every node of a cluster: SIGKILL (a lost site) or SIGTERM (a controlled shutdown). */
  async clusterFault(alias: string, how: 'stopped' | 'killed'): Promise<void> {
    const cluster = await this.topology.cluster(alias);
    if (!cluster.brokers.some((b) => b.running)) {
      throw new BadStepParameter(`every broker of "${alias}" is already down: there is nothing left to ${how === 'killed' ? 'kill' : 'stop'}`, {
        hint: `restart it first (When every broker of "${alias}" is restarted), or drop this step`,
      });
    }
    await this.#stopOrKill(alias, `every broker of ${alias}`, cluster, how);
  }

  async brokerFault(alias: string, nodeId: number, how: 'stopped' | 'killed'): Promise<void> {
    const cluster = await this.topology.cluster(alias);
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
    await this.topology.forgetAdmin(alias);
    const cluster = await this.topology.cluster(alias);
    const others = cluster.brokers.filter((b) => b.running && b !== target && target !== cluster);
    if (others.length === 0) await this.#lastLagSample(alias);
    // The event is the signal, recorded as it is sent; the step returns once the process is gone.
    this.#fault(subject, how === 'killed' ? 'killed (SIGKILL)' : 'stopped (SIGTERM)', others.length === 0 ? alias : undefined);
    await this.timings.time('faults', () => (how === 'killed' ? target.kill() : target.stop()));
  }

  /**
   * The offset syncs of every flow whose syncs live on `alias`, read once more before a fault
   * takes them away: they explain the checkpoints a group resumes from afterwards.
   */
  async #snapshotSyncs(alias: string): Promise<void> {
    // What the source removed before MM2 copied it is known only while the source answers.
    for (const mirror of [...this.#flows.keys()].filter((m) => m.spec.source === alias)) {
      const [source, target] = await Promise.all([this.topology.admin(alias), this.topology.admin(mirror.spec.target)]);
      for (const topic of mirror.spec.topics) {
        await withTimeout(recordRemovedFromTail(this.ledger, mirror.spec, source, target, topic), 10_000, `reading what ${alias} removed of ${topic} before the fault`).catch((error: Error) =>
          progress(`could not read what ${alias} removed of ${topic} before the fault (${error.message.split('\n')[0]})`),
        );
      }
    }
    for (const [mirror, records] of this.#flows) {
      const on = records.syncsOn === 'target' ? mirror.spec.target : mirror.spec.source;
      if (on !== alias) continue;
      await withTimeout(records.readSyncs(), 10_000, `reading MM2's offset syncs on ${alias} before the fault`).catch((error: Error) =>
        progress(`could not read MM2's offset syncs on ${alias} before the fault (${error.message.split('\n')[0]}); verdicts will show checkpoints without the syncs behind them`),
      );
    }
  }

  /**
   * A lost disk: the broker leading a partition is killed, its log of that partition deleted,
   * and it starts again. With other in-sync replicas a follower has taken over and the broker
   * copies the log back; with none, what it held is gone and the partition starts again empty.
   */
  async leaderLosesLog(alias: string, topic: string, partition: number): Promise<void> {
    this.#count(partition, RULES.partition);
    topic = this.#t(topic);
    const partitions = await this.#requirePartition(alias, topic, partition);
    const cluster = await this.topology.cluster(alias);
    if (!cluster.brokers.some((b) => b.running)) throw new BadStepParameter(`every broker of "${alias}" is down: no partition has a leader to lose`, { hint: `restart it first (When every broker of "${alias}" is restarted)` });
    // Asked of a running broker each time: the leader itself goes down in between.
    const leaderOf = async () => (await metadataOf(cluster.brokers.find((b) => b.running)!.bootstrap, undefined, cluster.security)).partitions.find((p) => p.topic === topic && p.partition === partition)?.leader ?? -1;
    const leader = await leaderOf();
    const broker = cluster.brokers.find((b) => b.nodeId === leader);
    if (!broker) throw new DrillError(`${topic}-${partition} on ${alias} has no leader to lose (the metadata says ${leader})`);
    const subject = `broker ${leader} of ${alias}`;
    await this.#stopOrKill(alias, subject, broker, 'killed');
    await broker.dropLog(topic, partition);
    this.#fault(subject, `its log of ${topic}-${partition} deleted (a lost disk)`);
    await this.restartBrokers(alias, leader);
    // Back means the partition answers for its offsets again.
    const admin = await this.topology.admin(alias);
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
    topic = this.#t(topic);
    this.#count(partition, RULES.partition);
    this.#count(before, RULES.offset);
    const admin = await this.topology.admin(alias);
    const partitions = await this.#requirePartition(alias, topic, partition);
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
    this.#fault(`${topic}-${partition} on ${alias}`, `records before offset ${before} deleted`);
    await this.#noteLogStarts(alias, topic, `records before offset ${before} deleted (DeleteRecords)`);
  }

  /** A control of the topic step: creating it with these configs must be refused by Kafka, its reason quoted. */
  async expectTopicRefused(topic: string, alias: string, configs: Record<string, string>, saying: string): Promise<void> {
    try {
      await this.createTopic(topic, alias, 1, undefined, configs);
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

  /** Topic configs changed in the middle of a drill (retention.ms to let retention act, then back). */
  async alterTopic(topic: string, alias: string, configs: Record<string, string>): Promise<void> {
    topic = this.#t(topic);
    await this.#requireTopic(alias, topic);
    await (await this.topology.admin(alias)).alterTopicConfigs(topic, configs);
    this.ledger.event('fault', `${topic} on ${alias}`, `configs set: ${Object.entries(configs).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  }

  /**
   * Until the log of a partition starts at `offset` or later (retention, compaction or
   * DeleteRecords acting), then notes the log start in the ledger: the records before it are gone.
   */
  async waitLogStart(topic: string, partition: number, alias: string, offset: number): Promise<void> {
    this.#count(partition, RULES.partition);
    this.#count(offset, RULES.offset);
    topic = this.#t(topic);
    const partitions = await this.#requirePartition(alias, topic, partition);
    const admin = await this.topology.admin(alias);
    const cluster = await this.topology.cluster(alias);
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
    await this.#noteLogStarts(alias, topic, `the log start of ${topic}-${partition} on ${alias} reached ${offset} or later`);
  }

  /** Every log start of `topic` on `alias` past its first record, in the ledger (support/mirror/log-starts.ts). */
  async #noteLogStarts(alias: string, topic: string, how: string): Promise<void> {
    const via = this.topology.mirrorInto(alias, topic);
    const origin = this.ledger.findOrigin(via ? { cluster: via.mirror.spec.source, topic: via.upstream } : { cluster: alias, topic });
    if (origin) await noteLogStart(this.ledger, origin, await this.topology.admin(alias), alias, topic, how);
  }

  // ---- workload -------------------------------------------------------------------------

  /** `named`: the scenario chose it (`the apps use the … client`), not the run's default (MIRRORDRILL_CLIENT). */
  useClient(name: ClientName, named = true): void {
    this.#client = createClient(name);
    this.clientNamed = named;
  }

  /** The client the scenario's apps use now. */
  get clientName(): ClientName {
    return this.#client.name;
  }

  /** The partition count of a topic the step names, once it has the partition the step names. */
  async #requirePartition(alias: string, topic: string, partition: number): Promise<number> {
    return partitionOf(topic, alias, partition, await this.#requireTopic(alias, topic));
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

  /** Produces in bounded batches (support/workload/produce-loop.ts); fails when nothing was acked and no fault explains it. */
  async produce(count: number, topic: string, alias: string): Promise<void> {
    this.#count(count, RULES.records);
    await this.timings.time('workload', () => this.#produce(count, this.#t(topic), alias));
  }

  async #produce(count: number, topic: string, alias: string): Promise<void> {
    const cluster = await this.topology.cluster(alias);
    const partitions = await this.#requireTopic(alias, topic);
    const origin = this.ledger.origin({ cluster: alias, topic }, partitions);
    let producer: ProducerSession;
    try {
      producer = await this.#client.openProducer(cluster.bootstrapFor('apps'), topic, DEFAULTS.produceTimeoutMs, this.appSecurity(cluster));
    } catch (error) {
      throw securityRefusal(error, alias, `the ${this.#client.name} producer`, this.appSecurity(cluster)) ?? new DrillError(`the ${this.#client.name} producer could not connect to ${alias}: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'check the cluster logs; no record was sent',
      });
    }
    let outcome: ProduceOutcome;
    try {
      outcome = await produceRecords(producer, this.ledger, origin, count, (answered, acked, ms) =>
        progress(`produced ${answered} of ${count} to ${topic} on ${alias} (${acked} acked, ${rate(answered, Date.now() - ms)} records/s)`),
      );
    } finally {
      await producer.close();
    }
    const { acked, firstError } = outcome;
    if (acked < count) progress(`${count - acked} of ${count} produces to ${topic} on ${alias} were not acked: ${firstError ?? ''}`);
    if (acked === 0 && this.faultsInjected === 0) {
      throw new DrillError(`none of the ${count} records produced to ${topic} on ${alias} was acked: ${firstError ?? 'no answer'}`, {
        hint: 'no fault was injected, so this is the broker refusing the records: read its reason above and the broker log',
      });
    }
  }

  /** Produces in transactions of `perTransaction` records, each committed or aborted (support/workload/transactional-produce.ts). */
  async produceInTransactions(count: number, topic: string, alias: string, perTransaction: number, end: 'commit' | 'abort'): Promise<void> {
    this.#count(count, RULES.records);
    this.#count(perTransaction, { ...RULES.records, what: 'the number of records in a transaction', example: 'in transactions of 10' });
    topic = this.#t(topic);
    await this.timings.time('workload', async () => {
      const cluster = await this.topology.cluster(alias);
      const partitions = await this.#requireTopic(alias, topic);
      const origin = this.ledger.origin({ cluster: alias, topic }, partitions);
      const id = `mirrordrill-txn-${this.run}-${++this.#transactionalProducers}`;
      const producer = await this.#client.openTransactionalProducer(cluster.bootstrapFor('apps'), topic, id, DEFAULTS.produceTimeoutMs, this.appSecurity(cluster));
      const o = await produceTransactions(producer, this.ledger, origin, count, perTransaction, end, (done, ms) => progress(`produced ${done} of ${count} to ${topic} on ${alias} in transactions (${rate(done, Date.now() - ms)} records/s)`)).finally(() => producer.close());
      const what = `${o.transactions} transaction(s) of ${perTransaction} (${end === 'commit' ? 'committed' : 'aborted'}): ${o.committed} committed, ${o.aborted} aborted, ${o.indeterminate} indeterminate`;
      this.ledger.event('producers', `${topic} on ${alias}`, what);
      progress(`${topic} on ${alias}: ${what}${o.firstError ? `: ${o.firstError}` : ''}`);
      if (o.committed + o.aborted === 0 && this.faultsInjected === 0) {
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
    this.#isolation.choose(level, group === undefined ? undefined : this.#g(group));
  }

  // ---- traffic that keeps flowing across steps ----------------------------------------------

  readonly #producers: { producer: BackgroundProducer; topic: string; alias: string }[] = [];

  /** Starts a producer that writes `rate` records/s until "the producers stop" (or the scenario ends). */
  async startProducers(rate: number, topic: string, alias: string): Promise<void> {
    this.#count(rate, RULES.rate);
    topic = this.#t(topic);
    const cluster = await this.topology.cluster(alias);
    const partitions = await this.#requireTopic(alias, topic);
    const origin = this.ledger.origin({ cluster: alias, topic }, partitions);
    // A short request timeout: through a fault, a request that cannot be answered is ledgered
    // indeterminate within seconds and the producer goes on.
    const session = await this.#client.openProducer(cluster.bootstrapFor('apps'), topic, 5_000, this.appSecurity(cluster));
    this.#producers.push({ producer: new BackgroundProducer(session, this.ledger, origin, rate, 0), topic, alias });
    this.ledger.event('producers', `${topic} on ${alias}`, `start writing ${rate} records/s`);
    // Traffic flows: sample the replication lag of every flow that carries it.
    for (const mirror of this.topology.mirrorsFrom(alias, topic)) {
      const flow = `${mirror.spec.source} → ${mirror.spec.target}`;
      const remote = remoteTopic(mirror.spec, topic);
      if (this.#lag.some((l) => l.flow === flow && l.remote === remote)) continue;
      this.#lag.push(new LagSampler(flow, mirror.spec.target, remote, origin, this.ledger, () => this.topology.admin(mirror.spec.target)));
    }
  }

  // ---- replication lag ---------------------------------------------------------------------

  readonly #lag: LagSampler[] = [];

  /** Lag samples of the flows into `target`, for the steps and the report. */
  lagSamplers(target?: string): LagSampler[] {
    return this.#lag.filter((l) => target === undefined || l.target === target);
  }

  /** A last sample of every flow out of a cluster about to be lost (the records at risk at the fault), then no more. */
  async #lastLagSample(source: string): Promise<void> {
    for (const l of this.#lag.filter((x) => x.source === source && !x.stopped)) {
      const s = await withTimeout(l.sample(), 3_000, 'sampling the replication lag').catch(() => undefined);
      if (s && !s.error) {
        l.atFault = s;
        progress(`at the fault: ${s.records} acked record(s) not in ${l.remote} on ${l.target} yet, the oldest acked ${(s.ms / 1000).toFixed(1)} s ago`);
      }
      // No more samples; one still being taken is not waited for: the fault goes on now.
      void l.stop(false);
    }
  }

  /** Until the background producers have had `count` records acked in all, since they started (or, with `more`, from now on). */
  async producersHaveWritten(count: number, more = false): Promise<void> {
    this.#count(count, RULES.records);
    if (this.#producers.length === 0) throw new BadStepParameter('no producer is running in this scenario', { hint: 'start them first: When producers write 200 records/s to "products" on "es-src"' });
    const total = () => this.#producers.reduce((n, p) => n + p.producer.acked, 0);
    const base = more ? total() : 0;
    const acked = () => total() - base;
    const rate = this.#producers.reduce((n, p) => n + p.producer.rate, 0);
    await this.timings.time('workload', () =>
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
      this.ledger.event('producers', `${topic} on ${alias}`, `stopped: ${o.sent} sent, ${o.acked} acked`);
      progress(
        `producers to ${topic} on ${alias}: ${o.sent} sent in ${(o.ms / 1000).toFixed(1)} s (${Math.round((o.sent * 1000) / o.ms)} records/s of ${producer.rate}), ${o.acked} acked` +
          (o.sent > o.acked ? `, ${o.sent - o.acked} indeterminate: ${o.firstError ?? ''}` : ''),
      );
    }
  }

  // ---- consumers that keep reading across steps ---------------------------------------------

  readonly #consumers: BackgroundConsumer[] = [];
  /** Consumers of groups that moved on, still closing (their cluster may be gone). */
  readonly #closing: Promise<void>[] = [];

  /** A consumer of the group that reads continuously, committing every `commitEveryMs`, until the group moves or stops. */
  async startConsumer(group: string, topic: string, alias: string, commitEveryMs: number, how: string): Promise<void> {
    this.#count(commitEveryMs, RULES.commitEveryMs);
    group = this.#g(group);
    topic = this.#t(topic);
    if (this.#consumers.some((c) => c.group === group)) {
      throw new BadStepParameter(`group "${group}" already consumes continuously in this scenario`, { hint: `stop it first: When group "${group}" stops consuming` });
    }
    const cluster = await this.topology.cluster(alias);
    const partitions = await this.#requireTopic(alias, topic);
    const origin = this.#origin(alias, topic, partitions);
    cluster.own?.('group', group);
    const session = this.ledger.newSession({ cluster: alias, topic, group, origin, client: this.#client.name });
    this.ledger.event('consumer', `group ${group}`, `consumes ${topic} on ${alias} continuously, ${how}`);
    this.#consumers.push(
      new BackgroundConsumer({ client: this.#client, bootstrap: cluster.bootstrapFor('apps'), security: this.appSecurity(cluster), isolation: this.#isolation.of(group), group, ref: { cluster: alias, topic }, session, ledger: this.ledger, commitEveryMs, how }),
    );
  }

  /** Stops the group's continuous consumers (every group's when `group` is undefined). */
  async #stopConsumers(group: string | undefined, lastCommit: boolean): Promise<number> {
    const stopping = this.#consumers.filter((c) => group === undefined || c.group === group);
    for (const c of stopping) {
      this.#consumers.splice(this.#consumers.indexOf(c), 1);
      const o = await c.stop(lastCommit);
      this.#closing.push(c.closed);
      this.ledger.finishSession(c.session, []);
      this.ledger.event('consumer', `group ${c.group}`, `stopped after ${o.reads} read(s) and ${o.commits} commit(s)`);
      progress(`group "${c.group}" stopped consuming ${c.session.topic} on ${c.session.cluster}: ${o.reads} read(s), ${o.commits} commit(s)${o.errors ? `, ${o.errors} failed read(s) or commit(s) retried` : ''}`);
    }
    return stopping.length;
  }

  async stopConsumer(group: string): Promise<void> {
    if ((await this.#stopConsumers(this.#g(group), true)) === 0) {
      throw new BadStepParameter(`group "${group}" does not consume continuously in this scenario`, { hint: `start it first: When group "${group}" consumes "products" on "es-src" with auto-commit` });
    }
  }

  /** Where a topic's records come from: itself, or the source topic of the mirror into it. */
  #origin(alias: string, topic: string, partitions: number): Origin {
    const via = this.topology.mirrorInto(alias, topic);
    return this.ledger.origin(via ? { cluster: via.mirror.spec.source, topic: via.upstream } : { cluster: alias, topic }, partitions);
  }

  async #consume(group: string, topic: string, alias: string, how: ConsumeHow): Promise<void> {
    await this.timings.time('workload', () => this.#read(group, topic, alias, how));
  }

  async #read(
    group: string,
    topic: string,
    alias: string,
    how: ConsumeHow,
  ): Promise<void> {
    const cluster = await this.topology.cluster(alias);
    const admin = await this.topology.admin(alias);
    cluster.own?.('group', group);
    const partitions = how.partitions ?? (await this.#requireTopic(alias, topic));
    if (how.rewind) partitionOf(topic, alias, how.rewind.partition, partitions);
    const origin = this.#origin(alias, topic, partitions);
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
    const resume = how.resume ?? (how.rewind ? undefined : await this.#syncedRead(group, topic, alias, partitions, origin));
    const session = this.ledger.newSession({ cluster: alias, topic, group, origin, client: this.#client.name, resume });
    const consumer = await this.#client.openConsumer({ bootstrap: cluster.bootstrapFor('apps'), security: this.appSecurity(cluster), group, topic, isolation: this.#isolation.of(group) });
    this.#sessions.add(consumer);
    const onRecord = (r: ConsumedRecord) => this.ledger.recordRead(session, r.partition, r.offset, r.value);
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
      this.ledger.recordCommit(group, { cluster: alias, topic }, committed);
      drained = toDrain;
    } catch (error) {
      throw securityRefusal(error, alias, `group "${group}" (${this.#client.name})`, this.appSecurity(cluster)) ?? new DrillError(`group "${group}" (${this.#client.name}) could not read from ${topic} on ${alias}: ${error instanceof Error ? error.message : String(error)}${kafkaSaid(error)}`, {
        hint: 'check that the records were produced (and mirrored) where the step reads, and the cluster logs',
      });
    } finally {
      this.ledger.finishSession(session, drained);
      this.#sessions.delete(consumer);
      await consumer.close();
    }
  }

  /**
   * The account of a group's first read of a remote topic that starts where MM2 put it (the
   * group's offset there is one MM2 checkpointed), else undefined: such a read re-reads what the
   * checkpoint implies, exactly as a resume from the offsets MM2 synced does.
   */
  async #syncedRead(group: string, topic: string, alias: string, partitions: number, origin: Origin): Promise<Resume | undefined> {
    const via = this.topology.mirrorInto(alias, topic);
    if (!via || this.ledger.sessions.some((s) => s.group === group && s.cluster === alias && s.topic === topic)) return undefined;
    const records = this.#flowRecords(via.mirror);
    await records.readCheckpoints();
    const checkpoints = records.latestCheckpoints(group, topic);
    const admin = await this.topology.admin(alias);
    const committed = await admin.groupOffsets(group, topic);
    if (![...committed].some(([p, offset]) => records.checkpointed(group, topic, p, offset))) return undefined;
    const resume = await accountResume({ ledger: this.ledger, group, topic, partitions, target: admin, origin, mode: 'synced', flow: { records, upstream: via.upstream, name: `${via.mirror.spec.source} → ${via.mirror.spec.target}` }, checkpoints });
    progress(`group "${group}" reads ${topic} on ${alias} from offsets MM2 synced: its re-reads are held against MM2's checkpoint`);
    return resume;
  }

  /** One consumer session of the group from its committed offsets (else the log start) to the end of every partition. */
  async groupReadsToEnd(group: string, topic: string, alias: string): Promise<void> {
    await this.#consume(this.#g(group), this.#t(topic), alias, { toEnd: true });
  }

  async groupReads(group: string, count: number, topic: string, alias: string): Promise<void> {
    await this.#consume(this.#g(group), this.#t(topic), alias, { max: this.#count(count, RULES.records) });
  }

  /** One consumer session that reads, seeks back within its partition, and reads on (a reordering control). */
  async groupReadsAndRewinds(group: string, count: number, topic: string, alias: string, partition: number, offset: number, more: number): Promise<void> {
    await this.#consume(this.#g(group), this.#t(topic), alias, {
      max: this.#count(count, RULES.records),
      rewind: { partition: this.#count(partition, RULES.partition), offset: this.#count(offset, RULES.offset), more: this.#count(more, RULES.records) },
    });
  }

  /**
   * The group moves to the target: its offsets come from MM2 (synced), from the checkpoints
   * (translated, as RemoteClusterUtils does), or nowhere (the beginning). Before it reads, the
   * harness records what MM2's checkpoint implies for every partition, which the verdict holds
   * the group's re-reads against.
   */
  async groupResumes(group: string, topic: string, alias: string, mode: ResumeMode): Promise<void> {
    group = this.#g(group);
    topic = this.#t(topic);
    // The group's consumers elsewhere stop first, without a last commit: its cluster may be gone.
    await this.#stopConsumers(group, false);
    const admin = await this.topology.admin(alias);
    const partitions = await this.#requireTopic(alias, topic);
    const via = this.topology.mirrorInto(alias, topic);
    if (mode === 'translated' && !via) {
      throw new BadStepParameter(`"${topic}" on "${alias}" is not a topic that MM2 mirrors into`, { hint: 'resume on the remote topic, e.g. "es-src.products" on "es-tgt"' });
    }
    const records = via ? this.#flowRecords(via.mirror) : undefined;
    if (records && via) {
      await records.readCheckpoints();
      // The syncs may live on a cluster that is gone: then what was read before the fault stands.
      const syncsOn = records.syncsOn === 'target' ? via.mirror.spec.target : via.mirror.spec.source;
      if ((await this.topology.cluster(syncsOn)).brokers.some((b) => b.running)) {
        await withTimeout(records.readSyncs(), 10_000, 'reading the offset syncs').catch(() => undefined);
      }
    }
    this.ledger.event('resume', `group ${group}`, `moves to ${topic} on ${alias} (${mode})`);
    // Copies the target removed already (MM2 copies retention.ms to the remote topic) were not the group's to read.
    if (via) await this.#noteLogStarts(alias, topic, `the log start of ${topic} on ${alias} when the group moved`);
    const checkpoints = records?.latestCheckpoints(group, topic) ?? new Map();
    if (mode === 'translated') {
      if (checkpoints.size) await admin.setGroupOffsets(group, topic, new Map([...checkpoints].map(([p, c]) => [p, c.downstreamOffset])));
      else progress(`no checkpoint of group "${group}" for ${topic}: it resumes from the earliest offset`);
    } else if (mode === 'beginning') {
      const offsets = await admin.offsets(topic, partitions);
      await admin.setGroupOffsets(group, topic, new Map(offsets.map((o) => [o.partition, o.start])));
    } else {
      const synced = await admin.groupOffsets(group, topic);
      progress(`group "${group}": MM2 synced an offset on ${alias} for ${synced.size} of ${partitions} partition(s) of ${topic}`);
    }
    const origin = this.#origin(alias, topic, partitions);
    const resume = await accountResume({
      ledger: this.ledger,
      group,
      topic,
      partitions,
      target: admin,
      origin,
      mode,
      flow: via && records ? { records, upstream: via.upstream, name: `${via.mirror.spec.source} → ${via.mirror.spec.target}` } : undefined,
      checkpoints,
    });
    if (resume.warning) progress(resume.warning);
    // What the target held when the group moved: the last record of each partition names the
    // last origin record MM2 had copied; every acked record after it was lost in flight.
    // (The ends are taken now, the records there read after the group's read, so that the audit
    // costs the group's recovery nothing.)
    const ends = via ? await admin.offsets(topic, partitions) : undefined;
    await this.#consume(group, topic, alias, { toEnd: true, partitions, resume });
    if (ends) await this.#tailAudit(origin, alias, topic, ends);
  }

  /** A tail audit, ledgered: the record before each given end of the partitions of `remote` on `target`. */
  async #tailAudit(origin: Origin, target: string, remote: string, offsets: PartitionOffsets[]): Promise<void> {
    const admin = await this.topology.admin(target);
    const audit = this.ledger.tailAudit(origin, target, remote, await admin.tails(remote, offsets));
    const unknown = audit.last.flatMap((l, p) => (l === undefined ? [p] : []));
    const notCopied = audit.last.reduce<number>((n, l, p) => n + (l === undefined ? 0 : unmirrored(origin, p, l).records), 0);
    const what = `${notCopied} acked record(s) of ${origin.topic} on ${origin.cluster} never copied${unknown.length ? `; partition(s) ${unknown.join(', ')} emptied, so what they held is unknown` : ''}`;
    this.ledger.event('audit', `${remote} on ${target}`, `the end of each partition read: ${what}`);
    progress(`${remote} on ${target} when the group moved: ${what}`);
  }

  // ---- waiting on MM2 -------------------------------------------------------------------

  #flowRecords(mirror: StartedMirror): FlowRecords {
    let records = this.#flows.get(mirror);
    if (!records) {
      const source = () => this.topology.admin(mirror.spec.source);
      records = new FlowRecords(mirror.spec, { source, target: () => this.topology.admin(mirror.spec.target) }, (skip) => recordSkip(this.ledger, mirror.spec, source, skip));
      this.#flows.set(mirror, records);
    }
    return records;
  }

  async #flow(target: string): Promise<FlowView> {
    const mirror = this.topology.mirror(undefined, target);
    const [source, targetAdmin] = await Promise.all([this.topology.admin(mirror.spec.source), this.topology.admin(target)]);
    return {
      spec: mirror.spec,
      source,
      target: targetAdmin,
      log: mirror.logFile,
      died: () => this.topology.mirrorDied(mirror),
      records: this.#flowRecords(mirror),
      skipped: (topic) => skippedError(this.ledger, mirror.spec, topic),
      checkRemovals: (topic) => recordRemovedFromTail(this.ledger, mirror.spec, source, targetAdmin, topic),
    };
  }

  async waitMirrored(topic: string, target: string): Promise<void> {
    const flow = await this.#flow(target);
    await this.timings.time('MM2 waits', () => waitMirrored(flow, this.#t(topic)));
  }

  /**
   * MM2 went through everything the source holds of the topic, and its offset syncs show that it
   * moved past exactly `count` acked records of the partition without copying them, because the
   * source had removed them first. The count is the ledger's: acked records in the stretches MM2
   * skipped, below the source's log start.
   */
  async expectSilentlySkipped(count: number, topic: string, partition: number): Promise<void> {
    this.#count(count, RULES.offset);
    this.#count(partition, RULES.partition);
    topic = this.#t(topic);
    const mirrors = this.topology.mirrorsOf(topic);
    if (mirrors.length !== 1) {
      throw new BadStepParameter(mirrors.length ? `${mirrors.length} MM2 flows mirror "${topic}"` : `no MM2 flow of this scenario mirrors "${topic}"`, { hint: 'start one flow of the topic first: Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"' });
    }
    const flow = await this.#flow(mirrors[0]!.spec.target);
    const origin = this.ledger.findOrigin({ cluster: flow.spec.source, topic });
    if (!origin || partition >= origin.partitions.length) throw new BadStepParameter(`no record was produced to partition ${partition} of "${topic}" on "${flow.spec.source}" in this scenario`, { hint: 'produce some first' });
    await this.timings.time('MM2 waits', async () => {
      await waitThroughSource(flow, topic);
      await flow.checkRemovals?.(topic);
    });
    this.verdictChecked = true;
    this.asserted.add('removed');
    const removed = removedOffsets(this.ledger, origin, partition);
    if (removed.length !== count) {
      const skips = this.ledger.mirrorSkips.filter((k) => k.origin === origin && k.partition === partition);
      throw new VerdictMismatch(
        `expected MM2 to have skipped ${count} acked record(s) of ${topic} partition ${partition} that ${flow.spec.source} removed first, but it skipped ${removed.length}${skips.length ? `:\n${skips.map((k) => `  MM2 skipped offsets ${k.from}–${k.to - 1} (syncs ${k.before.upstream} → ${k.before.downstream}, then ${k.after.upstream} → ${k.after.downstream}); log start then ${k.logStart ?? 'unknown'}`).join('\n')}` : ` (its offset syncs show no skip of partition ${partition})`}`,
      );
    }
  }

  async waitCheckpoint(group: string, target: string): Promise<void> {
    const flow = await this.#flow(target);
    await this.timings.time('MM2 waits', () => waitCheckpointed(flow, this.#g(group)));
  }

  // ---- verdict --------------------------------------------------------------------------

  /** The checker's verdict over the ledger as it is now; computed once per state of the ledger. */
  verdict(): Verdict {
    this.verdictChecked = true;
    return this.currentVerdict();
  }

  /** The same, without counting as a check (the report's copy). */
  currentVerdict(): Verdict {
    if (this.#verdict?.version !== this.ledger.version) {
      const start = Date.now();
      this.#verdict = { version: this.ledger.version, verdict: check(this.ledger) };
      this.timings.span('verdict', start);
    }
    return this.#verdict.verdict;
  }

  describe(verdict: Verdict): string {
    return formatVerdict(verdict);
  }

  async teardown(): Promise<void> {
    await this.timings.time('teardown', async () => {
      for (const p of [...this.#paused]) {
        clearTimeout(p.timer);
        await p.resume();
      }
      await Promise.allSettled(this.#producers.splice(0).map(({ producer }) => producer.stop()));
      await Promise.allSettled(
        this.#consumers.splice(0).map(async (c) => {
          await c.stop(false);
          await c.closed;
        }),
      );
      await Promise.allSettled(this.#closing.splice(0));
      await Promise.allSettled(this.#lag.map((l) => l.stop()));
      await Promise.allSettled([...this.#sessions].map((s) => s.close()));
      await this.#topology?.teardown();
      await this.disposeSecurity();
    });
  }
}

function rate(count: number, since: number): string {
  const seconds = (Date.now() - since) / 1000;
  return seconds > 0 ? Math.round(count / seconds).toLocaleString('en-US') : '–';
}
