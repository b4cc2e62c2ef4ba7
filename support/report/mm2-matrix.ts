/**
 * `npm run matrix -- [--versions 3.6.2,3.7.0,…] [--tags EXPR]`: the drills of known MM2 bugs
 * (features/mm2-known-bugs.feature, each tagged with its bug, `@KAFKA-15906`) over MirrorMaker 2
 * releases, one run per release with MIRRORDRILL_MM2_VERSION set (the brokers stay the default
 * release), then per bug: the releases where its drill fails for the reason its text states, those
 * where it passes, and the first fixed release of each release line.
 *
 * Patch releases interleave (3.6.2 shipped after 3.7.0), so releases are never bisected as one
 * sorted list: each line (3.6.x, 3.7.x, …) is read on its own, from its lowest patch up.
 *
 * A drill's text says why it fails where the bug is, as a line
 * `On a release with the bug it fails saying: "<text>".` A failure that does not say so (a
 * timeout elsewhere, a harness error) is reported as failing for another reason, never as the bug.
 * Each drill also names a release known to have the bug (`@known-bad-3.6.2`): the matrix runs it
 * even when --versions leaves it out, so a drill that can no longer fail is seen.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS } from '../config/defaults.ts';
import { judgeRun } from '../explore/judge.ts';
import { parseFeature } from './feature-files.ts';
import { launch, newRunDir } from './launcher.ts';

export const BUG_FEATURE = 'features/mm2-known-bugs.feature';

/** The MM2 releases the matrix runs by default: at least the first and last patch of each line from 3.4.1, and the default release. */
export const DEFAULT_VERSIONS = ['3.4.1', '3.5.0', '3.5.1', '3.6.0', '3.6.2', '3.7.0', '3.7.1', '3.8.0', '3.9.2', DEFAULTS.kafkaVersion];

export interface BugDrill {
  bug: string;
  scenario: string;
  line: number;
  /** The text a failure must contain to be this bug's. */
  saying: string;
  knownBad?: string;
}

/** The bug drills of a feature file: each scenario tagged @KAFKA-N, with its `fails saying` line and its known-bad release. */
export function bugDrills(text: string, file = BUG_FEATURE): BugDrill[] {
  const doc = parseFeature(text);
  const out: BugDrill[] = [];
  for (const child of doc.feature?.children ?? []) {
    const s = child.scenario;
    if (!s) continue;
    const bug = s.tags.map((t) => t.name.slice(1)).find((t) => /^KAFKA-\d+$/.test(t));
    if (!bug) continue;
    const saying = /fails saying: "([^"]+)"/.exec(s.description.replace(/\s+/g, ' '))?.[1];
    if (!saying) throw new Error(`${file}:${s.location.line}: the drill of ${bug} does not say why it fails where the bug is (a line: On a release with the bug it fails saying: "<text>".)`);
    const knownBad = s.tags.map((t) => /^@known-bad-(\d+\.\d+\.\d+)$/.exec(t.name)?.[1]).find(Boolean);
    out.push({ bug, scenario: s.name, line: s.location.line, saying, ...(knownBad ? { knownBad } : {}) });
  }
  return out;
}

export type Cell = 'passes' | 'fails (the bug)' | 'fails (another reason)' | 'did not run';

export interface BugRow {
  bug: string;
  cells: Map<string, Cell>;
  /** Per release line (`3.6`), the first release that passes after one that failed for the bug; `never had it` when every release tried passes; `not fixed` when none does. */
  firstFixed: Map<string, string>;
  reasons: Map<string, string>;
}

const line = (v: string) => v.split('.').slice(0, 2).join('.');
const patch = (v: string) => Number(v.split('.')[2]);

/** The first fixed release per line, read from the line's lowest patch up. */
export function firstFixed(cells: Map<string, Cell>): Map<string, string> {
  const lines = new Map<string, string[]>();
  for (const v of cells.keys()) lines.set(line(v), [...(lines.get(line(v)) ?? []), v]);
  const out = new Map<string, string>();
  for (const [l, vs] of [...lines].sort((a, b) => cmp(a[1][0]!, b[1][0]!))) {
    const sorted = vs.sort((a, b) => patch(a) - patch(b)).filter((v) => cells.get(v) === 'passes' || cells.get(v) === 'fails (the bug)');
    if (!sorted.length) {
      out.set(l, 'unknown (no release of the line judged)');
      continue;
    }
    const lastBad = sorted.map((v) => cells.get(v)).lastIndexOf('fails (the bug)');
    if (lastBad < 0) out.set(l, `never had it (${sorted.join(', ')} pass)`);
    else if (lastBad === sorted.length - 1) out.set(l, `not fixed in ${sorted[lastBad]}`);
    else out.set(l, sorted[lastBad + 1]!);
  }
  return out;
}

