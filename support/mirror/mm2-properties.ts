import { BadStepParameter } from '../errors.ts';
import { DEFAULTS } from '../config/defaults.ts';
import type { Properties } from '../config/properties.ts';
import { replicationFactorFor } from '../kafka/broker-address.ts';
import { EXPECTED, javaTrim, parseBoolean, parseLong } from './config-def.ts';
import type { ConfigAccount } from './mirror-config-account.ts';

/** One MM2 flow: which topics go from which cluster alias to which, plus the user's overrides. */
export interface MirrorSpec {
  source: string;
  target: string;
  /** Topic names or regexes, as MM2's `topics` takes them. */
  topics: string[];
  /** MM2 properties from the scenario; they win over mirrordrill's fast defaults. */
  overrides: Record<string, string>;
  /** How MM2 runs; the dedicated driver on one node when absent. */
  deployment?: { kind: 'dedicated' | 'connect'; nodes: number };
  /**
   * One connector's own settings on Kafka Connect, applied after the flow's (a
   * KafkaMirrorMaker2 resource configures each connector apart: tasksMax, config).
   */
  connectorOverrides?: Partial<Record<'MirrorSourceConnector' | 'MirrorCheckpointConnector' | 'MirrorHeartbeatConnector', Record<string, string>>>;
  /**
   * The user's own configuration drives this flow (a KafkaMirrorMaker2 resource or an
   * mm2.properties, mirror-config-account.ts): its keys were checked when it was read, unknown
   * ones kept with a warning, so they are not refused again.
   */
  configuredBy?: ConfigAccount;
}

export interface ClusterEndpoint {
  alias: string;
  bootstrapServers: string[];
  brokers: number;
  /**
   * Client settings of a secured cluster (security.protocol, ssl.*, sasl.*), written with the
   * cluster's alias as prefix: MirrorMakerConfig applies `<alias>.` settings to every client MM2
   * makes for that cluster (its connectors' consumers, producers and admins, and the worker's
   * own clients of the target). A scenario's override of the same key wins.
   */
  clientProperties?: Properties;
}

/** Properties that mirrordrill owns, because it wires them to the clusters it started. */
const OWNED = [/^clusters$/, /\.bootstrap\.servers$/, /^[^.]+->[^.]+\.enabled$/, /^listeners$/, /^rest\.advertised\./];

export const DEFAULT_POLICY = 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy';
export const IDENTITY_POLICY = 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy';

/**
 * An MM2 setting the harness reads itself (to name topics, bound re-reads, pick a wait). Its
 * value is parsed with the rule MM2's ConfigDef applies, so a value MM2 would refuse is refused
 * before MM2 starts, naming the key, the value and what MM2 expects.
 */
interface ReadSetting<T> {
  key: string;
  /** The value in force when the scenario sets none: mirrordrill's fast default, else MM2's. */
  fallback: string;
  parse: (value: string) => T | undefined;
  /** What MM2 accepts, completing "MM2 expects …". */
  expects: string;
  /** A table row that works. */
  example: string;
}

const OFFSET_LAG_MAX: ReadSetting<bigint> = {
  key: 'offset.lag.max',
  fallback: String(DEFAULTS.offsetLagMax),
  parse: parseLong,
  expects: `a LONG, ${EXPECTED.LONG}`,
  example: '| offset.lag.max | 10 |',
};
const SYNC_GROUP_OFFSETS: ReadSetting<boolean> = {
  key: 'sync.group.offsets.enabled',
  fallback: 'true',
  parse: parseBoolean,
  expects: `a BOOLEAN, ${EXPECTED.BOOLEAN}`,
  example: '| sync.group.offsets.enabled | false |',
};
/** A CLASS: MM2 loads the trimmed name; the harness knows how these two name topics, and only the Kafka jars are on MM2's class path. */
const POLICY_CLASS: ReadSetting<typeof DEFAULT_POLICY | typeof IDENTITY_POLICY> = {
  key: 'replication.policy.class',
  fallback: DEFAULT_POLICY,
  parse: (v) => ([DEFAULT_POLICY, IDENTITY_POLICY] as const).find((p) => p === javaTrim(v)),
  expects: `the full name of a replication policy class on its class path: ${DEFAULT_POLICY} or ${IDENTITY_POLICY}`,
  example: `| replication.policy.class | ${IDENTITY_POLICY} |`,
};
const INTERNAL_SEPARATOR: ReadSetting<boolean> = {
  key: 'replication.policy.internal.topic.separator.enabled',
  fallback: 'true',
  parse: parseBoolean,
  expects: `a BOOLEAN, ${EXPECTED.BOOLEAN}`,
  example: '| replication.policy.internal.topic.separator.enabled | false |',
};
/** A STRING validated by ConfigDef.ValidString.in("source", "target"): trimmed, case-sensitive. */
const OFFSET_SYNCS_LOCATION: ReadSetting<'source' | 'target'> = {
  key: 'offset-syncs.topic.location',
  fallback: 'source',
  parse: (v) => (['source', 'target'] as const).find((l) => l === javaTrim(v)),
  expects: 'source or target (lower case)',
  example: '| offset-syncs.topic.location | target |',
};
const READ_SETTINGS: ReadSetting<unknown>[] = [OFFSET_LAG_MAX, SYNC_GROUP_OFFSETS, POLICY_CLASS, INTERNAL_SEPARATOR, OFFSET_SYNCS_LOCATION];
/** Read as given (a STRING); named here only so that a cluster-prefixed spelling is refused. */
const SEPARATOR_KEY = 'replication.policy.separator';

