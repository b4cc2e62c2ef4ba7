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
 * Sends records `first` .. `first+size-1` of an origin's produce sequence as one request and
 * ledgers the answer when it comes: each partition's share acked with its base offset, or
 * indeterminate with the client's error (a send that throws may or may not have been written;
 * never lost). Records are numbered (n) per partition when the batch is made, so batches must
 * be made in the order the producer sends them. Resolves to the records acked.
 */
export function sendBatch(producer: ProducerSession, ledger: Ledger, origin: Origin, first: number, size: number, onError?: (message: string) => void): Promise<number> {
  const partitions = origin.partitions.length;
  const perPartition = partitionCounts(first, size, partitions);
  const base = new Map([...perPartition].map(([p, n]) => [p, ledger.claim(origin, p, n)]));
  const records = productBatch(first, size, partitions, (p, n) => ledger.stamp(origin, p, n), base);
  return producer.send(records).then(
    (offsets) => {
      let acked = 0;
      for (const [p, n] of perPartition) {
        const offset = offsets.get(p);
        if (offset === undefined) ledger.recordProduced(origin, p, { n: base.get(p)!, count: n, outcome: 'indeterminate', error: 'the broker reported no offset for this partition' });
        else {
          ledger.recordProduced(origin, p, { n: base.get(p)!, count: n, outcome: 'acked', offset });
          acked += n;
        }
      }
      return acked;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      onError?.(message);
      for (const [p, n] of perPartition) ledger.recordProduced(origin, p, { n: base.get(p)!, count: n, outcome: 'indeterminate', error: message });
      return 0;
    },
  );
}

/**
 * Produces `count` product records to an origin in bounded batches (DEFAULTS.produceBatch records
 * a request, DEFAULTS.produceInFlight requests outstanding), recording every answer in the ledger
 * as it arrives. The producer's requests go out in send order, so each partition's records get
 * offsets in the order of n.
 */
export async function produceRecords(
  producer: ProducerSession,
  ledger: Ledger,
  origin: Origin,
  count: number,
  onProgress?: (answered: number, acked: number, ms: number) => void,
): Promise<ProduceOutcome> {
  const started = Date.now();
  let sent = 0;
  let acked = 0;
  let answered = 0;
  let firstError: string | undefined;
  let reported = started;
  const inFlight = new Set<Promise<void>>();
  while (sent < count) {
    const size = Math.min(DEFAULTS.produceBatch, count - sent);
    const request = sendBatch(producer, ledger, origin, sent, size, (m) => (firstError ??= m));
    sent += size;
    const tracked: Promise<void> = request.then((n) => {
      acked += n;
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
