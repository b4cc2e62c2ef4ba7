/**
 * `npm run nightly -- [feature paths] [--tags EXPR]`: the catalogue (or the selection) over a matrix
 * of Kafka versions × clients, each cell a normal run of its own (profile `nightly`: a failed
 * scenario is run once more, and marked flaky when it then passes), then the matrix summary:
 * reports/nightly-<stamp>/index.html, summary.json and summary.md, compared with the previous
 * nightly folder found beside it.
 *
 * Settings: MIRRORDRILL_NIGHTLY_VERSIONS (default: the default Kafka and 3.9.2),
 * MIRRORDRILL_NIGHTLY_CLIENTS (default: platformatic,kafkajs), MIRRORDRILL_NIGHTLY_CONTAINERS (default 1:
 * a last cell runs the containers profile's drills on containers; 0 leaves it out), MIRRORDRILL_SLOWER_RATIO (1.5) and
 * MIRRORDRILL_SLOWER_MIN_S (5): a drill is "slower" when it took more than the ratio times its
 * previous duration and at least that many seconds more; MIRRORDRILL_KEEP_NIGHTLIES (14).
 *
 * `npm run nightly -- --shard K/N [selection]` runs shard K of N of every cell (support/shard.ts),
 * and is compared with the previous nightly of the same shard; a cell's shards merge with
 * `npm run report -- merge <out> <the cell's folder in each shard's nightly…>`.
 * MIRRORDRILL_NIGHTLY_DURATIONS=1: features/durations.json refreshed from the cells' runs at the end
 * (the median of the cells per scenario; to be committed).
 */
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { DEFAULTS } from '../config/defaults.ts';
import { CLIENTS } from '../workload/workload-client.ts';
import { screenshot } from './chromium.ts';
import { badge, esc, href, page, seconds } from './html.ts';
import { EXIT, keepSetting, launch, prune, runStampNow } from './launcher.ts';
import { ShardError, shardArgs } from '../shard.ts';
import { refreshDurations, writeDurations } from './durations.ts';
import { type CellResult, type Comparison, compare, DEFAULT_SLOWER, type Outcome, type SlowerRule } from './nightly-compare.ts';
import { figures, finalEntries, loadRun } from './run-report.ts';

export interface NightlyCell {
  id: string;
  kafka: string;
  client: string;
  /** Set for the containers cell (the drills the `containers` profile selects, on the default Kafka). */
  runtime?: 'containers';
  /** The cell's run folder, from the nightly folder. */
  dir: string;
  exitCode: number;
  durationMs: number;
}

export interface NightlySummary {
  name: string;
  started: string;
  durationMs: number;
  selection: string[];
  /** `K/N` when the nightly ran one shard of every cell. */
  shard?: string;
  versions: string[];
  clients: string[];
  slower: SlowerRule;
  cells: NightlyCell[];
  results: CellResult[];
  comparison: Comparison;
}

const list = (raw: string | undefined, fallback: string[]) => (raw?.trim() ? raw.split(',').map((s) => s.trim()).filter(Boolean) : fallback);

/** The results of one cell's run folder: one per scenario (its last attempt), flaky when an earlier attempt failed. */
export function cellResults(nightlyDir: string, cell: NightlyCell): CellResult[] {
  const run = loadRun(join(nightlyDir, cell.dir));
  return finalEntries(run.entries).map(({ entry, flaky }) => {
    const r = entry.report;
    const f = figures(r);
    const outcome: Outcome = r.status === 'PASSED' ? (flaky ? 'flaky' : 'passed') : 'failed';
    // An Examples row that names its client is one drill across the client columns: "… (<client>)".
    const suffix = ` (${r.client})`;
    const scenario = r.clientFrom === 'scenario' && r.scenario.endsWith(suffix) ? `${r.scenario.slice(0, -suffix.length)} (<client>)` : r.scenario;
    return {
      key: `${r.uri ?? r.feature}::${scenario}`,
      feature: r.feature,
      scenario,
      cell: cell.id,
      outcome,
      validity: f.validity,
      ...(f.lostInFlight !== undefined ? { lostInFlight: f.lostInFlight } : {}),
      ...(f.rpoMs !== undefined ? { rpoMs: f.rpoMs } : {}),
      ...(f.rtoMs !== undefined ? { rtoMs: f.rtoMs } : {}),
      ...(f.durationMs !== undefined ? { durationMs: f.durationMs } : {}),
      page: relative(nightlyDir, join(entry.dir, 'index.html')),
      ...(r.client ? { client: r.client } : {}),
      ...(r.clientFrom ? { clientFrom: r.clientFrom } : {}),
    };
  });
}

