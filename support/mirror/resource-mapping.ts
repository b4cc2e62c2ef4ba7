/**
 * A KafkaMirrorMaker2 resource (mm2-resource.ts) as a flow of the drill. A KafkaMirrorMaker2 is
 * MM2 on a Kafka Connect cluster whose connectCluster is the target, so it maps onto the drill's
 * Connect deployment (spec.replicas workers), its connectors configured through Connect's REST
 * as MirrorMakerConfig would configure them (connect-config.ts):
 *   - the resource's aliases are the scenario's clusters: their addresses, TLS material and
 *     credentials are the drill's (the clusters it started, its CA and users), never the file's;
 *   - the target's config is the Connect worker's: its storage and converter settings as the
 *     top-level keys MirrorMakerConfig.workerConfig copies last (so they win over the drill's
 *     defaults, as they would in the operator's worker), the rest under the target's prefix;
 *     a source's config under its prefix (its clients', source.cluster.* on the connectors);
 *   - each connector's config under the flow's prefix (so the harness reads offset.lag.max and
 *     sync.group.offsets.enabled as MM2 does), and again as that connector's own settings with its
 *     tasksMax, so each connector runs with what its own section says;
 *   - topicsPattern / groupsPattern / the exclude patterns as topics, groups, topics.exclude,
 *     groups.exclude of the flow.
 * Every other setting is kept as written; what was replaced or cannot be honoured is accounted
 * for (mirror-config-account.ts).
 */
import { BadStepParameter } from '../errors.ts';
import { SECURITY_MODES, type SecurityMode } from '../security/cluster-security.ts';
import type { ConfigNames } from './config-names.ts';
import { MAX_MIRROR_NODES } from './mirror-ops.ts';
import type { ConfigAccount } from './mirror-config-account.ts';
import type { ConnectorKind, Mm2Resource } from './mm2-resource.ts';
import { mm2Properties, validateOverrides, type MirrorSpec } from './mm2-properties.ts';
import { checkUserKeys, type UserKey } from './user-config-keys.ts';

/** A cluster of the scenario, as the drill declared it. */
export interface ScenarioCluster {
  alias: string;
  brokers: number;
  security?: SecurityMode;
}

export interface MappingContext {
  file: string;
  clusters: readonly ScenarioCluster[];
  /** MM2's names in the flow's Kafka release; undefined when they cannot be had (keys go unchecked). */
  names: ConfigNames | undefined;
  kafkaVersion: string;
}

const CONNECTOR_CLASS: Record<ConnectorKind, 'MirrorSourceConnector' | 'MirrorCheckpointConnector' | 'MirrorHeartbeatConnector'> = {
  sourceConnector: 'MirrorSourceConnector',
  checkpointConnector: 'MirrorCheckpointConnector',
  heartbeatConnector: 'MirrorHeartbeatConnector',
};

/** The worker settings MirrorMakerConfig.workerConfig takes from the top level, after the target's. */
const WORKER_TOP = /^(offset\.storage|config\.storage|status\.storage|key\.converter|value\.converter|header\.converter|task|worker)/;
/** A cluster's TLS and SASL settings (its clients' too): the drill's own replace them. */
const CLUSTER_SECURITY = /^((consumer|producer|admin)\.)?(ssl|sasl|security)\./;
/** What Strimzi itself forbids in a cluster's config, being the operator's: here the drill's. */
const CLUSTER_OWNED = /^(bootstrap\.servers|listeners|plugin\.path|rest\..+|consumer\.interceptor\.classes|producer\.interceptor\.classes)$/;
/** A connector's connection and identity settings, set by the drill from the mirror's clusters. */
const CONNECTOR_OWNED = /^(((source|target)\.)?((cluster|consumer|producer|admin)\.)?(ssl\.|sasl\.|security\.|bootstrap\.servers$)|(source|target)\.cluster\.alias$|connector\.class$|name$|tasks\.max$)/;

