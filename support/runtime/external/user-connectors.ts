/**
 * The user's own MM2 configuration (a KafkaMirrorMaker2 resource, an mm2.properties) on the
 * external runtime. The harness starts no MM2 there: it drills the one that runs. When that MM2
 * is a Kafka Connect cluster whose REST API the config file gives (`connectUrl`) and may change
 * (`applyScenarioSettings`), the flow's connectors are PUT there for the scenario with the
 * configs the user's file implies (the same rules as on the local and containers runtimes:
 * mm2Properties, then MirrorMakerConfig's connector rules in connect-config.ts), and put back
 * after it. What the drill replaces is different from the other runtimes': not the drill's own
 * clusters and users but the running connectors' own connection settings (their bootstrap
 * addresses, security protocol, TLS and SASL settings, config providers), read from Connect, so
 * the connectors keep reaching the clusters as they do, with the credentials they have. Those
 * values are remembered as secrets and never written anywhere.
 */
import { isSecretKey } from '../../config/secrets.ts';
import { BadStepParameter, ConfigError } from '../../errors.ts';
import { connectorConfig, type MirrorConnector } from '../../mirror/connect-config.ts';
import type { ConfigAccount } from '../../mirror/mirror-config-account.ts';
import { mm2Properties, type MirrorSpec } from '../../mirror/mm2-properties.ts';
import { rememberSecret } from '../../security/secret-values.ts';
import type { ExternalConfig, ExternalMirror } from './external-config.ts';

/**
 * How a connector reaches its clusters: `bootstrap.servers`, `security.protocol`, `ssl.*` and
 * `sasl.*` of the source and target clusters and of their clients (source.cluster.*,
 * target.consumer.*, …), and the config providers their values may refer to.
 */
export const CONNECTION_KEY = /^(((source|target)\.(cluster|consumer|producer|admin)\.)?(bootstrap\.servers|security\.protocol|ssl\..+|sasl\..+)|config\.providers(\..+)?)$/;

/** The worker settings a KafkaMirrorMaker2 gives its Connect cluster (resource-mapping.ts puts them at the top level, or under the target's alias). */
const WORKER_KEY = /^(offset\.storage|config\.storage|status\.storage|key\.converter|value\.converter|header\.converter|task\.|worker\.)/;

/** The external mirror this spec's flow is, or undefined. */
export function mirrorOf(config: ExternalConfig, spec: Pick<MirrorSpec, 'source' | 'target'>): { mirror: ExternalMirror; where: string } | undefined {
  const i = config.mirrors.findIndex((m) => m.source === spec.source && m.target === spec.target);
  return i < 0 ? undefined : { mirror: config.mirrors[i]!, where: `mirrors[${i}]` };
}

/**
 * Refuses, before anything changes, a user's MM2 configuration the external runtime cannot run:
 * no flow of that name in the file, no Connect REST API to PUT its connectors to, or not allowed
 * to change them.
 */
export function refuseUserConfig(config: ExternalConfig, spec: MirrorSpec): { mirror: ExternalMirror; where: string; url: string } {
  const found = mirrorOf(config, spec);
  const file = spec.configuredBy?.file ?? 'the file';
  if (!found) {
    throw new ConfigError(`${config.file} declares no MirrorMaker 2 flow ${spec.source} → ${spec.target}, which ${file} configures`, {
      key: 'mirrors',
      hint: `add { "source": "${spec.source}", "target": "${spec.target}", "connectUrl": …, "applyScenarioSettings": true } to "mirrors" (it declares: ${config.mirrors.map((m) => `${m.source} → ${m.target}`).join(', ') || 'none'})`,
    });
  }
  const { mirror, where } = found;
  if (!mirror.connectUrl) {
    throw new BadStepParameter(`the external runtime starts no MirrorMaker 2: it can run ${file} only by PUTting its connectors to the Kafka Connect cluster that runs the flow ${spec.source} → ${spec.target}, and ${where} of ${config.file} has no "connectUrl"`, {
      hint: `give ${where} the "connectUrl" of that Connect cluster's REST API and "applyScenarioSettings": true (compose/mirrordrill.config.json does), or drill ${file} on the local or containers runtime`,
    });
  }
  if (!mirror.applyScenarioSettings) {
    throw new BadStepParameter(`${file} would replace the configs of the connectors at ${mirror.connectUrl} for the scenario, and ${where} of ${config.file} does not allow the harness to change them`, {
      hint: `add "applyScenarioSettings": true to ${where} (the connectors' configs are put back after the scenario), or drill ${file} on the local or containers runtime`,
    });
  }
  return { mirror, where, url: mirror.connectUrl };
}

/** What resource-mapping.ts and mm2-properties-file.ts say they put in place of the file's connection settings (the drill's clusters, CA, users). */
const DRILL_CONNECTION = /^(the drill's cluster|the drill's CA|none: the drill's cluster|the drill's own for its cluster|the drill's, from the mirror's clusters|a client certificate from the drill's CA|the drill's SCRAM-SHA-512 user)/;
/** What they say the drill owns of MM2's process (listeners, REST, plugin path). */
const DRILL_PROCESS = /^the drill's(, on loopback)?$/;

