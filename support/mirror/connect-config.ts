import type { Properties } from '../config/properties.ts';
import type { MirrorSpec } from './mm2-properties.ts';

/** The three connectors MM2 runs for one flow, named by class as MirrorMaker names them. */
export const MIRROR_CONNECTORS = ['MirrorSourceConnector', 'MirrorCheckpointConnector', 'MirrorHeartbeatConnector'] as const;
export type MirrorConnector = (typeof MIRROR_CONNECTORS)[number];

export const CONNECTOR_PACKAGE = 'org.apache.kafka.connect.mirror';

/**
 * The lab's Kafka Connect cluster (Strimzi's KafkaMirrorMaker2 defaults): its group and its
 * storage topics, all on the target cluster (connectCluster = the target alias).
 */
export const CONNECT_CLUSTER = {
  groupId: 'mirrormaker2-cluster',
  configTopic: 'mirrormaker2-cluster-configs',
  offsetTopic: 'mirrormaker2-cluster-offsets',
  statusTopic: 'mirrormaker2-cluster-status',
} as const;

const BYTE_ARRAY_CONVERTER = 'org.apache.kafka.connect.converters.ByteArrayConverter';

/**
 * Keys of MirrorClientConfig.CLIENT_CONFIG_DEF (bootstrap.servers, security.protocol and the
 * client SSL and SASL settings): MirrorMakerConfig.clusterProps copies each into the cluster's
 * producer., consumer. and admin. settings.
 */
const CLIENT_KEY = /^(bootstrap\.servers|security\.protocol|ssl\..+|sasl\..+)$/;
const CLIENT_PREFIXED = /^(consumer|producer|admin)/;

function entries(props: Properties): [string, string][] {
  return Object.entries(props).map(([k, v]) => [k, String(v)]);
}

function withPrefix(props: Properties, prefix: string): Record<string, string> {
  return Object.fromEntries(entries(props).filter(([k]) => k.startsWith(prefix)));
}

function stripped(props: Properties, prefix: string): Record<string, string> {
  return Object.fromEntries(entries(props).flatMap(([k, v]) => (k.startsWith(prefix) ? [[k.slice(prefix.length), v]] : [])));
}

/** MirrorMakerConfig.clusterProps: `<alias>.x` as `x`, client settings spread to the cluster's producer, consumer and admin. */
export function clusterProps(mm2: Properties, alias: string): Record<string, string> {
  const props = stripped(mm2, `${alias}.`);
  const putIfAbsent = (k: string, v: string) => {
    if (!Object.hasOwn(props, k)) props[k] = v;
  };
  for (const [k, v] of Object.entries(props)) {
    if (!CLIENT_KEY.test(k)) continue;
    for (const client of ['producer', 'consumer', 'admin']) putIfAbsent(`${client}.${k}`, v);
  }
  for (const [k, v] of entries(mm2)) {
    if (!CLIENT_KEY.test(k)) continue;
    for (const client of ['producer', 'consumer', 'admin']) putIfAbsent(`${client}.${k}`, v);
    putIfAbsent(k, v);
  }
  return props;
}

/**
 * One connector's config on Kafka Connect, from the mm2.properties the dedicated driver would
 * read, by the rules of MirrorMakerConfig.connectorBaseConfig: top-level keys the connectors
 * define (`names`, as the worker's /connector-plugins/{class}/config lists them) and every
 * replication.policy.* and config.providers* key; each cluster's settings as
 * source.cluster.x / target.cluster.x, its client settings as source.consumer.x and so on; the
 * name, class and aliases; then the flow's own `<src>-><tgt>.x` keys, which win, and last the
 * connector's own settings when a KafkaMirrorMaker2 resource gives them. So a row of the
 * mirrors step reaches a connector on Connect exactly as it would reach it in the dedicated driver.
 */
export function connectorConfig(mm2: Properties, spec: Pick<MirrorSpec, 'source' | 'target' | 'connectorOverrides'>, connector: MirrorConnector, names: ReadonlySet<string>): Record<string, string> {
  const props: Record<string, string> = {};
  for (const [k, v] of entries(mm2)) if (names.has(k)) props[k] = v;
  Object.assign(props, withPrefix(mm2, 'config.providers'), withPrefix(mm2, 'replication.policy'));
  for (const [role, alias] of [['source', spec.source], ['target', spec.target]] as const) {
    for (const [k, v] of Object.entries(clusterProps(mm2, alias))) {
      props[CLIENT_PREFIXED.test(k) ? `${role}.${k}` : `${role}.cluster.${k}`] = v;
    }
  }
  props.name ??= connector;
  props['connector.class'] ??= `${CONNECTOR_PACKAGE}.${connector}`;
  props['source.cluster.alias'] ??= spec.source;
  props['target.cluster.alias'] ??= spec.target;
  Object.assign(props, stripped(mm2, `${spec.source}->${spec.target}.`));
  // A resource's own section of this connector (its tasksMax and config) wins, as Strimzi gives it.
  Object.assign(props, spec.connectorOverrides?.[connector]);
  props.enabled ??= 'false';
  return props;
}

export interface WorkerEndpoint {
  /** The worker's REST listener, on loopback. */
  host: string;
  port: number;
}

/**
 * A Connect distributed worker of the flow's Connect cluster, by the rules of
 * MirrorMakerConfig.workerConfig (the target cluster's settings, and the top-level
 * offset.storage.*, config.storage.*, status.storage.*, converter, task*, worker* and
 * replication.policy* keys), with the lab's group and storage topics, byte-array converters
 * (MM2 copies bytes), and a REST listener on loopback that is the harness's own.
 */
export function workerConfig(mm2: Properties, spec: Pick<MirrorSpec, 'target'>, rest: WorkerEndpoint): Record<string, string> {
  const props: Record<string, string> = clusterProps(mm2, spec.target);
  for (const prefix of ['offset.storage', 'config.storage', 'status.storage', 'key.converter', 'value.converter', 'header.converter', 'task', 'worker', 'replication.policy', 'config.providers']) {
    Object.assign(props, withPrefix(mm2, prefix));
  }
  const defaults: Record<string, string> = {
    'group.id': CONNECT_CLUSTER.groupId,
    'config.storage.topic': CONNECT_CLUSTER.configTopic,
    'offset.storage.topic': CONNECT_CLUSTER.offsetTopic,
    'status.storage.topic': CONNECT_CLUSTER.statusTopic,
    'key.converter': BYTE_ARRAY_CONVERTER,
    'value.converter': BYTE_ARRAY_CONVERTER,
    'header.converter': BYTE_ARRAY_CONVERTER,
  };
  for (const [k, v] of Object.entries(defaults)) props[k] ??= v;
  // The REST API is the harness's: on loopback only, each worker on its own port.
  props.listeners = `http://${rest.host}:${rest.port}`;
  props['rest.advertised.host.name'] = rest.host;
  props['rest.advertised.port'] = String(rest.port);
  props['rest.advertised.listener'] = 'http';
  return props;
}
