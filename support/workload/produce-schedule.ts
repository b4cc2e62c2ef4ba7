/**
 * How a background producer keeps a rate: a pure function of what is due by now, what was sent
 * or given up, and what is outstanding, so that it can be tested without a cluster.
 *
 * By `elapsedMs` the rate owes floor(rate × elapsed) records. The producer sends what it owes in
 * requests of at most `batch` records, as many as fit under `inFlight` outstanding requests, so a
 * high rate gets several requests per tick and a slow cluster holds it back. Debt beyond
 * `maxDebtMs` worth of records (the cluster stalled, or could not keep up) is given up, not sent
 * later in a burst: the rate achieved says so. An unthrottled producer (rate Infinity) keeps
 * every request slot busy; `limit`, when set, caps the records it sends (or gives up) in all.
 */
export interface ScheduleState {
  /** Records a second asked for; Infinity for as fast as the cluster answers. */
  rate: number;
  elapsedMs: number;
  /** Records sent so far, and records given up so far. */
  sent: number;
  skipped: number;
  /** Requests outstanding now. */
  inFlight: number;
  /** Records to send in all, at most. */
  limit?: number;
}

export interface ScheduleLimits {
  /** Records a request, at most. */
  batch: number;
  /** Requests outstanding, at most. */
  inFlight: number;
  /** Debt the producer may catch up on, in ms of the rate (at least one batch). */
  maxDebtMs: number;
}

export interface SchedulePlan {
  /** Records to give up now (never sent: what a stalled producer could not send). */
  skip: number;
  /** The sizes of the requests to send now, in order. */
  batches: number[];
}

export function plan(state: ScheduleState, limits: ScheduleLimits): SchedulePlan {
  const { rate, elapsedMs, sent, skipped, inFlight, limit } = state;
  if (!(rate > 0) || limits.batch < 1 || limits.inFlight < 1) throw new RangeError('rate, batch and inFlight must be positive');
  const remaining = limit === undefined ? Infinity : Math.max(0, limit - sent - skipped);
  let owed = Number.isFinite(rate) ? Math.floor((rate * Math.max(0, elapsedMs)) / 1000) - sent - skipped : Infinity;
  let skip = 0;
  if (Number.isFinite(owed)) {
    const maxDebt = Math.max(limits.batch, Math.ceil((rate * limits.maxDebtMs) / 1000));
    if (owed > maxDebt) {
      skip = Math.min(owed - maxDebt, remaining);
      owed -= skip;
    }
  }
  owed = Math.min(owed, remaining - skip);
  const batches: number[] = [];
  for (let free = limits.inFlight - inFlight; owed > 0 && free > 0; free--) {
    const n = Math.min(owed, limits.batch);
    batches.push(n);
    owed -= n;
  }
  return { skip, batches };
}

/** Records per second over a span; undefined when the span is empty. */
export function perSecond(records: number, ms: number): number | undefined {
  return ms > 0 ? (records * 1000) / ms : undefined;
}
