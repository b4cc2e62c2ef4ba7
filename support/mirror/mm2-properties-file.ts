/**
 * A user's mm2.properties (MM2's dedicated mode, connect-mirror-maker.sh) as a flow of the drill.
 * Its `clusters` are the scenario's; its one enabled flow (`A->B.enabled = true`) is the flow the
 * drill runs, with `A->B.topics` (else `topics`, else every topic); each alias's
 * bootstrap.servers and every TLS / SASL setting are replaced by the drill's own (its clusters,
 * CA and users). Every other line is kept as written and reaches MM2 as the scenario table's rows
 * do (mm2-properties.ts, connect-config.ts): on the dedicated driver unless the scenario says
 * "MirrorMaker 2 runs on Kafka Connect" first. Keys MM2 does not define are a warning; a key one
 * edit from one it defines is refused (user-config-keys.ts).
 */
import { BadStepParameter } from '../errors.ts';
import { parseProperties } from '../config/properties.ts';
import type { ConfigAccount } from './mirror-config-account.ts';
import { parseBoolean } from './config-def.ts';
import type { MirrorSpec } from './mm2-properties.ts';
import { drillDefaults, refuseAsField, type MappingContext } from './resource-mapping.ts';
import { checkUserKeys, type UserKey } from './user-config-keys.ts';

/** A cluster's (or a flow's clients') TLS and SASL settings: the drill's own replace them. */
const SECURITY = /^(?:[^.]+\.)?(?:(?:source|target)\.)?(?:(?:cluster|consumer|producer|admin)\.)?(?:ssl|sasl|security)\./;
/** What the drill wires itself: its REST listener. */
const OWNED = /^(listeners|rest\.advertised\..+)$/;

export function mapMm2Properties(text: string, ctx: MappingContext): MirrorSpec {
  const props = parseProperties(text);
  const where = (key: string) => `${ctx.file}: ${key}`;
  const refuse = (key: string, what: string, hint: string): never => {
    throw new BadStepParameter(`${where(key)} ${what}`, { field: key, hint });
  };
  const scenario = new Map(ctx.clusters.map((c) => [c.alias, c]));
  const have = () => [...scenario.keys()].map((a) => `"${a}"`).join(', ') || 'none yet';
  if (!props.clusters?.trim()) refuse('clusters', 'is missing: MM2 reads its cluster aliases from it', 'write clusters = es-src, es-tgt');
  const aliases = props.clusters!.split(',').map((a) => a.trim()).filter(Boolean);
  for (const alias of aliases) {
    if (!scenario.has(alias)) refuse('clusters', `names "${alias}", and the scenario has no such cluster (its clusters: ${have()})`, `declare it before this step (Given a source cluster "${alias}" with 1 broker), or rename the alias in the file`);
  }
  const enabled = Object.entries(props).flatMap(([k, v]) => {
    const m = /^([^.]+)->([^.]+)\.enabled$/.exec(k);
    if (!m) return [];
    const on = parseBoolean(v);
    if (on === undefined) refuse(k, `= "${v}" is a value MM2 refuses: it expects true or false`, `write ${k} = true`);
    return on ? [{ source: m[1]!, target: m[2]!, key: k }] : [];
  });
  if (enabled.length === 0) refuse('<source>-><target>.enabled', 'is true for no flow: MM2 would mirror nothing', 'write es-src->es-tgt.enabled = true');
  if (enabled.length > 1) refuse(enabled[1]!.key, `enables a second flow (${enabled.map((f) => `${f.source}->${f.target}`).join(', ')}): the drill runs one flow per file`, 'keep one flow enabled per file');
  const flow = enabled[0]!;
  for (const alias of [flow.source, flow.target]) {
    if (!aliases.includes(alias)) refuse(flow.key, `names "${alias}", which clusters does not list`, `add it: clusters = ${[...aliases, alias].join(', ')}`);
  }
  if (flow.source === flow.target) refuse(flow.key, 'mirrors a cluster to itself', 'name two different clusters');
  const flowPrefix = `${flow.source}->${flow.target}.`;
  const account: ConfigAccount = { file: ctx.file, shape: 'mm2.properties (dedicated mode: MirrorMakerConfig)', replaced: [], notHonoured: [], warnings: [], drillDefaults: [] };
  const topicsLine = props[`${flowPrefix}topics`] ?? props.topics;
  const topics = topicsLine ? topicsLine.split(',').map((t) => t.trim()).filter(Boolean) : ['.*'];
  if (!topicsLine) account.warnings.push({ path: where(`${flowPrefix}topics`), message: 'unset: MM2 mirrors every topic (topics = .*)' });
  const overrides: Record<string, string> = {};
  const keys: UserKey[] = [];
  for (const [k, v] of Object.entries(props)) {
    if (k === 'clusters' || k === `${flowPrefix}topics` || (k === 'topics' && !props[`${flowPrefix}topics`])) continue;
    if (/\.bootstrap\.servers$/.test(k) || k === 'bootstrap.servers') {
      account.replaced.push({ path: where(k), was: v, now: "the drill's cluster's own address" });
    } else if (SECURITY.test(k)) {
      account.replaced.push({ path: where(k), was: 'your TLS/SASL setting', now: "the drill's own for its clusters (its CA, MM2's certificate or SCRAM user)" });
    } else if (/^[^.]+->[^.]+\.enabled$/.test(k)) {
      if (k !== flow.key) account.replaced.push({ path: where(k), was: v, now: 'false: the drill runs the one flow it drills' });
    } else if (OWNED.test(k)) {
      account.replaced.push({ path: where(k), was: v, now: "the drill's, on loopback" });
    } else {
      overrides[k] = v;
      keys.push({ key: k, path: where(k) });
    }
  }
  const spec: MirrorSpec = { source: flow.source, target: flow.target, topics, overrides, configuredBy: account };
  refuseAsField(spec, keys, (k, v) => `${k} = ${v}`);
  account.warnings.push(...checkUserKeys(keys, flow, ctx.names));
  account.drillDefaults = drillDefaults(spec, scenario.get(flow.source)!, scenario.get(flow.target)!);
  return spec;
}