/**
 * The account (mirror-config-account.ts) as it holds on the external runtime: the file's
 * connection settings are replaced by the running connectors' (not the drill's clusters and
 * users), the Kafka version is the Connect cluster's, and the Connect cluster's own settings
 * (its workers, group, storage topics, converters) are not the file's: it runs as it is.
 */
export function accountOnExternal(account: ConfigAccount, spec: MirrorSpec, url: string): void {
  const theirs = `the running connectors' own at ${url} (read from Connect; values not shown)`;
  for (const r of account.replaced) {
    if (r.path === 'spec.version') r.now = `the Kafka version the Connect cluster at ${url} runs`;
    else if (DRILL_CONNECTION.test(r.now)) r.now = theirs;
    else if (DRILL_PROCESS.test(r.now)) r.now = `the Connect cluster's own at ${url}`;
  }
  // The step's "secured with" advice is the drill's clusters'; on external the clusters are as they are.
  account.warnings = account.warnings.filter((w) => !/\.authentication$/.test(w.path) && !/authentication, but the drill's/.test(w.message));
  if (spec.deployment?.kind === 'connect') {
    account.notHonoured.push({ path: 'spec.replicas', why: `the Connect cluster at ${url} runs with the workers it has (the external runtime deploys none)` });
  } else {
    account.notHonoured.push({ path: 'dedicated mode', why: `the external runtime runs no dedicated driver: the flow's connectors run on the Connect cluster at ${url}` });
  }
  // The drill's defaults that are the Connect worker's (its storage topics, flush interval, rebalance delay) do not reach a Connect cluster that runs already.
  const workerOnly = new RegExp(`^(${spec.target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.)?(offset\\.flush\\.interval\\.ms|scheduled\\.rebalance\\.max\\.delay\\.ms|plugin\\.discovery|group\\.id)=|^(offset|config|status)\\.storage\\.`);
  account.drillDefaults = account.drillDefaults.filter((d) => !workerOnly.test(d));
  const worker = Object.keys(spec.overrides).filter((k) => WORKER_KEY.test(k) || k === `${spec.target}.group.id` || k === 'group.id' || /^[^.>-]+\.(offset|config|status)\.storage\./.test(k));
  if (worker.length) {
    account.notHonoured.push({ path: worker.join(', '), why: `Connect worker settings: the Connect cluster at ${url} runs with its own (group, storage topics, converters)` });
  }
}

/**
 * A comma-separated list of MM2 patterns (topics, groups and their excludes) for clusters whose
 * names carry the run id: each pattern p becomes `name(p)` (`p-<run>`), so that `x-<run>` passes
 * it exactly when x passes p.
 */
export function patternsWithRunId(list: string, name: (p: string) => string): string {
  return list
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => name(/^[\w.-]+$/.test(p) ? p : `(?:${p})`))
    .join(',');
}

/** The flow's group and exclude patterns in `overrides` with the run id (topics are named by the drill itself); the keys changed, as they were and are. */
export function groupPatternsWithRunId(spec: Pick<MirrorSpec, 'source' | 'target' | 'overrides'>, name: (p: string) => string): { key: string; was: string; now: string }[] {
  const prefix = `${spec.source}->${spec.target}.`;
  const changed: { key: string; was: string; now: string }[] = [];
  for (const k of ['groups', 'groups.exclude', 'topics.exclude']) {
    for (const key of [`${prefix}${k}`, k]) {
      const was = spec.overrides[key];
      if (was === undefined) continue;
      const now = patternsWithRunId(was, name);
      spec.overrides[key] = now;
      changed.push({ key, was, now });
    }
  }
  return changed;
}

/**
 * One connector's config from the user's file, for the Connect cluster that runs the flow:
 * what the file implies (connect-config.ts, with the drill's defaults for what it leaves unset,
 * replication factors fitting the clusters' broker counts), without its connection settings,
 * plus the running connector's own (`running`), under the running connector's name.
 */
export function userConnectorConfig(
  spec: MirrorSpec,
  connector: MirrorConnector,
  name: string,
  running: Record<string, string>,
  names: ReadonlySet<string>,
  brokers: { source: number; target: number },
): Record<string, string> {
  // The addresses are placeholders: every connection key is the running connector's.
  const endpoint = (alias: string, n: number) => ({ alias, bootstrapServers: ['replaced.invalid:9092'], brokers: n });
  const mm2 = mm2Properties(spec, endpoint(spec.source, brokers.source), endpoint(spec.target, brokers.target));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(connectorConfig(mm2, spec, connector, names))) if (!CONNECTION_KEY.test(k)) out[k] = v;
  for (const [k, v] of Object.entries(running)) {
    if (!CONNECTION_KEY.test(k)) continue;
    out[k] = v;
    if (isSecretKey(k) && v) rememberSecret(v);
  }
  out.name = name;
  return out;
}

/** The connection keys a running connector's config has (names only: their values may be credentials). */
export function connectionKeys(running: Record<string, string>): string[] {
  return Object.keys(running).filter((k) => CONNECTION_KEY.test(k)).sort();
}
