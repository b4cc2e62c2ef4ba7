/**
 * What one explore run came to, read from its run folder as the DR report reads it (Cucumber's
 * messages and each scenario's report.json): the verdict, which anomaly, whose it is, and the
 * figures the summary's distribution is made of.
 *
 * Whose a failure is:
 *   documented  what MM2 is documented to do: asynchronous loss beyond the steady state's bounds
 *               (lost in flight, RPO, RTO, replication lag); records the source or the target
 *               removed before they were copied or read (retention acts on its own clock), also
 *               when a wait on MM2 says so (MirrorSkipped, MirrorStalled); a group MM2 had not
 *               checkpointed yet, shortly after a fault;
 *   suspect     a suspected MM2 or client bug: a record lost or skipped, reordered, re-read beyond
 *               MM2's checkpoint, an aborted record read, MM2 stopped within a wait's bound, no
 *               checkpoint after a long quiet, a group that never committed on its source. The
 *               evidence goes with it;
 *   harness     the drill could not reach its verdict (a step failed for any other reason, a step
 *               undefined, no verdict): mirrordrill's to explain before anything else.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { reportFiles } from '../report/run-folder.ts';
import { readRunMessages, type AttemptRun } from '../report/cucumber-messages.ts';
import type { ScenarioReport } from '../report/scenario-report.ts';
import { FATAL } from '../ledger/checker.ts';
import { ANOMALY_WORDS } from '../ledger/verdict-format.ts';

export type Whose = 'steady' | 'documented' | 'suspect' | 'harness';

export interface Outcome {
  scenario: string;
  /** Cucumber's status of the scenario's last attempt. */
  status: string;
  validity: string;
  /** `none`, an anomaly as the steps word it (`removed at the source before copied`, `lost in flight`, `RPO`, …), or `step failed: …`. */
  anomaly: string;
  whose: Whose;
  failedStep?: string;
  message?: string;
  counts: Record<string, number>;
  acked: number;
  inFlight?: number;
  rpoS?: number;
  rtoS?: number;
  rereads?: number;
  maxLagS?: number;
  /** The scenario's folder (its DR page, logs, report.json). */
  folder?: string;
  evidence: string[];
}

export const NO_CHECKPOINT = 'no checkpoint when the group moved';
export const NEVER_COMMITTED = 'the group never committed on the source';

/**
 * When a group that moved had read on its origin and never committed there (by the ledger, which
 * sees every commit of the built-in clients), what it did: reads, commits, when its session ended.
 */
function neverCommitted(report: ScenarioReport | undefined): string | undefined {
  const ledger = report?.ledger;
  if (!ledger || (ledger.moreCommits ?? 0) > 0) return undefined;
  for (const r of report?.verdict?.recoveries ?? []) {
    const origin = r.origin?.cluster;
    if (!origin) continue;
    const sessions = (ledger.sessions ?? []).filter((x) => x.cluster === origin && x.reads > 0);
    const commits = (ledger.commits ?? []).filter((c) => c.cluster === origin && c.group === r.group);
    if (!sessions.length || commits.length) continue;
    const reads = sessions.reduce((a, x) => a + x.reads, 0);
    const last = `${reads} read(s) in ${sessions.length} session(s)`;
    return `group ${r.group} read on ${origin} (${last}) and committed nothing there (${sessions[0]!.client ?? 'its'} client): MM2 had nothing to checkpoint, and every re-read on the target comes from that`;
  }
  return undefined;
}

/** The steady state's bound steps, and the anomaly each one's failure is. */
const BOUND_STEPS: [RegExp, string][] = [
  [/acked records? (?:is|are) lost in flight$/, ANOMALY_WORDS.inflight],
  [/^the RPO is/, 'RPO'],
  [/^the group resumes on the target within|^the RTO is/, 'RTO'],
  [/^replication lag to /, 'replication lag'],
  [/^re-reads stay within/, ANOMALY_WORDS.excess],
];

const DOCUMENTED = new Set<string>([ANOMALY_WORDS.inflight, 'RPO', 'RTO', 'replication lag', ANOMALY_WORDS.removed, ANOMALY_WORDS.expired, ANOMALY_WORDS.unseen, ANOMALY_WORDS.copy]);

/** The first lines of MM2's logs in `folder` that say ERROR (for a suspect's evidence). */
function mm2Errors(folder: string): string[] {
  const dir = join(folder, 'mm2');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.log')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (/\bERROR\b/.test(line)) out.push(`${f}: ${line.slice(0, 300)}`);
      if (out.length >= 5) return out;
    }
  }
  return out;
}

