import { mkdir, rename, symlink, rm, writeFile, appendFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Verdict } from '../ledger/checker.ts';
import type { LedgerSummary } from './ledger-export.ts';
import type { LagSample } from '../mirror/lag-sampler.ts';
import { countsLine, formatVerdict } from '../ledger/verdict-format.ts';
import { accountLines, type ConfigAccount } from '../mirror/mirror-config-account.ts';

/** Folder names from scenario names: lower case, dashes, at most 80 characters. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '') || 'scenario'
  );
}

export function runStamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** One MirrorMaker 2 flow of the scenario, as the report shows it: its own deployment, settings, policy and history. */
export interface FlowReport {
  /** "es-src → es-tgt". */
  name: string;
  source: string;
  target: string;
  topics: string[];
  /** "dedicated on 1 node", "Kafka Connect (3 workers)". */
  deployment: string;
  /** The replication policy class's short name. */
  policy: string;
  /** The scenario's MM2 properties for this flow (secrets redacted). */
  overrides: Record<string, string>;
  /** Running at the end of the scenario. */
  running: boolean;
  /** What was done to this flow's MM2: kills, stops, pauses, restarts. */
  history: { time: string; kind: string; what: string }[];
  /** The latest checkpoint the harness read, per group, downstream topic and partition. */
  checkpoints: { group: string; topic: string; partition: number; upstream: number; downstream: number }[];
  /** The failovers judged against this flow's checkpoints. */
  failovers: string[];
  /** The user's own MM2 configuration drove this flow: what was read, replaced, not honoured, warned. */
  configuredBy?: ConfigAccount;
}

export interface ScenarioReport {
  feature: string;
  scenario: string;
  status: string;
  runtime: string;
  topology: string[];
  verdict: Verdict | undefined;
  ledger: LedgerSummary;
  logs: string[];
  /** Wall-clock ms per phase (support/report/phase-timer.ts), and the scenario's total. */
  timings?: Record<string, number>;
  /** CPU ms the harness process itself used during the scenario (its JVMs not included). */
  harnessCpuMs?: number;
  /** When the scenario started (ms since the epoch): history times are shown from it. */
  started?: number;
  /** Each MirrorMaker 2 flow (verdict.txt and the DR report show them when there are several). */
  flows?: FlowReport[];
  /** Replication lag sampled per flow and remote topic while producers ran. */
  lag?: { flow: string; topic: string; samples: LagSample[] }[];
  error?: string;
  /** The Kafka release the run used (MIRRORDRILL_KAFKA_VERSION). */
  kafkaVersion?: string;
  /** The client the apps used at the end, and whether the scenario named it or the run's default (MIRRORDRILL_CLIENT) chose it. */
  client?: string;
  clientFrom?: 'scenario' | 'setting';
  /** The feature file, and Cucumber's id of the scenario (its messages, messages.ndjson, use the same id). */
  uri?: string;
  pickleId?: string;
  /** 1 for the first run of the scenario; 2 when Cucumber's --retry ran it again. */
  attempt?: number;
  /** This attempt failed and Cucumber runs the scenario again. */
  willBeRetried?: boolean;
  tags?: string[];
}

/**
 * What a scenario leaves behind, beside the logs and configs of the processes it started:
 * verdict.txt (for people), report.json (verdict, a summary of the ledger and meta, for tools).
 */
export async function writeScenarioReport(dir: string, report: ScenarioReport): Promise<void> {
  await mkdir(dir, { recursive: true });
  const lines = [
    `scenario: ${report.scenario}`,
    `feature:  ${report.feature}`,
    `status:   ${report.status}`,
    `runtime:  ${report.runtime}`,
    `topology: ${report.topology.join('; ') || 'none'}`,
    '',
    report.verdict ? formatVerdict(report.verdict) : 'no verdict: the scenario checked no ledger',
    '',
    ...flowLines(report),
    ...configLines(report),
    ...historyLines(report),
    ...lagLines(report),
    `ledger: ${report.ledger.produced} produced (${report.ledger.acked} acked), ${report.ledger.reads} reads in ${report.ledger.sessions.length} consumer session(s)`,
    ...(report.timings ? [`timings: ${Object.entries(report.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}${report.harnessCpuMs !== undefined ? `; harness CPU ${(report.harnessCpuMs / 1000).toFixed(1)} s` : ''}`] : []),
    'logs:',
    ...report.logs.map((l) => `  ${relative(dir, l)}`),
  ];
  if (report.error) lines.push('', 'error:', report.error);
  await writeFile(join(dir, 'verdict.txt'), `${lines.join('\n')}\n`);
  await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
}

