/**
 * An exploration's summary: the distribution of what the runs measured, every run that did not
 * hold with whose failure it is, and a page (explore.html) with each run's schedule drawn as bands
 * over the window of acked records, linked to the run's own DR report.
 */
import { relative } from 'node:path';
import { badge, esc, href, page } from '../report/html.ts';
import { median } from '../report/median.ts';
import type { Outcome } from './judge.ts';
import { describe, replayCommand, shapeOf, span, type Budget, type Schedule } from './schedule.ts';
import type { SteadyState } from './steady-state.ts';

export interface ExploredRun {
  index: number;
  schedule: Schedule;
  outcome: Outcome;
  seconds: number;
  runDir: string;
}

export interface DistributionRow {
  figure: string;
  runs: number;
  min?: number;
  median?: number;
  p90?: number;
  max?: number;
}

/** The nearest-rank percentile (p in 0–100) of some figures. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

/** Per figure, over the runs that measured it. */
export function distribution(runs: readonly ExploredRun[]): DistributionRow[] {
  const figures: [string, (o: Outcome) => number | undefined][] = [
    ['lost in flight (records)', (o) => o.inFlight],
    ['RPO (s)', (o) => o.rpoS],
    ['RTO (s)', (o) => o.rtoS],
    ['re-reads (records)', (o) => o.rereads],
    ['worst replication lag (s)', (o) => o.maxLagS],
    ['acked records', (o) => (o.validity === 'unknown' ? undefined : o.acked)],
  ];
  return figures.map(([figure, get]) => {
    const v = runs.map((r) => get(r.outcome)).filter((x): x is number => x !== undefined && Number.isFinite(x));
    return { figure, runs: v.length, ...(v.length ? { min: Math.min(...v), median: median(v), p90: percentile(v, 90)!, max: Math.max(...v) } : {}) };
  });
}

const num = (v: number | undefined) => (v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(1));

export function distributionMarkdown(rows: readonly DistributionRow[]): string[] {
  return ['| figure | runs | min | median | p90 | max |', '|---|---|---|---|---|---|', ...rows.map((r) => `| ${r.figure} | ${r.runs} | ${num(r.min)} | ${num(r.median)} | ${num(r.p90)} | ${num(r.max)} |`)];
}

/** How many runs came to each anomaly, and whose it is. */
export function tally(runs: readonly ExploredRun[]): { anomaly: string; whose: string; runs: number }[] {
  const m = new Map<string, { anomaly: string; whose: string; runs: number }>();
  for (const r of runs) {
    const key = `${r.outcome.whose}/${r.outcome.anomaly}`;
    const e = m.get(key) ?? { anomaly: r.outcome.anomaly, whose: r.outcome.whose, runs: 0 };
    e.runs++;
    m.set(key, e);
  }
  const order = ['suspect', 'harness', 'documented', 'steady'];
  return [...m.values()].sort((a, b) => order.indexOf(a.whose) - order.indexOf(b.whose) || b.runs - a.runs);
}

export const WHOSE: Record<string, string> = {
  steady: 'held: the verdict and every bound of the steady state',
  documented: "MM2's documented behaviour: asynchronous replication's loss, lag and recovery time beyond the steady state's bounds, or records removed by retention before they were copied or read",
  suspect: 'a suspected MM2 or client bug: records lost, skipped, reordered, re-read beyond the checkpoint or read from aborted transactions, with the evidence',
  harness: 'a harness defect until shown otherwise: the drill did not reach its verdict (a step failed or hung, no verdict)',
};

