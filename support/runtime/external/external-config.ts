import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../errors.ts';
import { rememberSecret } from '../../security/secret-values.ts';

/**
 * The external runtime's file (mirrordrill.config.json, or the path in MIRRORDRILL_CONFIG): the
 * clusters and MM2 flows the drills run against, how to reach them, and per fault the command
 * that injects it. Every key is checked (an unknown one is an error naming it and the keys that
 * exist); `${VAR}` anywhere in a string is read from the environment, and its value is kept out
 * of every log, error and report.
 */

export const CONFIG_FILE = 'mirrordrill.config.json';

/** What a cluster, a broker or MM2 can have a command for. pause needs resume too. */
export const COMMAND_FAULTS = ['kill', 'stop', 'restart', 'pause', 'resume'] as const;
export type CommandFault = (typeof COMMAND_FAULTS)[number];

export interface FaultCommand {
  /** argv (run without a shell), or one string run by `sh -c`. */
  command: string[] | string;
  timeoutMs: number;
  /** Where in the file it was given, for messages ("clusters.es-src.faults.kill"). */
  where: string;
}
export type FaultCommands = Partial<Record<CommandFault, FaultCommand>>;

export type ExternalSecurity =
  | { protocol: 'SASL_SSL'; mechanism: 'SCRAM-SHA-512'; username: string; password: string; caFile: string }
  | { protocol: 'SSL'; caFile: string; certFile: string; keyFile: string; keyPassword?: string };

export interface ExternalCluster {
  alias: string;
  bootstrapServers: string[];
  security?: ExternalSecurity;
  faults: FaultCommands;
  /** Commands of one broker (by node id), which win over the cluster's for that broker. */
  brokers: Record<number, FaultCommands>;
}

export interface ExternalMirror {
  source: string;
  target: string;
  /** Kafka Connect's REST API of the Connect cluster running MM2's connectors, if it has one. */
  connectUrl?: string;
  /** Connector names on that Connect cluster; Strimzi's `<source>-><target>.<class>` by default. */
  connectors: { source: string; checkpoint: string; heartbeat: string };
  /** MM2 settings the harness reads (replication policy, offset.lag.max, sync.group.offsets.enabled …) as this MM2 runs them. */
  properties: Record<string, string>;
  /** PUT a scenario's own MM2 settings to the connectors for the scenario (restored after); needs connectUrl. */
  applyScenarioSettings: boolean;
  faults: FaultCommands;
}

export interface ExternalConfig {
  file: string;
  allowDestructiveFaults: boolean;
  clusters: Map<string, ExternalCluster>;
  mirrors: ExternalMirror[];
  /** Every value read from the environment: removed from whatever the harness writes. */
  secrets: string[];
}

const DEFAULT_TIMEOUT_S = 120;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