/**
 * Refuses, before MM2 starts: malformed keys, keys mirrordrill owns, a value of a setting the
 * harness reads that MM2 would refuse, and a setting the harness reads written with a cluster
 * alias prefix, which MM2 passes to its connectors as target.cluster.* / source.cluster.* and
 * never applies to the flow.
 */
export function validateOverrides(spec: MirrorSpec): void {
  for (const key of Object.keys(spec.overrides)) {
    if (!key.trim() || /\s/.test(key)) {
      throw new BadStepParameter(`"${key}" is not an MM2 property name`, { hint: 'write one property per row: | offset.lag.max | 10 |' });
    }
    if (OWNED.some((re) => re.test(key))) {
      throw new BadStepParameter(`MM2 property "${key}" is set by mirrordrill from the scenario's clusters and cannot be overridden`, {
        hint: 'name the clusters and the flow in the step ("mirrors ... from "a" to "b"") instead',
      });
    }
    for (const name of [...READ_SETTINGS.map((s) => s.key), SEPARATOR_KEY]) {
      const alias = [spec.source, spec.target].find((a) => key === `${a}.${name}`);
      if (alias) {
        throw new BadStepParameter(`MM2 does not apply "${key}" to the flow: a setting prefixed with a cluster alias only configures that cluster's clients`, {
          hint: `write "${name}" for every flow, or "${spec.source}->${spec.target}.${name}" for this one`,
        });
      }
    }
  }
  for (const setting of READ_SETTINGS) readSetting(spec, setting);
}

/** The key the scenario set a setting with as MM2 will see it for this flow (flow-prefixed wins over global), if any. */
function scenarioKey(spec: MirrorSpec, key: string): string | undefined {
  const flowKey = `${spec.source}->${spec.target}.${key}`;
  if (Object.hasOwn(spec.overrides, flowKey)) return flowKey;
  return Object.hasOwn(spec.overrides, key) ? key : undefined;
}

/**
 * The value of a setting as MM2 will see it for this flow: flow-prefixed, then global, then
 * default. MirrorMakerConfig.connectorBaseConfig builds each connector's config that way; a
 * cluster-prefixed key (es-tgt.offset.lag.max) never reaches it.
 */
export function effectiveSetting(spec: MirrorSpec, key: string, fallback: string): string {
  const set = scenarioKey(spec, key);
  return set === undefined ? fallback : spec.overrides[set]!;
}

/** Whether the scenario set a setting for this flow, flow-prefixed or globally. */
export function isSet(spec: MirrorSpec, key: string): boolean {
  return scenarioKey(spec, key) !== undefined;
}

function readSetting<T>(spec: MirrorSpec, setting: ReadSetting<T>): T {
  const key = scenarioKey(spec, setting.key);
  const value = key === undefined ? setting.fallback : spec.overrides[key]!;
  const parsed = setting.parse(value);
  if (parsed === undefined) {
    throw new BadStepParameter(`MM2 property "${key ?? setting.key}" = "${value}" is a value MM2 refuses: it expects ${setting.expects}`, {
      key: key ?? setting.key,
      value,
      hint: `write, e.g., ${setting.example}`,
    });
  }
  return parsed;
}

/**
 * offset.lag.max of the flow. MM2 writes an offset sync when the translated offset would lag by
 * at least this many records, so any negative value acts as 0 (a sync per record). A value past
 * 2^53 loses precision here, far beyond any drill.
 */
export function offsetLagMax(spec: MirrorSpec): number {
  const n = readSetting(spec, OFFSET_LAG_MAX);
  return n < 0n ? 0 : Number(n);
}

export function syncsGroupOffsets(spec: MirrorSpec): boolean {
  return readSetting(spec, SYNC_GROUP_OFFSETS);
}

/** Whether the flow keeps topic names (IdentityReplicationPolicy) rather than prefixing the source alias. */
export function keepsTopicNames(spec: MirrorSpec): boolean {
  return readSetting(spec, POLICY_CLASS) === IDENTITY_POLICY;
}

/** replication.policy.internal.topic.separator.enabled as MM2 validates it (see replication-policy.ts for when it counts). */
export function internalTopicSeparatorEnabled(spec: MirrorSpec): boolean {
  return readSetting(spec, INTERNAL_SEPARATOR);
}

/** Which cluster of the flow holds its offset-syncs topic (offset-syncs.topic.location). */
export function offsetSyncsLocation(spec: MirrorSpec): 'source' | 'target' {
  return readSetting(spec, OFFSET_SYNCS_LOCATION);
}

