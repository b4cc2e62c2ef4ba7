/**
 * Scenarios side by side (`--parallel 2`, which `npm test` uses) and the ones that must not be.
 *
 * A drill that measures time — traffic at a rate, a fault held for N seconds, replication lag,
 * RPO, RTO, a link's latency or throttle — judges what MM2 did within that time, and a second
 * drill on the same two cores would be what it measures. Such a scenario runs alone: nothing
 * starts beside it, and it starts only when nothing else runs. It is told by its steps (below)
 * or by the tag `@alone` for anything the steps do not show.
 *
 * Cucumber's coordinator hands the next scenario only to the worker that just finished, so a
 * worker that found nothing it may run stays idle for the rest of the run. The plugin therefore
 * orders a parallel run's scenarios with those that run alone last (otherwise in the files'
 * order): both workers share the others, then one worker runs the lone ones in turn.
 */
import type { Plugin } from '@cucumber/cucumber/api';

/** What the rules read of a scenario (a Cucumber pickle has it). */
export interface ScenarioText {
  tags: readonly { name: string }[];
  steps: readonly { text: string }[];
}

/** Step text that makes a scenario timing-sensitive, with what it measures. */
const TIMED: readonly [RegExp, string][] = [
  [/\brecords\/s\b/, 'traffic at a rate'],
  [/\bfor \d+ seconds?\b/, 'a fault or a window of seconds'],
  [/\breplication lag\b/, 'replication lag'],
  [/\bthe RPO\b|\bthe RTO\b/, 'RPO or RTO'],
  [/\bwithin \d+ seconds?\b/, 'a time bound'],
  [/\blatency\b|\bjitter\b|\bthrottled\b/, "a link's latency or throttle"],
];

/** Why the scenario runs alone, or undefined when it may run beside another. */
export function runsAlone(pickle: ScenarioText): string | undefined {
  if (pickle.tags.some((t) => t.name === '@alone')) return 'tagged @alone';
  for (const step of pickle.steps) {
    for (const [pattern, what] of TIMED) if (pattern.test(step.text)) return `${what}: "${step.text}"`;
  }
  return undefined;
}

/** Cucumber's setParallelCanAssign: may `candidate` start now, beside `running`? */
export function canAssign(candidate: ScenarioText, running: readonly ScenarioText[]): boolean {
  if (running.length === 0) return true;
  if (runsAlone(candidate)) return false;
  return !running.some((p) => runsAlone(p));
}

/** Stable: the scenarios that may share the machine first, in their order, then the lone ones. */
export function aloneLast<T extends { pickle: ScenarioText }>(pickles: readonly T[]): T[] {
  return [...pickles.filter((p) => !runsAlone(p.pickle)), ...pickles.filter((p) => runsAlone(p.pickle))];
}

/** `--parallel N` from Cucumber's command line or the profile's pluginOptions.parallel. */
export function parallelWorkers(argv: readonly string[], option: unknown): number {
  let n = typeof option === 'number' ? option : 0;
  for (let i = 0; i < argv.length; i++) {
    const m = /^--parallel(?:=(\d+))?$/.exec(argv[i]!);
    if (m) n = Number(m[1] ?? argv[i + 1]);
  }
  return Number.isFinite(n) ? n : 0;
}

export const aloneOrder: Plugin<{ parallel?: number }> = {
  type: 'plugin',
  coordinator: ({ transform, options }) => {
    if (parallelWorkers(process.argv, options?.parallel) < 2) return;
    transform('pickles:order', (pickles) => aloneLast(pickles));
  },
};

export default aloneOrder;
