import { join } from 'node:path';
import { DEFAULTS } from './config/defaults.ts';
import { isSecretKey, redactText } from './config/secrets.ts';
import { BadStepParameter, MirrorAuthFailed, MirrorConfigRefused, MirrorStalled, ProcessExited } from './errors.ts';
import { ClusterAdmin } from './kafka/cluster-admin.ts';
import { ConfigRefusalWatch } from './mirror/mm2-config-refusal.ts';
import { AuthFailureWatch } from './mirror/mm2-auth-failure.ts';
import { OutOfRangeWatch } from './mirror/mm2-out-of-range.ts';
import { knownSecrets } from './security/secret-values.ts';
import { validateOverrides, type MirrorSpec } from './mirror/mm2-properties.ts';
import { refuseMirrorInput } from './mirror/mirror-input.ts';
import { remoteTopic } from './mirror/replication-policy.ts';
import { ownedBrokerSetting } from './runtime/broker-properties.ts';
import { progress } from './progress.ts';
import { logTail } from './runtime/log-tail.ts';
import { LogWatch } from './os/log-watch.ts';
import type { Runtime, StartedCluster, StartedMirror } from './runtime/runtime.ts';
import type { SecurityMode } from './security/cluster-security.ts';
import type { PhaseTimer } from './report/phase-timer.ts';
import { waitFor } from './wait-for.ts';

export const ROLES = ['source', 'target'] as const;

/** How a flow is named in steps, verdicts and reports: "es-src → es-tgt". */
export const flowName = (spec: { source: string; target: string }): string => `${spec.source} → ${spec.target}`;

/** ", on Kafka Connect (3 workers)" / ", dedicated on 3 nodes" / "" for one dedicated node. */
function describeDeployment(m: StartedMirror): string {
  const d = m.deployment;
  if (!d || (d.kind === 'dedicated' && d.nodes === 1)) return '';
  return d.kind === 'connect' ? `, on Kafka Connect (${d.nodes} worker${d.nodes > 1 ? 's' : ''})` : `, dedicated on ${d.nodes} nodes`;
}
export type Role = (typeof ROLES)[number];

const ALIAS = /^[A-Za-z0-9][A-Za-z0-9_-]{0,30}$/;
const MAX_BROKERS = 5;

interface ClusterEntry {
  alias: string;
  role: Role;
  brokers: number;
  proxied: boolean;
  security?: SecurityMode;
  /** Started in the background so that two clusters come up at once. */
  starting: Promise<StartedCluster>;
  started?: StartedCluster;
  admin?: ClusterAdmin;
}

/**
 * The clusters and mirrors of one scenario, by alias. Starting is asynchronous (a cluster
 * declared in one step is awaited by the first step that needs it); teardown kills everything
 * that was started, also when the scenario failed.
 */
export class Topology {
  readonly #clusters = new Map<string, ClusterEntry>();
  readonly #mirrors: StartedMirror[] = [];
  readonly #refusals = new Map<StartedMirror, ConfigRefusalWatch>();
  readonly #authFailures = new Map<StartedMirror, AuthFailureWatch>();
  readonly #stalls = new Map<StartedMirror, OutOfRangeWatch>();

  constructor(
    private readonly runtime: Runtime,
    private readonly dir: string,
    private readonly timings?: PhaseTimer,
  ) {}

