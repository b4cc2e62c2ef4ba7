import { DEFAULTS } from '../config/defaults.ts';
import type { Ledger, Origin } from '../ledger/ledger.ts';
import { partitionCounts, productBatch } from './product-records.ts';
import type { ProducerSession } from './workload-client.ts';

export interface ProduceOutcome {
  count: number;
  acked: number;
  /** The first error a batch failed with, when any did. */
  firstError?: string;
  ms: number;
}

/**
 * Produces `count` product records to an origin in bounded batches (DEFAULTS.produceBatch records
 * a request, DEFAULTS.produceInFlight requests outstanding), recording every answer in the ledger
 * as it arrives: acked with its offsets, or indeterminate with the client's error. The producer's
 * requests go out in send order, so each partition's records get offsets in the order of n.
 */
export async function produceRecords(
  producer: ProducerSession,
  ledger: Ledger,
  origin: Origin,
  count: number,
  onProgress?: (answered: number, acked: number, ms: number) => void,
): Promise<ProduceOutcome> {
  const partitions = origin.partitions.length;
  const started = Date.now();
  let sent = 0;
  let acked = 0;
  let answered = 0;
  let firstError: string | undefined;
  let reported = started;
  const inFlight = new Set<Promise<void>>();
  while (sent < count) {
    const size = Math.min(DEFAULTS.produceBatch, count - sent);
    const perPartition = partitionCounts(sent, size, partitions);
    const base = new Map([...perPartition].map(([p, n]) => [p, ledger.claim(origin, p, n)]));
    const records = productBatch(sent, size, partitions, (p, n) => ledger.stamp(origin, p, n), base);
    sent += size;
    const request = producer.send(records).then(
      (offsets) => {
        for (const [p, n] of perPartition) {
          const offset = offsets.get(p);
          if (offset === undefined) ledger.recordProduced(origin, p, { n: base.get(p)!, count: n, outcome: 'indeterminate', error: 'the broker reported no offset for this partition' });
          else {
            ledger.recordProduced(origin, p, { n: base.get(p)!, count: n, outcome: 'acked', offset });
            acked += n;
          }
        }
      },
      (error: unknown) => {
        // A send that throws may or may not have been written: indeterminate, never lost.
        const message = error instanceof Error ? error.message : String(error);
        firstError ??= message;
        for (const [p, n] of perPartition) ledger.recordProduced(origin, p, { n: base.get(p)!, count: n, outcome: 'indeterminate', error: message });
      },
    );
    const tracked: Promise<void> = request.finally(() => {
      answered += size;
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
    if (inFlight.size >= DEFAULTS.produceInFlight) await Promise.race(inFlight);
    if (onProgress && Date.now() - reported >= 5_000) {
      reported = Date.now();
      onProgress(answered, acked, reported - started);
    }
  }
  await Promise.all(inFlight);
  return { count, acked, firstError, ms: Date.now() - started };
}
