import { readFileSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '../../config/defaults.ts';
import { DEFAULTS } from '../../config/defaults.ts';
import { isSecretKey, redactProperties, redactText } from '../../config/secrets.ts';
import { BadStepParameter, ConfigError, DrillError } from '../../errors.ts';
import { ClusterAdmin, readerGroupsMade } from '../../kafka/cluster-admin.ts';
import { CONNECTOR_PACKAGE, type MirrorConnector } from '../../mirror/connect-config.ts';
import { ConnectRest, ConnectRestError, describeStatus, failuresOf, type ConnectorStatus } from '../../mirror/connect-rest.ts';
import { DEFAULT_POLICY, type MirrorSpec } from '../../mirror/mm2-properties.ts';
import type { Properties } from '../../config/properties.ts';
import { progress } from '../../progress.ts';
import type { ClientSecurity } from '../../security/cluster-security.ts';
import { waitFor, withTimeout } from '../../wait-for.ts';
import { faultsOf, FaultNotSupported } from '../capabilities.ts';
import type { ClusterSpec, Fault, PauseMethod, Runtime, StartedBroker, StartedCluster, StartedMirror, Viewer } from '../runtime.ts';
import { loadExternalConfig, type CommandFault, type ExternalCluster, type ExternalConfig, type ExternalMirror, type FaultCommand, type FaultCommands } from './external-config.ts';
import { runFaultCommand } from './fault-command.ts';
import { accountOnExternal, connectionKeys, refuseUserConfig, userConnectorConfig } from './user-connectors.ts';
import { rememberSecret } from '../../security/secret-values.ts';

/** Your Connect cluster may be rebalancing after a fault started a worker again: a request it refuses for that is sent again for up to 90 s. */
const REBALANCE_WAIT_MS = 90_000;

/** Faults that act on what the config's commands name: run only with allowDestructiveFaults. */
const DESTRUCTIVE: readonly Fault[] = ['kill', 'stop', 'pause', 'restart'];

/**
 * MM2 settings the harness reads to name topics and judge re-reads, with the value MM2 itself
 * uses when its config has none (not mirrordrill's fast defaults: an external MM2 was set up by
 * someone else).
 */
export const MM2_DEFAULTS: Record<string, string> = {
  'replication.policy.class': DEFAULT_POLICY,
  'replication.policy.separator': '.',
  'replication.policy.internal.topic.separator.enabled': 'true',
  'offset.lag.max': '100',
  'sync.group.offsets.enabled': 'false',
  'offset-syncs.topic.location': 'source',
};
/** MM2's default topics.exclude (MirrorSourceConfig / DefaultTopicFilter). */
const DEFAULT_TOPICS_EXCLUDE = '.*[\\-\\.]internal, .*\\.replica, __.*';

/** The innermost messages of an error (an AggregateError's, a cause chain's), for quoting a client's own words. */
export function errorText(error: unknown): string {
  const seen: string[] = [];
  const walk = (e: unknown) => {
    if (!e || seen.length > 6) return;
    if (e instanceof Error) {
      if (e.message && !seen.includes(e.message)) seen.push(e.message);
      for (const inner of (e as { errors?: unknown[] }).errors ?? []) walk(inner);
      walk((e as { cause?: unknown }).cause);
    } else seen.push(String(e));
  };
  walk(error);
  return seen.join(': ');
}

/** Runs a configured command for one target, refusing when the config does not allow destruction or has no command. */
class Commands {
  constructor(
    private readonly config: ExternalConfig,
    private readonly log: string,
  ) {}
  has(commands: FaultCommands, fault: CommandFault): boolean {
    return commands[fault] !== undefined;
  }
  async run(commands: FaultCommands, fault: CommandFault, what: string, where: string): Promise<void> {
    const c: FaultCommand | undefined = commands[fault];
    if (!c) throw new FaultNotSupported(`the external runtime has no ${fault} command for ${what}`, { hint: `add "${fault}" to ${where}.faults in ${this.config.file}` });
    if (!this.config.allowDestructiveFaults) throw destructiveRefused(this.config, [`${fault} ${what}`]);
    await runFaultCommand(c, `${fault} ${what}`, this.log, this.config.secrets);
  }
}

function destructiveRefused(config: ExternalConfig, what: string[]): ConfigError {
  return new ConfigError(`the external runtime will not ${what.join(', ')}: ${config.file} does not allow destructive faults`, {
    key: 'allowDestructiveFaults',
    hint: `these clusters are not the harness's own: if this drill may kill, stop, pause and restart what the commands in ${config.file} name, add "allowDestructiveFaults": true at its top level; else leave such scenarios out (e.g. --tags "not @seed")`,
  });
}

/**
 * A node the harness did not start: each fault runs the command the config gives for it, and
 * `running` follows what the scenario did (a kill or stop takes it down, a restart brings it back).
 */
abstract class CommandNode {
  running = true;
  protected abstract run(fault: CommandFault): Promise<void>;
  /** What must hold again after a restart command, before the scenario goes on. */
  protected async restarted(): Promise<void> {}
  async stop(): Promise<void> {
    await this.run('stop');
    this.running = false;
  }
  async kill(): Promise<void> {
    await this.run('kill');
    this.running = false;
  }
  async pause(): Promise<void> {
    await this.run('pause');
  }
  async resume(): Promise<void> {
    await this.run('resume');
  }
  async restart(): Promise<void> {
    await this.run('restart');
    this.running = true;
    await this.restarted();
  }
}

class ExternalBroker extends CommandNode implements StartedBroker {
  constructor(
    readonly nodeId: number,
    readonly bootstrap: string,
    readonly logFile: string,
    private readonly cluster: ExternalCluster,
    private readonly commands: Commands,
  ) {
    super();
  }
  /** This broker's command, or the cluster's when the cluster is this one broker. */
  #commands(fault: CommandFault): { commands: FaultCommands; where: string } {
    const own = this.cluster.brokers[this.nodeId];
    if (own?.[fault]) return { commands: own, where: `clusters.${this.cluster.alias}.brokers.${this.nodeId}` };
    return { commands: this.cluster.faults, where: `clusters.${this.cluster.alias}` };
  }
  protected async run(fault: CommandFault): Promise<void> {
    const { commands, where } = this.#commands(fault);
    await this.commands.run(commands, fault, `broker ${this.nodeId} of ${this.cluster.alias}`, where);
  }
  async dropLog(): Promise<void> {
    throw new FaultNotSupported(`the external runtime cannot delete a log of broker ${this.nodeId} of ${this.cluster.alias}`, { hint: 'run lost-disk drills on the local or containers runtime' });
  }
  async wipe(): Promise<void> {
    throw new FaultNotSupported(`the external runtime cannot rebuild broker ${this.nodeId} of ${this.cluster.alias} empty`, { hint: 'run rebuild drills on the local or containers runtime' });
  }
}

