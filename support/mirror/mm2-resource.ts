/**
 * A user's KafkaMirrorMaker2 resource (Strimzi, IBM Event Streams), read into the one shape the
 * harness maps onto a flow (resource-mapping.ts). Two API shapes exist:
 *   - v1beta2 (and Event Streams' eventstreams.ibm.com/v1alpha1, the same spec): spec.clusters[]
 *     by alias, spec.connectCluster (the target, where the Connect workers keep their state),
 *     spec.mirrors[] with sourceCluster / targetCluster and three connector sections;
 *   - v1 (Strimzi proposal 115): spec.target (the target and Connect cluster, with its group and
 *     storage topics as fields) and spec.mirrors[].source; no clusters, no connectCluster, no
 *     heartbeat connector.
 * Everything is checked here, before any cluster is waited on: a field the harness does not
 * know, a value of the wrong type, an alias that names no cluster of the resource. Each refusal
 * names the field by its path (spec.mirrors[0].sourceCluster) and says what to write.
 */
import { parse } from 'yaml';
import { BadStepParameter } from '../errors.ts';
import { nearest } from './mm2-keys.ts';

export type ResourceShape = 'v1beta2' | 'v1';
export type AuthType = 'tls' | 'scram-sha-512' | 'scram-sha-256' | 'plain';
export const AUTH_TYPES: readonly AuthType[] = ['tls', 'scram-sha-512', 'scram-sha-256', 'plain'];
export type ConnectorKind = 'sourceConnector' | 'checkpointConnector' | 'heartbeatConnector';

/** One cluster as the resource connects to it. */
export interface ResourceCluster {
  alias: string;
  /** Where the alias is written (spec.clusters[1].alias, spec.target.alias). */
  path: string;
  bootstrapServers?: string;
  tls: boolean;
  authentication?: AuthType;
  /** config, as written (values as strings, the way Strimzi passes them to Connect). */
  config: Record<string, string>;
  /** v1's spec.target fields: group and storage topics of the Connect cluster. */
  connect?: Partial<Record<'groupId' | 'configStorageTopic' | 'statusStorageTopic' | 'offsetStorageTopic', string>>;
}

export interface ResourceConnector {
  path: string;
  tasksMax?: number;
  config: Record<string, string>;
}

export interface ResourceMirror {
  path: string;
  source: ResourceCluster;
  target: ResourceCluster;
  topicsPattern?: string;
  groupsPattern?: string;
  topicsExcludePattern?: string;
  groupsExcludePattern?: string;
  connectors: Partial<Record<ConnectorKind, ResourceConnector>>;
}

export interface Mm2Resource {
  shape: ResourceShape;
  /** apiVersion as written. */
  apiVersion: string;
  name?: string;
  version?: string;
  replicas?: number;
  /** The target and Connect cluster. */
  target: ResourceCluster;
  /** Every cluster the resource names (v1beta2: spec.clusters; v1: spec.target and each mirror's source). */
  clusters: ResourceCluster[];
  mirrors: ResourceMirror[];
  /** Fields the harness reads but cannot honour (template, resources, …), by path. */
  notHonoured: { path: string; why: string }[];
}

/** Fields of spec a Kubernetes operator applies to the pods, which a drill on this machine has no equivalent for. */
const POD_FIELDS: Record<string, string> = {
  template: 'pod and service templates shape Kubernetes objects; the drill runs Connect workers as JVMs or containers of its own',
  resources: 'CPU and memory requests and limits of the pods; the drill gives each worker the JVM options of its runtime',
  jvmOptions: "the pods' JVM options; the drill gives each worker the JVM options of its runtime",
  jmxOptions: 'JMX of the pods',
  metricsConfig: "the Prometheus exporter of the pods; the drill measures MM2 through Kafka's own topics",
  rack: 'rack awareness from Kubernetes node labels; the drill has no racks',
  logging: "the pods' log4j configuration; the drill logs MM2 as its runtime does (see the run folder)",
  image: "the pods' image; the drill runs MM2 from Apache's jars of MIRRORDRILL_KAFKA_VERSION",
  livenessProbe: 'a Kubernetes probe',
  readinessProbe: 'a Kubernetes probe',
  tracing: 'OpenTelemetry tracing of the pods',
  externalConfiguration: 'Secrets and ConfigMaps mounted into the pods',
  clientRackInitImage: 'an init container image',
};

