/**
 * `npm run check:shards [-- feature paths…]`: shards checked for real. One run of a small
 * selection, and its two shards (`--shard 1/2`, `--shard 2/2`) launched at the same time, then
 * `report merge` of the shards; passes when the merged run has the same scenarios (by id) with
 * the same results and verdicts (validity and every count) as the single run, the same JUnit
 * totals and exit code, and the shards split the selection.
 * Costs three drill runs (about a minute of drills on the default selection, plus Kafka's start),
 * so it is not part of `npm test`.
 *
 * Default selection: features/bad-input.feature and features/negative-controls-consumer.feature
 * (11 scenarios of a few seconds each, refusals and negative controls with verdicts). Folders:
 * reports/check-shards-<stamp>/{single,shard-1,shard-2,merged} and a log per run. On a machine
 * shared by several checkouts, set MIRRORDRILL_LOCK (the runs then take turns).
 * `--again reports/check-shards-<stamp>` compares (and merges) the runs of an earlier check again.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { countsLine } from '../support/ledger/verdict-format.ts';
import { readEnvelopes } from '../support/report/cucumber-messages.ts';
import { pickleIds } from '../support/report/durations.ts';
import { runStampNow } from '../support/report/launcher.ts';
import { finalEntries, loadRun } from '../support/report/run-report.ts';
import { mergeShards, MergeRefused } from '../support/report/shard-merge.ts';
import type { ShardRecord } from '../support/shard.ts';

const argv = process.argv.slice(2);
const again = argv[0] === '--again' ? argv[1] : undefined;
const paths = again ? argv.slice(2) : argv;
const selection = paths.length ? paths : ['features/bad-input.feature', 'features/negative-controls-consumer.feature'];
const root = again ?? join(process.env.MIRRORDRILL_REPORTS?.trim() || 'reports', `check-shards-${runStampNow()}`);
mkdirSync(root, { recursive: true });
const say = (text: string) => console.error(`check:shards: ${text}`);

interface Launched {
  name: string;
  dir: string;
  code: number | null;
  ms: number;
}

function launch(name: string, extra: string[]): Promise<Launched> {
  const dir = resolve(root, name);
  if (again) return Promise.resolve({ name, dir, code: Number(/exit (\d+)/.exec(readFileSync(join(root, `${name}.exit`), 'utf8'))?.[1]), ms: 0 });
  const log = createWriteStream(join(root, `${name}.log`));
  const t = Date.now();
  const child = spawn(resolve('node_modules/.bin/tsx'), ['support/report/launcher.ts', '--profile', 'ci', ...extra, ...selection], {
    env: { ...process.env, MIRRORDRILL_RUN_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return new Promise((done) =>
    child.on('exit', (code) => {
      writeFileSync(join(root, `${name}.exit`), `exit ${code}\n`);
      done({ name, dir, code, ms: Date.now() - t });
    }),
  );
}

/** Result and verdict (validity and counts) per scenario id, from a run folder's reports and messages. */
function outcomes(dir: string): Map<string, string> {
  const ids = pickleIds(readEnvelopes(join(dir, 'messages.ndjson')));
  const out = new Map<string, string>();
  for (const { entry } of finalEntries(loadRun(dir).entries)) {
    const r = entry.report;
    out.set(ids.get(r.pickleId ?? '') ?? `${r.uri}::${r.scenario}`, `${r.status} ${r.verdict ? `${r.verdict.validity} (${countsLine(r.verdict.counts)})` : 'no verdict'}`);
  }
  return out;
}

/** Seconds from the run's start to its end, as Cucumber's messages have them. */
function runSeconds(dir: string): string {
  const e = readEnvelopes(join(dir, 'messages.ndjson'));
  const at = (t?: { seconds: number; nanos: number }) => (t ? t.seconds + t.nanos / 1e9 : undefined);
  const a = at(e.find((x) => x.testRunStarted)?.testRunStarted?.timestamp);
  const b = at(e.find((x) => x.testRunFinished)?.testRunFinished?.timestamp);
  return a !== undefined && b !== undefined ? `${(b - a).toFixed(1)} s` : '?';
}

say(`selection: ${selection.join(' ')}; one run and shards 1/2 and 2/2, launched together${process.env.MIRRORDRILL_LOCK ? ` (taking turns on ${process.env.MIRRORDRILL_LOCK})` : ''}; folders in ${root}`);
const runs = await Promise.all([launch('single', []), launch('shard-1', ['--shard', '1/2']), launch('shard-2', ['--shard', '2/2'])]);
for (const r of runs) say(`${r.name}: exit ${r.code}, ${again ? 'an earlier check' : `${(r.ms / 1000).toFixed(0)} s from launch to end (lock wait included)`}, run ${runSeconds(r.dir)}; log ${join(root, `${r.name}.log`)}`);

const problems: string[] = [];
const [single, s1, s2] = runs as [Launched, Launched, Launched];
let mergedCode: number | undefined;
try {
  const m = await mergeShards(join(root, 'merged'), [s1.dir, s2.dir]);
  mergedCode = m.code;
  say(`merged: ${m.scenarios} scenario(s), ${m.failed} failed, exit ${m.code}; ${m.index}`);
} catch (error) {
  problems.push(error instanceof MergeRefused ? `merge refused: ${error.message}` : `merge failed: ${(error as Error).stack}`);
}
if (!problems.length) {
  const one = outcomes(single.dir);
  const merged = outcomes(join(root, 'merged'));
  const records = [s1, s2].map((s) => JSON.parse(readFileSync(join(s.dir, 'shard.json'), 'utf8')) as ShardRecord);
  say(`shard 1/2 ran ${records[0]!.ran.length}, shard 2/2 ran ${records[1]!.ran.length} of ${records[0]!.selection.length} selected; planned seconds ${records[0]!.planned.join(' / ')}`);
  const ids = [...new Set([...one.keys(), ...merged.keys()])].sort();
  for (const id of ids) {
    const a = one.get(id) ?? 'absent';
    const b = merged.get(id) ?? 'absent';
    if (a !== b) problems.push(`${id}: one run ${a}, merged shards ${b}`);
  }
  const selected = [...records[0]!.selection].sort();
  if (JSON.stringify(selected) !== JSON.stringify([...one.keys()].sort())) problems.push(`the shards' selection (${selected.length}) is not what the single run ran (${one.size})`);
  if (single.code !== mergedCode) problems.push(`exit codes differ: one run ${single.code}, merge ${mergedCode}`);
  const totals = (d: string) => /<testsuites\b[^>]*?\btests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(readFileSync(join(d, 'junit.xml'), 'utf8'))?.slice(1).join('/');
  if (totals(single.dir) !== totals(join(root, 'merged'))) problems.push(`JUnit tests/failures/errors/skipped differ: one run ${totals(single.dir)}, merged ${totals(join(root, 'merged'))}`);
  say(`compared ${ids.length} scenario(s): one run ${one.size}, merged ${merged.size}; JUnit ${totals(single.dir)} (tests/failures/errors/skipped); ${problems.length ? 'DIFFERENT' : 'the same results, verdicts and counts'}`);
  const short = (o: string | undefined) => (o ?? 'absent').replace(/ \(.*\)$/, '');
  for (const id of ids) console.error(`  ${short(one.get(id)).padEnd(18)} ${one.get(id) === merged.get(id) ? '=' : '≠'} ${short(merged.get(id)).padEnd(18)} ${id}`);
}
for (const p of problems) say(`FAILED: ${p}`);
process.exit(problems.length ? 1 : 0);
