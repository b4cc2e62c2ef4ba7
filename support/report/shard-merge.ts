/**
 * `npm run report -- merge <out folder> <shard run folders…>`: the run folders of the N shards of
 * one selection (each run with `--shard K/N`, each with its shard.json) merged into one run
 * folder, as if one run had run the whole selection:
 *
 *   <out>/shard-K-of-N/      each shard's run folder, copied (scenario folders, logs, its own report)
 *   <out>/messages.ndjson    the shards' Cucumber messages: one testRunStarted (the first) and one
 *                            testRunFinished (the last; success when every shard's was), each
 *                            scenario's pickle once (the shard's that ran it)
 *   <out>/index.html         the DR report run-report.ts builds for one run, from those
 *   <out>/junit.xml          one <testsuites><testsuite> with every shard's test cases and the totals
 *   <out>/summary.txt        every shard's verdict lines (paths into shard-K-of-N/), and a NOT RUN
 *                            line for a scenario a shard was given and never finished
 *   <out>/merged.json        the shards, the selection's fingerprint, what did not run
 *
 * Refused (MergeRefused, exit 2), naming the shard, before anything is written: a folder with no
 * shard.json, shards of different N, a shard given twice, a shard missing, shards whose
 * selections (fingerprints) differ, shards that ran a different text of a feature file, and
 * shards whose plans overlap or leave a scenario out (planned from different durations files).
 *
 * Exit code of the merge, as the launcher's: 0 every scenario passed, 1 a drill failed, 2 refused
 * or a shard's bad input, 3 a shard's harness broke or a scenario given to a shard never finished.
 */
import type { Envelope } from '@cucumber/messages';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ShardRecord, SHARD_FILE } from '../shard.ts';
import { readEnvelopes } from './cucumber-messages.ts';
import { pickleIds } from './durations.ts';
import { EXIT, wrapJunitXml } from './launcher.ts';
import { buildRunReport, finalEntries, loadRun } from './run-report.ts';

export class MergeRefused extends Error {}

export interface ShardRun {
  dir: string;
  record: ShardRecord;
}

const name = (r: ShardRecord) => `${r.shard}/${r.of}`;
const few = (ids: string[]) => `${ids.slice(0, 3).join('; ')}${ids.length > 3 ? `; and ${ids.length - 3} more` : ''}`;

/** Every reason these shards cannot be merged, one line each (none: they can). */
export function refusals(shards: readonly ShardRun[]): string[] {
  const problems: string[] = [];
  if (!shards.length) return ['no shard given'];
  const ofs = [...new Set(shards.map((s) => s.record.of))];
  if (ofs.length > 1) return [`shards of different N: ${shards.map((s) => `${s.dir} is ${name(s.record)}`).join(', ')}`];
  const of = ofs[0]!;
  const byIndex = new Map<number, ShardRun[]>();
  for (const s of shards) byIndex.set(s.record.shard, [...(byIndex.get(s.record.shard) ?? []), s]);
  for (const [k, list] of [...byIndex].sort((a, b) => a[0] - b[0])) {
    if (list.length > 1) problems.push(`shard ${k}/${of} given twice: ${list.map((s) => s.dir).join(' and ')}`);
  }
  const given = [...byIndex.keys()].sort((a, b) => a - b).map((k) => `${k}/${of}`).join(', ');
  for (let k = 1; k <= of; k++) if (!byIndex.has(k)) problems.push(`shard ${k}/${of} missing (given: ${given})`);
  const first = shards[0]!;
  for (const s of shards.slice(1)) {
    if (s.record.fingerprint === first.record.fingerprint) continue;
    const a = new Set(first.record.selection);
    const b = new Set(s.record.selection);
    const onlyB = [...b].filter((id) => !a.has(id));
    const onlyA = [...a].filter((id) => !b.has(id));
    problems.push(
      `shard ${name(s.record)} (${s.dir}) ran another selection than shard ${name(first.record)} (${first.dir}): fingerprint ${s.record.fingerprint}, not ${first.record.fingerprint}` +
        `${onlyB.length ? `; only in ${name(s.record)}: ${few(onlyB)}` : ''}${onlyA.length ? `; only in ${name(first.record)}: ${few(onlyA)}` : ''}`,
    );
  }
  if (problems.length) return problems;
  // Same selection, every shard once: their plans must split it exactly (the same durations file).
  const ranBy = new Map<string, ShardRun[]>();
  for (const s of shards) for (const id of s.record.ran) ranBy.set(id, [...(ranBy.get(id) ?? []), s]);
  const twice = [...ranBy].filter(([, list]) => list.length > 1);
  const none = first.record.selection.filter((id) => !ranBy.has(id));
  const why = `the shards were planned from different durations (durations fingerprints: ${[...new Set(shards.map((s) => `${name(s.record)} ${s.record.durations.fingerprint}`))].join(', ')}); run every shard from one commit`;
  for (const [id, list] of twice) problems.push(`"${id}" ran in shards ${list.map((s) => name(s.record)).join(' and ')}: ${why}`);
  if (none.length) problems.push(`${none.length} selected scenario(s) ran in no shard (${few(none)}): ${why}`);
  return problems;
}