class Reader {
  readonly secrets: string[] = [];
  constructor(
    readonly file: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  fail(where: string, what: string, hint: string): never {
    throw new ConfigError(`${this.file}: ${where ? `"${where}" ` : ''}${what}`, { key: where, file: this.file, hint });
  }

  object(value: Json | undefined, where: string, keys: Record<string, string>): Record<string, Json> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(where, `must be an object, not ${JSON.stringify(value)}`, `write it as { ${Object.keys(keys).map((k) => `"${k}": …`).join(', ')} }`);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(keys, key)) {
        this.fail(`${where ? `${where}.` : ''}${key}`, 'is not a key mirrordrill knows', `the keys ${where ? `of "${where}" ` : 'at the top level '}are: ${Object.entries(keys).map(([k, v]) => `${k} (${v})`).join('; ')}. Every key is in docs/settings.md, "The config file (external runtime)"`);
      }
    }
    return value;
  }

  /** An object whose keys are names (aliases, node ids, property names): only its shape is checked here. */
  record(value: Json | undefined, where: string, example: string): Record<string, Json> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(where, `must be an object, not ${JSON.stringify(value)}`, `write it as ${example}`);
    return value;
  }

  /** A string, with ${VAR} taken from the environment; the value is remembered as a secret when it came from there. */
  string(value: Json | undefined, where: string, example: string): string {
    if (typeof value !== 'string' || !value.trim()) this.fail(where, `must be a non-empty string${value === undefined ? ' and is missing' : `, not ${JSON.stringify(value)}`}`, `write e.g. "${where.split('.').pop()}": ${example}`);
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = this.env[name];
      if (v === undefined) this.fail(where, `refers to \${${name}}, which is not set in the environment`, `export ${name}=… before running the drill (the file keeps only the placeholder; the value never reaches a log or report)`);
      this.secrets.push(rememberSecret(v));
      return v;
    });
  }

  boolean(value: Json | undefined, where: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(where, `must be true or false, not ${JSON.stringify(value)}`, `write "${where.split('.').pop()}": ${fallback ? 'true' : 'false'} (no quotes)`);
    return value;
  }

  path(value: Json | undefined, where: string): string {
    const p = this.string(value, where, '"/etc/kafka/ca.crt"');
    const full = isAbsolute(p) ? p : resolve(dirname(this.file), p);
    if (!existsSync(full)) this.fail(where, `names ${full}, which does not exist`, 'give a path to a PEM file (relative paths are relative to the config file)');
    return full;
  }

  command(value: Json | undefined, where: string, timeoutMs: number): FaultCommand {
    const example = '["podman", "kill", "es-src"], or { "command": "kubectl delete pod es-src-0", "timeoutSeconds": 60 }';
    if (typeof value === 'string') return { command: this.string(value, where, example), timeoutMs, where };
    if (Array.isArray(value)) {
      if (value.length === 0) this.fail(where, 'is an empty command', `write e.g. ${example}`);
      return { command: value.map((v, i) => this.string(v, `${where}[${i}]`, '"podman"')), timeoutMs, where };
    }
    const o = this.object(value, where, { command: 'a string run by sh -c, or an argv array', timeoutSeconds: 'how long it may run (default 120)' });
    const t = o.timeoutSeconds === undefined ? timeoutMs : this.seconds(o.timeoutSeconds, `${where}.timeoutSeconds`);
    if (o.command === undefined) this.fail(`${where}.command`, 'is missing', `write e.g. ${example}`);
    return { ...this.command(o.command, `${where}.command`, t), where };
  }

  seconds(value: Json | undefined, where: string): number {
    if (typeof value !== 'number' || !(value > 0) || value > 3600) this.fail(where, `must be a number of seconds from 1 to 3600, not ${JSON.stringify(value)}`, 'write e.g. 60');
    return value * 1000;
  }

  faults(value: Json | undefined, where: string, timeoutMs: number): FaultCommands {
    if (value === undefined) return {};
    const o = this.object(value, where, {
      kill: 'SIGKILL, e.g. ["podman", "kill", "es-src"]',
      stop: 'controlled shutdown, e.g. ["podman", "stop", "es-src"]',
      restart: 'start it again on its data, e.g. ["podman", "start", "es-src"]',
      pause: 'freeze it, e.g. ["podman", "pause", "es-src"] (needs resume)',
      resume: 'unfreeze it, e.g. ["podman", "unpause", "es-src"]',
    });
    const out: FaultCommands = {};
    for (const f of COMMAND_FAULTS) if (o[f] !== undefined) out[f] = this.command(o[f], `${where}.${f}`, timeoutMs);
    if (!!out.pause !== !!out.resume) this.fail(`${where}.${out.pause ? 'resume' : 'pause'}`, `is missing: a pause needs both "pause" and "resume"`, 'give both commands, or neither');
    return out;
  }
}

function configPath(env: NodeJS.ProcessEnv, cwd: string): string {
  const given = env.MIRRORDRILL_CONFIG?.trim();
  return given ? resolve(cwd, given) : resolve(cwd, CONFIG_FILE);
}