/**
 * The newest nightly folder beside this one (by name, older than it) that has a summary.json, of
 * the same shard (a nightly of shard 2/4 is compared with the last of shard 2/4; an unsharded one with an unsharded one).
 */
export function previousNightly(reports: string, current: string, shard?: string): string | undefined {
  if (!existsSync(reports)) return undefined;
  const shardOf = (n: string) => {
    try {
      return (JSON.parse(readFileSync(join(reports, n, 'summary.json'), 'utf8')) as NightlySummary).shard;
    } catch {
      return undefined;
    }
  };
  return readdirSync(reports)
    .filter((n) => /^nightly-\d{8}-\d{6}/.test(n) && n < current && existsSync(join(reports, n, 'summary.json')))
    .sort()
    .filter((n) => shardOf(n) === shard)
    .at(-1);
}

/**
 * A previous nightly's results, read again from its cells' run folders while they are kept (so
 * a change in how results are keyed applies to both nights); its summary.json's otherwise.
 */
export function previousResults(dir: string): CellResult[] {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as NightlySummary;
  if (s.cells.every((c) => existsSync(join(dir, c.dir)))) return s.cells.flatMap((c) => cellResults(dir, c));
  return s.results;
}

const OUTCOME_BADGE: Record<Outcome, string> = { passed: 'passed', flaky: 'flaky', failed: 'failed', 'not run': 'not run' };

function changeList(title: string, items: Comparison['newFailures'], status: string, extra?: (c: Comparison['newFailures'][number]) => string): string {
  if (!items.length) return '';
  return `<h3>${badge(status, `${items.length}`)} ${esc(title)}</h3><ul>${items.map((c) => `<li>${esc(c.scenario)} <span class="muted">— ${esc(c.cell)}${c.was ? `, was ${c.was}` : ', new drill'}</span>${extra ? ` ${extra(c)}` : ''}</li>`).join('')}</ul>`;
}

/** One row per drill, by feature, then in the order the drills first ran. */
function drillRows(s: NightlySummary): CellResult[] {
  const rows = [...new Map(s.results.map((r) => [r.key, r])).values()];
  const features = [...new Set(rows.map((r) => r.feature))];
  return rows.map((r, i) => ({ r, i })).sort((a, b) => features.indexOf(a.r.feature) - features.indexOf(b.r.feature) || a.i - b.i).map((x) => x.r);
}

