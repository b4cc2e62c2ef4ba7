import { DEFAULTS } from '../config/defaults.ts';
import type { Ledger, Origin } from '../ledger/ledger.ts';
import { sendBatch } from './produce-loop.ts';
import { perSecond, plan, type ScheduleLimits } from './produce-schedule.ts';
import type { ProducerSession } from './workload-client.ts';

export interface BackgroundOutcome {
  /** Records sent, and how many of them were acked; the rest are ledgered indeterminate. */
  sent: number;
  acked: number;
  /** Records the rate owed that were never sent: the producer fell more than a second behind. */
  skipped: number;
  ms: number;
  /** From the start to the last ack (the fault, when a fault ended the acks): the span the acked rate is over. */
  ackedMs: number;
  /** Acked records a second from the start to the last ack; undefined when none was acked. */
  achievedRate: number | undefined;
  firstError?: string;
}

export interface BackgroundOptions {
  /** Records to send in all, then stop sending (the volume bench's unthrottled case). */
  limit?: number;
  /** The limits of the schedule; DEFAULTS.produceBatch, DEFAULTS.produceInFlight and 1 s of debt by default. */
  limits?: Partial<ScheduleLimits>;
}

/** How often the producer looks at what the rate owes; each answer also makes it look. */
const TICK_MS = 50;

/**
 * A producer that keeps writing at a steady rate across steps until it is stopped. Every 50 ms,
 * and whenever an answer comes, it sends what the rate owes so far (produce-schedule.ts): as many
 * requests of at most DEFAULTS.produceBatch records as fit under DEFAULTS.produceInFlight
 * outstanding, so tens of thousands of records a second need no more than the cluster's answers.
 * When the cluster stalls, what it owes beyond a second is not sent (counted as skipped) and the
 * rate achieved says so. Every answer goes to the ledger as it arrives (a range per partition and
 * request, so the ledger stays small at any rate), errors included; the producer goes on through
 * faults. A rate of Infinity sends as fast as the cluster answers.
 */
export class BackgroundProducer {
  readonly #inFlight = new Set<Promise<void>>();
  readonly #started = Date.now();
  readonly #timer: NodeJS.Timeout;
  readonly #limits: ScheduleLimits;
  readonly #limit: number | undefined;
  #sent = 0;
  #acked = 0;
  #skipped = 0;
  #lastAckAt: number | undefined;
  #stopped = false;
  #firstError: string | undefined;
  /** Offset into the origin's produce sequence (product cycling) at which this producer started. */
  readonly #first: number;
  /** Resolved when the limit is reached and every answer is in. */
  #done: (() => void) | undefined;

  constructor(
    private readonly producer: ProducerSession,
    private readonly ledger: Ledger,
    private readonly origin: Origin,
    readonly rate: number,
    first: number,
    options: BackgroundOptions = {},
  ) {
    this.#first = first;
    this.#limit = options.limit;
    this.#limits = { batch: DEFAULTS.produceBatch, inFlight: DEFAULTS.produceInFlight, maxDebtMs: 1_000, ...options.limits };
    this.#timer = setInterval(() => this.#pump(), TICK_MS);
    this.#pump();
  }

  #pump(): void {
    if (this.#stopped) return;
    const { skip, batches } = plan(
      { rate: this.rate, elapsedMs: Date.now() - this.#started, sent: this.#sent, skipped: this.#skipped, inFlight: this.#inFlight.size, limit: this.#limit },
      this.#limits,
    );
    this.#skipped += skip;
    for (const size of batches) {
      const request = sendBatch(this.producer, this.ledger, this.origin, this.#first + this.#sent, size, (m) => (this.#firstError ??= m));
      this.#sent += size;
      const tracked: Promise<void> = request.then((n) => {
        this.#acked += n;
        if (n > 0) this.#lastAckAt = Date.now();
        this.#inFlight.delete(tracked);
        this.#pump();
        if (this.#limitReached()) this.#done?.();
      });
      this.#inFlight.add(tracked);
    }
  }

  get sent(): number {
    return this.#sent;
  }

  get acked(): number {
    return this.#acked;
  }

  /** A limit was set, everything it allows was sent (or given up), and every answer came. */
  #limitReached(): boolean {
    return this.#limit !== undefined && this.#sent + this.#skipped >= this.#limit && this.#inFlight.size === 0;
  }

  /** With a limit: resolves once it was sent and every answer came. */
  finished(): Promise<void> {
    if (this.#limit === undefined) throw new Error('a producer without a limit never finishes on its own');
    if (this.#limitReached()) return Promise.resolve();
    return new Promise((resolve) => (this.#done = resolve));
  }

  /** Stops sending, waits for the answers still due (bounded by the producer's timeout), closes. */
  async stop(): Promise<BackgroundOutcome> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await Promise.all(this.#inFlight);
    const ms = Date.now() - this.#started;
    await this.producer.close();
    const ackedMs = (this.#lastAckAt ?? this.#started) - this.#started;
    return {
      sent: this.#sent,
      acked: this.#acked,
      skipped: this.#skipped,
      ms,
      ackedMs,
      achievedRate: this.#acked ? perSecond(this.#acked, ackedMs) : undefined,
      firstError: this.#firstError,
    };
  }
}