/** Reads and checks the file; every error names the file and the key, and says what to do. */
export function loadExternalConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ExternalConfig {
  const file = configPath(env, cwd);
  if (!existsSync(file)) {
    throw new ConfigError(`the external runtime needs its config file, and ${file} does not exist`, {
      key: 'MIRRORDRILL_CONFIG',
      hint: `write ${CONFIG_FILE} in ${cwd} or set MIRRORDRILL_CONFIG to its path (compose/mirrordrill.config.json is one for compose/; every key is in docs/settings.md, "The config file (external runtime)")`,
    });
  }
  let parsed: Json;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`, { file, hint: 'fix the syntax (JSON: double quotes, no trailing commas, no comments)' });
  }
  return parseExternalConfig(parsed, file, env);
}

export function parseExternalConfig(parsed: Json, file: string, env: NodeJS.ProcessEnv = process.env): ExternalConfig {
  const r = new Reader(file, env);
  const top = r.object(parsed, '', {
    clusters: 'the clusters by alias, as the scenarios name them',
    mirrors: 'the MM2 flows that run between them',
    allowDestructiveFaults: 'true lets drills kill, stop, pause and restart what the commands name (default false)',
    commandTimeoutSeconds: 'how long a fault command may run (default 120)',
  });
  const timeoutMs = top.commandTimeoutSeconds === undefined ? DEFAULT_TIMEOUT_S * 1000 : r.seconds(top.commandTimeoutSeconds, 'commandTimeoutSeconds');
  const clustersJson = r.record(top.clusters ?? r.fail('clusters', 'is missing', 'declare each cluster the scenarios name: "clusters": { "es-src": { "bootstrapServers": "127.0.0.1:19092" } }'), 'clusters', '{ "es-src": { "bootstrapServers": "127.0.0.1:19092" } }');
  return {
    file,
    allowDestructiveFaults: r.boolean(top.allowDestructiveFaults, 'allowDestructiveFaults', false),
    clusters: new Map(Object.keys(clustersJson).map((alias) => [alias, cluster(r, alias, clustersJson[alias], timeoutMs)])),
    mirrors: mirrors(r, top.mirrors, timeoutMs),
    secrets: r.secrets,
  };
}

// Every key is allowed under "clusters" (the aliases): checked per alias below.
function cluster(r: Reader, alias: string, value: Json | undefined, timeoutMs: number): ExternalCluster {
  const where = `clusters.${alias}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,30}$/.test(alias)) r.fail(where, 'is not an alias a scenario can name', 'use letters, digits, "-" and "_", at most 31 characters');
  const o = r.object(value, where, {
    bootstrapServers: 'host:port of its brokers, a string with commas or an array',
    security: 'how to authenticate: SASL_SSL with SCRAM-SHA-512, or SSL (mutual TLS)',
    faults: 'the commands that kill, stop, restart, pause and resume the whole cluster',
    brokers: 'commands per broker node id, when a broker can be hit alone',
  });
  const b = o.bootstrapServers;
  const list = Array.isArray(b) ? b.map((x, i) => r.string(x, `${where}.bootstrapServers[${i}]`, '"127.0.0.1:9092"')) : r.string(b, `${where}.bootstrapServers`, '"127.0.0.1:9092"').split(',').map((s) => s.trim()).filter(Boolean);
  for (const [i, s] of list.entries()) if (!/^[^\s:]+:\d{1,5}$/.test(s)) r.fail(`${where}.bootstrapServers${Array.isArray(b) ? `[${i}]` : ''}`, `has "${s}", which is not host:port`, 'write e.g. "127.0.0.1:19092"');
  const brokers: Record<number, FaultCommands> = {};
  if (o.brokers !== undefined) {
    const per = r.record(o.brokers, `${where}.brokers`, '{ "1": { "faults": { "kill": … } } }');
    for (const [id, v] of Object.entries(per)) {
      if (!/^\d+$/.test(id)) r.fail(`${where}.brokers.${id}`, 'is not a broker node id', 'key each broker by its node.id, e.g. "brokers": { "1": { "kill": … } }');
      brokers[Number(id)] = r.faults(r.object(v, `${where}.brokers.${id}`, { faults: 'the commands for this broker' }).faults, `${where}.brokers.${id}.faults`, timeoutMs);
    }
  }
  return { alias, bootstrapServers: list, security: o.security === undefined ? undefined : security(r, o.security, `${where}.security`), faults: r.faults(o.faults, `${where}.faults`, timeoutMs), brokers };
}

