/**
 * The keys of a mirrors step's "with:" table, checked against the names MM2 defines in the
 * running Kafka release (config-names.ts), by the rules MirrorMakerConfig applies to
 * mm2.properties. MM2 ignores a key it does not know, so a typo (offset.lag.maxx) would run
 * with the default and mislead every verdict after it; a key MM2 knows but never applies where
 * it was written (a cluster prefix on a flow setting) does the same. Both are refused here,
 * before MM2 starts, with the nearest name MM2 knows.
 *
 * How MirrorMakerConfig reads a key (connectorBaseConfig, clusterProps, workerConfig):
 *   - top level: MirrorMakerConfig's own (clusters, config.providers, security), the connectors'
 *     (MirrorSource/Checkpoint/HeartbeatConfig, Connect's ConnectorConfig), MirrorClientConfig's
 *     (bootstrap.servers, security.protocol, ssl.*, sasl.*, replication.policy.*), and the worker
 *     settings under offset.storage, config.storage, status.storage, key/value/header.converter,
 *     task, worker; nothing else (a top-level consumer.* or max.poll.records reaches no client);
 *   - `<alias>.`: the cluster's connection settings (MirrorClientConfig's), its clients' settings
 *     as `<alias>.consumer.x`, `<alias>.producer.x`, `<alias>.admin.x`, and for the target the
 *     Connect worker's (DistributedConfig);
 *   - `<source>-><target>.`: the connectors' settings for that flow, and their clients' as
 *     consumer.x, source.consumer.x, target.admin.x…, source.cluster.x / target.cluster.x.
 * Free-form below these prefixes: replication.policy.*, config.providers.*, *.converter.*,
 * transforms.*, predicates.* (a plugin defines those names, not MM2).
 */
import type { ConfigNames } from './config-names.ts';

export interface Flow {
  source: string;
  target: string;
}

export interface KeyRefusal {
  key: string;
  message: string;
  hint: string;
  nearest?: string;
}