/** Judges one attempt and its report. */
export function judge(attempt: AttemptRun | undefined, scenario: string, found: { report: ScenarioReport; folder: string } | undefined): Outcome {
  const report = found?.report;
  const v = report?.verdict;
  const counts = { ...(v?.counts ?? {}) } as Record<string, number>;
  const rec = v?.recoveries ?? [];
  const worst = (xs: (number | undefined)[]) => (xs.some((x) => x !== undefined) ? Math.max(...xs.filter((x): x is number => x !== undefined)) : undefined);
  const lag = (report?.lag ?? []).flatMap((l) => l.samples.filter((s) => !s.error).map((s) => s.ms));
  const base: Outcome = {
    scenario,
    status: attempt?.status ?? 'UNKNOWN',
    validity: v?.validity ?? 'unknown',
    anomaly: 'none',
    whose: 'steady',
    counts,
    acked: v?.acked ?? 0,
    ...(rec.length ? { inFlight: worst(rec.map((r) => r.inFlight)), rpoS: worst(rec.map((r) => r.rpoMs / 1000)) } : {}),
    ...(rec.some((r) => r.rtoMs !== undefined) ? { rtoS: worst(rec.map((r) => (r.rtoMs === undefined ? undefined : r.rtoMs / 1000))) } : {}),
    ...(v ? { rereads: counts.duplicate ?? 0 } : {}),
    ...(lag.length ? { maxLagS: Math.max(...lag) / 1000 } : {}),
    ...(found ? { folder: found.folder } : {}),
    evidence: [],
  };
  if (attempt?.status === 'PASSED') return base;
  const failed = attempt?.steps.find((s) => s.status !== 'PASSED' && s.status !== 'SKIPPED');
  const out: Outcome = { ...base, ...(failed ? { failedStep: failed.hook ? 'a hook' : failed.text, ...(failed.message ? { message: failed.message } : {}) } : {}) };
  const fatal = FATAL.filter((a) => (counts[a] ?? 0) > 0);
  const isOutcome = failed && !failed.hook && isVerdictStep(failed.text);
  // A step that is not a verdict step can still name what MM2 did, by the error it failed with.
  const said = !isOutcome && failed?.message ? BY_ERROR.find(([re]) => re.test(failed.message!)) : undefined;
  if (said && !fatal.length) {
    out.anomaly = said[1];
    out.whose = said[2];
    out.evidence.push(...evidenceOf(out.whose, failed!.message, report, found, 4));
    return out;
  }
  if (!attempt || !failed || !report || !v || v.validity === 'unknown' || (!isOutcome && !fatal.length)) {
    out.anomaly = failed && !failed.hook ? stepFailed(failed.text) : `no verdict${attempt ? ` (${attempt.status})` : ' (the scenario never ran)'}`;
    out.whose = 'harness';
    if (failed?.message) out.evidence.push(firstLines(failed.message, 6));
    if (v?.error) out.evidence.push(firstLines(v.error, 4));
    return out;
  }
  const unchecked = fatal[0] === 'excess' ? withoutCheckpoint(report) : undefined;
  const idle = unchecked ? neverCommitted(report) : undefined;
  if (idle) {
    // Nothing for MM2 to checkpoint: the group's consumer on the source never committed (the
    // ledger records every commit of the built-in clients), so starting over on the target is
    // the client's doing, not MM2's.
    out.anomaly = NEVER_COMMITTED;
    out.whose = 'suspect';
    out.evidence.push(idle, history(report));
    return out;
  }
  if (unchecked) {
    // Every excess re-read is in a partition MM2 had not checkpointed when the group moved: the
    // group started over on the target. Documented (checkpoints are asynchronous) when a fault
    // had disturbed the flow shortly before; a suspect when MM2 had run undisturbed for long.
    out.anomaly = NO_CHECKPOINT;
    out.whose = unchecked.quietS >= QUIET_S ? 'suspect' : 'documented';
    out.evidence.push(
      `MM2 gave no checkpoint of the group for partition(s) ${unchecked.partitions.join(', ')} when it moved, ${unchecked.quietS.toFixed(1)} s after the last fault, heal or restart (${unchecked.last}); with 1-second refresh and emit intervals, and at most 10 s before a rejoining MM2 runs its tasks again (scheduled.rebalance.max.delay.ms), MM2 checkpoints a committed group well within ${QUIET_S} s`,
      history(report),
    );
    if (out.whose === 'suspect' && found) out.evidence.push(...mm2Errors(found.folder));
    return out;
  }
  if (fatal.length) {
    out.anomaly = ANOMALY_WORDS[fatal[0]!];
    out.whose = 'suspect';
  } else {
    const bound = BOUND_STEPS.find(([re]) => re.test(failed.text));
    const reported = (['removed', 'expired', 'unseen', 'inflight', 'copy'] as const).find((a) => (counts[a] ?? 0) > 0);
    out.anomaly = bound ? bound[1] : reported ? ANOMALY_WORDS[reported] : stepFailed(failed.text);
    out.whose = DOCUMENTED.has(out.anomaly) ? 'documented' : 'suspect';
  }
  out.evidence.push(...evidenceOf(out.whose, failed.message, report, found, 3));
  return out;
}

/**
 * Seconds of a flow undisturbed by any fault after which MM2 should have checkpointed a committed
 * group: its refresh and emit intervals are 1 s here, but after MM2 lost touch with the target
 * (where its Connect group lives) a rejoining worker's tasks wait up to
 * scheduled.rebalance.max.delay.ms (10 s as mirrordrill sets it; KIP-415) before they run again.
 */
