/**
 * The DR report of one run: reports/<run>/index.html, one row per scenario, and beside each
 * scenario's verdict.txt an index.html with the feature's text, the steps with their timings,
 * the verdict per partition and the timeline chart. Built from what the run left (each
 * scenario's report.json, Cucumber's messages.ndjson), so it can be rebuilt any time:
 * `npm run report -- reports/<run>`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { ANOMALIES } from '../ledger/checker.ts';
import { ANOMALY_WORDS, describeRecovery, describeResume, formatVerdict, RECOVERY_DEFINITIONS } from '../ledger/verdict-format.ts';
import { redactLogText } from '../config/secrets.ts';
import { type AttemptRun, type FeatureDoc, readRunMessages, type RunMessages } from './cucumber-messages.ts';
import { badge, esc, href, page, redact, seconds, setSecretValues } from './html.ts';
import { configLines, type ScenarioReport } from './scenario-report.ts';
import { type Band, legendHtml, type Marker, type MarkerKind, type Panel, timelineSvg } from './timeline-chart.ts';

export interface ScenarioEntry {
  /** Folder of the scenario, and its path from the run folder. */
  dir: string;
  rel: string;
  report: ScenarioReport;
  attempt?: AttemptRun;
}

export interface RunData {
  dir: string;
  name: string;
  entries: ScenarioEntry[];
  messages?: RunMessages;
  harnessError?: { kind: string; message: string };
}

/** The figures a row, the nightly matrix and the handbook show for a scenario. */
export interface Figures {
  status: string;
  validity: string;
  /** Records lost in flight over every failover (undefined: none, or not audited). */
  lostInFlight?: number;
  unaudited: boolean;
  failovers: number;
  rpoMs?: number;
  rtoMs?: number;
  rereads: number;
  /** Re-reads MM2's checkpoints implied for the resumed partitions, and those read beyond. */
  implied?: number;
  excess: number;
  lagMaxMs?: number;
  lagMaxRecords?: number;
  durationMs?: number;
}

export function figures(r: ScenarioReport): Figures {
  const v = r.verdict;
  const rec = v?.recoveries ?? [];
  const resumes = v?.groups.flatMap((g) => g.partitions.flatMap((p) => p.resumes)) ?? [];
  const samples = (r.lag ?? []).flatMap((l) => l.samples.filter((s) => !s.error));
  const f: Figures = {
    status: r.status,
    validity: v?.validity ?? 'none',
    unaudited: rec.some((x) => !x.audited),
    failovers: rec.length,
    rereads: v?.counts.duplicate ?? 0,
    excess: v?.counts.excess ?? 0,
  };
  if (rec.length) {
    f.lostInFlight = rec.filter((x) => x.audited).reduce((n, x) => n + x.inFlight, 0);
    f.rpoMs = Math.max(...rec.map((x) => x.rpoMs));
    if (rec.every((x) => x.rtoMs !== undefined)) f.rtoMs = Math.max(...rec.map((x) => x.rtoMs!));
  }
  if (resumes.length) f.implied = resumes.reduce((n, x) => n + (x.implied ?? 0), 0);
  if (samples.length) {
    f.lagMaxMs = Math.max(...samples.map((s) => s.ms));
    f.lagMaxRecords = Math.max(...samples.map((s) => s.records));
  }
  if (r.timings?.total !== undefined) f.durationMs = r.timings.total;
  return f;
}

function findReports(runDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (!statSync(full).isDirectory()) continue;
      if (existsSync(join(full, 'report.json')) || existsSync(join(full, 'ledger.json'))) out.push(full);
      else if (depth < 2) walk(full, depth + 1);
    }
  };
  if (existsSync(runDir)) walk(runDir, 0);
  return out;
}

/**
 * A scenario cut off by Ctrl-C or SIGTERM: the hooks left verdict.txt (naming the step) and the
 * ledger so far (ledger.json), no report.json. Shown as INTERRUPTED, with its logs.
 */
function interrupted(dir: string): ScenarioReport {
  const text = existsSync(join(dir, 'verdict.txt')) ? readFileSync(join(dir, 'verdict.txt'), 'utf8') : '';
  const line = (key: string) => new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(text)?.[1] ?? '';
  const logs = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.log')).map((f) => join(dir, f));
  const ledger = JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8')) as ScenarioReport['ledger'];
  const first = ledger.events[0]?.time;
  return {
    feature: basename(dirname(dir)),
    scenario: line('scenario') || basename(dir),
    status: 'INTERRUPTED',
    runtime: '',
    topology: [],
    verdict: undefined,
    ledger,
    logs,
    ...(first ? { started: Date.parse(first) } : {}),
    error: line('status'),
  };
}

