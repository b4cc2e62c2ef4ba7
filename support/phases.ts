/** Where a scenario's wall time goes, as the harness itself measures it (support/report/phase-timer.ts); the mirror's operations name theirs too. */
export const PHASES = ['cluster start', 'MM2 ready', 'workload', 'MM2 waits', 'faults', 'audits', 'verdict', 'teardown'] as const;
export type Phase = (typeof PHASES)[number];
