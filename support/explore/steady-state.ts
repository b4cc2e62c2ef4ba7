/**
 * A steady state for explore: one scenario of a feature file (`features/x.feature:LINE`, the line
 * of a Scenario or of an Examples row), read with Cucumber's own Gherkin compiler, so what explore
 * weaves faults into is exactly what `npm run drill` would run. Its background producers give the
 * window the faults go in: from `producers write N records/s …` to the first
 * `the producers have written N records` after it, so every fault is anchored to a count of acked
 * records, never to the wall clock.
 */
import { compile } from '@cucumber/gherkin';
import { IdGenerator, type FeatureChild, type GherkinDocument, type Pickle, type RuleChild } from '@cucumber/messages';
import { existsSync, readFileSync } from 'node:fs';
import { DrillError } from '../errors.ts';
import { parseFeature } from '../report/feature-files.ts';

export type StepType = 'Context' | 'Action' | 'Outcome';

/** One step as it runs: its text with the parameters filled in, its table or doc string. */
export interface DrillStep {
  type: StepType;
  text: string;
  table?: string[][];
  docString?: string;
}

export interface SteadyCluster {
  alias: string;
  role: 'source' | 'target';
  brokers: number;
  behindToxiproxy: boolean;
}

export interface SteadyState {
  /** `features/x.feature:LINE`, as given. */
  ref: string;
  uri: string;
  feature: string;
  scenario: string;
  description: string;
  steps: DrillStep[];
  /** The faults go before steps[insertAt]; their anchors lie in (0, records). */
  window: { insertAt: number; records: number; rate: number; cluster: string; topic: string };
  clusters: SteadyCluster[];
  /** The MM2 flows the scenario starts with the mirrors step, as `source → target`. */
  flows: { source: string; target: string }[];
  /** MM2 runs on Kafka Connect workers (else the dedicated driver). */
  connect: boolean;
}

export class SteadyStateError extends DrillError {}

const PRODUCERS = /^producers write (\d+) records\/s to "([^"]+)" on "([^"]+)"$/;
const WRITTEN = /^the producers have written (\d+) records$/;
const CLUSTER = /^a (source|target) cluster "([^"]+)" with (\d+) brokers?(.*)$/;
const MIRRORS = /^MirrorMaker 2 mirrors "[^"]+" from "([^"]+)" to "([^"]+)"/;

function parse(file: string): GherkinDocument {
  return parseFeature(readFileSync(file, 'utf8'));
}

/** The line of every Scenario and Examples row of a document, by AST node id. */
function lines(doc: GherkinDocument): Map<string, { line: number; name: string; description: string }> {
  const out = new Map<string, { line: number; name: string; description: string }>();
  const walk = (children: readonly (FeatureChild | RuleChild)[]) => {
    for (const c of children) {
      if ('rule' in c && c.rule) walk(c.rule.children);
      const s = c.scenario;
      if (!s) continue;
      out.set(s.id, { line: s.location.line, name: s.name, description: s.description });
      for (const ex of s.examples) for (const row of ex.tableBody) out.set(row.id, { line: row.location.line, name: s.name, description: s.description });
    }
  };
  walk(doc.feature?.children ?? []);
  return out;
}

/** Reads `features/x.feature[:LINE]` as a steady state, or says why it cannot be one. */
export function loadSteadyState(ref: string): SteadyState {
  const m = /^(.*?)(?::(\d+))?$/.exec(ref.trim())!;
  const file = m[1]!;
  if (!existsSync(file)) throw new SteadyStateError(`explore: no feature file ${file}`, { hint: 'give the steady state as features/<file>.feature:<line of a Scenario or an Examples row>' });
  const doc = parse(file);
  if (!doc.feature) throw new SteadyStateError(`explore: ${file} has no Feature`);
  const pickles = compile(doc, file, IdGenerator.incrementing());
  const where = lines(doc);
  const lineOf = (p: Pickle) => where.get(p.astNodeIds[p.astNodeIds.length - 1]!)!.line;
  let chosen: readonly Pickle[];
  if (m[2]) {
    const line = Number(m[2]);
    chosen = pickles.filter((p) => lineOf(p) === line || where.get(p.astNodeIds[0]!)!.line === line);
    if (!chosen.length) throw new SteadyStateError(`explore: line ${line} of ${file} starts no Scenario or Examples row`, { hint: `the scenarios of ${file} start at lines ${[...new Set(pickles.map(lineOf))].join(', ')}` });
  } else chosen = pickles;
  if (chosen.length > 1) {
    throw new SteadyStateError(`explore: ${ref} selects ${chosen.length} scenarios; a steady state is one`, {
      hint: `name one by its line: ${chosen.map((p) => `${file}:${lineOf(p)} (${p.name})`).join('; ')}`,
    });
  }
  const pickle = chosen[0]!;
  const steps: DrillStep[] = pickle.steps.map((s) => ({
    type: (s.type ?? 'Context') as StepType,
    text: s.text,
    ...(s.argument?.dataTable ? { table: s.argument.dataTable.rows.map((r) => r.cells.map((c) => c.value)) } : {}),
    ...(s.argument?.docString ? { docString: s.argument.docString.content } : {}),
  }));
  const start = steps.findIndex((s) => PRODUCERS.test(s.text));
  const end = start < 0 ? -1 : steps.findIndex((s, i) => i > start && WRITTEN.test(s.text));
  if (start < 0 || end < 0) {
    throw new SteadyStateError(`explore: ${ref} (${pickle.name}) has no background traffic to anchor faults to`, {
      hint: 'a steady state needs `producers write N records/s to "<topic>" on "<cluster>"` and, after it, `the producers have written N records`: the faults go between the two, each anchored to a count of acked records (features/under-fire.feature has such scenarios)',
    });
  }
  const [, rate, topic, cluster] = PRODUCERS.exec(steps[start]!.text)!;
  const records = Number(WRITTEN.exec(steps[end]!.text)![1]);
  const clusters: SteadyCluster[] = [];
  const flows: { source: string; target: string }[] = [];
  for (const s of steps) {
    const c = CLUSTER.exec(s.text);
    if (c) clusters.push({ role: c[1] as 'source' | 'target', alias: c[2]!, brokers: Number(c[3]), behindToxiproxy: /behind Toxiproxy/.test(c[4]!) });
    const f = MIRRORS.exec(s.text);
    if (f && !flows.some((x) => x.source === f[1] && x.target === f[2])) flows.push({ source: f[1]!, target: f[2]! });
  }
  const info = where.get(pickle.astNodeIds[0]!)!;
  return {
    ref,
    uri: file,
    feature: doc.feature.name,
    scenario: pickle.name,
    description: info.description,
    steps,
    window: { insertAt: end, records, rate: Number(rate), cluster: cluster!, topic: topic! },
    clusters,
    flows,
    connect: steps.some((s) => /^MirrorMaker 2 runs on Kafka Connect/.test(s.text) || /^MirrorMaker 2 runs the KafkaMirrorMaker2 resource/.test(s.text)),
  };
}