export function loadRun(runDir: string): RunData {
  const messages = readRunMessages(join(runDir, 'messages.ndjson'));
  const entries: ScenarioEntry[] = findReports(runDir).map((dir) => {
    const report = existsSync(join(dir, 'report.json')) ? (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ScenarioReport) : interrupted(dir);
    const attempt = messages?.attempts.find((a) => a.pickleId === report.pickleId && a.attempt === (report.attempt ?? 1) - 1);
    return { dir, rel: relative(runDir, dir), report, ...(attempt ? { attempt } : {}) };
  });
  entries.sort((a, b) => (a.report.started ?? 0) - (b.report.started ?? 0));
  const errFile = join(runDir, 'harness-error.json');
  return {
    dir: runDir,
    name: basename(runDir),
    entries,
    ...(messages ? { messages } : {}),
    ...(existsSync(errFile) ? { harnessError: JSON.parse(readFileSync(errFile, 'utf8')) as { kind: string; message: string } } : {}),
  };
}

/**
 * Values of the `${VAR}` placeholders the run's scenarios use (their steps and tables): removed
 * from every page, whichever text they turn up in (a log tail, an error message).
 */
export function secretValuesOf(run: RunData, env: NodeJS.ProcessEnv = process.env): string[] {
  const names = new Set<string>();
  const scan = (text: string) => {
    for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) names.add(m[1]!);
  };
  for (const p of run.messages?.pickles.values() ?? []) {
    for (const s of p.steps) {
      scan(s.text);
      for (const row of s.argument?.dataTable?.rows ?? []) for (const c of row.cells) scan(c.value);
      if (s.argument?.docString) scan(s.argument.docString.content);
    }
  }
  return [...names].map((n) => env[n]).filter((v): v is string => !!v);
}

/** The final attempt of each scenario, with the earlier ones (a scenario Cucumber's --retry ran again). */
export function finalEntries(entries: ScenarioEntry[]): { entry: ScenarioEntry; earlier: ScenarioEntry[]; flaky: boolean }[] {
  const byPickle = new Map<string, ScenarioEntry[]>();
  for (const e of entries) {
    const key = e.report.pickleId ?? e.rel;
    byPickle.set(key, [...(byPickle.get(key) ?? []), e]);
  }
  return [...byPickle.values()].map((list) => {
    list.sort((a, b) => (a.report.attempt ?? 1) - (b.report.attempt ?? 1));
    const entry = list.at(-1)!;
    const earlier = list.slice(0, -1);
    return { entry, earlier, flaky: entry.report.status === 'PASSED' && earlier.some((e) => e.report.status !== 'PASSED') };
  });
}

const markerKind: Partial<Record<string, MarkerKind>> = { fault: 'fault', heal: 'heal', restart: 'restart', resume: 'resume', producers: 'producers' };

export function markersOf(r: ScenarioReport): Marker[] {
  const out: Marker[] = [];
  for (const e of r.ledger.events) {
    const kind = markerKind[e.kind];
    if (kind) out.push({ time: Date.parse(e.time), kind, label: kind === 'producers' ? `producers ${e.what.split(' ')[0]}` : `${e.subject} ${e.what}` });
  }
  for (const x of r.verdict?.recoveries ?? []) {
    if (x.firstReadAt !== undefined) out.push({ time: x.firstReadAt, kind: 'first read', label: `group ${x.group}: first read on ${x.to.cluster}` });
  }
  return out;
}

/**
 * Each fault of the history as a band: from the fault to the first later heal or restart of the
 * same subject (`every link` heals any link), or to `end` when nothing healed it (a lost site).
 */
