/**
 * `npm run docs [-- --out DIR] [--run reports/<run>]`: the DR handbook, one self-contained page
 * (reports/handbook/index.html by default) that renders every feature file — its free text, each
 * scenario's description and steps, Examples tables — with the latest verdicts and figures of
 * each scenario from the run reports/latest points at. Publish the folder on any static host.
 */
import type { GherkinDocument, Scenario, Step } from '@cucumber/messages';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { dedent } from './cucumber-messages.ts';
import { badge, esc, href, page, seconds } from './html.ts';
import { type RunData, figures, finalEntries, loadRun, type ScenarioEntry } from './run-report.ts';
import { slug } from './scenario-report.ts';
import { behavioursOf } from './what-mm2-does.ts';
import { readFeatures } from './feature-files.ts';


/** The latest results of a scenario: in the newest run that ran it, the entries whose pickle came from that Scenario (by file and line). */
function resultsFor(runs: RunData[], uri: string, scenario: Scenario): { run: RunData; entries: ScenarioEntry[] } | undefined {
  for (const run of runs) {
    const doc = run.messages?.features.get(uri);
    const entries = finalEntries(run.entries)
      .map((x) => x.entry)
      .filter((e) => {
        if (e.report.uri !== uri) return false;
        const pickle = e.report.pickleId ? run.messages?.pickles.get(e.report.pickleId) : undefined;
        const line = pickle?.astNodeIds.map((id) => doc?.scenarios.get(id)?.line).find((l) => l !== undefined);
        return line !== undefined ? line === scenario.location.line : e.report.scenario.startsWith(scenario.name.replace(/<[^>]+>.*$/, ''));
      });
    if (entries.length) return { run, entries };
  }
  return undefined;
}

function stepsHtml(steps: readonly Step[]): string {
  return `<table class="steps"><tbody>${steps
    .map((s) => {
      const table = s.dataTable ? `<table class="small">${s.dataTable.rows.map((r) => `<tr>${r.cells.map((c) => `<td>${esc(c.value)}</td>`).join('')}</tr>`).join('')}</table>` : '';
      return `<tr><td class="kw">${esc(s.keyword.trim())}</td><td>${esc(s.text)}${table}</td></tr>`;
    })
    .join('')}</tbody></table>`;
}

function resultsHtml(found: { run: RunData; entries: ScenarioEntry[] } | undefined, out: string): string {
  if (!found) return `<p class="small muted">Not run in any run kept in the reports folder.</p>`;
  const runLink = relative(out, found.run.dir);
  return `<table class="small"><thead><tr><th>latest run: <a href="${href(`${runLink}/index.html`)}">${esc(found.run.name)}</a></th><th>result</th><th>verdict</th><th class="num">lost in flight</th><th class="num">RPO</th><th class="num">RTO</th><th class="num">re-reads / bound</th><th class="num">max lag</th></tr></thead><tbody>${found.entries
    .map((e) => {
      const f = figures(e.report);
      return `<tr><td><a href="${href(`${runLink}/${e.rel}/index.html`)}">${esc(e.report.scenario)}</a> <span class="muted">(Kafka ${esc(e.report.kafkaVersion ?? '?')}, ${esc(e.report.client ?? '?')})</span></td><td>${badge(e.report.status.toLowerCase())}</td><td>${badge(f.validity)}</td><td class="num">${f.failovers ? (f.unaudited ? 'not audited' : String(f.lostInFlight)) : '—'}</td><td class="num">${seconds(f.rpoMs)}</td><td class="num">${seconds(f.rtoMs)}</td><td class="num">${f.implied === undefined ? f.rereads : `${f.rereads} / ${f.implied}`}</td><td class="num">${seconds(f.lagMaxMs)}</td></tr>`;
    })
    .join('')}</tbody></table>`;
}

function scenarioAnchor(feature: string, line: number): string {
  return `${slug(feature)}-l${line}`;
}

/**
 * "What MirrorMaker 2 does": the behaviours the drills tagged @what-mm2-does prove (the same as
 * docs/what-mm2-does.md), each linked to its story below with its latest result.
 */
function whatMm2DoesHtml(features: { uri: string; doc: GherkinDocument }[], runs: RunData[]): string {
  const found = behavioursOf(features);
  if (!found.length) return '';
  const docs = new Map(features.map((f) => [f.uri, f.doc]));
  const items = found.map((f) => {
    const scenarios = new Map(docs.get(f.uri)!.feature!.children.flatMap((c) => (c.rule ? c.rule.children : [c])).flatMap((c) => (c.scenario ? [[c.scenario.location.line, c.scenario] as const] : [])));
    const lines = f.behaviours.map((b) => {
      const latest = resultsFor(runs, f.uri, scenarios.get(b.line)!);
      const statuses = latest ? [...new Set(latest.entries.map((e) => e.report.status.toLowerCase()))] : [];
      const result = statuses.length ? statuses.map((st) => badge(st)).join(' ') : '<span class="small muted">not run yet</span>';
      return `<li><a href="#${scenarioAnchor(f.name, b.line)}">${esc(b.name)}</a> ${result}${b.tags.length ? ` <span class="small muted">${esc(b.tags.join(' '))}</span>` : ''}</li>`;
    });
    return `<li><a href="#${slug(f.name)}">${esc(f.name)}</a><ul>${lines.join('')}</ul></li>`;
  });
  return `<h2 id="what-mm2-does">What MirrorMaker 2 does</h2><p class="small">The behaviours of MM2 the drills prove, each with its drill's latest result (docs/what-mm2-does.md is the same list with each drill's text, written by <code>npm run docs:mm2</code>).</p><ul>${items.join('')}</ul>`;
}

