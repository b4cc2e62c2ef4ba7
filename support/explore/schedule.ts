/**
 * A fault schedule: which faults, on what, from which count of acked records and for how long,
 * drawn from a seed within a budget; and the steady state's steps with the schedule woven in.
 * Pure: the same seed and steady state give the same schedule, on any machine.
 */
import { FAULT_KINDS, faultKind, type FaultKind, type Target } from './faults.ts';
import { Random } from './random.ts';
import type { DrillStep, SteadyState } from './steady-state.ts';

export interface Budget {
  /** The kinds to draw from (`--faults`); every kind the steady state allows when empty. */
  kinds: string[];
  /** At most this many faults in a schedule (at least one). */
  maxFaults: number;
  /** At most this many faults at once. */
  concurrent: number;
  /** Each timed or held fault lasts 1 to this many seconds. */
  healWithin: number;
}

export const DEFAULT_BUDGET: Budget = { kinds: [], maxFaults: 3, concurrent: 2, healWithin: 8 };

export interface ScheduledFault {
  kind: string;
  target: string;
  /** Injected once the producers have had this many records acked. */
  at: number;
  /** Seconds it lasts (timed and held kinds); 0 for an instant one. */
  seconds: number;
  /** A held fault is healed once this many records are acked. */
  healAt?: number;
  /** Latency in ms or bandwidth in KB/s, for the kinds that have one. */
  magnitude?: number;
  /** The steps that inject it, and (held) heal it. */
  start: string[];
  end: string[];
}

export interface Schedule {
  seed: number;
  faults: ScheduledFault[];
}

/** Records the producers ack in `seconds` at the steady state's rate. */
const recordsIn = (ss: SteadyState, seconds: number) => Math.ceil(seconds * ss.window.rate);

/** The kinds of the budget this steady state allows (a kind with no target in it is left out). */
export function allowedKinds(ss: SteadyState, budget: Budget): FaultKind[] {
  const named = budget.kinds.length ? budget.kinds.map((k) => faultKind(k)!) : [...FAULT_KINDS];
  return named.filter((k) => k.targets(ss).length > 0);
}

/** Where a fault sits in record space: [at, until). A timed or instant fault's length is what its seconds take at the rate. */
export function span(ss: SteadyState, f: ScheduledFault): [number, number] {
  if (f.healAt !== undefined) return [f.at, f.healAt];
  return [f.at, f.at + Math.max(1, recordsIn(ss, f.seconds))];
}

function resourceOf(ss: SteadyState, f: ScheduledFault): string {
  const kind = faultKind(f.kind)!;
  return kind.targets(ss).find((t) => t.name === f.target)?.resource ?? f.target;
}

/** Whether `faults` keep the budget: within the window, at most `concurrent` at once, one fault per resource at a time. */
export function withinBudget(ss: SteadyState, budget: Budget, faults: readonly ScheduledFault[]): boolean {
  const W = ss.window.records;
  const spans = faults.map((f) => ({ f, s: span(ss, f), r: resourceOf(ss, f) }));
  for (const x of spans) {
    if (x.s[0] < 1 || x.s[1] > W) return false;
    if (x.f.seconds > budget.healWithin) return false;
    let atOnce = 0;
    for (const y of spans) {
      const overlap = y.s[0] < x.s[1] && x.s[0] < y.s[1];
      if (!overlap) continue;
      atOnce++;
      if (y !== x && y.r === x.r) return false;
    }
    if (atOnce > budget.concurrent) return false;
  }
  return faults.length <= budget.maxFaults;
}

/** One fault of `kind` on `target` from `at`, lasting `seconds` (a held fault on what stops the producers is healed at once). */
export function makeFault(ss: SteadyState, kind: FaultKind, target: Target, at: number, seconds: number, magnitude?: number): ScheduledFault {
  const instant = kind.shape === 'instant' || (kind.shape === 'held' && target.stopsProducers);
  const inj = kind.steps(target, seconds, ss);
  const fill = (s: string) => (magnitude === undefined ? s : s.replace('{magnitude}', String(magnitude)));
  const f: ScheduledFault = {
    kind: kind.name,
    target: target.name,
    at,
    seconds: instant ? 0 : seconds,
    start: inj.start.map(fill),
    end: inj.end.map(fill),
    ...(magnitude !== undefined ? { magnitude } : {}),
  };
  if (instant) {
    f.start = [...f.start, ...f.end];
    f.end = [];
  } else if (kind.shape === 'held') f.healAt = at + recordsIn(ss, seconds);
  return f;
}