function cmp(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

export function matrixMarkdown(versions: string[], rows: BugRow[]): string {
  const out = [`| bug | ${versions.join(' | ')} | first fixed, per line |`, `|---|${versions.map(() => '---').join('|')}|---|`];
  const short: Record<Cell, string> = { passes: 'passes', 'fails (the bug)': '**fails**', 'fails (another reason)': 'other failure', 'did not run': '—' };
  for (const r of rows) out.push(`| ${r.bug} | ${versions.map((v) => short[r.cells.get(v) ?? 'did not run']).join(' | ')} | ${[...r.firstFixed].map(([l, f]) => `${l}: ${f}`).join('; ')} |`);
  return `${out.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  let versions = [...DEFAULT_VERSIONS];
  const extra: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--versions') versions = (argv[++i] ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    else extra.push(argv[i]!);
  }
  const bad = versions.filter((v) => !/^\d+\.\d+\.\d+$/.test(v));
  if (!versions.length || bad.length) {
    console.error(`matrix: --versions takes Kafka releases separated by commas (3.6.2,3.7.0), not ${bad.length ? `"${bad.join('", "')}"` : 'nothing'}`);
    return 2;
  }
  const drills = bugDrills(readFileSync(BUG_FEATURE, 'utf8'));
  for (const d of drills) if (d.knownBad && !versions.includes(d.knownBad)) versions.push(d.knownBad);
  versions.sort(cmp);
  const dir = newRunDir('reports', new Date(), 'matrix-');
  console.log(`matrix: ${drills.map((d) => d.bug).join(', ')} over MM2 ${versions.join(', ')} (brokers: Kafka ${DEFAULTS.kafkaVersion}); folder ${dir}`);
  const results = new Map<string, Map<string, { cell: Cell; reason: string }>>();
  for (const v of versions) {
    const runDir = join(dir, `mm2-${v}`);
    const t0 = Date.now();
    const { code } = await launch({ args: ['--profile', 'drill', BUG_FEATURE, ...extra], runDir, quiet: true, output: `${runDir}.log`, env: { MIRRORDRILL_MM2_VERSION: v } });
    if (code === 130 || code === 143) return 130;
    const outcomes = existsSync(runDir) ? judgeRun(runDir) : [];
    for (const d of drills) {
      const o = outcomes.find((x) => x.scenario === d.scenario);
      const said = [o?.message ?? '', ...(o?.evidence ?? [])].join('\n');
      const cell: Cell = !o || o.status === 'UNKNOWN' ? 'did not run' : o.status === 'PASSED' ? 'passes' : said.includes(d.saying) ? 'fails (the bug)' : 'fails (another reason)';
      const reason = o && o.status !== 'PASSED' ? `${o.failedStep ?? o.anomaly}: ${(o.message ?? '').split('\n')[0]!.slice(0, 200)}` : '';
      if (!results.has(d.bug)) results.set(d.bug, new Map());
      results.get(d.bug)!.set(v, { cell, reason });
      console.log(`matrix: MM2 ${v}: ${d.bug} ${cell}${cell.startsWith('fails') ? ` (${reason})` : ''} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
    if (code === 2 || code === 3) console.log(`matrix: MM2 ${v}: the run ended with exit ${code}: ${runDir}.log`);
  }
  const rows: BugRow[] = drills.map((d) => {
    const m = results.get(d.bug) ?? new Map();
    const cells = new Map<string, Cell>([...m].map(([v, r]) => [v, r.cell]));
    return { bug: d.bug, cells, firstFixed: firstFixed(cells), reasons: new Map([...m].map(([v, r]) => [v, r.reason])) };
  });
  const md = matrixMarkdown(versions, rows);
  writeFileSync(join(dir, 'summary.md'), `# MM2 known bugs over releases\n\nBrokers: Kafka ${DEFAULTS.kafkaVersion}. A cell is the drill's outcome with MIRRORDRILL_MM2_VERSION set to the column.\n\n${md}`);
  console.log(`\n${md}`);
  let anchored = true;
  for (const d of drills) {
    if (d.knownBad && results.get(d.bug)?.get(d.knownBad)?.cell !== 'fails (the bug)') {
      console.log(`matrix: ${d.bug}'s drill did not fail for the bug on ${d.knownBad}, the release known to have it: the drill no longer catches it`);
      anchored = false;
    }
  }
  return anchored ? 0 : 1;
}

if (process.argv[1]?.endsWith('mm2-matrix.ts')) process.exit(await main(process.argv.slice(2)));