/** `runs`: newest first; each scenario shows its result in the newest run that ran it. `out`: the handbook's folder, for links. */
export function renderHandbook(features: { uri: string; doc: GherkinDocument }[], runs: RunData[], out: string): string {
  const body: string[] = ['<h1>DR handbook</h1>'];
  body.push(
    `<p class="meta">How this site's Kafka disaster recovery with MirrorMaker 2 behaves, drill by drill: each story as its feature file tells it, and what the drill found the last time it ran ${runs.length ? `(newest run: <a href="${href(`${relative(out, runs[0]!.dir)}/index.html`)}">${esc(runs[0]!.name)}</a>, ${esc(runs[0]!.entries[0]?.report.runtime ?? '')})` : '(no run yet: <code>npm run drill</code>, then <code>npm run docs</code>)'}. Written ${esc(new Date().toISOString().replace('T', ' ').slice(0, 16))} UTC.</p>`,
  );
  body.push(whatMm2DoesHtml(features, runs));
  body.push(`<h2>Stories</h2><ol>${features.map((f) => `<li><a href="#${slug(f.doc.feature!.name)}">${esc(f.doc.feature!.name)}</a> <span class="small muted">${esc(f.uri)}</span></li>`).join('')}</ol>`);
  for (const { uri, doc } of features) {
    const f = doc.feature!;
    body.push(`<h2 id="${slug(f.name)}">${esc(f.name)}</h2>`);
    body.push(`<p class="small muted">${esc(uri)}${f.tags.length ? ` · ${esc(f.tags.map((t) => t.name).join(' '))}` : ''}</p>`);
    if (f.description.trim()) body.push(`<div class="doc">${esc(dedent(f.description))}</div>`);
    for (const child of f.children.flatMap((c) => (c.rule ? c.rule.children : [c]))) {
      if (child.background) body.push(`<h3>${esc(child.background.keyword)}</h3>${stepsHtml(child.background.steps)}`);
      const s = child.scenario;
      if (!s) continue;
      body.push(`<h3 id="${scenarioAnchor(f.name, s.location.line)}">${esc(s.keyword)}: ${esc(s.name)}${s.tags.length ? ` <span class="small muted">${esc(s.tags.map((t) => t.name).join(' '))}</span>` : ''}</h3>`);
      if (s.description.trim()) body.push(`<div class="doc">${esc(dedent(s.description))}</div>`);
      body.push(`<details><summary>steps</summary>${stepsHtml(s.steps)}${s.examples.map((ex) => `<p class="small"><b>${esc(ex.keyword)}</b></p><table class="small"><thead><tr>${ex.tableHeader?.cells.map((c) => `<th>${esc(c.value)}</th>`).join('') ?? ''}</tr></thead><tbody>${ex.tableBody.map((r) => `<tr>${r.cells.map((c) => `<td>${esc(c.value)}</td>`).join('')}</tr>`).join('')}</tbody></table>`).join('')}</details>`);
      body.push(resultsHtml(resultsFor(runs, uri, s), out));
    }
  }
  return page('DR handbook', body.join('\n'));
}

/** Run folders in `reports`, newest first: <time>/ runs and the cells of nightly-<time>/ folders. */
export function runFolders(reports: string): string[] {
  if (!existsSync(reports)) return [];
  const dirs: [string, string][] = [];
  for (const name of readdirSync(reports)) {
    if (/^\d{8}-\d{6}/.test(name)) dirs.push([name, join(reports, name)]);
    else if (/^nightly-\d{8}-\d{6}/.test(name)) {
      for (const cell of readdirSync(join(reports, name))) if (existsSync(join(reports, name, cell, 'messages.ndjson'))) dirs.push([`${name.slice(8)}/${cell}`, join(reports, name, cell)]);
    }
  }
  return dirs.sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([, d]) => d);
}

export async function buildHandbook(opts: { features?: string; out?: string; run?: string } = {}): Promise<string> {
  const reports = process.env.MIRRORDRILL_REPORTS?.trim() || 'reports';
  const featuresDir = opts.features ?? 'features';
  const out = opts.out ?? join(reports, 'handbook');
  const features = readFeatures(featuresDir).filter((f) => f.doc.feature);
  const runs = (opts.run ? [realpathSync(opts.run)] : runFolders(reports))
    .map((d) => loadRun(d))
    .filter((r) => r.entries.length)
    .map((r) => ({ ...r, name: relative(reports, r.dir) }));
  await mkdir(out, { recursive: true });
  const file = join(out, 'index.html');
  await writeFile(file, renderHandbook(features, runs, out));
  return file;
}

if (process.argv[1]?.endsWith('handbook.ts')) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = opt('--out');
  const run = opt('--run');
  console.log(await buildHandbook({ ...(out ? { out } : {}), ...(run ? { run } : {}) }));
}