export function summaryMarkdown(ss: SteadyState, runs: readonly ExploredRun[], header: string[], budget: Budget): string {
  const out = [...header, '', '## Outcomes', '', '| outcome | whose | runs |', '|---|---|---|'];
  for (const t of tally(runs)) out.push(`| ${t.anomaly === 'none' ? 'valid, every bound held' : t.anomaly} | ${t.whose} | ${t.runs} |`);
  out.push('', `whose: ${Object.entries(WHOSE).map(([k, v]) => `${k} = ${v}`).join('; ')}`);
  out.push('', '## Distribution over the runs', '', ...distributionMarkdown(distribution(runs)));
  const bad = runs.filter((r) => r.outcome.whose !== 'steady');
  if (bad.length) {
    out.push('', '## Every run that did not hold', '');
    for (const r of bad) {
      out.push(`### run ${r.index} (seed ${r.schedule.seed}): ${r.outcome.anomaly} — ${r.outcome.whose}`, '');
      out.push(...describe(r.schedule).map((l) => `- ${l}`));
      out.push(`- verdict ${r.outcome.validity}${r.outcome.failedStep ? `; failed at "${r.outcome.failedStep}"` : ''}; ${r.seconds.toFixed(0)} s; report ${r.runDir}/index.html`);
      out.push(`- replay: ${replayCommand(ss.ref, r.schedule.seed, budget)} (the same schedule; the outcome may vary: timing is real)`);
      for (const e of r.outcome.evidence) out.push('', '```', e, '```');
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

/** The schedule as bands over the window of acked records: what was down, from when, for how long. */
export function scheduleSvg(ss: SteadyState, s: Schedule): string {
  const W = 380;
  const rowH = 14;
  const rows = Math.max(1, s.faults.length);
  const H = rows * rowH + 18;
  const x = (records: number) => 4 + (Math.min(records, ss.window.records) / ss.window.records) * (W - 8);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="schedule of seed ${s.seed}">`];
  out.push(`<rect x="4" y="2" width="${W - 8}" height="${rows * rowH}" fill="#f5f7fa" stroke="#d9dee7"/>`);
  s.faults.forEach((f, i) => {
    const end = span(ss, f)[1];
    const y = 2 + i * rowH;
    const color = f.seconds === 0 ? '#bc4c00' : '#cf222e';
    out.push(`<g><title>${esc(`${f.start.join(', then ')}${f.healAt !== undefined ? `; healed after ${f.healAt}: ${f.end.join(', then ')}` : ''}`)}</title>`);
    out.push(`<rect x="${x(f.at).toFixed(1)}" y="${y + 2}" width="${Math.max(3, x(end) - x(f.at)).toFixed(1)}" height="${rowH - 4}" fill="${color}" fill-opacity="0.35" stroke="${color}"/>`);
    out.push(`<text x="${(x(f.at) + 3).toFixed(1)}" y="${y + rowH - 4}" font-size="9" fill="#1d2330">${esc(`${f.kind} ${f.target.replace(/"/g, '')}${f.seconds ? ` ${f.seconds} s` : ''}`)}</text></g>`);
  });
  out.push(`<text x="4" y="${H - 3}" font-size="9" fill="#5b6475">0</text><text x="${W - 4}" y="${H - 3}" font-size="9" fill="#5b6475" text-anchor="end">${ss.window.records} acked records (${ss.window.rate}/s)</text>`);
  out.push('</svg>');
  return out.join('');
}

export function summaryHtml(ss: SteadyState, runs: readonly ExploredRun[], title: string, header: string[], from: string): string {
  const dist = distribution(runs);
  const body = [
    `<h1>${esc(title)}</h1>`,
    ...header.map((h) => `<p>${esc(h)}</p>`),
    '<h2>Outcomes</h2><table><tr><th>outcome</th><th>whose</th><th>runs</th></tr>',
    ...tally(runs).map((t) => `<tr><td>${esc(t.anomaly === 'none' ? 'valid, every bound held' : t.anomaly)}</td><td title="${esc(WHOSE[t.whose] ?? '')}">${esc(t.whose)}</td><td>${t.runs}</td></tr>`),
    '</table>',
    '<h2>Distribution over the runs</h2><table><tr><th>figure</th><th>runs</th><th>min</th><th>median</th><th>p90</th><th>max</th></tr>',
    ...dist.map((r) => `<tr><td>${esc(r.figure)}</td><td>${r.runs}</td><td>${num(r.min)}</td><td>${num(r.median)}</td><td>${num(r.p90)}</td><td>${num(r.max)}</td></tr>`),
    '</table>',
    '<h2>Runs</h2><p class="small">Each schedule drawn over the window of acked records it is anchored to: a band from a fault to its heal (red), a bounce or rolling restart (orange). The run’s own DR report has its timeline in seconds.</p>',
    '<table><tr><th>run</th><th>seed</th><th>schedule</th><th>verdict</th><th>outcome</th><th>lost in flight</th><th>RPO</th><th>RTO</th><th>re-reads</th><th>lag</th></tr>',
    ...runs.map((r) => {
      const o = r.outcome;
      const status = o.whose === 'steady' ? 'PASSED' : o.whose === 'documented' ? 'FLAKY' : 'FAILED';
      return `<tr><td><a href="${esc(href(relative(from, `${r.runDir}/index.html`)))}">${r.index}</a></td><td>${r.schedule.seed}</td><td>${scheduleSvg(ss, r.schedule)}<div class="small">${esc(shapeOf(r.schedule))}</div></td><td>${esc(o.validity)}</td><td>${badge(status, `${o.anomaly === 'none' ? 'held' : o.anomaly} (${o.whose})`)}</td><td>${num(o.inFlight)}</td><td>${num(o.rpoS)}</td><td>${num(o.rtoS)}</td><td>${num(o.rereads)}</td><td>${num(o.maxLagS)}</td></tr>`;
    }),
    '</table>',
  ].join('\n');
  return page(title, body);
}