  declareCluster(role: Role, alias: string, brokers: number, proxied = false, security?: SecurityMode, settings?: Record<string, string>): void {
    if (!ALIAS.test(alias)) {
      throw new BadStepParameter(`cluster alias "${alias}" cannot be used`, {
        hint: 'use letters, digits, "-" and "_" (MM2 puts the alias in topic names), at most 31 characters',
      });
    }
    if (this.#clusters.has(alias)) throw new BadStepParameter(`cluster "${alias}" is declared twice in this scenario`, { hint: 'give each cluster its own alias' });
    if (!Number.isInteger(brokers) || brokers < 1 || brokers > MAX_BROKERS) {
      throw new BadStepParameter(`cluster "${alias}" cannot have ${brokers} brokers`, { hint: `use 1 to ${MAX_BROKERS} brokers` });
    }
    const owned = settings && ownedBrokerSetting(settings);
    if (owned) {
      throw new BadStepParameter(`broker setting "${owned}" of cluster "${alias}" is the harness's: it lays out the nodes' listeners, ids, controllers, log dirs and security`, {
        hint: 'drop that row; say security with "secured with …" and proxies with "behind Toxiproxy"',
      });
    }
    const entry: ClusterEntry = { alias, role, brokers, proxied, security, starting: this.runtime.startCluster({ alias, brokers, proxied, security, ...(settings ? { settings } : {}) }, join(this.dir, alias)) };
    const start = Date.now();
    entry.starting.then(
      (c) => {
        entry.started = c;
        this.timings?.span('cluster start', start);
      },
      () => undefined,
    );
    this.#clusters.set(alias, entry);
  }

  #entry(alias: string): ClusterEntry {
    const entry = this.#clusters.get(alias);
    if (!entry) {
      const known = [...this.#clusters.keys()];
      throw new BadStepParameter(`no cluster "${alias}" in this scenario`, {
        hint: known.length
          ? `use one of: ${known.map((k) => `"${k}"`).join(', ')}, or declare it first ("Given a source cluster "${alias}" with 1 broker")`
          : `declare it first: Given a source cluster "${alias}" with 1 broker`,
      });
    }
    return entry;
  }

  /** The clusters the scenario declared so far, as a user's MM2 configuration is bound to them (resource-mapping.ts). */
  declared(): { alias: string; brokers: number; security?: SecurityMode }[] {
    return [...this.#clusters.values()].map((e) => ({ alias: e.alias, brokers: e.brokers, ...(e.security ? { security: e.security } : {}) }));
  }

  roleOf(alias: string): Role {
    return this.#entry(alias).role;
  }

  /** "es-src (source, 1 broker)" per cluster and "es-src → es-tgt" per flow, for the report. */
  describe(): string[] {
    const clusters = [...this.#clusters.values()].map((e) => `${e.alias} (${e.role}, ${e.brokers} broker${e.brokers > 1 ? 's' : ''}${e.proxied ? ', MM2 and the apps through Toxiproxy' : ''}${e.security ? `, secured with ${e.security}` : ''})`);
    return [...clusters, ...this.#mirrors.map((m) => `MM2 ${m.spec.source} → ${m.spec.target}: ${m.spec.topics.join(', ')}${describeDeployment(m)}`)];
  }

  /** "es-src: 127.0.0.1:40123 (broker 1 running)" per cluster started, for inspection. */
  endpoints(): string[] {
    const clusters = [...this.#clusters.values()].flatMap((e) =>
      e.started
        ? [
            `${e.alias}: ${e.started.bootstrapServers.join(',')} (${e.started.brokers.map((b) => `broker ${b.nodeId} ${b.running ? 'running' : 'down'}`).join(', ')})`,
            ...(e.started.toolConfigs ? [`  ${e.alias} is secured (${e.started.security?.protocol}): --command-config ${e.started.toolConfigs.cli}, or kcat -F ${e.started.toolConfigs.kcat}${e.started.security?.scram && !e.started.version.startsWith('3.') ? ' (kcat on librdkafka 2.6.1 or later: older ones fail SCRAM against Kafka 4, librdkafka#4895; Debian 12 ships 2.0.2)' : ''}`] : []),
          ]
        : [],
    );
    // The REST API of MM2's Connect workers (or dedicated nodes' internal one), for curl.
    const rest = this.#mirrors.flatMap((m) =>
      (m.nodes ?? []).flatMap((n) => (n.url ? [`MM2 ${m.deployment?.kind === 'connect' ? 'Connect worker' : 'node'} ${n.index}: ${n.url} (${n.running ? 'running' : 'down'})`] : [])),
    );
    return [...clusters, ...rest];
  }

  /** Clusters whose MM2 link goes through Toxiproxy, started. */
  proxiedClusters(): StartedCluster[] {
    return [...this.#clusters.values()].flatMap((e) => (e.proxied && e.started ? [e.started] : []));
  }

  async cluster(alias: string): Promise<StartedCluster> {
    return this.#entry(alias).starting;
  }

  /** The harness' admin client for a cluster (one per cluster, closed at teardown). */
  async admin(alias: string): Promise<ClusterAdmin> {
    const entry = this.#entry(alias);
    const cluster = await entry.starting;
    if (!entry.admin) entry.admin = new ClusterAdmin(cluster.bootstrapServers, alias, cluster.security);
    return entry.admin;
  }

  /** Drops the admin of a cluster that was killed, so nothing waits on its retries. */
  async forgetAdmin(alias: string): Promise<void> {
    const entry = this.#entry(alias);
    await entry.admin?.close();
    entry.admin = undefined;
  }

  async startMirror(spec: MirrorSpec): Promise<StartedMirror> {
    validateOverrides(spec);
    if (spec.source === spec.target) throw new BadStepParameter(`MM2 cannot mirror "${spec.source}" to itself`, { hint: 'name two different clusters' });
    await refuseMirrorInput(spec);
    const [source, target] = await Promise.all([this.cluster(spec.source), this.cluster(spec.target)]);
    const mirror = await this.runtime.startMirror(spec, source, target, join(this.dir, 'mm2'));
    this.#mirrors.push(mirror);
    // Ready means mirroring works: every named topic that exists on the source has its remote
    // topic on the target.
    const sourceAdmin = await this.admin(spec.source);
    const targetAdmin = await this.admin(spec.target);
    const existing = new Set(await sourceAdmin.topics());
    const literal = spec.topics.filter((t) => existing.has(t));
    await waitFor(
      async () => {
        const topics = new Set(await targetAdmin.topics());
        const missing = literal.map((t) => remoteTopic(mirror.spec, t)).filter((t) => !topics.has(t));
        return missing.length === 0 ? true : `${spec.target} has no ${missing.join(', ')} yet`;
      },
      {
        what: `MM2 to start mirroring ${literal.join(', ') || spec.topics.join(', ')} from ${spec.source} to ${spec.target}`,
        timeoutMs: DEFAULTS.mirrorTimeoutMs,
        log: mirror.logFile,
        onProgress: (ms, state) => progress(`MM2 starting (${(ms / 1000).toFixed(0)} s): ${state ?? ''}`),
        abort: () => this.mirrorDied(mirror),
      },
    );
    return mirror;
  }

  /**
   * Why waiting on this MM2 is pointless, else undefined: it exited, or it runs but refused its
   * configuration (a connector MM2 will not configure never mirrors, checkpoints or syncs).
   * Quotes MM2's own log lines, with the scenario's secret values taken out.
   */
  mirrorDied(mirror: StartedMirror): Error | undefined {
    const secrets = [
      ...Object.entries(mirror.spec.overrides)
        .filter(([k]) => isSecretKey(k))
        .map(([, v]) => v),
      ...knownSecrets(),
    ];
    if (!mirror.running) return new ProcessExited(`MM2 ${mirror.describeExit()}:\n${redactText(logTail(mirror.logFile), secrets)}`, { log: mirror.logFile });
    // On Kafka Connect: a connector or task FAILED, quoted from the status endpoint.
    const failed = mirror.failure?.();
    if (failed) return failed;
    let watch = this.#refusals.get(mirror);
    if (!watch) this.#refusals.set(mirror, (watch = new ConfigRefusalWatch(new LogWatch(mirror.logFile))));
    const refusal = watch.check();
    if (!refusal) return this.#authFailed(mirror, secrets) ?? this.#outOfRange(mirror);
    const quoted = refusal.map((l) => `    ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`).join('\n');
    const named = [...refusal.join('\n').matchAll(/for configuration (\S+?):|Missing required configuration "?([^"\s]+)/g)].map((m) => m[1] ?? m[2]!);
    const rows = Object.keys(mirror.spec.overrides).filter((k) => named.some((n) => k === n || k.endsWith(`.${n}`)));
    return new MirrorConfigRefused(`MM2 ${mirror.spec.source} → ${mirror.spec.target} refused its configuration:\n${redactText(quoted, secrets)}`, {
      log: mirror.logFile,
      hint: rows.length
        ? `give ${rows.map((k) => `"${k}"`).join(', ')} in the step's table a value MM2 accepts (its error above says what it expects)`
        : "check the MM2 properties in the step's table against MM2's configuration reference",
    });
  }

  /**
   * MM2 running, its source consumer stuck below the source's log start with no reset policy
   * (consumer.auto.offset.reset=none): it will copy nothing more of that partition.
   */
  #outOfRange(mirror: StartedMirror): MirrorStalled | undefined {
    let watch = this.#stalls.get(mirror);
    if (!watch) this.#stalls.set(mirror, (watch = new OutOfRangeWatch(new LogWatch(mirror.logFile))));
    const stalled = watch.check();
    if (!stalled) return undefined;
    const { source, target } = mirror.spec;
    const why = stalled.line.startsWith('NoOffsetForPartition')
      ? `MM2 has no stored position there (a partition it never copied is left to its consumer's reset policy)`
      : `its position there is below ${source}'s log start (records were removed on ${source} before MM2 copied them)`;
    return new MirrorStalled(
      `MM2 ${source} → ${target} copies nothing of ${stalled.partitions.join(', ') || 'a partition'}: ${why}, and its consumer has no reset policy (auto.offset.reset=none), so MM2 copies nothing more of it: its polls fail on it and are retried for ever (other partitions of the task go on); its log says:\n    WARN Failure during poll.\n    ${stalled.line}`,
      {
        log: mirror.logFile,
        hint: `this is consumer.auto.offset.reset=none doing its job: nothing is skipped in silence. To go on, reset MM2's source offsets past the gap (or remove the override: MM2 then resets to the log start and skips the removed records, which "MirrorMaker 2 silently skipped N records of …" asserts)`,
      },
    );
  }

  /**
   * MM2 running but refused by a cluster's authentication (its log says so): it retries for
   * ever and mirrors nothing. Names the cluster by the broker address in MM2's log line.
   */
  #authFailed(mirror: StartedMirror, secrets: string[]): MirrorAuthFailed | undefined {
    let watch = this.#authFailures.get(mirror);
    if (!watch) this.#authFailures.set(mirror, (watch = new AuthFailureWatch(new LogWatch(mirror.logFile))));
    const failure = watch.check();
    if (!failure) return undefined;
    const { source, target } = mirror.spec;
    const alias = [source, target].find((a) => failure.address && String(mirror.properties[`${a}.bootstrap.servers`] ?? '').split(',').includes(failure.address));
    const line = failure.line.length > 400 ? `${failure.line.slice(0, 400)}…` : failure.line;
    const rows = Object.keys(mirror.spec.overrides).filter((k) => alias && k.startsWith(`${alias}.`) && /^[^.]+\.(security\.|ssl\.|sasl\.)/.test(k));
    return new MirrorAuthFailed(
      `MM2 ${source} → ${target} failed to authenticate to ${alias ?? `a cluster (${failure.address ?? 'address not in the line'})`}; MM2's log says:\n    ${redactText(line, secrets)}`,
      {
        log: mirror.logFile,
        cluster: alias,
        hint: rows.length
          ? `MM2's credentials for ${alias} come from ${rows.map((k) => `"${k}"`).join(', ')} in the step's table: fix or remove ${rows.length > 1 ? 'them' : 'it'}`
          : `MM2 uses the credentials mirrordrill made for ${alias ?? 'each cluster'}; check the cluster's security in its step and the broker log`,
      },
    );
  }