export function renderNightly(s: NightlySummary): string {
  const drills = drillRows(s);
  const at = new Map(s.results.map((r) => [`${r.cell}\u0000${r.key}`, r]));
  const failed = s.results.filter((r) => r.outcome === 'failed').length;
  const flaky = s.results.filter((r) => r.outcome === 'flaky').length;
  const c = s.comparison;
  const body: string[] = [];
  body.push(`<h1>Nightly DR matrix — ${esc(s.name)}</h1>`);
  body.push(
    `<p class="meta">${failed ? badge('failed', `${failed} failed`) : badge('passed', 'all held')} ${flaky ? badge('flaky', `${flaky} flaky`) : ''} &nbsp; <b>${drills.length}</b> drill(s) × <b>${s.cells.length}</b> cell(s) (Kafka ${esc(s.versions.join(', '))} × ${esc(s.clients.join(', '))}), started ${esc(s.started.replace('T', ' ').slice(0, 19))} UTC, ${seconds(s.durationMs, 0)} in all${s.selection.length ? `<br>selection: <code>${esc(s.selection.join(' '))}</code>` : '<br>selection: the whole catalogue'}${s.shard ? ` (shard ${esc(s.shard)} of every cell)` : ''}</p>`,
  );
  body.push(`<h2>Since the previous nightly</h2>`);
  if (!c.previous) body.push('<p class="muted">No previous nightly folder with a summary.json: nothing to compare with.</p>');
  else {
    body.push(`<p>Compared with <a href="${href(`../${c.previous}/index.html`)}">${esc(c.previous)}</a>. Slower: more than ${s.slower.ratio}× the previous duration and at least ${s.slower.minDeltaMs / 1000} s more.</p>`);
    const none = !c.newFailures.length && !c.fixed.length && !c.slower.length && !c.stillFailing.length && !c.missing.length;
    body.push(changeList('new failure(s)', c.newFailures, 'failed'));
    body.push(changeList('still failing', c.stillFailing, 'failed'));
    body.push(changeList('fixed', c.fixed, 'fixed'));
    body.push(changeList('slower', c.slower, 'slower', (x) => `<span class="muted">${seconds(x.wasMs)} → ${seconds(x.nowMs)} (×${x.ratio})</span>`));
    body.push(changeList('not run this time', c.missing, 'none'));
    if (none) body.push('<p>Nothing changed: the same drills held in the same cells, none markedly slower.</p>');
  }
  if (c.flaky.length) body.push(changeList('flaky: failed, then passed when run again (reported, not hidden)', c.flaky, 'flaky'));
  body.push('<h2>Matrix</h2>');
  const head = s.cells
    .map((x) => `<th><a href="${href(`${x.dir}/index.html`)}">Kafka ${esc(x.kafka)}<br>${esc(x.client)}${x.runtime ? `<br>on ${esc(x.runtime)}` : ''}</a><br><span class="small muted">${seconds(x.durationMs, 0)}${x.exitCode > 1 ? `, ${x.exitCode === EXIT.input ? 'bad input' : 'harness broken'}` : ''}</span></th>`)
    .join('');
  body.push(`<table class="matrix"><thead><tr><th>drill</th>${head}</tr></thead><tbody>`);
  for (const d of drills) {
    const cells = s.cells
      .map((x) => {
        const r = at.get(`${x.id}\u0000${d.key}`);
        if (!r) return '<td class="muted small">—</td>';
        const figs = [r.lostInFlight !== undefined ? `lost ${r.lostInFlight}` : '', r.rpoMs !== undefined ? `RPO ${seconds(r.rpoMs)}` : '', r.rtoMs !== undefined ? `RTO ${seconds(r.rtoMs)}` : ''].filter(Boolean).join(' · ');
        return `<td class="cell ${r.outcome.replace(' ', '-')}"><a href="${href(r.page ?? '')}">${badge(OUTCOME_BADGE[r.outcome])}</a> ${badge(r.validity)}<br><span class="small nowrap">${esc(figs || '')}</span><br><span class="small muted">${seconds(r.durationMs)}</span></td>`;
      })
      .join('');
    const named = d.clientFrom === 'scenario' ? '<br><span class="small muted">client named in the scenario: each client’s row of its Examples runs in that client’s columns</span>' : '';
    body.push(`<tr><td>${esc(d.scenario)}<br><span class="small muted">${esc(d.feature)}</span>${named}</td>${cells}</tr>`);
  }
  body.push('</tbody></table>');
  body.push(`<p class="small">Files: <a href="summary.json">summary.json</a> · <a href="summary.md">summary.md</a>. Each column header opens that cell’s DR report; each cell opens the scenario’s page (timeline, steps, verdict).</p>`);
  return page(`Nightly DR matrix ${s.name}`, body.join('\n'));
}

