/**
 * The per-scenario durations the shards are balanced by (features/durations.json, committed),
 * refreshed from what runs left: `npm run report -- durations [--file F] <run folders…>`.
 *
 * A scenario's duration in a run is the time from Cucumber's testCaseStarted to its
 * testCaseFinished (messages.ndjson), summed over its attempts (a retried scenario costs its
 * shard both). Over several run folders, the median. Ids the run folders do not have keep the
 * value the file had; ids no feature file of the catalogue has any more are dropped.
 */
import { IdGenerator, SourceMediaType, type Envelope, type GherkinDocument } from '@cucumber/messages';
import { generateMessages } from '@cucumber/gherkin';
import { globSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readEnvelopes } from './cucumber-messages.ts';
import { median } from './median.ts';
import { DURATIONS_FILE, type DurationsFile, pickleScenarioId, readDurations, scenarioIds } from '../shard.ts';

const ms = (t: { seconds: number; nanos: number }) => t.seconds * 1000 + Math.round(t.nanos / 1e6);

/** Scenario id by Cucumber's pickle id, from a run's messages. */
export function pickleIds(envelopes: readonly Envelope[]): Map<string, string> {
  const docs = new Map<string, Map<string, string>>();
  const out = new Map<string, string>();
  for (const e of envelopes) {
    // One document per shard for a file in a merged run, each with its own AST ids: keep them all.
    if (e.gherkinDocument?.uri) docs.set(e.gherkinDocument.uri, new Map([...(docs.get(e.gherkinDocument.uri) ?? []), ...scenarioIds(e.gherkinDocument.uri, e.gherkinDocument)]));
    if (e.pickle) out.set(e.pickle.id, pickleScenarioId(e.pickle, docs.get(e.pickle.uri) ?? new Map()));
  }
  return out;
}

/** Seconds per scenario id that a run's messages.ndjson shows finished. */
export function runDurations(envelopes: readonly Envelope[]): Map<string, number> {
  const ids = pickleIds(envelopes);
  const pickleOf = new Map<string, string>();
  const started = new Map<string, { pickleId: string; at: number }>();
  const total = new Map<string, number>();
  for (const e of envelopes) {
    if (e.testCase) pickleOf.set(e.testCase.id, e.testCase.pickleId);
    else if (e.testCaseStarted) {
      const pickleId = pickleOf.get(e.testCaseStarted.testCaseId);
      if (pickleId) started.set(e.testCaseStarted.id, { pickleId, at: ms(e.testCaseStarted.timestamp) });
    } else if (e.testCaseFinished) {
      const s = started.get(e.testCaseFinished.testCaseStartedId);
      const id = s && ids.get(s.pickleId);
      if (!s || !id) continue;
      total.set(id, (total.get(id) ?? 0) + (ms(e.testCaseFinished.timestamp) - s.at) / 1000);
    }
  }
  return total;
}

/** The ids of every scenario of the feature files under `pattern` (the catalogue), from their text alone. */
export function catalogueIds(cwd: string, pattern = 'features/*.feature'): Set<string> {
  const ids = new Set<string>();
  for (const file of globSync(pattern, { cwd }).sort()) {
    const uri = relative(cwd, resolve(cwd, file)).replace(/\\/g, '/');
    const envelopes = generateMessages(readFileSync(join(cwd, file), 'utf8'), uri, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN, {
      includeGherkinDocument: true,
      includePickles: false,
      includeSource: false,
      newId: IdGenerator.incrementing(),
    });
    const doc = envelopes.find((e) => e.gherkinDocument)?.gherkinDocument as GherkinDocument | undefined;
    if (doc) for (const id of scenarioIds(uri, doc).values()) ids.add(id);
  }
  return ids;
}

export interface Refresh {
  file: string;
  /** Ids measured in the run folders (and kept: in the catalogue). */
  measured: number;
  /** Ids dropped: no feature file has them any more. */
  dropped: string[];
  /** Ids of the catalogue with no duration (by count in shards). */
  missing: string[];
  durations: DurationsFile;
}

export const ABOUT =
  'Seconds per scenario (median of the runs measured; testCaseStarted to testCaseFinished, attempts summed), keyed by "<feature file>::<scenario name>[::<Examples row cells>]". `npm run drill -- --shard K/N` balances shards by it; a scenario missing here is spread by count. Refresh: npm run report -- durations <run folders…>';

/** The durations file updated from run folders' messages.ndjson. */
export function refreshDurations(runDirs: readonly string[], opts: { file?: string; cwd?: string } = {}): Refresh {
  const cwd = opts.cwd ?? process.cwd();
  const file = resolve(cwd, opts.file ?? DURATIONS_FILE);
  const samples = new Map<string, number[]>();
  for (const dir of runDirs) {
    for (const [id, s] of runDurations(readEnvelopes(join(dir, 'messages.ndjson')))) samples.set(id, [...(samples.get(id) ?? []), s]);
  }
  const catalogue = catalogueIds(cwd);
  const merged: Record<string, number> = { ...readDurations(file) };
  for (const [id, values] of samples) merged[id] = Math.round(median(values) * 10) / 10;
  const dropped = Object.keys(merged).filter((id) => !catalogue.has(id)).sort();
  for (const id of dropped) delete merged[id];
  const seconds = Object.fromEntries(Object.keys(merged).sort().map((id) => [id, merged[id]!]));
  return {
    file,
    measured: [...samples.keys()].filter((id) => catalogue.has(id)).length,
    dropped,
    missing: [...catalogue].filter((id) => !Object.hasOwn(seconds, id)).sort(),
    durations: { about: ABOUT, seconds },
  };
}

export function writeDurations(r: Refresh): void {
  writeFileSync(r.file, `${JSON.stringify(r.durations, null, 2)}\n`);
}