class ExternalStartedCluster implements StartedCluster {
  readonly #owned = { topic: new Set<string>(), group: new Set<string>() };
  constructor(
    readonly alias: string,
    readonly brokers: ExternalBroker[],
    readonly version: string,
    readonly security: ClientSecurity | undefined,
    private readonly cluster: ExternalCluster,
    private readonly commands: Commands,
    private readonly config: ExternalConfig,
  ) {}
  get bootstrapServers(): string[] {
    return this.cluster.bootstrapServers;
  }
  bootstrapFor(_viewer: Viewer): string[] {
    return this.cluster.bootstrapServers;
  }
  own(kind: 'topic' | 'group', name: string): void {
    this.#owned[kind].add(name);
  }
  /** The whole cluster: its own command once, else each broker's. */
  async #all(fault: 'kill' | 'stop'): Promise<void> {
    if (this.commands.has(this.cluster.faults, fault)) {
      await this.commands.run(this.cluster.faults, fault, `every broker of ${this.alias}`, `clusters.${this.alias}`);
      for (const b of this.brokers) b.running = false;
    } else {
      await Promise.all(this.brokers.map((b) => b[fault]()));
    }
  }
  stop(): Promise<void> {
    return this.#all('stop');
  }
  kill(): Promise<void> {
    return this.#all('kill');
  }
  /**
   * Not a stop: the cluster is someone else's. Brokers the scenario took down are started again
   * (their restart command) and awaited, then the topics and groups the harness made are deleted
   * (and nothing else).
   */
  async [Symbol.asyncDispose](): Promise<void> {
    const down = this.brokers.filter((b) => !b.running);
    if (down.length) {
      progress(`restoring ${this.alias}: starting again ${down.map((b) => `broker ${b.nodeId}`).join(', ')}, which the scenario took down`);
      if (this.commands.has(this.cluster.faults, 'restart') && down.length === this.brokers.length && !this.brokers.some((b) => this.cluster.brokers[b.nodeId]?.restart)) {
        await this.commands.run(this.cluster.faults, 'restart', `every broker of ${this.alias}`, `clusters.${this.alias}`);
        for (const b of down) b.running = true;
      } else {
        for (const b of down) await b.restart();
      }
    }
    const admin = new ClusterAdmin(this.bootstrapServers, this.alias, this.security);
    try {
      if (down.length) {
        await waitFor(
          async () => {
            const ids = await admin.brokerIds().catch(() => [] as number[]);
            const missing = this.brokers.map((b) => b.nodeId).filter((id) => !ids.includes(id));
            return missing.length === 0 ? true : `metadata does not list broker(s) ${missing.join(', ')} yet`;
          },
          { what: `${this.alias} to answer with every broker again after its restart`, timeoutMs: DEFAULTS.brokerStartTimeoutMs, log: this.brokers[0]?.logFile },
        );
      }
      const topics = [...this.#owned.topic];
      const existing = new Set(await admin.topics());
      const mine = topics.filter((t) => existing.has(t));
      // The scenario's groups, and the harness's own readers of MM2's internal topics (made by this process).
      const groups = [...this.#owned.group, ...readerGroupsMade(this.alias)];
      const known = new Set(await admin.groups());
      const myGroups = groups.filter((g) => known.has(g));
      await admin.deleteGroups(myGroups).catch((e: unknown) => progress(`could not delete group(s) ${myGroups.join(', ')} on ${this.alias}: ${errorText(e)}`));
      await admin.deleteTopics(mine);
      if (mine.length || myGroups.length) progress(`deleted from ${this.alias} what this scenario made: ${[...mine.map((t) => `topic ${t}`), ...myGroups.map((g) => `group ${g}`)].join(', ')}`);
    } catch (error) {
      progress(`could not clean up ${this.alias} (${redactText(errorText(error), this.config.secrets)}); topics and groups ending in this scenario's run id are left there`);
    } finally {
      await admin.close();
    }
  }
}

/** The mirror connectors' settings as the REST API returns them, and the trace of a FAILED one. */
async function connectorsRunning(rest: ConnectRest, names: string[], timeoutMs: number): Promise<ConnectorStatus[]> {
  let statuses: ConnectorStatus[] = [];
  await waitFor(
    async () => {
      try {
        statuses = await Promise.all(names.map((n) => rest.status(n)));
      } catch (error) {
        if (error instanceof ConnectRestError && error.status === 404) {
          const there = await rest.connectors().catch(() => [] as string[]);
          throw new ConfigError(`Kafka Connect at ${rest.url} has no connector ${error.path.split('/')[2] ? decodeURIComponent(error.path.split('/')[2]!) : ''}; it runs: ${there.join(', ') || 'none'}`, {
            hint: 'name the connectors in "connectors" of the mirror in the config file, or create them (compose/ does so itself)',
          });
        }
        return `Connect's REST API does not answer (${errorText(error)})`;
      }
      const failed = statuses.flatMap((s) => failuresOf(s));
      if (failed.length) throw new DrillError(`MirrorMaker 2's connectors at ${rest.url} FAILED:\n${failed.join('\n')}`, { hint: 'read the trace above and the Connect worker\'s log; restart the connector once fixed' });
      const notRunning = statuses.filter((s) => s.connector.state !== 'RUNNING' || s.tasks.some((t) => t.state !== 'RUNNING'));
      return notRunning.length === 0 ? true : notRunning.map(describeStatus).join('; ');
    },
    { what: `MirrorMaker 2's connectors at ${rest.url} to run`, timeoutMs },
  );
  return statuses;
}

class ExternalStartedMirror extends CommandNode implements StartedMirror {
  #restore: { name: string; config: Record<string, string> }[] = [];
  constructor(
    readonly spec: MirrorSpec,
    readonly properties: Properties,
    readonly logFile: string,
    private readonly mirror: ExternalMirror,
    private readonly commands: Commands,
    private readonly rest: ConnectRest | undefined,
    private readonly where: string,
  ) {
    super();
  }
  describeExit(): string {
    return this.running ? 'is running' : 'was taken down by the scenario (a fault command)';
  }
  setRestore(restore: { name: string; config: Record<string, string> }[]): void {
    this.#restore = restore;
  }
  protected async run(fault: CommandFault): Promise<void> {
    await this.commands.run(this.mirror.faults, fault, `MirrorMaker 2 ${this.spec.source} → ${this.spec.target}`, this.where);
  }
  protected override async restarted(): Promise<void> {
    if (this.rest) await connectorsRunning(this.rest, [this.mirror.connectors.source, this.mirror.connectors.checkpoint], DEFAULTS.mirrorTimeoutMs);
  }
  /** Started again if the scenario took it down; the connectors' own configs put back if the scenario changed them. */
  async [Symbol.asyncDispose](): Promise<void> {
    try {
      if (!this.running) {
        progress(`restoring MirrorMaker 2 ${this.spec.source} → ${this.spec.target}, which the scenario took down`);
        await this.restart();
      }
      for (const { name, config } of this.#restore) await this.rest!.putConfig(name, config);
      if (this.#restore.length) {
        progress(`put back the configs of ${this.#restore.map((r) => r.name).join(', ')} at ${this.rest!.url}`);
        await connectorsRunning(this.rest!, this.#restore.map((r) => r.name), DEFAULTS.mirrorTimeoutMs);
      }
    } catch (error) {
      progress(`could not restore MirrorMaker 2 ${this.spec.source} → ${this.spec.target}: ${errorText(error)}`);
    }
  }
}

/** Whether MM2's topic filter (comma-separated Java regexes, MirrorSourceConfig's topics and topics.exclude) lets `topic` through. */
export function topicFilterPasses(topic: string, include: string, exclude: string): boolean {
  const matches = (list: string) =>
    list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .some((re) => new RegExp(`^(?:${re})$`).test(topic));
  return matches(include) && !matches(exclude);
}

/** The key a scenario set, without the flow's `<source>-><target>.` prefix. */
function flowKey(spec: MirrorSpec, key: string): string {
  const prefix = `${spec.source}->${spec.target}.`;
  return key.startsWith(prefix) ? key.slice(prefix.length) : key;
}

/**
 * Clusters and an MM2 that run already, elsewhere, declared in mirrordrill.config.json (or
 * MIRRORDRILL_CONFIG): the harness connects, checks that what the scenario declares is what
 * runs, injects faults with the commands the file gives, and leaves everything as it found it
 * (what it took down started again, what it created deleted, nothing else touched).
 */
export class ExternalRuntime implements Runtime {
  readonly name = 'external' as const;
  readonly capabilities: ReadonlySet<Fault>;
  /** The fault line says SIGSTOP, as it always has for clusters and MM2 that run already (their pause command may do it otherwise). */
  readonly pauseMethod: PauseMethod = { pause: 'SIGSTOP', resume: 'SIGCONT' };
  /** Topics and groups a scenario names get the scenario's run id (world.ts): the clusters are shared. */
  readonly namesCarryRunId = true;
  readonly config: ExternalConfig;

  constructor(_settings: Settings, config?: ExternalConfig) {
    this.config = config ?? loadExternalConfig();
    this.capabilities = capabilitiesOf(this.config);
  }

  async describe(): Promise<string> {
    const clusters = [...this.config.clusters.values()].map((c) => `${c.alias} at ${c.bootstrapServers.join(',')}${c.security ? ` (${c.security.protocol})` : ''}`);
    const flows = this.config.mirrors.map((m) => `MM2 ${m.source} → ${m.target}${m.connectUrl ? ` on Kafka Connect ${m.connectUrl}` : ''}`);
    const can = [...this.capabilities];
    return `external clusters from ${this.config.file}: ${[...clusters, ...flows].join('; ')}; faults by command: ${can.length ? can.join(', ') : 'none'}${can.length ? (this.config.allowDestructiveFaults ? ' (allowed)' : ' (refused: allowDestructiveFaults is not true)') : ''}`;
  }

  /** Before a scenario starts: a destructive fault step fails it here, saying how to opt in, when the file does not allow them. */
  refuseScenario(steps: readonly string[]): void {
    if (this.config.allowDestructiveFaults) return;
    const destructive = steps.filter((s) => faultsOf(s).some((f) => DESTRUCTIVE.includes(f)));
    if (destructive.length) throw destructiveRefused(this.config, destructive.map((s) => `run the step "${s}"`));
  }

  #cluster(alias: string): ExternalCluster {
    const c = this.config.clusters.get(alias);
    if (!c) {
      throw new ConfigError(`${this.config.file} declares no cluster "${alias}", which the scenario names`, {
        key: `clusters.${alias}`,
        hint: `add "${alias}": { "bootstrapServers": "host:port" } to "clusters" (it declares: ${[...this.config.clusters.keys()].join(', ') || 'none'})`,
      });
    }
    return c;
  }

  #security(c: ExternalCluster): ClientSecurity | undefined {
    const s = c.security;
    if (!s) return undefined;
    const caName = `the CA in ${s.caFile}`;
    if (s.protocol === 'SASL_SSL') return { protocol: 'SASL_SSL', caPem: readFileSync(s.caFile, 'utf8'), caFile: s.caFile, caName, scram: { username: s.username, password: s.password } };
    return {
      protocol: 'SSL',
      caPem: readFileSync(s.caFile, 'utf8'),
      caFile: s.caFile,
      caName,
      identity: { name: c.alias, certPem: readFileSync(s.certFile, 'utf8'), keyPem: readFileSync(s.keyFile, 'utf8'), password: s.keyPassword ?? '', keystoreFile: s.keyFile },
    };
  }

  async startCluster(spec: ClusterSpec, dir: string): Promise<StartedCluster> {
    if (spec.settings && Object.keys(spec.settings).length) {
      throw new FaultNotSupported(`the external runtime cannot give cluster ${spec.alias} broker settings: it runs as it is`, { hint: `set ${Object.keys(spec.settings).join(', ')} on the cluster itself, or drop the table from the step` });
    }
    if (spec.proxied || spec.security) {
      throw new FaultNotSupported(`the external runtime cannot put cluster ${spec.alias} behind Toxiproxy or secure it: it runs as it is`, { hint: `its security comes from clusters.${spec.alias}.security in ${this.config.file}; drop those words from the step` });
    }
    const c = this.#cluster(spec.alias);
    await mkdir(dir, { recursive: true });
    const log = join(dir, 'faults.log');
    await appendFile(log, `# ${spec.alias}: external cluster at ${c.bootstrapServers.join(',')} (${this.config.file}); the fault commands run for it and their output\n`);
    const security = this.#security(c);
    const admin = new ClusterAdmin(c.bootstrapServers, spec.alias, security);
    let brokers: { nodeId: number; address: string }[];
    try {
      brokers = await withTimeout(admin.brokers(), 10_000, `metadata of ${spec.alias}`);
    } catch (error) {
      throw new DrillError(`cannot reach cluster ${spec.alias} at ${c.bootstrapServers.join(',')} (clusters.${spec.alias}.bootstrapServers in ${this.config.file}); the Kafka client said: ${redactText(errorText(error), this.config.secrets)}`, {
        hint: `check that the cluster is up (for compose/: podman-compose -f compose/compose.yaml up -d; podman ps), that the address is the one its brokers advertise, and clusters.${spec.alias}.security`,
      });
    } finally {
      await admin.close();
    }
    if (brokers.length < spec.brokers) {
      throw new BadStepParameter(`the scenario declares ${spec.alias} with ${spec.brokers} brokers; the external cluster has ${brokers.length} (node ids ${brokers.map((b) => b.nodeId).join(', ')})`, {
        hint: `run this scenario against a cluster with at least ${spec.brokers} brokers, or on the local or containers runtime`,
      });
    }
    if (brokers.length > spec.brokers) progress(`${spec.alias} has ${brokers.length} brokers (the scenario declares ${spec.brokers}): "every broker" means all ${brokers.length}`);
    const commands = new Commands(this.config, log);
    const started = brokers.map((b) => new ExternalBroker(b.nodeId, b.address, log, c, commands));
    return new ExternalStartedCluster(spec.alias, started, 'external', security, c, commands, this.config);
  }

  /** The user's file runs here only by PUTting its connectors to the Connect cluster of the flow (user-connectors.ts). */
  adoptUserConfig(spec: MirrorSpec): void {
    const { url } = refuseUserConfig(this.config, spec);
    accountOnExternal(spec.configuredBy!, spec, url);
  }

  async startMirror(spec: MirrorSpec, source: StartedCluster, target: StartedCluster, dir: string): Promise<StartedMirror> {
    if (spec.configuredBy) return this.#startUserMirror(spec, source, target, dir);
    if (spec.deployment && (spec.deployment.kind !== 'dedicated' || spec.deployment.nodes > 1)) {
      throw new FaultNotSupported('the external runtime drills the MM2 that runs already; it cannot deploy one on Kafka Connect or on several nodes', { hint: 'drop the "MirrorMaker 2 runs on …" step' });
    }
    const index = this.config.mirrors.findIndex((m) => m.source === spec.source && m.target === spec.target);
    if (index < 0) {
      throw new ConfigError(`${this.config.file} declares no MirrorMaker 2 flow ${spec.source} → ${spec.target}, which the scenario starts`, {
        key: 'mirrors',
        hint: `add { "source": "${spec.source}", "target": "${spec.target}" } to "mirrors" (it declares: ${this.config.mirrors.map((m) => `${m.source} → ${m.target}`).join(', ') || 'none'})`,
      });
    }
    const m = this.config.mirrors[index]!;
    const where = `mirrors[${index}]`;
    await mkdir(dir, { recursive: true });
    const log = join(dir, `mm2-${spec.source}-to-${spec.target}.log`);
    await appendFile(log, `# MirrorMaker 2 ${spec.source} → ${spec.target}: external (${where} in ${this.config.file}${m.connectUrl ? `, Kafka Connect at ${m.connectUrl}` : ''}); what the harness checked and the fault commands it ran\n`);
    const rest = m.connectUrl ? new ConnectRest(m.connectUrl, undefined, REBALANCE_WAIT_MS) : undefined;
    // What runs: the connectors' configs when Connect's REST API is given, else what the file declares.
    const running: Record<string, string> = { ...m.properties };
    const configs = new Map<string, Record<string, string>>();
    if (rest) {
      const names = [m.connectors.source, m.connectors.checkpoint];
      const statuses = await connectorsRunning(rest, names, 60_000);
      await appendFile(log, `${statuses.map(describeStatus).join('\n')}\n`);
      for (const n of names) configs.set(n, await rest.config(n));
      // Every connector's settings (the first connector that sets a key wins), checked against what the file declares.
      const seen: Record<string, string> = {};
      for (const config of configs.values()) for (const [k, v] of Object.entries(config)) seen[k] ??= v;
      for (const [k, v] of Object.entries(m.properties)) {
        if (seen[k] !== undefined && seen[k] !== v) {
          throw new ConfigError(`${this.config.file}: ${where}.properties says ${k} = ${v}, but the connectors at ${m.connectUrl} run ${k} = ${seen[k]}`, { key: `${where}.properties.${k}`, hint: 'make the file say what runs (or remove the key: the harness reads it from Connect)' });
        }
      }
      Object.assign(running, seen);
      const src = configs.get(m.connectors.source)!;
      const include = src.topics ?? '.*';
      const exclude = src['topics.exclude'] ?? src['topics.blacklist'] ?? DEFAULT_TOPICS_EXCLUDE;
      const missed = spec.topics.filter((t) => !topicFilterPasses(t, include, exclude));
      if (missed.length) {
        throw new ConfigError(`MirrorMaker 2 ${spec.source} → ${spec.target} at ${m.connectUrl} does not mirror ${missed.join(', ')}: its topics filter is "${include}" (excluding "${exclude}")`, {
          hint: `the drill's topics carry the run id (${missed[0]}); let ${m.connectors.source}'s "topics" match them, e.g. ".*" as the lab does`,
        });
      }
    }
    const effective: Record<string, string> = {};
    for (const key of Object.keys(MM2_DEFAULTS)) effective[key] = running[key] ?? MM2_DEFAULTS[key]!;
    // The scenario's own settings: the same as what runs, or PUT for the scenario when the file allows it, or refused.
    const wanted = Object.entries(spec.overrides).map(([k, v]) => [flowKey(spec, k), v] as const);
    const current = (k: string): string | undefined => running[k] ?? MM2_DEFAULTS[k];
    const differ = wanted.filter(([k, v]) => current(k) !== v);
    if (differ.length && !m.applyScenarioSettings) {
      throw new BadStepParameter(
        `MirrorMaker 2 ${spec.source} → ${spec.target} runs outside mirrordrill, and not with the scenario's settings: ${differ.map(([k, v]) => `${k} = ${v} (it runs ${running[k] ?? (MM2_DEFAULTS[k] ? `MM2's default, ${MM2_DEFAULTS[k]}` : 'a value mirrordrill cannot see')})`).join(', ')}`,
        {
          hint: `run this scenario on the local or containers runtime, set the same on the external MM2 (and in ${where}.properties), or let the harness PUT them to the connectors for the scenario: "applyScenarioSettings": true in ${where} of ${this.config.file} (needs "connectUrl")`,
        },
      );
    }
    const mirror = new ExternalStartedMirror(
      { ...spec, overrides: { ...effective, ...Object.fromEntries(wanted) } },
      redactProperties({ ...effective, ...Object.fromEntries(wanted), [`${spec.source}->${spec.target}.topics`]: spec.topics.join(',') }),
      log,
      m,
      new Commands(this.config, log),
      rest,
      where,
    );
    if (differ.length && rest) {
      const restore: { name: string; config: Record<string, string> }[] = [];
      for (const [name, config] of configs) {
        const cls = config['connector.class'] ?? `${CONNECTOR_PACKAGE}.MirrorSourceConnector`;
        const defined = new Set(await rest.pluginConfigNames(cls));
        const changes = Object.fromEntries(differ.filter(([k]) => defined.has(k)));
        if (Object.keys(changes).length === 0) continue;
        restore.push({ name, config });
        await appendFile(log, `PUT ${name}: ${Object.entries(changes).map(([k, v]) => `${k}=${v}`).join(', ')} for the scenario\n`);
        await rest.putConfig(name, { ...config, ...changes });
      }
      mirror.setRestore(restore);
      progress(`MM2 ${spec.source} → ${spec.target}: the scenario's ${differ.map(([k, v]) => `${k}=${v}`).join(', ')} put to ${restore.map((r) => r.name).join(', ')} (put back after the scenario)`);
      await connectorsRunning(rest, restore.map((r) => r.name), DEFAULTS.mirrorTimeoutMs);
    }
    return mirror;
  }

  /**
   * A flow driven by the user's own file: its connectors' configs (user-connectors.ts) PUT to the
   * Connect cluster that runs the flow, with the running connectors' own connection settings,
   * awaited RUNNING, and put back after the scenario (or at once when they do not start).
   */
  async #startUserMirror(spec: MirrorSpec, source: StartedCluster, target: StartedCluster, dir: string): Promise<StartedMirror> {
    const { mirror: m, where, url } = refuseUserConfig(this.config, spec);
    const rest = new ConnectRest(url, undefined, REBALANCE_WAIT_MS);
    await mkdir(dir, { recursive: true });
    const log = join(dir, `mm2-${spec.source}-to-${spec.target}.log`);
    await appendFile(log, `# MirrorMaker 2 ${spec.source} → ${spec.target}: external (${where} in ${this.config.file}, Kafka Connect at ${url}), its connectors configured by ${spec.configuredBy!.file} for the scenario; what the harness checked, PUT and ran\n`);
    const wanted: [MirrorConnector, string][] = [
      ['MirrorSourceConnector', m.connectors.source],
      ['MirrorCheckpointConnector', m.connectors.checkpoint],
      ['MirrorHeartbeatConnector', m.connectors.heartbeat],
    ];
    // The connectors that run now: their configs are what is put back, and their connection settings what the file's are replaced with.
    const statuses = await connectorsRunning(rest, [m.connectors.source, m.connectors.checkpoint], 60_000);
    await appendFile(log, `${statuses.map(describeStatus).join('\n')}\n`);
    const there = new Set(await rest.connectors());
    const originals = new Map<string, Record<string, string>>();
    for (const [c, name] of wanted) {
      if (there.has(name)) originals.set(name, await rest.config(name));
      else if (c === 'MirrorHeartbeatConnector') progress(`MM2 ${spec.source} → ${spec.target}: no connector ${name} at ${url}; ${spec.configuredBy!.file}'s heartbeat connector is not run (name it in ${where}.connectors.heartbeat)`);
    }
    for (const config of originals.values()) for (const [k, v] of Object.entries(config)) if (isSecretKey(k) && v) rememberSecret(v);
    const names = new Set<string>();
    for (const [c] of wanted) for (const n of await rest.pluginConfigNames(`${CONNECTOR_PACKAGE}.${c}`)) names.add(n);
    const brokers = { source: source.brokers.length, target: target.brokers.length };
    const configs = new Map<string, Record<string, string>>();
    for (const [c, name] of wanted) {
      const running = originals.get(name);
      if (!running) continue;
      const config = userConnectorConfig(spec, c, name, running, names, brokers);
      configs.set(name, config);
      await writeFile(join(dir, `mm2-${spec.source}-to-${spec.target}-${c}.json`), `${JSON.stringify(redactProperties(config), null, 2)}\n`);
    }
    const restore = [...originals].map(([name, config]) => ({ name, config }));
    const mirror = new ExternalStartedMirror(
      { ...spec, overrides: effectiveSettings(configs.values()) },
      redactProperties({ ...effectiveSettings(configs.values()), [`${spec.source}->${spec.target}.topics`]: spec.topics.join(',') }),
      log,
      m,
      new Commands(this.config, log),
      rest,
      where,
    );
    try {
      for (const [name, config] of configs) {
        await appendFile(log, `PUT ${name}: ${Object.keys(config).length} settings from ${spec.configuredBy!.file} (the connector's own connection settings kept: ${connectionKeys(originals.get(name)!).join(', ') || 'none'}; values not shown)\n`);
        await rest.putConfig(name, config);
      }
      mirror.setRestore(restore);
      progress(`MM2 ${spec.source} → ${spec.target}: ${[...configs.keys()].join(', ')} at ${url} run ${spec.configuredBy!.file} for the scenario (put back after it)`);
      await connectorsRunning(rest, [...configs.keys()], DEFAULTS.mirrorTimeoutMs);
    } catch (error) {
      // Nothing of the scenario's may stay on a Connect cluster that is not the harness's.
      for (const { name, config } of restore) await rest.putConfig(name, config).catch((e: unknown) => progress(`could not put back ${name} at ${url}: ${redactText(errorText(e), this.config.secrets)}`));
      await appendFile(log, `put back ${restore.map((r) => r.name).join(', ')} after the failure\n`);
      throw error;
    }
    return mirror;
  }
}

/** The MM2 settings the harness reads, as the given connector configs run them (the first config that sets a key wins), else MM2's defaults. */
function effectiveSettings(configs: Iterable<Record<string, string>>): Record<string, string> {
  const seen: Record<string, string> = {};
  for (const config of configs) for (const [k, v] of Object.entries(config)) seen[k] ??= v;
  return Object.fromEntries(Object.keys(MM2_DEFAULTS).map((k) => [k, seen[k] ?? MM2_DEFAULTS[k]!]));
}

/** The faults some cluster, broker or MM2 has a command for (pause: with resume). */
export function capabilitiesOf(config: ExternalConfig): ReadonlySet<Fault> {
  const all: FaultCommands[] = [...config.clusters.values()].flatMap((c) => [c.faults, ...Object.values(c.brokers)]).concat(config.mirrors.map((m) => m.faults));
  const can = new Set<Fault>();
  for (const f of all) {
    for (const fault of ['kill', 'stop', 'restart'] as const) if (f[fault]) can.add(fault);
    if (f.pause && f.resume) can.add('pause');
  }
  return can;
}
