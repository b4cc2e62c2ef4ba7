/** The nightly matrix's results and what changed since the previous nightly: pure data, unit-tested. */

export type Outcome = 'passed' | 'flaky' | 'failed' | 'not run';

export interface CellResult {
  /** The drill: feature file and scenario name (an Examples row's name carries its client). */
  key: string;
  feature: string;
  scenario: string;
  /** The matrix cell: `kafka-<version>-<client>`. */
  cell: string;
  outcome: Outcome;
  validity: string;
  lostInFlight?: number;
  rpoMs?: number;
  rtoMs?: number;
  durationMs?: number;
  /** The scenario's page, from the nightly folder. */
  page?: string;
  /** The client the scenario ran with, and whether it named it (else the cell's default). */
  client?: string;
  clientFrom?: string;
}

export interface Change {
  key: string;
  scenario: string;
  cell: string;
  was?: Outcome;
  now: Outcome;
  /** For `slower`: durations, and now / was. */
  wasMs?: number;
  nowMs?: number;
  ratio?: number;
}

export interface Comparison {
  /** The previous nightly folder's name, or none. */
  previous?: string;
  newFailures: Change[];
  stillFailing: Change[];
  fixed: Change[];
  slower: Change[];
  flaky: Change[];
  /** Drill × cell pairs the previous nightly had and this one did not run. */
  missing: Change[];
}

export interface SlowerRule {
  /** Slower when now > was × ratio … */
  ratio: number;
  /** … and by more than this many ms (a 2 s scenario taking 3 s is noise). */
  minDeltaMs: number;
}

export const DEFAULT_SLOWER: SlowerRule = { ratio: 1.5, minDeltaMs: 5_000 };

const id = (r: Pick<CellResult, 'key' | 'cell'>) => `${r.cell}\u0000${r.key}`;

export function compare(current: CellResult[], previous: CellResult[] | undefined, rule: SlowerRule = DEFAULT_SLOWER, previousName?: string): Comparison {
  const before = new Map((previous ?? []).map((r) => [id(r), r]));
  const out: Comparison = { ...(previousName ? { previous: previousName } : {}), newFailures: [], stillFailing: [], fixed: [], slower: [], flaky: [], missing: [] };
  const seen = new Set<string>();
  for (const r of current) {
    seen.add(id(r));
    const p = before.get(id(r));
    const change: Change = { key: r.key, scenario: r.scenario, cell: r.cell, now: r.outcome, ...(p ? { was: p.outcome } : {}) };
    if (r.outcome === 'flaky') out.flaky.push(change);
    if (r.outcome === 'failed') {
      if (p?.outcome === 'failed') out.stillFailing.push(change);
      else out.newFailures.push(change);
    } else if (p?.outcome === 'failed' && (r.outcome === 'passed' || r.outcome === 'flaky')) out.fixed.push(change);
    if (p && r.outcome !== 'failed' && p.outcome !== 'failed' && r.durationMs !== undefined && p.durationMs !== undefined && p.durationMs > 0) {
      const ratio = r.durationMs / p.durationMs;
      if (ratio > rule.ratio && r.durationMs - p.durationMs > rule.minDeltaMs) out.slower.push({ ...change, wasMs: p.durationMs, nowMs: r.durationMs, ratio: Math.round(ratio * 100) / 100 });
    }
  }
  if (previous) for (const p of previous) if (!seen.has(id(p))) out.missing.push({ key: p.key, scenario: p.scenario, cell: p.cell, was: p.outcome, now: 'not run' });
  return out;
}