export function bandsOf(r: ScenarioReport, end: number): Band[] {
  const norm = (s: string) => s.replace(/"/g, '');
  const events = r.ledger.events.map((e) => ({ ...e, t: Date.parse(e.time), subject: norm(e.subject) }));
  const out: Band[] = [];
  events.forEach((e, i) => {
    if (e.kind !== 'fault') return;
    const heal = events.slice(i + 1).find((h) => (h.kind === 'heal' || h.kind === 'restart') && (h.subject === e.subject || (h.subject === 'every link' && e.subject.startsWith('the link'))));
    out.push({ from: e.t, to: heal ? heal.t : end, label: `${e.subject} ${e.what}`, healed: !!heal });
  });
  return out;
}

export function panelsOf(r: ScenarioReport): Panel[] {
  const flows = (r.lag ?? []).filter((l) => l.samples.length);
  if (!flows.length) return [];
  const multi = flows.length > 1;
  const name = (base: string, l: { topic: string }) => (multi ? `${base} (${l.topic})` : base);
  const ok = (l: (typeof flows)[number]) => l.samples.filter((s) => !s.error);
  const counts: Panel = { title: 'records: acked on the origin, held on the target, read by the groups', unit: 'rec', series: [] };
  const lagS: Panel = { title: 'replication lag: age of the oldest acked record the target does not hold', unit: 's', series: [] };
  const lagR: Panel = { title: 'replication lag: acked records the target does not hold', unit: 'rec', series: [] };
  for (const l of flows) {
    const s = ok(l);
    if (s.some((x) => x.acked !== undefined)) {
      counts.series.push({ name: name('acked (produced)', l), color: '#1d2330', points: s.filter((x) => x.acked !== undefined).map((x) => ({ t: x.time, v: x.acked! })) });
      counts.series.push({ name: name('mirrored (held on the target)', l), color: '#0969da', points: s.filter((x) => x.copied !== undefined).map((x) => ({ t: x.time, v: x.copied! })) });
      counts.series.push({ name: name('consumed (reads, re-reads included)', l), color: '#1a7f37', dashed: true, points: s.map((x) => ({ t: x.time, v: x.consumed ?? 0 })) });
    }
    lagS.series.push({ name: name('lag (s)', l), color: '#bc4c00', points: s.map((x) => ({ t: x.time, v: x.ms / 1000 })) });
    lagR.series.push({ name: name('lag (records)', l), color: '#8250df', points: s.map((x) => ({ t: x.time, v: x.records })) });
  }
  return [...(counts.series.length ? [counts] : []), lagS, lagR];
}

export function chartHtml(r: ScenarioReport): string {
  const t0 = r.started ?? Date.parse(r.ledger.events[0]?.time ?? new Date().toISOString());
  const t1 = t0 + (r.timings?.total ?? 0);
  const panels = panelsOf(r);
  const markers = markersOf(r);
  const svg = timelineSvg({ t0, t1, panels, markers, bands: bandsOf(r, t1), title: `timeline of ${r.scenario}` });
  const caption = panels.length
    ? 'Sampled once a second while the producers ran (a sample needs only the target, so it goes on through source faults). Vertical lines: faults (red), heals (green), restarts (orange), the groups’ moves (blue), their first read on the target (violet, dashed), producers starting and stopping (grey).'
    : 'No producers ran in the background, so no lag was sampled: the history alone. Vertical lines: faults (red), heals (green), restarts (orange), the groups’ moves (blue), their first read on the target (violet, dashed).';
  return `<figure class="chart">${svg}${legendHtml(panels, markers)}<figcaption>${esc(caption)}</figcaption></figure>`;
}

const num = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString('en-US'));

function inFlightCell(f: Figures): string {
  if (!f.failovers) return '<span class="muted">no failover</span>';
  if (f.unaudited) return 'not audited';
  return `${num(f.lostInFlight)} <span class="muted">/ RPO ${seconds(f.rpoMs)}</span>`;
}

function rereadCell(f: Figures): string {
  if (f.implied === undefined) return f.rereads ? `${num(f.rereads)}` : '<span class="muted">—</span>';
  return `${num(f.rereads)} <span class="muted">/ ${num(f.implied)} implied</span>${f.excess ? ` ${badge('excess', `${f.excess} excess`)}` : ''}`;
}

export function statusBadge(status: string, flaky: boolean): string {
  return flaky ? badge('flaky', 'passed (flaky)') : badge(status.toLowerCase());
}

function clientCell(r: ScenarioReport): string {
  if (!r.client) return '—';
  return `${esc(r.client)}${r.clientFrom === 'setting' ? ' <span class="muted small">(run default)</span>' : ''}`;
}

