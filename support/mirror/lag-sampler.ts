import type { ClusterAdmin } from '../kafka/cluster-admin.ts';
import type { Ledger, Origin } from '../ledger/ledger.ts';

/** Replication lag of one partition at one moment. */
export interface PartitionLag {
  partition: number;
  /** Acked records on the origin that the target does not hold yet (beyond the last record copied). */
  records: number;
  /** Age of the oldest of them: now minus its ack time (0 when none). */
  ms: number;
}

export interface LagSample {
  time: number;
  /** Sum over partitions. */
  records: number;
  /** Max over partitions. */
  ms: number;
  partitions: PartitionLag[];
  /** Why the target could not be read, when it could not: the lag is unknown then. */
  error?: string;
  /**
   * For charts: acked records of the origin topic by then (every partition), the origin's records
   * the target holds (each partition's last copied origin offset + 1, summed; absent when the
   * target could not be read), and every read of the scenario's groups so far, re-reads included.
   */
  acked?: number;
  copied?: number;
  consumed?: number;
}

/**
 * The acked records of an origin partition at offsets after `after`, acked at or before `until`
 * when given, and the ack time of the oldest.
 */
export function unmirrored(origin: Origin, partition: number, after: number, until = Number.POSITIVE_INFINITY): { records: number; oldestAck?: number } {
  let records = 0;
  let oldestAck: number | undefined;
  for (const r of origin.partitions[partition]?.runs ?? []) {
    if (r.outcome !== 'acked' || r.offset === undefined || r.time > until) continue;
    const beyond = r.offset + r.count - Math.max(r.offset, after + 1);
    if (beyond <= 0) continue;
    records += beyond;
    oldestAck = Math.min(oldestAck ?? r.time, r.time);
  }
  return oldestAck === undefined ? { records } : { records, oldestAck };
}

/**
 * Samples a flow's replication lag for one topic, once a second: the record at the end of each
 * partition of the remote topic names the last origin record copied (its stamp); every acked
 * record after it is not on the target yet, and the oldest of them gives the lag in time. The
 * origin's side comes from the ledger, so a sample needs only the target (and still works while
 * the source is unreachable).
 */
export class LagSampler {
  readonly samples: LagSample[] = [];
  /** The sample taken as the source was lost (the records at risk then), when a fault took it down. */
  atFault: LagSample | undefined;
  readonly #timer: NodeJS.Timeout;
  #pending: Promise<LagSample> | undefined;
  #stopped = false;

  constructor(
    readonly flow: string,
    readonly target: string,
    readonly remote: string,
    private readonly origin: Origin,
    private readonly ledger: Ledger,
    private readonly admin: () => Promise<ClusterAdmin>,
    intervalMs = 1_000,
  ) {
    this.#timer = setInterval(() => void this.sample(), intervalMs);
  }

  get source(): string {
    return this.origin.cluster;
  }

  /** Takes a sample now (or returns the one being taken). */
  sample(): Promise<LagSample> {
    if (this.#stopped) return Promise.resolve(this.samples.at(-1) ?? { time: Date.now(), records: 0, ms: 0, partitions: [], error: 'not sampled' });
    this.#pending ??= this.#take().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  async #take(): Promise<LagSample> {
    const time = Date.now();
    const partitions = this.origin.partitions.length;
    let sample: LagSample;
    try {
      const admin = await this.admin();
      const tails = await admin.tails(this.remote, await admin.offsets(this.remote, partitions));
      const lags: PartitionLag[] = [];
      let held = 0;
      for (let p = 0; p < partitions; p++) {
        const copied = this.ledger.copiedOffset(this.origin, p, tails.get(p)?.value) ?? -1;
        held += copied + 1;
        // Records acked while the sample was being taken are not lag yet.
        const u = unmirrored(this.origin, p, copied, time);
        lags.push({ partition: p, records: u.records, ms: u.oldestAck === undefined ? 0 : Math.max(0, time - u.oldestAck) });
      }
      sample = { time, records: lags.reduce((n, l) => n + l.records, 0), ms: Math.max(0, ...lags.map((l) => l.ms)), partitions: lags, copied: held, ...this.#counts(time) };
    } catch (error) {
      sample = { time, records: 0, ms: 0, partitions: [], error: error instanceof Error ? error.message.split('\n')[0]! : String(error), ...this.#counts(time) };
    }
    this.samples.push(sample);
    return sample;
  }

  /** Acked records of the origin by `time`, and the ledger's reads so far. */
  #counts(time: number): { acked: number; consumed: number } {
    let acked = 0;
    for (const p of this.origin.partitions) for (const r of p.runs) if (r.outcome === 'acked' && r.time <= time) acked += r.count;
    return { acked, consumed: this.ledger.reads };
  }

  /** Stops sampling; with `wait`, until the sample being taken (bounded by the admin's timeouts) is in. */
  async stop(wait = true): Promise<void> {
    clearInterval(this.#timer);
    this.#stopped = true;
    if (wait) await this.#pending?.catch(() => undefined);
  }

  get stopped(): boolean {
    return this.#stopped;
  }
}
