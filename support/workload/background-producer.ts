import { DEFAULTS } from '../config/defaults.ts';
import type { Ledger, Origin } from '../ledger/ledger.ts';
import { sendBatch } from './produce-loop.ts';
import type { ProducerSession } from './workload-client.ts';

export interface BackgroundOutcome {
  /** Records sent, and how many of them were acked; the rest are ledgered indeterminate. */
  sent: number;
  acked: number;
  ms: number;
  firstError?: string;
}

/**
 * A producer that keeps writing at a steady rate across steps until it is stopped: every 100 ms
 * it sends what the rate owes so far (at most DEFAULTS.produceBatch records a request, at most
 * DEFAULTS.produceInFlight requests outstanding; when the cluster stalls, what it cannot send is
 * not sent and the rate achieved says so). Every answer goes to the ledger as it arrives, errors
 * included; the producer goes on through faults.
 */
export class BackgroundProducer {
  readonly #inFlight = new Set<Promise<void>>();
  readonly #started = Date.now();
  readonly #timer: NodeJS.Timeout;
  #sent = 0;
  #acked = 0;
  #firstError: string | undefined;
  /** Offset into the origin's produce sequence (product cycling) at which this producer started. */
  readonly #first: number;

  constructor(
    private readonly producer: ProducerSession,
    private readonly ledger: Ledger,
    private readonly origin: Origin,
    readonly rate: number,
    first: number,
  ) {
    this.#first = first;
    this.#timer = setInterval(() => this.#tick(), 100);
  }

  #tick(): void {
    const owed = Math.floor((this.rate * (Date.now() - this.#started)) / 1000) - this.#sent;
    if (owed <= 0 || this.#inFlight.size >= DEFAULTS.produceInFlight) return;
    const size = Math.min(owed, DEFAULTS.produceBatch);
    const request = sendBatch(this.producer, this.ledger, this.origin, this.#first + this.#sent, size, (m) => (this.#firstError ??= m));
    this.#sent += size;
    const tracked: Promise<void> = request.then((n) => {
      this.#acked += n;
      this.#inFlight.delete(tracked);
    });
    this.#inFlight.add(tracked);
  }

  get sent(): number {
    return this.#sent;
  }

  get acked(): number {
    return this.#acked;
  }

  /** Stops sending, waits for the answers still due (bounded by the producer's timeout), closes. */
  async stop(): Promise<BackgroundOutcome> {
    clearInterval(this.#timer);
    await Promise.all(this.#inFlight);
    await this.producer.close();
    return { sent: this.#sent, acked: this.#acked, ms: Date.now() - this.#started, firstError: this.#firstError };
  }
}