  /** Whether a mirror was started in this scenario. */
  get hasMirror(): boolean {
    return this.#mirrors.length > 0;
  }

  /** The only mirror, or the one between two aliases; a clear error when that is ambiguous. */
  mirror(source?: string, target?: string): StartedMirror {
    const matching = this.#mirrors.filter((m) => (!source || m.spec.source === source) && (!target || m.spec.target === target));
    if (matching.length === 1) return matching[0]!;
    const all = this.#mirrors.map((m) => flowName(m.spec)).join(', ') || 'none';
    if (matching.length === 0) {
      throw new BadStepParameter(`no MirrorMaker 2 flow${source ? ` from "${source}"` : ''}${target ? ` to "${target}"` : ''} in this scenario (flows: ${all})`, {
        hint: 'start one first: Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"',
      });
    }
    // Several flows (support/flow-guard.ts refuses such a step before the scenario starts; this is the same rule, at the step).
    throw new BadStepParameter(`several MM2 flows match (${matching.map((m) => flowName(m.spec)).join(', ')}): the step must name its flow`, {
      hint: `name the flow: MirrorMaker 2 from "${matching[0]!.spec.source}" to "${matching[0]!.spec.target}" …`,
    });
  }

  /** The flows started in this scenario, in the order of their steps. */
  get mirrors(): readonly StartedMirror[] {
    return this.#mirrors;
  }