const securityWords = (c: ScenarioCluster | undefined): string => {
  if (!c?.security) return 'none: the drill\'s cluster listens in PLAINTEXT';
  return SECURITY_MODES[c.security].mirror === 'SSL' ? "a client certificate from the drill's CA (mutual TLS)" : "the drill's SCRAM-SHA-512 user over TLS";
};

/** The resource as the drill's flow: its spec (Connect deployment, overrides, connectors' own settings) with the account of what was kept and replaced. */
export function mapResource(r: Mm2Resource, ctx: MappingContext): MirrorSpec {
  const scenario = new Map(ctx.clusters.map((c) => [c.alias, c]));
  for (const c of r.clusters) {
    if (!scenario.has(c.alias)) {
      const have = [...scenario.keys()].map((a) => `"${a}"`).join(', ') || 'none yet';
      throw new BadStepParameter(`${c.path}: the scenario has no cluster "${c.alias}" (its clusters: ${have})`, {
        field: c.path,
        hint: `declare it before this step (Given a source cluster "${c.alias}" with 1 broker), or name the resource's cluster after one of the scenario's`,
      });
    }
  }
  if (r.mirrors.length > 1) {
    throw new BadStepParameter(`spec.mirrors[1]: the drill runs one mirror per resource, and this one has ${r.mirrors.length}`, {
      field: 'spec.mirrors[1]',
      hint: 'keep the mirror you want to drill in a resource of its own (one file per flow)',
    });
  }
  const nodes = r.replicas ?? 3;
  if (nodes > MAX_MIRROR_NODES) {
    throw new BadStepParameter(`spec.replicas: ${nodes} Connect workers cannot run in a drill on this machine`, { field: 'spec.replicas', hint: `write replicas: 1 to ${MAX_MIRROR_NODES} (each worker is a JVM here)` });
  }
  const m = r.mirrors[0]!;
  const flow = { source: m.source.alias, target: m.target.alias };
  const flowPrefix = `${flow.source}->${flow.target}.`;
  const account: ConfigAccount = {
    file: ctx.file,
    shape: `KafkaMirrorMaker2 ${r.apiVersion || '(no apiVersion)'} (${r.shape} shape${r.shape === 'v1beta2' ? ': spec.clusters, spec.connectCluster' : ': spec.target, spec.mirrors[].source'})${r.name ? `, "${r.name}"` : ''}`,
    replaced: [],
    notHonoured: [...r.notHonoured],
    warnings: [],
    drillDefaults: [],
  };
  const overrides: Record<string, string> = {};
  const userKeys: UserKey[] = [];
  const put = (key: string, value: string, path: string, written?: string) => {
    overrides[key] = value;
    userKeys.push({ key, path, ...(written ? { written } : {}) });
  };

  if (r.replicas === undefined) account.warnings.push({ path: 'spec.replicas', message: "unset: Strimzi's default, 3 Connect workers, is what the drill runs" });
  if (r.version && r.version !== ctx.kafkaVersion) {
    account.replaced.push({ path: 'spec.version', was: r.version, now: `Kafka ${ctx.kafkaVersion}'s jars (MIRRORDRILL_KAFKA_VERSION): set it to drill your version` });
  }

  // The clusters: addresses, TLS and credentials are the drill's; the rest of config is kept.
  for (const c of [m.source, m.target]) {
    const base = c.path.replace(/\.alias$/, '');
    const drill = scenario.get(c.alias);
    if (c.bootstrapServers) account.replaced.push({ path: `${base}.bootstrapServers`, was: c.bootstrapServers, now: `the drill's cluster "${c.alias}"` });
    if (c.tls) account.replaced.push({ path: `${base}.tls`, was: 'trusted certificates of your CA', now: drill?.security ? `the drill's CA of "${c.alias}"` : 'none: the drill\'s cluster listens in PLAINTEXT' });
    if (c.authentication) {
      account.replaced.push({ path: `${base}.authentication`, was: `type ${c.authentication} (its secret not read)`, now: securityWords(drill) });
      const drillAuth = drill?.security ? (SECURITY_MODES[drill.security].mirror === 'SSL' ? 'tls' : 'scram-sha-512') : undefined;
      if (drillAuth !== c.authentication) {
        account.warnings.push({
          path: `${base}.authentication`,
          message: `is ${c.authentication}, but the drill's "${c.alias}" authenticates MM2 ${drillAuth ? `with ${drillAuth}` : 'not at all'}: declare the cluster ${c.authentication === 'tls' ? '"secured with SCRAM-SHA-512 and mutual TLS" (or "mutual TLS")' : c.authentication === 'scram-sha-512' ? '"secured with SCRAM-SHA-512"' : 'secured'} to drill your setup's authentication`,
        });
      }
    } else if (drill?.security) {
      account.warnings.push({ path: base, message: `has no authentication, but the drill's "${c.alias}" is secured: MM2 uses ${securityWords(drill)}` });
    }
    for (const [k, v] of Object.entries(c.config)) {
      const path = `${base}.config.${k}`;
      if (CLUSTER_SECURITY.test(k)) {
        account.replaced.push({ path, was: 'your TLS/SASL setting', now: "the drill's own for its cluster" });
        continue;
      }
      if (CLUSTER_OWNED.test(k)) {
        account.replaced.push({ path, was: 'set by the operator (Strimzi forbids it here)', now: "the drill's" });
        continue;
      }
      // The Connect cluster's storage and converter settings are the worker's own: top level, where MirrorMakerConfig reads them last.
      if (c === m.target && WORKER_TOP.test(k)) put(k, v, path);
      else put(`${c.alias}.${k}`, v, path, k);
    }
    if (c.connect) {
      const keys = { groupId: 'group.id', configStorageTopic: 'config.storage.topic', statusStorageTopic: 'status.storage.topic', offsetStorageTopic: 'offset.storage.topic' } as const;
      for (const [f, v] of Object.entries(c.connect)) {
        const key = keys[f as keyof typeof keys];
        put(key === 'group.id' ? `${c.alias}.${key}` : key, v, `${base}.${f}`, key);
      }
    }
  }

  // The mirror: patterns, then each connector's section.
  const topics = m.topicsPattern ? m.topicsPattern.split(',').map((t) => t.trim()).filter(Boolean) : ['.*'];
  if (!m.topicsPattern) account.warnings.push({ path: `${m.path}.topicsPattern`, message: 'unset: MM2 mirrors every topic (topics = .*)' });
  if (m.groupsPattern) put(`${flowPrefix}groups`, m.groupsPattern, `${m.path}.groupsPattern`, 'groups');
  if (m.topicsExcludePattern) put(`${flowPrefix}topics.exclude`, m.topicsExcludePattern, `${m.path}.topicsExcludePattern`, 'topics.exclude');
  if (m.groupsExcludePattern) put(`${flowPrefix}groups.exclude`, m.groupsExcludePattern, `${m.path}.groupsExcludePattern`, 'groups.exclude');

  const connectorOverrides: NonNullable<MirrorSpec['connectorOverrides']> = {};
  const setBy = new Map<string, { value: string; path: string }>();
  const kinds: ConnectorKind[] = r.shape === 'v1' ? ['sourceConnector', 'checkpointConnector'] : ['heartbeatConnector', 'sourceConnector', 'checkpointConnector'];
  for (const kind of ['sourceConnector', 'checkpointConnector', 'heartbeatConnector'] as const) {
    if (m.connectors[kind]) continue;
    account.notHonoured.push({
      path: `${m.path}.${kind}`,
      why:
        kind === 'heartbeatConnector' && r.shape === 'v1'
          ? `v1 has no heartbeat connector; the drill's Connect deployment runs ${CONNECTOR_CLASS[kind]} too, with MM2's defaults`
          : `absent, so the operator would not create ${CONNECTOR_CLASS[kind]}; the drill runs all three connectors, this one with MM2's defaults and the drill's`,
    });
  }
  for (const kind of kinds) {
    const c = m.connectors[kind];
    if (!c) continue;
    const own: Record<string, string> = {};
    if (c.tasksMax !== undefined) own['tasks.max'] = String(c.tasksMax);
    for (const [k, v] of Object.entries(c.config)) {
      const path = `${c.path}.config.${k}`;
      if (CONNECTOR_OWNED.test(k)) {
        account.replaced.push({ path, was: /ssl|sasl|security|bootstrap/.test(k) ? 'your connection setting' : 'your value', now: k === 'tasks.max' ? `${c.path}.tasksMax (write it there)` : "the drill's, from the mirror's clusters" });
        continue;
      }
      own[k] = v;
      const earlier = setBy.get(k);
      if (earlier && earlier.value !== v) {
        account.warnings.push({ path, message: `differs from ${earlier.path}: each connector runs with its own value; the harness reads "${k}" as ${v} for the whole flow` });
      }
      setBy.set(k, { value: v, path });
      put(`${flowPrefix}${k}`, v, path, k);
    }
    connectorOverrides[CONNECTOR_CLASS[kind]] = own;
  }

  const spec: MirrorSpec = { source: flow.source, target: flow.target, topics, overrides, deployment: { kind: 'connect', nodes }, connectorOverrides, configuredBy: account };
  refuseAsField(spec, userKeys);
  account.warnings.push(...checkUserKeys(userKeys, flow, ctx.names));
  account.drillDefaults = drillDefaults(spec, scenario.get(flow.source)!, scenario.get(flow.target)!);
  return spec;
}