function security(r: Reader, value: Json, where: string): ExternalSecurity {
  const o = r.object(value, where, {
    protocol: 'SASL_SSL or SSL',
    mechanism: 'SCRAM-SHA-512 (SASL_SSL only)',
    username: 'the SCRAM user (SASL_SSL)',
    password: 'the SCRAM password, as ${VAR} (SASL_SSL)',
    caFile: 'PEM of the CA the cluster\'s certificates are signed by',
    certFile: 'PEM client certificate (SSL)',
    keyFile: 'PEM private key of that certificate (SSL)',
    keyPassword: 'the key\'s password, as ${VAR}, if it is encrypted (SSL)',
  });
  const protocol = r.string(o.protocol, `${where}.protocol`, '"SASL_SSL"');
  if (protocol === 'SASL_SSL') {
    const mechanism = r.string(o.mechanism ?? 'SCRAM-SHA-512', `${where}.mechanism`, '"SCRAM-SHA-512"');
    if (mechanism !== 'SCRAM-SHA-512') r.fail(`${where}.mechanism`, `is "${mechanism}"; mirrordrill's clients speak SCRAM-SHA-512 only`, 'write "SCRAM-SHA-512"');
    for (const k of ['certFile', 'keyFile', 'keyPassword']) if (o[k] !== undefined) r.fail(`${where}.${k}`, 'belongs to protocol SSL (mutual TLS), not SASL_SSL', 'remove it, or set "protocol": "SSL"');
    if (typeof o.password === 'string' && !/\$\{/.test(o.password)) r.fail(`${where}.password`, 'is written in the file in clear', 'write it as "${ES_SRC_PASSWORD}" and export ES_SRC_PASSWORD=… before the drill');
    return { protocol, mechanism, username: r.string(o.username, `${where}.username`, '"app"'), password: r.string(o.password, `${where}.password`, '"${ES_SRC_PASSWORD}"'), caFile: r.path(o.caFile, `${where}.caFile`) };
  }
  if (protocol === 'SSL') {
    for (const k of ['mechanism', 'username', 'password']) if (o[k] !== undefined) r.fail(`${where}.${k}`, 'belongs to protocol SASL_SSL, not SSL (mutual TLS)', 'remove it, or set "protocol": "SASL_SSL"');
    if (typeof o.keyPassword === 'string' && !/\$\{/.test(o.keyPassword)) r.fail(`${where}.keyPassword`, 'is written in the file in clear', 'write it as "${ES_SRC_KEY_PASSWORD}" and export it before the drill');
    return { protocol, caFile: r.path(o.caFile, `${where}.caFile`), certFile: r.path(o.certFile, `${where}.certFile`), keyFile: r.path(o.keyFile, `${where}.keyFile`), ...(o.keyPassword === undefined ? {} : { keyPassword: r.string(o.keyPassword, `${where}.keyPassword`, '"${KEY_PASSWORD}"') }) };
  }
  return r.fail(`${where}.protocol`, `is "${protocol}"`, 'write "SASL_SSL" (SCRAM-SHA-512 over TLS) or "SSL" (mutual TLS); a PLAINTEXT cluster has no "security"');
}

function mirrors(r: Reader, value: Json | undefined, timeoutMs: number): ExternalMirror[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) r.fail('mirrors', 'must be an array of flows', 'write "mirrors": [ { "source": "es-src", "target": "es-tgt", … } ]');
  return value.map((m, i) => {
    const where = `mirrors[${i}]`;
    const o = r.object(m, where, {
      source: 'the source cluster\'s alias',
      target: 'the target cluster\'s alias',
      connectUrl: 'Kafka Connect\'s REST API running this flow\'s connectors, e.g. http://127.0.0.1:8083',
      connectors: 'connector names, if not Strimzi\'s "<source>-><target>.MirrorSourceConnector" / ".MirrorCheckpointConnector" / ".MirrorHeartbeatConnector"',
      replicationPolicy: '{ "class": …, "separator": … } as this MM2 names remote topics',
      properties: 'other MM2 settings as this MM2 runs them (offset.lag.max, sync.group.offsets.enabled, …)',
      applyScenarioSettings: 'true: a scenario\'s own MM2 settings are PUT to the connectors for its duration and restored after (needs connectUrl)',
      faults: 'the commands that kill, stop, restart, pause and resume this MM2',
    });
    const source = r.string(o.source, `${where}.source`, '"es-src"');
    const target = r.string(o.target, `${where}.target`, '"es-tgt"');
    const connectUrl = o.connectUrl === undefined ? undefined : r.string(o.connectUrl, `${where}.connectUrl`, '"http://127.0.0.1:8083"').replace(/\/+$/, '');
    if (connectUrl && !/^https?:\/\/[^/]+$/.test(connectUrl)) r.fail(`${where}.connectUrl`, `is "${connectUrl}", not an http(s)://host:port URL`, 'write e.g. "http://127.0.0.1:8083"');
    const names = o.connectors === undefined ? {} : r.object(o.connectors, `${where}.connectors`, { source: 'the MirrorSourceConnector\'s name', checkpoint: 'the MirrorCheckpointConnector\'s name', heartbeat: 'the MirrorHeartbeatConnector\'s name' });
    const properties: Record<string, string> = {};
    if (o.properties !== undefined) {
      const p = r.record(o.properties, `${where}.properties`, '{ "offset.lag.max": "100" }');
      for (const [k, v] of Object.entries(p)) properties[k] = r.string(typeof v === 'number' || typeof v === 'boolean' ? String(v) : v, `${where}.properties.${k}`, '"10"');
    }
    if (o.replicationPolicy !== undefined) {
      const p = r.object(o.replicationPolicy, `${where}.replicationPolicy`, { class: 'the replication.policy.class', separator: 'replication.policy.separator (default ".")' });
      if (p.class !== undefined) properties['replication.policy.class'] = r.string(p.class, `${where}.replicationPolicy.class`, '"org.apache.kafka.connect.mirror.DefaultReplicationPolicy"');
      if (p.separator !== undefined) properties['replication.policy.separator'] = r.string(p.separator, `${where}.replicationPolicy.separator`, '"."');
    }
    const applyScenarioSettings = r.boolean(o.applyScenarioSettings, `${where}.applyScenarioSettings`, false);
    if (applyScenarioSettings && !connectUrl) r.fail(`${where}.applyScenarioSettings`, 'needs "connectUrl": the settings are PUT over Connect\'s REST API', 'add "connectUrl", or remove applyScenarioSettings');
    return {
      source,
      target,
      connectUrl,
      connectors: {
        source: names.source === undefined ? `${source}->${target}.MirrorSourceConnector` : r.string(names.source, `${where}.connectors.source`, '"mm2-source"'),
        checkpoint: names.checkpoint === undefined ? `${source}->${target}.MirrorCheckpointConnector` : r.string(names.checkpoint, `${where}.connectors.checkpoint`, '"mm2-checkpoint"'),
        heartbeat: names.heartbeat === undefined ? `${source}->${target}.MirrorHeartbeatConnector` : r.string(names.heartbeat, `${where}.connectors.heartbeat`, '"mm2-heartbeat"'),
      },
      properties,
      applyScenarioSettings,
      faults: r.faults(o.faults, `${where}.faults`, timeoutMs),
    };
  });
}