/** A shard's shard.json; refused when the folder is not a shard's run folder. */
export function readShard(dir: string): ShardRun {
  const file = join(dir, SHARD_FILE);
  if (!existsSync(dir)) throw new MergeRefused(`no run folder at ${dir}`);
  if (!existsSync(file)) throw new MergeRefused(`${dir} has no ${SHARD_FILE}: not the run folder of a --shard K/N run`);
  try {
    return { dir, record: JSON.parse(readFileSync(file, 'utf8')) as ShardRecord };
  } catch (error) {
    throw new MergeRefused(`${file} is not JSON: ${(error as Error).message}`);
  }
}

/** Feature files whose text differs between shards (a shard run from another commit). */
export function textRefusals(shards: readonly ShardRun[], envelopesOf: (s: ShardRun) => readonly Envelope[]): string[] {
  const text = new Map<string, { data: string; shard: ShardRun }>();
  const problems: string[] = [];
  for (const s of shards) {
    for (const e of envelopesOf(s)) {
      if (!e.source) continue;
      const seen = text.get(e.source.uri);
      if (!seen) text.set(e.source.uri, { data: e.source.data, shard: s });
      else if (seen.data !== e.source.data) problems.push(`shard ${name(s.record)} (${s.dir}) ran another text of ${e.source.uri} than shard ${name(seen.shard.record)}: run every shard from one commit`);
    }
  }
  return problems;
}

const ts = (t: { seconds: number; nanos: number }) => t.seconds * 1e9 + t.nanos;

/** One message stream of the shards' (see the top of this file). */
export function mergeMessages(streams: readonly (readonly Envelope[])[]): Envelope[] {
  const out: Envelope[] = [];
  let started: Envelope | undefined;
  let finished: Envelope | undefined;
  let success = true;
  const sources = new Set<string>();
  for (const [i, envelopes] of streams.entries()) {
    const ran = new Set(envelopes.flatMap((e) => (e.testCase ? [e.testCase.pickleId] : [])));
    for (const e of envelopes) {
      if (e.meta && i > 0) continue;
      if (e.source) {
        if (sources.has(e.source.uri)) continue;
        sources.add(e.source.uri);
      }
      if (e.pickle && !ran.has(e.pickle.id)) continue;
      if (e.testRunStarted) {
        if (!started) out.push((started = { testRunStarted: { ...e.testRunStarted } }));
        else if (ts(e.testRunStarted.timestamp) < ts(started.testRunStarted!.timestamp)) started.testRunStarted!.timestamp = e.testRunStarted.timestamp;
        continue;
      }
      if (e.testRunFinished) {
        success &&= e.testRunFinished.success;
        if (!finished || ts(e.testRunFinished.timestamp) > ts(finished.testRunFinished!.timestamp)) finished = { testRunFinished: { ...e.testRunFinished } };
        continue;
      }
      out.push(e);
    }
  }
  // A shard whose run never finished leaves the merged run unfinished too.
  if (finished && streams.every((s) => s.some((e) => e.testRunFinished))) out.push({ testRunFinished: { ...finished.testRunFinished!, success } });
  return out;
}