export function renderRunIndex(run: RunData): string {
  const rows = finalEntries(run.entries);
  const failed = rows.filter((r) => r.entry.report.status !== 'PASSED');
  const flaky = rows.filter((r) => r.flaky);
  // The run's totals and worst figures are the DR stories' own: negative controls break the setup on purpose.
  const figs = rows.filter((r) => !r.entry.report.tags?.includes('@negative-control')).map((r) => figures(r.entry.report));
  const controls = rows.length - figs.length;
  const worst = (pick: (f: Figures) => number | undefined) => {
    const v = figs.map(pick).filter((x): x is number => x !== undefined);
    return v.length ? Math.max(...v) : undefined;
  };
  const runtime = run.entries[0]?.report.runtime ?? '';
  const finished = run.messages?.runFinished;
  const startedAt = run.messages?.runStarted ?? run.entries[0]?.report.started;
  const overall = run.harnessError ? badge('broken', run.harnessError.kind === 'input' ? 'bad input' : 'harness broken') : failed.length ? badge('failed', `${failed.length} failed`) : rows.length ? badge('passed', 'all passed') : badge('none');
  const files = ['cucumber-report.html', 'junit.xml', 'messages.ndjson', 'summary.txt', 'screenshot.png'].filter((f) => existsSync(join(run.dir, f)));
  const body: string[] = [];
  body.push(`<h1>DR report — run ${esc(run.name)}</h1>`);
  body.push(
    `<p class="meta">${overall} &nbsp; <b>${rows.length}</b> scenario(s)${startedAt ? `, started ${esc(new Date(startedAt).toISOString().replace('T', ' ').slice(0, 19))} UTC` : ''}${finished && startedAt ? `, ${seconds(finished.time - startedAt, 0)} in all` : ''}<br>${esc(runtime)}</p>`,
  );
  if (run.harnessError) body.push(`<pre>${esc(run.harnessError.message)}</pre>`);
  body.push('<div class="cards">');
  const card = (k: string, v: string) => body.push(`<div class="card"><div class="v">${v}</div><div class="k">${esc(k)}</div></div>`);
  card('scenarios passed', `${rows.length - failed.length} / ${rows.length}`);
  card('failed', String(failed.length));
  card('flaky (passed when run again)', String(flaky.length));
  const of = controls ? ` (negative controls left out)` : '';
  card(`lost in flight, all failovers${of}`, num(figs.reduce((n, f) => n + (f.lostInFlight ?? 0), 0)));
  card(`worst RPO${of}`, seconds(worst((f) => f.rpoMs)));
  card(`worst RTO${of}`, seconds(worst((f) => f.rtoMs)));
  card(`highest replication lag${of}`, seconds(worst((f) => f.lagMaxMs)));
  body.push('</div>');
  body.push('<table class="scenarios"><thead><tr><th>DR story</th><th>Kafka</th><th>client</th><th>result</th><th>verdict</th><th class="num">lost in flight / RPO</th><th class="num">RTO</th><th class="num">re-reads / MM2 bound</th><th class="num">max lag</th><th class="num">duration</th></tr></thead><tbody>');
  const byFeature = new Map<string, typeof rows>();
  for (const row of rows) byFeature.set(row.entry.report.feature, [...(byFeature.get(row.entry.report.feature) ?? []), row]);
  for (const [feature, list] of byFeature) {
    const uri = list[0]!.entry.report.uri;
    body.push(`<tr class="feature"><td colspan="10"><b>${esc(feature)}</b>${uri ? ` <span class="small muted">${esc(uri)}</span>` : ''}</td></tr>`);
    for (const { entry, earlier, flaky: isFlaky } of list) {
      const r = entry.report;
      const f = figures(r);
      const cls = r.status !== 'PASSED' ? 'failed' : isFlaky ? 'flaky' : '';
      const again = earlier.length ? `<br><span class="small muted">earlier attempt: ${earlier.map((e) => `<a href="${href(`${e.rel}/index.html`)}">${esc(e.report.status.toLowerCase())}</a>`).join(', ')}</span>` : '';
      const control = r.tags?.includes('@negative-control') ? '<br><span class="small muted">negative control</span>' : '';
      const why = r.status !== 'PASSED' && r.error ? `<br><span class="small" style="color:var(--bad)">${esc(redactLogText(r.error.split('\n').find((l) => l.trim()) ?? '').slice(0, 200))}</span>` : '';
      body.push(
        `<tr class="${cls}"><td class="story"><a href="${href(`${entry.rel}/index.html`)}">${esc(r.scenario)}</a>${why}${again}</td><td>${esc(r.kafkaVersion ?? '—')}</td><td>${clientCell(r)}</td><td>${statusBadge(r.status, isFlaky)}</td><td>${badge(f.validity)}${control}</td><td class="num">${inFlightCell(f)}</td><td class="num">${seconds(f.rtoMs)}</td><td class="num">${rereadCell(f)}</td><td class="num">${seconds(f.lagMaxMs)}</td><td class="num">${seconds(f.durationMs)}</td></tr>`,
      );
    }
  }
  body.push('</tbody></table>');
  body.push(
    `<p class="small muted">lost in flight: acked on the origin and never copied to the target before the group moved there; RPO: from the ack of the oldest of them to the fault that took the origin down; RTO: from that fault to the group’s first read on the target. Re-reads are held against the bound MM2’s checkpoints implied (beyond it: excess, and the verdict is invalid). Open a story for its timeline, steps and per-partition verdict.</p>`,
  );
  if (files.length) body.push(`<p class="small">Files of this run: ${files.map((f) => `<a href="${href(f)}">${esc(f)}</a>`).join(' · ')}</p>`);
  return page(`DR report ${run.name}`, body.join('\n'));
}

