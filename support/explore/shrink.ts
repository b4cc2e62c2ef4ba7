/**
 * Shrinking a failing schedule, QuickCheck's way: try smaller schedules — one fault fewer, one
 * fault half as long, one fault later — and keep the first that still fails for the same
 * anomaly, until none does. Outcomes vary (timing is real), so a candidate is judged over up to
 * `reruns` runs and kept when at least `need` of them fail; the runs stop as soon as the answer
 * is known. The schedule and the oracle are all it sees: tests drive it with a fake oracle.
 */
import { faultKind } from './faults.ts';
import { makeFault, sortFaults, span, withinBudget, type Budget, type Schedule, type ScheduledFault } from './schedule.ts';
import type { SteadyState } from './steady-state.ts';

export interface Trial {
  schedule: Schedule;
  /** What the candidate is, for people: `without fault 2 (mm2-kill)`. */
  change: string;
  failed: number;
  runs: number;
  kept: boolean;
}

export interface Shrunk {
  schedule: Schedule;
  /** Failing runs of the last schedule kept, and how many it took. */
  failed: number;
  runs: number;
  trials: Trial[];
  /** The run budget ran out before no candidate was left. */
  outOfRuns: boolean;
}

/** Runs the schedule once: true when it fails for the anomaly being shrunk. */
export type Oracle = (schedule: Schedule, change: string) => Promise<boolean>;

/** The candidates one step smaller than `s`, in the order they are tried: fewer faults, shorter, later. */
export function candidates(ss: SteadyState, budget: Budget, s: Schedule): { schedule: Schedule; change: string }[] {
  const out: { schedule: Schedule; change: string }[] = [];
  const name = (i: number) => `fault ${i + 1} (${s.faults[i]!.kind} on ${s.faults[i]!.target})`;
  const keep = (faults: ScheduledFault[], change: string) => {
    if (withinBudget(ss, budget, faults)) out.push({ schedule: { seed: s.seed, faults: sortFaults(faults) }, change });
  };
  if (s.faults.length > 1) s.faults.forEach((_, i) => keep(s.faults.filter((__, j) => j !== i), `without ${name(i)}`));
  s.faults.forEach((f, i) => {
    if (f.seconds < 2) return;
    const kind = faultKind(f.kind)!;
    const target = kind.targets(ss).find((t) => t.name === f.target)!;
    const shorter = Math.floor(f.seconds / 2);
    keep(s.faults.map((g, j) => (j === i ? makeFault(ss, kind, target, f.at, shorter, f.magnitude) : g)), `${name(i)} lasting ${shorter} s instead of ${f.seconds} s`);
  });
  s.faults.forEach((f, i) => {
    const kind = faultKind(f.kind)!;
    const target = kind.targets(ss).find((t) => t.name === f.target)!;
    const end = span(ss, f)[1];
    const room = ss.window.records - end;
    const later = f.at + Math.floor(room / 2);
    // A move of less than a twentieth of the window says nothing new about the failure.
    if (later - f.at < Math.max(2, ss.window.records / 20)) return;
    keep(s.faults.map((g, j) => (j === i ? makeFault(ss, kind, target, later, f.seconds, f.magnitude) : g)), `${name(i)} from ${later} acked records instead of ${f.at}`);
  });
  return out;
}

/** Whether a candidate fails in at least `need` of `reruns` runs, stopping as soon as that is decided. */
async function judged(oracle: Oracle, schedule: Schedule, change: string, need: number, reruns: number, left: () => number, spend: () => void): Promise<{ failed: number; runs: number; kept: boolean } | undefined> {
  let failed = 0;
  let runs = 0;
  while (runs < reruns && failed < need && runs - failed <= reruns - need) {
    if (left() <= 0) return undefined;
    spend();
    runs++;
    if (await oracle(schedule, change)) failed++;
  }
  return { failed, runs, kept: failed >= need };
}

export async function shrink(
  ss: SteadyState,
  budget: Budget,
  failing: Schedule,
  oracle: Oracle,
  opts: { need: number; reruns: number; maxRuns: number; onTrial?: (t: Trial) => void },
): Promise<Shrunk> {
  if (opts.need < 1 || opts.need > opts.reruns) throw new RangeError(`need ${opts.need} of ${opts.reruns} reruns: need must be 1 to reruns`);
  let spent = 0;
  const left = () => opts.maxRuns - spent;
  const spend = () => void spent++;
  const trials: Trial[] = [];
  let current = failing;
  let best = { failed: 1, runs: 1 };
  for (;;) {
    let moved = false;
    for (const c of candidates(ss, budget, current)) {
      const r = await judged(oracle, c.schedule, c.change, opts.need, opts.reruns, left, spend);
      if (!r) return { schedule: current, ...best, trials, outOfRuns: true };
      const t: Trial = { schedule: c.schedule, change: c.change, ...r };
      trials.push(t);
      opts.onTrial?.(t);
      if (r.kept) {
        current = c.schedule;
        best = { failed: r.failed, runs: r.runs };
        moved = true;
        break;
      }
    }
    if (!moved) return { schedule: current, ...best, trials, outOfRuns: false };
  }
}