export const QUIET_S = 15;

/**
 * When every excess re-read lies in partitions MM2 gave no checkpoint for (and did not decline to
 * translate), those partitions, and how long before the move the history last saw a fault, heal or
 * restart; else undefined.
 */
function withoutCheckpoint(report: ScenarioReport | undefined): { partitions: number[]; quietS: number; last: string } | undefined {
  const groups = report?.verdict?.groups ?? [];
  const resumes = groups.flatMap((g) => g.partitions.flatMap((p) => p.resumes ?? []));
  const excess = resumes.filter((r) => r.excess > 0);
  if (!excess.length || excess.some((r) => r.checkpoint || r.untranslatable)) return undefined;
  const moved = Math.min(...(report?.verdict?.recoveries ?? []).map((r) => r.movedAt));
  const before = (report?.ledger.events ?? []).filter((e) => ['fault', 'heal', 'restart'].includes(e.kind) && Date.parse(e.time) < moved);
  // The site loss itself comes just before the move: the flow's disturbance is the one before it.
  const disturbances = before.filter((e) => !(e.kind === 'fault' && /^every broker of /.test(e.subject) && /killed|stopped/.test(e.what) && moved - Date.parse(e.time) < 5_000));
  const last = disturbances.at(-1);
  const startedAt = report?.started ?? moved;
  const quietS = ((moved - (last ? Date.parse(last.time) : startedAt)) / 1000);
  return { partitions: [...new Set(excess.map((r) => r.partition))].sort((a, b) => a - b), quietS, last: last ? `${last.subject} ${last.what}` : 'none: from the scenario start' };
}

/**
 * What a failed wait or fault step says MM2 did, by the error it failed with (support/errors.ts):
 * the harness names these itself, so they are not its defects.
 */
const BY_ERROR: [RegExp, string, Whose][] = [
  [/^MirrorSkipped:/, ANOMALY_WORDS.removed, 'documented'],
  [/^MirrorStalled:/, 'MM2 stalled (position out of range, no reset policy)', 'documented'],
  [/^WaitTimeout:[^\n]*(MirrorMaker 2|MM2)/, 'MM2 stopped mirroring within the bound', 'suspect'],
  [/^ProcessExited:[^\n]*(MirrorMaker 2|MM2)/, 'MM2 exited', 'suspect'],
];

const VERDICT_STEP = /^(no acked record|at most|at least|the RPO|the RTO|the group resumes on the target within|re-reads stay|replication lag|each partition re-reads|the checker reports|the verdict is|the copy of)/;
function isVerdictStep(text: string): boolean {
  return VERDICT_STEP.test(text);
}

/** A failed step as an anomaly, its numbers (not MirrorMaker 2's) made N: the same step with other counts is the same anomaly. */
const stepFailed = (text: string) => `step failed: ${text.replace(/(?<!MirrorMaker )\b\d+\b/g, 'N')}`;

/**
 * What goes with a failure: the failed step's message (its first 12 lines for a suspect, with its
 * per-partition detail; `brief` lines otherwise), and for a suspect the ledger's history and MM2's
 * first ERROR lines.
 */
function evidenceOf(whose: Whose, message: string | undefined, report: ScenarioReport | undefined, found: { folder: string } | undefined, brief: number): string[] {
  const out = message ? [firstLines(message, whose === 'suspect' ? 12 : brief)] : [];
  if (whose === 'suspect') out.push(history(report), ...(found ? mm2Errors(found.folder) : []));
  return out;
}

/** The ledger's history of the run (faults, heals, restarts, moves), for a suspect's evidence. */
function history(report: ScenarioReport | undefined): string {
  const events = report?.ledger?.events ?? [];
  const t0 = events.length ? Date.parse(events[0]!.time) : 0;
  return ['history (the ledger):', ...events.slice(0, 20).map((e) => `  +${((Date.parse(e.time) - t0) / 1000).toFixed(1)} s ${e.kind}: ${e.subject} ${e.what}`)].join('\n');
}

function firstLines(text: string, n: number): string {
  const lines = text.split('\n');
  return lines.slice(0, n).join('\n') + (lines.length > n ? '\n…' : '');
}

/** Every scenario of a run folder, judged: by scenario name, the last attempt. */
export function judgeRun(runDir: string): Outcome[] {
  const messages = readRunMessages(join(runDir, 'messages.ndjson'));
  const reports = reportFiles<ScenarioReport>(runDir);
  if (!messages) return [];
  const last = new Map<string, AttemptRun>();
  for (const a of messages.attempts) last.set(a.pickleId, a);
  return [...messages.pickles.values()].map((p) => {
    const a = last.get(p.id);
    const r = reports.filter((x) => x.report.pickleId === p.id).sort((x, y) => (x.report.attempt ?? 0) - (y.report.attempt ?? 0)).at(-1);
    return judge(a, p.name, r);
  });
}