function verdictTable(r: ScenarioReport): string {
  const v = r.verdict;
  if (!v) return '<p class="muted">No verdict: the scenario checked no ledger.</p>';
  const rows: string[] = [];
  for (const g of v.groups) {
    for (const p of g.partitions) {
      const resumes = p.resumes.map((x) => esc(describeResume(x))).join('<br>');
      const cells = ANOMALIES.map((a) => `<td class="num${p.counts[a] && a !== 'duplicate' && a !== 'copy' && a !== 'unseen' && a !== 'inflight' ? ' bad' : ''}">${p.counts[a] ? `<b>${p.counts[a]}</b>` : '<span class="muted">0</span>'}</td>`).join('');
      rows.push(`<tr><td>${esc(g.group)}</td><td>${esc(`${p.origin.topic} on ${p.origin.cluster}`)}</td><td class="num">${p.partition}</td><td class="num">${p.acked}</td><td class="num">${p.read}</td>${cells}</tr>`);
      if (resumes) rows.push(`<tr class="resume"><td></td><td colspan="${4 + ANOMALIES.length}" class="small muted">${resumes}</td></tr>`);
    }
  }
  const head = `<tr><th>group</th><th>origin</th><th class="num">partition</th><th class="num">acked</th><th class="num">read</th>${ANOMALIES.map((a) => `<th class="num">${esc(ANOMALY_WORDS[a])}</th>`).join('')}</tr>`;
  const recoveries = v.recoveries.length
    ? `<h3>Failovers</h3><table><thead><tr><th>group</th><th>from → to</th><th>fault</th><th class="num">lost in flight</th><th class="num">RPO</th><th class="num">RTO</th></tr></thead><tbody>${v.recoveries
        .map(
          (x) =>
            `<tr><td>${esc(x.group)}</td><td>${esc(`${x.origin.topic} on ${x.origin.cluster} → ${x.to.topic} on ${x.to.cluster}`)}</td><td>${esc(x.fault ? `${x.fault.subject} ${x.fault.what}` : 'none took the origin down: the move is the reference')}</td><td class="num">${x.audited ? num(x.inFlight) : 'not audited'}</td><td class="num">${seconds(x.rpoMs)}</td><td class="num">${seconds(x.rtoMs)}</td></tr><tr><td colspan="6" class="small muted">${esc(describeRecovery(x))}</td></tr>`,
        )
        .join('')}</tbody></table><p class="small muted">${RECOVERY_DEFINITIONS.map(esc).join('<br>')}</p>`
    : '';
  const warnings = v.groups.flatMap((g) => g.warnings.map((w) => `<li>${esc(`group ${g.group}: ${w}`)}</li>`));
  return `<p>${badge(v.validity)} ${esc(ANOMALIES.map((a) => `${ANOMALY_WORDS[a]} ${v.counts[a]}`).join(', '))}</p>${v.error ? `<pre class="light">${esc(v.error)}</pre>` : ''}${warnings.length ? `<ul>${warnings.join('')}</ul>` : ''}<table class="verdict"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>${recoveries}<details><summary>the verdict as verdict.txt has it</summary><pre class="light">${esc(formatVerdict(v))}</pre></details>`;
}