export function renderMarkdown(s: NightlySummary): string {
  const drills = drillRows(s);
  const at = new Map(s.results.map((r) => [`${r.cell}\u0000${r.key}`, r]));
  const c = s.comparison;
  const lines = [`# Nightly DR matrix ${s.name}`, '', `${drills.length} drill(s) × ${s.cells.length} cell(s), ${seconds(s.durationMs, 0)}; compared with ${c.previous ?? 'nothing (no previous nightly)'}.`, ''];
  const section = (title: string, items: Comparison['newFailures']) => {
    if (!items.length) return;
    lines.push(`**${title}**`, '', ...items.map((x) => `- ${x.scenario} — ${x.cell}${x.was ? ` (was ${x.was})` : ' (new drill)'}${x.ratio ? `: ${seconds(x.wasMs)} → ${seconds(x.nowMs)} (×${x.ratio})` : ''}`), '');
  };
  section('New failures', c.newFailures);
  section('Still failing', c.stillFailing);
  section('Fixed', c.fixed);
  section('Slower', c.slower);
  section('Flaky (failed, passed when run again)', c.flaky);
  section('Not run this time', c.missing);
  lines.push(`| drill | ${s.cells.map((x) => `Kafka ${x.kafka} ${x.client}${x.runtime ? ` on ${x.runtime}` : ''}`).join(' | ')} |`, `|---|${s.cells.map(() => '---').join('|')}|`);
  for (const d of drills) {
    const cells = s.cells.map((x) => {
      const r = at.get(`${x.id}\u0000${d.key}`);
      if (!r) return '—';
      return [r.outcome, r.validity, r.rpoMs !== undefined ? `RPO ${seconds(r.rpoMs)}` : '', r.rtoMs !== undefined ? `RTO ${seconds(r.rtoMs)}` : ''].filter(Boolean).join(', ');
    });
    lines.push(`| ${d.scenario.replace(/\|/g, '\\|')} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

async function writeNightly(dir: string, s: NightlySummary): Promise<string> {
  await writeFile(join(dir, 'summary.json'), `${JSON.stringify(s, null, 2)}\n`);
  await writeFile(join(dir, 'summary.md'), renderMarkdown(s));
  const index = join(dir, 'index.html');
  await writeFile(index, renderNightly(s));
  return index;
}

/** Rewrites a nightly folder's pages from its summary.json and its cells' run folders (npm run report -- reports/nightly-…). */
export async function rebuildNightly(dir: string): Promise<string> {
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as NightlySummary;
  s.results = s.cells.flatMap((c) => cellResults(dir, c));
  const reports = dirname(dir);
  const prevName = s.comparison.previous ?? previousNightly(reports, basename(dir), s.shard);
  s.comparison = compare(s.results, prevName ? previousResults(join(reports, prevName)) : undefined, s.slower, prevName);
  return writeNightly(dir, s);
}

export async function nightly(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // A bad --shard is refused once, before any cell (each cell's launch would refuse it again).
  let shard: string | undefined;
  try {
    const s = shardArgs(argv).shard;
    if (s) shard = `${s.index}/${s.total}`;
  } catch (error) {
    if (!(error instanceof ShardError)) throw error;
    console.error(`mirrordrill nightly: ${error.message}`);
    return EXIT.input;
  }
  const versions = list(env.MIRRORDRILL_NIGHTLY_VERSIONS, [DEFAULTS.kafkaVersion, '3.9.2']);
  const clients = list(env.MIRRORDRILL_NIGHTLY_CLIENTS, [...CLIENTS]);
  for (const c of clients) if (!(CLIENTS as readonly string[]).includes(c)) throw new Error(`MIRRORDRILL_NIGHTLY_CLIENTS names "${c}": the clients are ${CLIENTS.join(', ')}`);
  const slower: SlowerRule = {
    ratio: Number(env.MIRRORDRILL_SLOWER_RATIO?.trim() || DEFAULT_SLOWER.ratio),
    minDeltaMs: Number(env.MIRRORDRILL_SLOWER_MIN_S?.trim() || DEFAULT_SLOWER.minDeltaMs / 1000) * 1000,
  };
  const reports = env.MIRRORDRILL_REPORTS?.trim() || 'reports';
  const started = new Date();
  const name = `nightly-${runStampNow(started)}`;
  const dir = join(reports, name);
  await mkdir(dir, { recursive: true });
  const cells: NightlyCell[] = [];
  let worst = 0;
  const rank = (code: number) => [EXIT.passed, EXIT.failed, EXIT.input, EXIT.harness].indexOf(code as 0 | 1 | 2 | 3);
  // Each Kafka version × client, then the containers cell: what the `containers` profile selects
  // (the seed, the negative controls, your MM2 resource and your apps) on containers, so that what
  // npm test leaves to the nightly on that runtime still runs every night.
  // MIRRORDRILL_NIGHTLY_CONTAINERS=0 leaves it out (no engine).
  const planned: { kafka: string; client: string; runtime?: 'containers'; args: string[]; env: NodeJS.ProcessEnv }[] = versions.flatMap((kafka) =>
    clients.map((client) => ({ kafka, client, args: ['--profile', 'nightly'], env: { MIRRORDRILL_KAFKA_VERSION: kafka, MIRRORDRILL_CLIENT: client, MIRRORDRILL_CLIENT_CELL: '1' } })),
  );
  if (env.MIRRORDRILL_NIGHTLY_CONTAINERS?.trim() !== '0') {
    const [kafka, client] = [DEFAULTS.kafkaVersion, clients[0]!];
    planned.push({ kafka, client, runtime: 'containers', args: ['--profile', 'containers', '--retry', '1'], env: { MIRRORDRILL_RUNTIME: 'containers', MIRRORDRILL_KAFKA_VERSION: kafka, MIRRORDRILL_CLIENT: client } });
  }
  for (const { kafka, client, runtime, args, env: cellEnv } of planned) {
    const id = `kafka-${kafka}-${client}${runtime ? `-${runtime}` : ''}`;
    console.error(`\nmirrordrill nightly: cell ${id}`);
    const t = Date.now();
    const { code } = await launch({ args: [...args, ...argv], env: cellEnv, runDir: join(dir, id) });
    cells.push({ id, kafka, client, ...(runtime ? { runtime } : {}), dir: id, exitCode: code, durationMs: Date.now() - t });
    if (code === 130 || code === 143) return code;
    if (rank(code) > rank(worst)) worst = code;
  }
  const results = cells.flatMap((c) => cellResults(dir, c));
  const prevName = previousNightly(reports, name, shard);
  const summary: NightlySummary = {
    name,
    started: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    selection: argv,
    ...(shard ? { shard } : {}),
    versions,
    clients,
    slower,
    cells,
    results,
    comparison: compare(results, prevName ? previousResults(join(reports, prevName)) : undefined, slower, prevName),
  };
  const index = await writeNightly(dir, summary);
  if (env.MIRRORDRILL_SCREENSHOT === '1') await screenshot(index, join(dir, 'screenshot.png')).catch((e: Error) => console.error(`mirrordrill: no screenshot: ${e.message}`));
  const link = join(reports, 'nightly-latest');
  rmSync(link, { force: true });
  symlinkSync(name, link);
  prune(reports, keepSetting(env, 'MIRRORDRILL_KEEP_NIGHTLIES', 14), /^nightly-\d{8}-\d{6}/);
  if (env.MIRRORDRILL_NIGHTLY_DURATIONS === '1') {
    const cellDirs = cells.map((c) => join(dir, c.dir)).filter((d) => existsSync(join(d, 'messages.ndjson')));
    const r = refreshDurations(cellDirs);
    writeDurations(r);
    console.error(`mirrordrill nightly: ${r.file} refreshed from ${cellDirs.length} cell(s): ${r.measured} scenario(s) measured, ${r.missing.length} of the catalogue without a duration`);
  }
  const c = summary.comparison;
  console.error(
    `\nmirrordrill nightly: ${results.length} result(s) in ${cells.length} cell(s), ${seconds(summary.durationMs, 0)}; ` +
      `${results.filter((r) => r.outcome === 'failed').length} failed, ${results.filter((r) => r.outcome === 'flaky').length} flaky; ` +
      `since ${c.previous ?? 'no previous nightly'}: ${c.newFailures.length} new failure(s), ${c.fixed.length} fixed, ${c.slower.length} slower\n  ${index}`,
  );
  return worst;
}

if (process.argv[1]?.endsWith('nightly.ts')) process.exit(await nightly(process.argv.slice(2)));