/** validateOverrides' refusals (keys the drill owns, a value MM2 would refuse), said at the field the user wrote. */
export function refuseAsField(spec: MirrorSpec, keys: readonly UserKey[], line: (key: string, value: string) => string = (k, v) => `${k}: ${v}`): void {
  try {
    validateOverrides(spec);
  } catch (error) {
    if (!(error instanceof BadStepParameter)) throw error;
    const first = error.message.split('\n')[0]!;
    const k = keys.find((u) => error.context.key === u.key) ?? keys.find((u) => first.includes(`"${u.key}"`));
    if (!k) throw error;
    // The hint's table row (| key | value |) said as a line of the file.
    const hint = (error.context.hint ?? '').replace(/\| (\S+) \| (\S+) \|/g, (_, key: string, value: string) => line(key === k.key || k.key.endsWith(`.${key}`) ? (k.written ?? k.key) : key, value));
    throw new BadStepParameter(`${k.path}: ${first}`, { field: k.path, hint: `${hint} in the file` });
  }
}

/** The settings the drill adds that the file leaves unset, as key=value (its fast intervals, factors fitting its clusters, bounded admin calls). */
export function drillDefaults(spec: MirrorSpec, source: { alias: string; brokers: number }, target: { alias: string; brokers: number }): string[] {
  const endpoint = (c: { alias: string; brokers: number }) => ({ alias: c.alias, bootstrapServers: ['-'], brokers: c.brokers });
  const base = mm2Properties({ ...spec, overrides: {} }, endpoint(source), endpoint(target));
  const flowPrefix = `${spec.source}->${spec.target}.`;
  const set = (k: string) =>
    Object.hasOwn(spec.overrides, k) || Object.hasOwn(spec.overrides, `${flowPrefix}${k}`) || Object.values(spec.connectorOverrides ?? {}).some((o) => Object.hasOwn(o, k));
  return Object.entries(base)
    .filter(([k]) => k !== 'clusters' && !k.endsWith('.bootstrap.servers') && !/^[^.]+->[^.]+\.(enabled|topics)$/.test(k) && !set(k))
    .map(([k, v]) => `${k}=${String(v)}`);
}