  /** The mirror whose target is `alias` and which carries `topic` there, if any. */
  mirrorInto(alias: string, topic: string): { mirror: StartedMirror; upstream: string } | undefined {
    for (const mirror of this.#mirrors) {
      if (mirror.spec.target !== alias) continue;
      const upstream = mirror.spec.topics.find((t) => remoteTopic(mirror.spec, t) === topic);
      if (upstream) return { mirror, upstream };
    }
    return undefined;
  }

  /** The mirrors that copy `topic` out of `alias`. */
  mirrorsFrom(alias: string, topic: string): StartedMirror[] {
    return this.#mirrors.filter((m) => m.spec.source === alias && m.spec.topics.includes(topic));
  }

  /** The mirrors that copy `topic`, from whichever cluster. */
  mirrorsOf(topic: string): StartedMirror[] {
    return this.#mirrors.filter((m) => m.spec.topics.includes(topic));
  }

  /** What MM2 calls `topic` of another cluster on `alias`, for hints. */
  remoteTopicsOn(alias: string, topic: string): string[] {
    return this.#mirrors.filter((m) => m.spec.target === alias && m.spec.topics.includes(topic)).map((m) => remoteTopic(m.spec, topic));
  }

  /** Log files of everything started, for the report. */
  logs(): string[] {
    const logs: string[] = [];
    for (const e of this.#clusters.values()) for (const b of e.started?.brokers ?? []) logs.push(b.logFile);
    for (const m of this.#mirrors) logs.push(...(m.nodes?.map((n) => n.logFile) ?? [m.logFile]));
    return logs;
  }

  async teardown(): Promise<void> {
    const admins = [...this.#clusters.values()].map((e) => e.admin?.close());
    await Promise.allSettled(admins);
    await Promise.allSettled(this.#mirrors.map((m) => m[Symbol.asyncDispose]()));
    await Promise.allSettled([...this.#clusters.values()].map(async (e) => (await e.starting)[Symbol.asyncDispose]()));
  }
}