const CLUSTER_FIELDS = ['alias', 'bootstrapServers', 'tls', 'authentication', 'config'];
const V1_TARGET_FIELDS = [...CLUSTER_FIELDS, 'groupId', 'configStorageTopic', 'statusStorageTopic', 'offsetStorageTopic'];
const CONNECTOR_FIELDS = ['tasksMax', 'config', 'state', 'autoRestart', 'pause', 'listOffsets', 'alterOffsets'];
const CONNECTOR_POD_LIKE = ['state', 'autoRestart', 'pause', 'listOffsets', 'alterOffsets'];
const MIRROR_FIELDS_V1BETA2 = ['sourceCluster', 'targetCluster', 'sourceConnector', 'checkpointConnector', 'heartbeatConnector', 'topicsPattern', 'groupsPattern', 'topicsExcludePattern', 'groupsExcludePattern', 'topicsBlacklistPattern', 'groupsBlacklistPattern'];
const MIRROR_FIELDS_V1 = ['source', 'sourceConnector', 'checkpointConnector', 'topicsPattern', 'groupsPattern', 'topicsExcludePattern', 'groupsExcludePattern'];
const SPEC_FIELDS_V1BETA2 = ['version', 'replicas', 'connectCluster', 'clusters', 'mirrors', ...Object.keys(POD_FIELDS)];
const SPEC_FIELDS_V1 = ['version', 'replicas', 'target', 'mirrors', ...Object.keys(POD_FIELDS)];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function refuse(path: string, what: string, hint: string): never {
  throw new BadStepParameter(`${path}: ${what}`, { field: path, hint });
}

/** Refuses a field the harness does not know at this place, with the nearest it knows. */
function onlyKnown(obj: Obj, path: string, known: readonly string[], shape: string): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const near = nearest(key, known);
    refuse(`${path}.${key}`, `is not a field of a ${shape} KafkaMirrorMaker2 here`, near ? `did you mean "${near}"?` : `the fields here are: ${known.join(', ')}`);
  }
}

function str(obj: Obj, key: string, path: string, required = false): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) refuse(`${path}.${key}`, 'is missing', `write ${key}: <value>`);
    return undefined;
  }
  if (typeof v !== 'string' || !v.trim()) refuse(`${path}.${key}`, `must be a non-empty string, not ${JSON.stringify(v)}`, `write ${key}: "<value>"`);
  return v;
}

function positiveInt(obj: Obj, key: string, path: string): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) refuse(`${path}.${key}`, `must be a whole number of at least 1, not ${JSON.stringify(v)}`, `write ${key}: 1`);
  return v;
}

/**
 * A config map as Connect receives it: each value a string. Strimzi passes numbers and booleans
 * as their text; a nested map or list is no property value.
 */
function configMap(v: unknown, path: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) refuse(path, 'must be a map of property names to values', 'write config: followed by one "key: value" per line');
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[k] = String(value);
    else refuse(`${path}.${k}`, `must be a string, number or boolean, not ${Array.isArray(value) ? 'a list' : typeof value}`, `write ${k}: "<value>"`);
  }
  return out;
}

/**
 * A topic or group pattern: Strimzi passes it to MM2's `topics` / `groups`, a comma-separated
 * list of Java regexes. Each is compiled here (JavaScript's dialect accepts nearly all that
 * Java's does for such patterns), so a broken one is named before MM2 starts.
 */
function pattern(obj: Obj, key: string, path: string): string | undefined {
  const v = str(obj, key, path);
  if (v === undefined) return undefined;
  for (const part of v.split(',').map((p) => p.trim())) {
    try {
      new RegExp(`^(?:${part})$`);
    } catch (e) {
      refuse(`${path}.${key}`, `"${part}" is not a regular expression (${e instanceof Error ? e.message : String(e)})`, `write a regex or a comma-separated list of names, e.g. ${key}: "products|orders"`);
    }
  }
  return v;
}