/** One JUnit file of the shards': their test cases in one suite, the totals summed. */
export function mergeJunit(xmls: readonly string[]): string {
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  let suiteName = 'mirrordrill';
  let timestamp: string | undefined;
  const cases: string[] = [];
  for (const xml of xmls) {
    const suite = /<testsuite\b([^>]*?)\/?>/.exec(xml);
    if (!suite) continue;
    const attr = (a: string) => new RegExp(`\\b${a}="([^"]*)"`).exec(suite[1]!)?.[1];
    suiteName = attr('name') ?? suiteName;
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += Number(attr(k) ?? 0);
    const t = attr('timestamp');
    if (t && (!timestamp || t < timestamp)) timestamp = t;
    for (const m of xml.matchAll(/<testcase\b[^>]*?(?:\/>|>[^]*?<\/testcase>)/g)) cases.push(`  ${m[0]}`);
  }
  const attrs = `name="${suiteName}" time="${Math.round(totals.time * 1000) / 1000}" tests="${totals.tests}" skipped="${totals.skipped}" failures="${totals.failures}" errors="${totals.errors}"${timestamp ? ` timestamp="${timestamp}"` : ''}`;
  return wrapJunitXml(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuite ${attrs}>\n${cases.join('\n')}\n</testsuite>\n`);
}

export interface MergeResult {
  index: string;
  shards: number;
  of: number;
  scenarios: number;
  failed: number;
  notRun: string[];
  code: number;
}

/** Merges shard run folders into `out` (see the top of this file); throws MergeRefused. */
export async function mergeShards(out: string, dirs: readonly string[]): Promise<MergeResult> {
  const shards = dirs.map(readShard).sort((a, b) => a.record.shard - b.record.shard);
  const outAbs = resolve(out);
  for (const s of shards) if (resolve(s.dir) === outAbs) throw new MergeRefused(`the out folder ${out} is shard ${name(s.record)}'s run folder: merge into a new folder`);
  const problems = refusals(shards);
  const streams = new Map(shards.map((s) => [s, readEnvelopes(join(s.dir, 'messages.ndjson'))]));
  if (!problems.length) problems.push(...textRefusals(shards, (s) => streams.get(s)!));
  if (problems.length) throw new MergeRefused(problems.join('\n  '));
  if (existsSync(out) && readdirSync(out).length && !existsSync(join(out, 'merged.json'))) throw new MergeRefused(`${out} exists and is not a merge's folder: merge into a new folder`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const of = shards[0]!.record.of;
  const folder = (s: ShardRun) => `shard-${s.record.shard}-of-${of}`;
  const summary: string[] = [];
  const notRun: string[] = [];
  const harness: { kind: string; message: string }[] = [];
  let code: number = EXIT.passed;
  const worse = (c: number) => {
    const rank = [EXIT.passed, EXIT.failed, EXIT.input, EXIT.harness] as number[];
    if (rank.indexOf(c) > rank.indexOf(code)) code = c;
  };
  for (const s of shards) {
    cpSync(s.dir, join(out, folder(s)), { recursive: true });
    const envelopes = streams.get(s)!;
    const ids = pickleIds(envelopes);
    const pickleOf = new Map(envelopes.flatMap((e) => (e.testCase ? [[e.testCase.id, e.testCase.pickleId] as const] : [])));
    const startedCase = new Map(envelopes.flatMap((e) => (e.testCaseStarted ? [[e.testCaseStarted.id, e.testCaseStarted.testCaseId] as const] : [])));
    const finished = new Set(envelopes.flatMap((e) => (e.testCaseFinished ? [ids.get(pickleOf.get(startedCase.get(e.testCaseFinished.testCaseStartedId) ?? '') ?? '') ?? ''] : [])));
    const missing = s.record.ran.filter((id) => !finished.has(id));
    notRun.push(...missing);
    const file = join(s.dir, 'summary.txt');
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) summary.push(line.replace(/ → (?!.* → )/, ` → ${folder(s)}/`));
    }
    for (const id of missing) summary.push(`NOT RUN  shard ${name(s.record)} was given it and never finished it  ${id}`);
    const err = join(s.dir, 'harness-error.json');
    if (existsSync(err)) {
      const e = JSON.parse(readFileSync(err, 'utf8')) as { kind: string; message: string };
      harness.push({ kind: e.kind, message: `shard ${name(s.record)}: ${e.message}` });
      worse(e.kind === 'input' ? EXIT.input : EXIT.harness);
    }
    if (s.record.ran.length && !envelopes.some((e) => e.testRunFinished)) worse(EXIT.harness);
  }
  if (notRun.length) worse(EXIT.harness);
  if (harness.length) {
    const kind = harness.some((h) => h.kind !== 'input') ? 'harness' : 'input';
    writeFileSync(join(out, 'harness-error.json'), `${JSON.stringify({ kind, message: harness.map((h) => h.message).join('\n') })}\n`);
  }
  writeFileSync(join(out, 'messages.ndjson'), `${mergeMessages(shards.map((s) => streams.get(s)!)).map((e) => JSON.stringify(e)).join('\n')}\n`);
  writeFileSync(join(out, 'junit.xml'), mergeJunit(shards.flatMap((s) => (existsSync(join(s.dir, 'junit.xml')) ? [readFileSync(join(s.dir, 'junit.xml'), 'utf8')] : []))));
  writeFileSync(join(out, 'summary.txt'), summary.length ? `${summary.join('\n')}\n` : '');
  writeFileSync(
    join(out, 'merged.json'),
    `${JSON.stringify({ of, fingerprint: shards[0]!.record.fingerprint, selection: shards[0]!.record.selection, shards: shards.map((s) => ({ shard: s.record.shard, from: s.dir, folder: folder(s), ran: s.record.ran })), notRun }, null, 2)}\n`,
  );
  const index = await buildRunReport(out);
  const rows = finalEntries(loadRun(out).entries);
  const failed = rows.filter((r) => r.entry.report.status !== 'PASSED').length;
  if (failed) worse(EXIT.failed);
  return { index, shards: shards.length, of, scenarios: rows.length, failed, notRun, code };
}
