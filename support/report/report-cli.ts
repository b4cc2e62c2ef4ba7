/**
 * `npm run report -- reports/<run> [--screenshot]`: (re)writes a run's DR report (index.html and
 * one page per scenario) from what the run left; with --screenshot, also screenshot.png of it
 * through headless Chromium. A nightly folder (reports/nightly-<date>) gets its matrix summary
 * rewritten instead.
 *
 * `npm run report -- merge <out folder> <shard run folders…>`: the run folders of the shards of
 * one selection (`--shard K/N`) merged into one DR report, one JUnit file and one summary.txt
 * (support/report/shard-merge.ts); refused, exit 2, naming the shard, when a shard is missing or
 * given twice, or the shards are of different N or of different selections.
 *
 * `npm run report -- durations [--file F] <run folders…>`: features/durations.json (or F), the
 * per-scenario seconds shards are balanced by, refreshed from the runs' messages.ndjson
 * (support/report/durations.ts).
 */
import { existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { screenshot } from './chromium.ts';
import { refreshDurations, writeDurations } from './durations.ts';
import { buildRunReport } from './run-report.ts';
import { rebuildNightly } from './nightly.ts';
import { mergeShards, MergeRefused } from './shard-merge.ts';

const args = process.argv.slice(2);

async function report(): Promise<number> {
  const shot = args.includes('--screenshot');
  const dirs = args.filter((a) => !a.startsWith('--'));
  if (!dirs.length) dirs.push(join(process.env.MIRRORDRILL_REPORTS?.trim() || 'reports', 'latest'));
  let code = 0;
  for (const dir of dirs) {
    if (!existsSync(dir)) {
      console.error(`mirrordrill: no run folder at ${dir}`);
      code = 2;
      continue;
    }
    const index = basename(dir).startsWith('nightly-') ? await rebuildNightly(dir) : await buildRunReport(dir);
    console.log(index);
    if (shot) console.log(await screenshot(index, join(dir, 'screenshot.png')));
  }
  return code;
}

function durations(rest: string[]): number {
  let file: string | undefined;
  const dirs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--file') file = rest[++i];
    else if (rest[i]!.startsWith('--file=')) file = rest[i]!.slice('--file='.length);
    else dirs.push(rest[i]!);
  }
  const runs = dirs.filter((d) => existsSync(join(d, 'messages.ndjson')));
  // A run that was refused or pruned has none: said, and left out.
  for (const d of dirs.filter((x) => !runs.includes(x))) console.error(`mirrordrill: no messages.ndjson in ${d}: left out`);
  if (!runs.length) {
    console.error('usage: npm run report -- durations [--file features/durations.json] <run folders with messages.ndjson…>');
    return 2;
  }
  const r = refreshDurations(runs, file ? { file } : {});
  writeDurations(r);
  console.error(
    `mirrordrill: ${relative(process.cwd(), r.file)}: ${Object.keys(r.durations.seconds).length} scenario(s) with a duration, ${r.measured} measured in ${runs.length} run folder(s)` +
      `${r.dropped.length ? `; dropped ${r.dropped.length} no feature file has any more` : ''}; ${r.missing.length} of the catalogue have none (spread by count)`,
  );
  return 0;
}

async function merge(rest: string[]): Promise<number> {
  const [out, ...shards] = rest.filter((a) => !a.startsWith('--'));
  if (!out || !shards.length) {
    console.error('usage: npm run report -- merge <out folder> <shard run folders…>');
    return 2;
  }
  try {
    const r = await mergeShards(out, shards);
    console.error(`mirrordrill: merged ${r.shards} shard(s) of ${r.of}: ${r.scenarios} scenario(s), ${r.failed} failed`);
    console.log(r.index);
    return r.code;
  } catch (error) {
    if (!(error instanceof MergeRefused)) throw error;
    console.error(`mirrordrill: merge refused: ${error.message}`);
    return 2;
  }
}

const [command, ...rest] = args;
process.exit(command === 'merge' ? await merge(rest) : command === 'durations' ? durations(rest) : await report());