function cluster(v: unknown, path: string, known: readonly string[]): ResourceCluster {
  if (!isObj(v)) refuse(path, 'must be a map (alias, bootstrapServers, tls, authentication, config)', 'see examples/es-to-es.yml');
  onlyKnown(v, path, known, 'cluster of a');
  const alias = str(v, 'alias', path, true)!;
  const tls = v.tls;
  if (tls !== undefined && tls !== null && !isObj(tls)) refuse(`${path}.tls`, 'must be a map (trustedCertificates: …), or {} for TLS with the default trust', 'write tls: {}');
  let authentication: AuthType | undefined;
  if (v.authentication !== undefined && v.authentication !== null) {
    if (!isObj(v.authentication)) refuse(`${path}.authentication`, 'must be a map with a type', 'write authentication: { type: tls, certificateAndKey: … }');
    const type = v.authentication.type;
    if (typeof type !== 'string' || !AUTH_TYPES.includes(type as AuthType)) {
      refuse(`${path}.authentication.type`, `${JSON.stringify(type)} is not an authentication the drill can stand in for`, `write one of: ${AUTH_TYPES.join(', ')} (the drill replaces it with its own clusters' users and certificates either way)`);
    }
    authentication = type as AuthType;
  }
  const c: ResourceCluster = { alias, path: `${path}.alias`, tls: isObj(tls), config: configMap(v.config, `${path}.config`) };
  const bootstrap = str(v, 'bootstrapServers', path);
  if (bootstrap !== undefined) c.bootstrapServers = bootstrap;
  if (authentication) c.authentication = authentication;
  const connect: ResourceCluster['connect'] = {};
  for (const f of ['groupId', 'configStorageTopic', 'statusStorageTopic', 'offsetStorageTopic'] as const) {
    const s = known.includes(f) ? str(v, f, path) : undefined;
    if (s !== undefined) connect[f] = s;
  }
  if (Object.keys(connect).length) c.connect = connect;
  return c;
}

function connectors(m: Obj, path: string, kinds: readonly ConnectorKind[], notHonoured: Mm2Resource['notHonoured']): ResourceMirror['connectors'] {
  const out: ResourceMirror['connectors'] = {};
  for (const kind of kinds) {
    const v = m[kind];
    if (v === undefined || v === null) continue;
    const p = `${path}.${kind}`;
    if (!isObj(v)) refuse(p, 'must be a map (tasksMax, config)', `write ${kind}: {} for the defaults`);
    onlyKnown(v, p, CONNECTOR_FIELDS, 'connector of a');
    for (const f of CONNECTOR_POD_LIKE) {
      if (v[f] !== undefined) notHonoured.push({ path: `${p}.${f}`, why: "the operator's connector lifecycle; the drill creates the connectors running and acts on them through its own steps" });
    }
    const c: ResourceConnector = { path: p, config: configMap(v.config, `${p}.config`) };
    const tasks = positiveInt(v, 'tasksMax', p);
    if (tasks !== undefined) c.tasksMax = tasks;
    out[kind] = c;
  }
  return out;
}