/**
 * mm2.properties for the dedicated driver (org.apache.kafka.connect.mirror.MirrorMaker).
 * MM2's defaults are minutes-scale intervals and replication factor 3; a drill needs
 * second-scale intervals and factors that fit the clusters it started.
 */
export function mm2Properties(spec: MirrorSpec, source: ClusterEndpoint, target: ClusterEndpoint): Properties {
  const flow = `${spec.source}->${spec.target}`;
  const back = `${spec.target}->${spec.source}`;
  const rf = (c: ClusterEndpoint) => replicationFactorFor(c.brokers);
  const props: Properties = {
    clusters: `${source.alias}, ${target.alias}`,
    [`${source.alias}.bootstrap.servers`]: source.bootstrapServers.join(','),
    [`${target.alias}.bootstrap.servers`]: target.bootstrapServers.join(','),
    [`${flow}.enabled`]: true,
    [`${flow}.topics`]: spec.topics.join(','),
    [`${back}.enabled`]: false,
    // Topics MM2 creates on the target, and its Connect internal topics (also on the target).
    'replication.factor': rf(target),
    'checkpoints.topic.replication.factor': rf(target),
    'heartbeats.topic.replication.factor': rf(target),
    'offset.storage.replication.factor': rf(target),
    'status.storage.replication.factor': rf(target),
    'config.storage.replication.factor': rf(target),
    // The offset-syncs topic lives on the source unless offset-syncs.topic.location=target.
    'offset-syncs.topic.replication.factor': rf(offsetSyncsLocation(spec) === 'target' ? target : source),
    // Every plugin in Apache's jars has a ServiceLoader manifest: scanning the class path by
    // reflection (the default, hybrid_warn) costs MM2 4–6 s at each start. The worker reads its
    // own copy from the target's prefix.
    'plugin.discovery': 'service_load',
    [`${target.alias}.plugin.discovery`]: 'service_load',
    // MM2's Connect offset and status topics hold a handful of records in a drill.
    'offset.storage.partitions': 1,
    'status.storage.partitions': 1,
    'refresh.topics.interval.seconds': 1,
    'refresh.groups.interval.seconds': 1,
    'emit.checkpoints.interval.seconds': 1,
    'emit.heartbeats.interval.seconds': 1,
    'sync.group.offsets.enabled': true,
    'sync.group.offsets.interval.seconds': 1,
    'offset.lag.max': DEFAULTS.offsetLagMax,
    // ACL sync needs an authorizer on both sides; the drill clusters have none.
    'sync.topic.acls.enabled': false,
    // Worker settings are read from the target cluster's prefix (MirrorMakerConfig.workerConfig
    // takes clusterProps(target); a top-level offset.flush.interval.ms is ignored). Committing
    // source offsets every second makes a restarted MM2 resume close to where it stopped, and
    // MM2 writes the offset sync of the last record it copied only at that commit.
    [`${target.alias}.offset.flush.interval.ms`]: 500,
    ...adminTimeouts(source),
    ...adminTimeouts(target),
    ...prefixed(source),
    ...prefixed(target),
    // A worker that leaves the group (killed, stopped) keeps its tasks unassigned for this long
    // before they move to the others: Connect's default is 5 minutes. Only matters with several
    // nodes or workers.
    [`${target.alias}.scheduled.rebalance.max.delay.ms`]: DEFAULTS.rebalanceDelayMs,
    // Several dedicated nodes forward task configs to the leader over an internal REST server
    // (KIP-710, 3.5+); without it a follower's new task configs are lost (KAFKA-15372).
    ...(spec.deployment?.kind === 'dedicated' && spec.deployment.nodes > 1 ? { 'dedicated.mode.enable.internal.rest': true } : {}),
    ...spec.overrides,
  };
  return props;
}

function prefixed(cluster: ClusterEndpoint): Properties {
  return Object.fromEntries(Object.entries(cluster.clientProperties ?? {}).map(([k, v]) => [`${cluster.alias}.${k}`, v]));
}

/**
 * Bounds on MM2's admin calls to one cluster (read from the cluster's prefix into every admin
 * client MM2 makes for it). MM2's checkpoint connector finds new consumer groups with
 * ListGroups, which the admin client sends to every broker in the metadata, each request pinned
 * to its broker: one to a broker that was just killed retries until default.api.timeout.ms
 * (60 s), even once the broker has been fenced, and no other refresh runs meanwhile. With one of
 * three source brokers killed, a group that had committed just before was checkpointed 60 s
 * late. The drill's brokers are on loopback and answer in milliseconds; 10 s (the admin needs
 * default.api.timeout.ms ≥ request.timeout.ms) lets a 5 s pause pass and bounds the stall.
 */
export function adminTimeouts(cluster: ClusterEndpoint): Properties {
  return {
    [`${cluster.alias}.admin.request.timeout.ms`]: DEFAULTS.mirrorAdminTimeoutMs,
    [`${cluster.alias}.admin.default.api.timeout.ms`]: DEFAULTS.mirrorAdminTimeoutMs,
  };
}