const CLIENTS = ['consumer', 'producer', 'admin'] as const;
type Client = (typeof CLIENTS)[number];
const FREE = ['replication.policy.', 'config.providers.', 'key.converter.', 'value.converter.', 'header.converter.', 'transforms.', 'predicates.'];
/** The top-level prefixes MirrorMakerConfig.workerConfig copies into every worker. */
const WORKER_TOP = ['offset.storage', 'config.storage', 'status.storage', 'key.converter', 'value.converter', 'header.converter', 'task', 'worker'];

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The nearest of `candidates` to `key`, if near enough to be a typo of it (a third of its length at most). */
export function nearest(key: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let distance = Infinity;
  for (const c of candidates) {
    const d = editDistance(key, c);
    if (d < distance || (d === distance && best !== undefined && c < best)) [best, distance] = [c, d];
  }
  return distance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

class Names {
  readonly top: Set<string>;
  readonly flow: Set<string>;
  readonly connection: Set<string>;
  readonly client: Record<Client, Set<string>>;
  readonly worker: Set<string>;
  readonly connector: Set<string>;
  constructor(readonly n: ConfigNames) {
    this.connector = new Set(n.connector);
    this.connection = new Set(n.client);
    this.worker = new Set(n.worker);
    this.client = { consumer: new Set(n.consumer), producer: new Set(n.producer), admin: new Set(n.admin) };
    this.top = new Set([...n.mm2, ...n.connector, ...n.client, ...n.worker.filter((w) => WORKER_TOP.some((p) => w.startsWith(p)))]);
    this.flow = new Set([...n.connector, ...n.client]);
  }

  /** `consumer.x`, `source.consumer.x`, `source.cluster.x`… as a connector reads them. */
  connectorClientKey(rest: string): boolean {
    const m = /^(?:(source|target)\.)?(consumer|producer|admin)\.(.+)$/.exec(rest);
    if (m) return this.client[m[2] as Client].has(m[3]!);
    const c = /^(source|target)\.cluster\.(.+)$/.exec(rest);
    return c ? this.connection.has(c[2]!) : false;
  }

  /** `consumer.x`, `producer.x`, `admin.x` under a cluster prefix. */
  clusterClientKey(rest: string): boolean {
    const m = /^(consumer|producer|admin)\.(.+)$/.exec(rest);
    return m ? this.client[m[1] as Client].has(m[2]!) : false;
  }

  /** Every key that is right somewhere for this flow, written in full: what a typo is measured against. */
  candidates(flow: Flow): string[] {
    const f = `${flow.source}->${flow.target}.`;
    const out = [...this.top];
    for (const n of this.flow) out.push(`${f}${n}`);
    for (const c of CLIENTS) {
      for (const n of this.client[c]) {
        out.push(`${f}${c}.${n}`, `${f}source.${c}.${n}`, `${f}target.${c}.${n}`, `${flow.source}.${c}.${n}`, `${flow.target}.${c}.${n}`);
      }
    }
    for (const alias of [flow.source, flow.target]) for (const n of this.connection) out.push(`${alias}.${n}`);
    for (const n of this.worker) out.push(`${flow.target}.${n}`);
    return out;
  }
}

const cache = new WeakMap<ConfigNames, Names>();
function indexed(n: ConfigNames): Names {
  let names = cache.get(n);
  if (!names) cache.set(n, (names = new Names(n)));
  return names;
}

/** Which client groups define a bare name, for a hint. */
function clientsOf(names: Names, name: string): Client[] {
  return CLIENTS.filter((c) => names.client[c].has(name));
}

/**
 * Why MM2 would ignore this key for the flow, or undefined when it applies it. Keys mirrordrill
 * owns and malformed keys are refused before this (mm2-properties.ts, validateOverrides).
 */
export function refuseKey(key: string, flow: Flow, n: ConfigNames): KeyRefusal | undefined {
  const names = indexed(n);
  const v = `Kafka ${n.version}`;
  const flowPrefix = `${flow.source}->${flow.target}.`;
  const free = (rest: string) => FREE.some((p) => rest.startsWith(p) && rest.length > p.length);
  const unknown = (what: string): KeyRefusal => {
    const near = nearest(key, names.candidates(flow));
    return {
      key,
      nearest: near,
      message: `MM2 property "${key}" is ${what}: MM2 ignores a key it does not know, and would run with its default`,
      hint: near ? `did you mean "${near}"? Write | ${near} | <value> |` : `see the names MM2 ${n.version} defines: https://kafka.apache.org/documentation/#mirrormakerconfigs`,
    };
  };

  if (key.startsWith(flowPrefix)) {
    const rest = key.slice(flowPrefix.length);
    if (names.flow.has(rest) || free(rest) || names.connectorClientKey(rest)) return undefined;
    if (names.worker.has(rest) || n.mm2.includes(rest)) {
      return { key, message: `MM2 does not read "${key}": "${rest}" is a setting of MM2's Connect worker, which reads it from the target cluster's prefix`, hint: `write "${flow.target}.${rest}"` };
    }
    const bare = clientsOf(names, rest);
    if (bare.length) {
      return { key, message: `MM2's connectors do not pass a bare "${rest}" to their clients`, hint: `write "${flowPrefix}${bare[0]}.${rest}" (or source.${bare[0]}. / target.${bare[0]}.)` };
    }
    return unknown(`not a name MM2 defines for a flow in ${v}`);
  }

  const arrow = /^([^.]+)->([^.]+)\./.exec(key);
  if (arrow) {
    return { key, message: `"${key}" configures the flow ${arrow[1]} → ${arrow[2]}, but this step mirrors ${flow.source} → ${flow.target}: MM2 would ignore it`, hint: `write "${flowPrefix}${key.slice(arrow[0].length)}"` };
  }

  for (const alias of [flow.source, flow.target]) {
    if (!key.startsWith(`${alias}.`)) continue;
    const rest = key.slice(alias.length + 1);
    const isTarget = alias === flow.target;
    if (names.connection.has(rest) || names.clusterClientKey(rest) || free(rest) || (isTarget && names.worker.has(rest))) return undefined;
    if (names.connector.has(rest)) {
      return {
        key,
        message: `MM2 does not apply "${key}" to the flow: a setting prefixed with a cluster alias only configures that cluster's clients${isTarget ? ' and the Connect worker' : ''}`,
        hint: `write "${rest}" for every flow, or "${flowPrefix}${rest}" for this one`,
      };
    }
    const bare = clientsOf(names, rest);
    if (bare.length) {
      return {
        key,
        message: `MM2 takes from "${alias}." only the cluster's connection settings (bootstrap.servers, security.protocol, ssl.*, sasl.*): "${key}" reaches no client`,
        hint: `write "${alias}.${bare[0]}.${rest}"`,
      };
    }
    if (names.worker.has(rest)) {
      return { key, message: `"${rest}" is a Connect worker setting, and MM2's worker for ${flow.source} → ${flow.target} reads the target's prefix, not "${alias}."`, hint: `write "${flow.target}.${rest}"` };
    }
    return unknown(`not a name MM2 defines for a cluster in ${v}`);
  }

  if (names.top.has(key) || free(key)) return undefined;
  const client = /^(consumer|producer|admin)\.(.+)$/.exec(key);
  if (client && names.client[client[1] as Client].has(client[2]!)) {
    return {
      key,
      message: `MM2 passes no top-level "${client[1]}.*" to its connectors (MirrorMakerConfig.connectorBaseConfig keeps only their own names): "${key}" reaches no client`,
      hint: `write "${flow.source}.${key}" (the ${flow.source} cluster's clients) or "${flowPrefix}${key}" (this flow's)`,
    };
  }
  const bare = clientsOf(names, key);
  if (bare.length) {
    return { key, message: `MM2 passes no top-level "${key}" to any client`, hint: `write "${flow.source}.${bare[0]}.${key}" or "${flowPrefix}${bare[0]}.${key}"` };
  }
  if (names.worker.has(key)) {
    return { key, message: `"${key}" is a Connect worker setting: MM2 reads it from the target cluster's prefix, not from the top level`, hint: `write "${flow.target}.${key}"` };
  }
  return unknown(`not a name MM2 defines in ${v}`);
}

/**
 * Why a connector on Kafka Connect would ignore a key of its own config (a reconfiguration over
 * REST), or undefined: the connectors' names, MirrorClientConfig's, their clients' as
 * consumer.x / source.consumer.x / target.admin.x…, source.cluster.x / target.cluster.x, and the
 * free-form prefixes.
 */
export function refuseConnectorKey(key: string, n: ConfigNames): KeyRefusal | undefined {
  const names = indexed(n);
  const free = FREE.some((p) => key.startsWith(p) && key.length > p.length);
  if (names.flow.has(key) || free || names.connectorClientKey(key)) return undefined;
  const candidates = [...names.flow];
  for (const c of CLIENTS) for (const x of names.client[c]) candidates.push(`${c}.${x}`, `source.${c}.${x}`, `target.${c}.${x}`);
  for (const x of names.connection) candidates.push(`source.cluster.${x}`, `target.cluster.${x}`);
  const near = nearest(key, candidates);
  return {
    key,
    nearest: near,
    message: `connector property "${key}" is not a name MM2's connectors define in Kafka ${n.version}: Connect passes it on, and the connector ignores it`,
    hint: near ? `did you mean "${near}"? Write | ${near} | <value> |` : 'see the names of MirrorSourceConnector, MirrorCheckpointConnector and MirrorHeartbeatConnector: https://kafka.apache.org/documentation/#mirrormakerconfigs',
  };
}