/** One block per flow, when the scenario has several: each is an entity of its own. */
export function flowLines(report: ScenarioReport): string[] {
  const flows = report.flows ?? [];
  if (flows.length < 2) return [];
  const lines = ['flows:'];
  for (const f of flows) {
    lines.push(`  MM2 ${f.name}: ${f.topics.join(', ')}; ${f.deployment}; ${f.policy}${Object.keys(f.overrides).length ? `; ${Object.entries(f.overrides).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}; ${f.running ? 'running' : 'down'} at the end`);
    for (const h of f.history) lines.push(`    ${h.time.slice(11, 23)} ${h.kind}: ${h.what}`);
    const groups = [...new Set(f.checkpoints.map((c) => c.group))];
    for (const g of groups) {
      lines.push(`    checkpoints of group "${g}": ${f.checkpoints.filter((c) => c.group === g).map((c) => `${c.topic}-${c.partition} ${c.upstream} → ${c.downstream}`).join(', ')}`);
    }
    for (const x of f.failovers) lines.push(`    ${x}`);
  }
  lines.push('');
  return lines;
}

/** For each flow driven by the user's own file: what the drill read, replaced, could not honour and warned about. */
export function configLines(report: ScenarioReport): string[] {
  return (report.flows ?? []).flatMap((f) => (f.configuredBy ? [...accountLines(f.configuredBy), ''] : []));
}

function historyLines(report: ScenarioReport): string[] {
  const events = report.ledger.events;
  if (!events.length) return [];
  const t0 = report.started ?? Date.parse(events[0]!.time);
  const at = (iso: string) => `+${((Date.parse(iso) - t0) / 1000).toFixed(1).padStart(6)} s`;
  return ['history (from the scenario start):', ...events.map((e) => `  ${at(e.time)}  ${e.subject}: ${e.what}`), ''];
}

function lagLines(report: ScenarioReport): string[] {
  const lines: string[] = [];
  for (const l of report.lag ?? []) {
    const ok = l.samples.filter((s) => !s.error);
    if (!l.samples.length) continue;
    const worst = ok.reduce<LagSample | undefined>((a, b) => (!a || b.ms > a.ms ? b : a), undefined);
    const failed = l.samples.length - ok.length;
    lines.push(
      `replication lag of ${l.topic} (${l.flow}): ${l.samples.length} sample(s), one a second from the producers' start; ` +
        (worst ? `highest ${(worst.ms / 1000).toFixed(1)} s (${worst.records} acked record(s) not copied yet), last ${(ok.at(-1)!.ms / 1000).toFixed(1)} s` : 'none measured') +
        (failed ? `; ${failed} could not be measured (${l.samples.find((s) => s.error)!.error})` : ''),
    );
  }
  if (lines.length) lines.push('  lag: the age of the oldest acked record the target does not hold yet (0 s when it holds every one); report.json has every sample', '');
  return lines;
}

/** One line per scenario in the run's summary.txt, and reports/latest pointing at the run. */
export async function appendRunSummary(runDir: string, dir: string, report: ScenarioReport): Promise<void> {
  const verdict = report.verdict ? `${report.verdict.validity} (${countsLine(report.verdict.counts)})` : 'no verdict';
  await appendFile(join(runDir, 'summary.txt'), `${report.status.padEnd(8)} ${verdict}  ${report.scenario}  → ${relative(runDir, dir)}\n`);
}

export async function linkLatest(reportsDir: string, runDir: string): Promise<void> {
  const latest = join(reportsDir, 'latest');
  // Made beside it and renamed over it: every worker of a --parallel run links it at start, and
  // rm-then-symlink let one remove the link the other had just made, or fail on it. The workers
  // are threads of one process: the thread is part of the temporary link's name.
  const next = `${latest}.${process.pid}-${threadId}`;
  await rm(next, { force: true });
  await symlink(relative(reportsDir, runDir), next)
    .then(() => rename(next, latest))
    .catch(() => rm(next, { force: true }));
}