/**
 * Draws a schedule from `seed`: 1 to maxFaults faults, each of an allowed kind on one of its
 * targets, anchored to a count of acked records inside the window, kept only if the budget still
 * holds (a draw that breaks it is drawn again, at most 50 times per fault).
 */
export function generate(ss: SteadyState, budget: Budget, seed: number): Schedule {
  const rng = new Random(seed);
  const kinds = allowedKinds(ss, budget);
  if (!kinds.length) return { seed, faults: [] };
  const want = rng.int(1, Math.max(1, budget.maxFaults));
  const faults: ScheduledFault[] = [];
  for (let i = 0; i < want; i++) {
    for (let tries = 0; tries < 50; tries++) {
      const kind = rng.pick(kinds);
      const target = rng.pick(kind.targets(ss));
      const seconds = rng.int(1, Math.max(1, budget.healWithin));
      const magnitude = kind.magnitudes ? rng.pick(kind.magnitudes) : undefined;
      const at = rng.int(1, Math.max(1, ss.window.records - 1));
      const f = makeFault(ss, kind, target, at, seconds, magnitude);
      if (withinBudget(ss, budget, [...faults, f])) {
        faults.push(f);
        break;
      }
    }
  }
  return { seed, faults: sortFaults(faults) };
}

export function sortFaults(faults: ScheduledFault[]): ScheduledFault[] {
  return [...faults].sort((a, b) => a.at - b.at || a.kind.localeCompare(b.kind) || a.target.localeCompare(b.target));
}

/**
 * The steady state's steps with the schedule woven in before its window ends: at each anchor,
 * `the producers have written N records`, then what starts or heals there (heals first).
 */
export function weave(ss: SteadyState, schedule: Schedule): DrillStep[] {
  const events: { at: number; heal: boolean; steps: string[] }[] = [];
  for (const f of schedule.faults) {
    events.push({ at: f.at, heal: false, steps: f.start });
    if (f.healAt !== undefined) events.push({ at: f.healAt, heal: true, steps: f.end });
  }
  events.sort((a, b) => a.at - b.at || Number(b.heal) - Number(a.heal));
  const woven: DrillStep[] = [];
  let last = -1;
  for (const e of events) {
    if (e.at !== last) woven.push({ type: 'Action', text: `the producers have written ${e.at} records` });
    last = e.at;
    for (const s of e.steps) woven.push({ type: 'Action', text: s });
  }
  const { insertAt } = ss.window;
  return [...ss.steps.slice(0, insertAt), ...woven, ...ss.steps.slice(insertAt)];
}

/** The command that draws `seed`'s schedule again: the budget's flags that differ from the defaults included, since they shape the draw. */
export function replayCommand(ref: string, seed: number, budget: Budget): string {
  const flags = [
    budget.kinds.length ? `--faults ${budget.kinds.join(',')}` : '',
    budget.maxFaults !== DEFAULT_BUDGET.maxFaults ? `--max-faults ${budget.maxFaults}` : '',
    budget.concurrent !== DEFAULT_BUDGET.concurrent ? `--concurrent ${budget.concurrent}` : '',
    budget.healWithin !== DEFAULT_BUDGET.healWithin ? `--heal-within ${budget.healWithin}` : '',
  ].filter(Boolean);
  return ['npm run explore --', ref, '--seed', String(seed), '--runs 1', ...flags].join(' ');
}

/** One line per fault, for people: `after 820 acked records: MirrorMaker 2 is killed, restarted after 1420`. */
export function describe(schedule: Schedule): string[] {
  if (!schedule.faults.length) return ['no fault'];
  return schedule.faults.map((f) => {
    const head = `after ${f.at} acked records: ${f.start.join(', then ')}`;
    return f.healAt !== undefined ? `${head}; healed after ${f.healAt} (${f.end.join(', then ')})` : head;
  });
}

/** A schedule's shape in a few words, for file names and tables: `mm2-kill+pause`. */
export function shapeOf(schedule: Schedule): string {
  return schedule.faults.map((f) => f.kind).join('+') || 'none';
}