/** Each MirrorMaker 2 flow of a scenario with several: its deployment, policy, settings, what was done to it, its checkpoints and the failovers judged against them. */
function flowsTable(r: ScenarioReport): string {
  const t0 = r.started ?? 0;
  const rows = (r.flows ?? []).map((f) => {
    const settings = Object.entries(f.overrides).map(([k, v]) => `${k}=${v}`).join(', ');
    const history = f.history.map((h) => `+${((Date.parse(h.time) - t0) / 1000).toFixed(1)} s ${h.kind}: ${h.what}`).join('<br>');
    const checkpoints = f.checkpoints.map((c) => `group ${c.group}: ${c.topic}-${c.partition} ${c.upstream} → ${c.downstream}`);
    return `<tr><td>MM2 ${esc(f.name)}</td><td>${esc(f.topics.join(', '))}</td><td>${esc(f.deployment)}; ${esc(f.policy)}${settings ? `<br>${esc(settings)}` : ''}</td><td>${history || '<span class="muted">nothing done to it</span>'}<br>${f.running ? 'running' : 'down'} at the end</td><td>${checkpoints.map(esc).join('<br>') || '<span class="muted">none read</span>'}</td><td>${f.failovers.map(esc).join('<br>') || '<span class="muted">none</span>'}</td></tr>`;
  });
  return `<table><thead><tr><th>flow</th><th>topics</th><th>how it runs</th><th>what was done to it</th><th>checkpoints read</th><th>failovers judged against it</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function stepsTable(attempt: AttemptRun | undefined): string {
  if (!attempt) return '<p class="muted">Cucumber’s messages of this run (messages.ndjson) are missing: no step timings.</p>';
  const rows = attempt.steps
    .filter((s) => !s.hook || s.status !== 'PASSED')
    .map(
      (s) =>
        `<tr><td class="kw">${esc(s.keyword)}</td><td>${esc(s.text)}${s.message ? `<pre>${esc(s.message.split('\n').slice(0, 30).join('\n'))}</pre>` : ''}</td><td>${badge(s.status.toLowerCase())}</td><td class="num">+${(s.startMs / 1000).toFixed(1)} s</td><td class="num">${seconds(s.durationMs)}</td></tr>`,
    );
  return `<table class="steps"><thead><tr><th></th><th>step</th><th>status</th><th class="num">start</th><th class="num">took</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A log of the scenario, as a path from its folder: found beside the report even when the run folder moved. */
function localPath(entry: ScenarioEntry, path: string): { path: string; rel: string } {
  const rel = relative(entry.dir, path);
  if (!rel.startsWith('..') && existsSync(join(entry.dir, rel))) return { path: join(entry.dir, rel), rel };
  const at = path.indexOf(`/${entry.rel}/`);
  if (at >= 0) {
    const inside = path.slice(at + entry.rel.length + 2);
    return { path: join(entry.dir, inside), rel: inside };
  }
  return { path, rel };
}

function logTail(file: string, lines = 60): string {
  try {
    const text = readFileSync(file, 'utf8');
    return redactLogText(text.split('\n').slice(-lines - 1).join('\n'));
  } catch {
    return '(unreadable)';
  }
}

export function renderScenarioPage(run: RunData, entry: ScenarioEntry, feature: FeatureDoc | undefined): string {
  const r = entry.report;
  const f = figures(r);
  const up = relative(entry.dir, run.dir) || '.';
  const pickle = r.pickleId ? run.messages?.pickles.get(r.pickleId) : undefined;
  const scenarioDoc = pickle ? pickle.astNodeIds.map((id) => feature?.scenarios.get(id)).find(Boolean) : undefined;
  const failed = r.status !== 'PASSED';
  const body: string[] = [];
  body.push(`<nav class="crumbs"><a href="${href(`${up}/index.html`)}">← run ${esc(run.name)}</a></nav>`);
  body.push(`<h1>${esc(r.scenario)}</h1>`);
  body.push(
    `<p class="meta">${badge(r.status.toLowerCase())} ${badge(f.validity, `verdict ${f.validity}`)} &nbsp; <b>${esc(r.feature)}</b>${r.uri ? ` <span class="small">(${esc(r.uri)}${scenarioDoc ? `:${scenarioDoc.line}` : ''})</span>` : ''}<br>Kafka ${esc(r.kafkaVersion ?? '?')} · client ${clientCell(r)} · attempt ${r.attempt ?? 1}${r.willBeRetried ? ' (failed, run again)' : ''} · ${seconds(f.durationMs)}${r.tags?.length ? ` · ${esc(r.tags.join(' '))}` : ''}<br><span class="small">${esc(r.runtime)}</span></p>`,
  );
  body.push('<div class="cards">');
  const card = (k: string, v: string) => body.push(`<div class="card"><div class="v">${v}</div><div class="k">${esc(k)}</div></div>`);
  card('acked records', num(r.ledger.acked));
  card('lost in flight', f.failovers ? (f.unaudited ? 'not audited' : num(f.lostInFlight)) : '—');
  card('RPO', seconds(f.rpoMs));
  card('RTO', seconds(f.rtoMs));
  card('re-reads / MM2 bound', f.implied === undefined ? num(f.rereads) : `${num(f.rereads)} / ${num(f.implied)}`);
  card('highest lag', f.lagMaxMs === undefined ? '—' : `${seconds(f.lagMaxMs)} · ${num(f.lagMaxRecords)} rec`);
  body.push('</div>');
  if (r.error) body.push(`<h2>Why it failed</h2><pre class="error">${esc(redactLogText(r.error))}</pre>`);
  body.push('<h2>The story</h2>');
  if (scenarioDoc?.description) body.push(`<div class="doc">${esc(scenarioDoc.description)}</div>`);
  if (feature?.description) body.push(`<details${scenarioDoc?.description ? '' : ' open'}><summary>the feature: ${esc(feature.name)}</summary><div class="doc">${esc(feature.description)}</div></details>`);
  if (!scenarioDoc?.description && !feature?.description) body.push('<p class="muted">The feature file tells no story for this scenario (no free text).</p>');
  body.push('<h2>Timeline</h2>', chartHtml(r));
  body.push('<h2>Verdict</h2>', verdictTable(r));
  if ((r.flows?.length ?? 0) > 1) body.push('<h2>Flows</h2>', flowsTable(r));
  // A flow driven by the user's own file: what was read, replaced, not honoured, warned.
  const configured = configLines(r);
  if (configured.length) body.push('<h2>Your MM2 configuration</h2>', `<pre class="light">${esc(configured.join('\n'))}</pre>`);
  body.push('<h2>Steps</h2>', stepsTable(entry.attempt));
  const t0 = r.started ?? 0;
  if (r.ledger.events.length) {
    body.push(
      `<h2>History</h2><table><thead><tr><th class="num">at</th><th>what</th><th>subject</th><th></th></tr></thead><tbody>${r.ledger.events
        .map((e) => `<tr><td class="num">+${((Date.parse(e.time) - t0) / 1000).toFixed(1)} s</td><td>${esc(e.kind)}</td><td>${esc(e.subject)}</td><td>${esc(e.what)}</td></tr>`)
        .join('')}</tbody></table>`,
    );
  }
  if (r.timings) body.push(`<h2>Timings by phase</h2><p>${esc(Object.entries(r.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(' · '))}${r.harnessCpuMs !== undefined ? esc(` · harness CPU ${(r.harnessCpuMs / 1000).toFixed(1)} s`) : ''}</p>`);
  const logs = r.logs.map((l) => localPath(entry, l));
  body.push('<h2>Logs and files</h2>');
  const own = ['verdict.txt', 'report.json', 'ledger.ndjson'].filter((x) => existsSync(join(entry.dir, x)));
  body.push(`<p>${[...own.map((x) => `<a href="${href(x)}">${esc(x)}</a>`), ...logs.map((l) => `<a href="${href(l.rel)}">${esc(l.rel)}</a>`)].join(' · ')}</p>`);
  if (failed) {
    for (const l of logs.filter((x) => existsSync(x.path))) body.push(`<details open><summary>${esc(l.rel)}: last lines</summary><pre>${esc(logTail(l.path))}</pre></details>`);
  }
  return page(`${r.scenario} — DR report ${run.name}`, body.join('\n'));
}

/** Writes index.html of the run and of each scenario; returns the run's index path. */
export async function buildRunReport(runDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const run = loadRun(runDir);
  setSecretValues(secretValuesOf(run, env));
  for (const entry of run.entries) {
    const feature = entry.report.uri ? run.messages?.features.get(entry.report.uri) : [...(run.messages?.features.values() ?? [])].find((f) => f.name === entry.report.feature);
    await writeFile(join(entry.dir, 'index.html'), renderScenarioPage(run, entry, feature));
  }
  const index = join(runDir, 'index.html');
  await writeFile(index, renderRunIndex(run));
  return index;
}

export { redact };