/** Reads a KafkaMirrorMaker2 resource from its YAML text; `file` names it in errors. */
export function parseMm2Resource(text: string, file: string): Mm2Resource {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new BadStepParameter(`${file} is not YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, { hint: 'check its indentation (spaces, not tabs) against examples/es-to-es.yml' });
  }
  if (!isObj(doc)) refuse(file, 'is not a KafkaMirrorMaker2 resource (no map at its top)', 'see examples/es-to-es.yml');
  if (doc.kind !== 'KafkaMirrorMaker2') refuse('kind', `is ${JSON.stringify(doc.kind)}, not KafkaMirrorMaker2`, 'point the step at a KafkaMirrorMaker2 resource; for mm2.properties use "MirrorMaker 2 runs the MM2 properties in …"');
  const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
  const spec = doc.spec;
  if (!isObj(spec)) refuse('spec', 'is missing or not a map', 'see examples/es-to-es.yml');
  const v1 = /\/v1$/.test(apiVersion) || (spec.target !== undefined && spec.clusters === undefined);
  if (spec.target !== undefined && (spec.clusters !== undefined || spec.connectCluster !== undefined)) {
    refuse('spec.target', 'is v1 while spec.clusters / spec.connectCluster are v1beta2: a resource is one or the other', 'keep spec.target and spec.mirrors[].source (v1), or spec.clusters and spec.connectCluster (v1beta2)');
  }
  const shape: ResourceShape = v1 ? 'v1' : 'v1beta2';
  onlyKnown(spec, 'spec', v1 ? SPEC_FIELDS_V1 : SPEC_FIELDS_V1BETA2, shape);
  const notHonoured: Mm2Resource['notHonoured'] = Object.keys(spec)
    .filter((k) => Object.hasOwn(POD_FIELDS, k))
    .map((k) => ({ path: `spec.${k}`, why: POD_FIELDS[k]! }));
  const version = spec.version === undefined ? undefined : String(spec.version);
  const replicas = positiveInt(spec, 'replicas', 'spec');
  if (!Array.isArray(spec.mirrors) || spec.mirrors.length === 0) refuse('spec.mirrors', 'is missing or empty: the resource mirrors nothing', 'add one mirror: mirrors: [{ sourceCluster: …, targetCluster: …, topicsPattern: … }]');

  let target: ResourceCluster;
  const mirrors: ResourceMirror[] = [];
  const all: ResourceCluster[] = [];
  if (shape === 'v1') {
    target = cluster(spec.target, 'spec.target', V1_TARGET_FIELDS);
    all.push(target);
    spec.mirrors.forEach((m: unknown, i: number) => {
      const path = `spec.mirrors[${i}]`;
      if (!isObj(m)) refuse(path, 'must be a map', 'see examples/es-to-es-v1.yml');
      onlyKnown(m, path, MIRROR_FIELDS_V1, 'mirror of a v1');
      const source = cluster(m.source, `${path}.source`, CLUSTER_FIELDS);
      if (source.alias === target.alias) refuse(`${path}.source.alias`, `"${source.alias}" is also spec.target's alias`, 'name two different clusters');
      all.push(source);
      mirrors.push(mirror(m, path, source, target, connectors(m, path, ['sourceConnector', 'checkpointConnector'], notHonoured)));
    });
  } else {
    if (!Array.isArray(spec.clusters) || spec.clusters.length === 0) refuse('spec.clusters', 'is missing or empty', 'list each cluster with its alias and bootstrapServers');
    const clusters = new Map<string, ResourceCluster>();
    spec.clusters.forEach((c: unknown, i: number) => {
      const parsed = cluster(c, `spec.clusters[${i}]`, CLUSTER_FIELDS);
      if (clusters.has(parsed.alias)) refuse(`spec.clusters[${i}].alias`, `"${parsed.alias}" is listed twice`, 'give each cluster its own alias');
      clusters.set(parsed.alias, parsed);
      all.push(parsed);
    });
    const byAlias = (alias: string, path: string): ResourceCluster => {
      const c = clusters.get(alias);
      if (!c) refuse(path, `"${alias}" is not an alias of spec.clusters`, `use one of: ${[...clusters.keys()].map((a) => `"${a}"`).join(', ')}`);
      return c;
    };
    const connectAlias = str(spec, 'connectCluster', 'spec', true)!;
    target = byAlias(connectAlias, 'spec.connectCluster');
    spec.mirrors.forEach((m: unknown, i: number) => {
      const path = `spec.mirrors[${i}]`;
      if (!isObj(m)) refuse(path, 'must be a map', 'see examples/es-to-es.yml');
      onlyKnown(m, path, MIRROR_FIELDS_V1BETA2, 'mirror of a v1beta2');
      for (const old of ['topicsBlacklistPattern', 'groupsBlacklistPattern'] as const) {
        if (m[old] !== undefined) refuse(`${path}.${old}`, 'is deprecated and Strimzi ignores it when the Exclude form is set', `write ${old.replace('Blacklist', 'Exclude')} instead`);
      }
      const source = byAlias(str(m, 'sourceCluster', path, true)!, `${path}.sourceCluster`);
      const mirrorTarget = byAlias(str(m, 'targetCluster', path, true)!, `${path}.targetCluster`);
      if (mirrorTarget.alias !== connectAlias) {
        refuse(`${path}.targetCluster`, `"${mirrorTarget.alias}" is not spec.connectCluster ("${connectAlias}"): MM2's connectors run on the Connect cluster and write to it`, `write targetCluster: "${connectAlias}", or make spec.connectCluster "${mirrorTarget.alias}"`);
      }
      if (source.alias === mirrorTarget.alias) refuse(`${path}.sourceCluster`, `"${source.alias}" is also the target`, 'name two different clusters');
      mirrors.push(mirror(m, path, source, mirrorTarget, connectors(m, path, ['sourceConnector', 'checkpointConnector', 'heartbeatConnector'], notHonoured)));
    });
  }
  const name = isObj(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : undefined;
  return { shape, apiVersion, ...(name ? { name } : {}), ...(version ? { version } : {}), ...(replicas ? { replicas } : {}), target, clusters: all, mirrors, notHonoured };
}

function mirror(m: Obj, path: string, source: ResourceCluster, target: ResourceCluster, conns: ResourceMirror['connectors']): ResourceMirror {
  const out: ResourceMirror = { path, source, target, connectors: conns };
  for (const key of ['topicsPattern', 'groupsPattern', 'topicsExcludePattern', 'groupsExcludePattern'] as const) {
    const p = pattern(m, key, path);
    if (p !== undefined) out[key] = p;
  }
  return out;
}
