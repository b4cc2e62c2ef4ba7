import type { Ledger, Origin } from '../ledger/ledger.ts';
import { partitionCounts, productBatch } from './product-records.ts';
import type { TransactionalProducerSession } from './workload-client.ts';

export interface TransactionsOutcome {
  transactions: number;
  /** Records in transactions committed (ledgered acked). */
  committed: number;
  /** Records in transactions aborted as asked (ledgered aborted). */
  aborted: number;
  /** Records in transactions that could not be ended as asked (ledgered indeterminate). */
  indeterminate: number;
  firstError?: string;
  ms: number;
}

/**
 * How the ledger records one transaction's answer: a commit confirmed makes its records acked
 * (at the offsets the sends got); an abort confirmed makes them aborted, never expected; any
 * failure (a send, the commit or the abort) makes them indeterminate: a commit may have happened,
 * and an abort that was not confirmed is ended by the coordinator only at the transaction timeout.
 */
export function transactionOutcome(end: 'commit' | 'abort', answered: boolean): 'acked' | 'aborted' | 'indeterminate' {
  if (!answered) return 'indeterminate';
  return end === 'commit' ? 'acked' : 'aborted';
}

/**
 * Produces `count` product records to an origin in transactions of `perTransaction` records, one
 * transaction at a time, each committed or aborted as `end` says; every transaction's answer is
 * ledgered per partition (see transactionOutcome).
 */
export async function produceTransactions(
  producer: TransactionalProducerSession,
  ledger: Ledger,
  origin: Origin,
  count: number,
  perTransaction: number,
  end: 'commit' | 'abort',
  onProgress?: (done: number, ms: number) => void,
): Promise<TransactionsOutcome> {
  const started = Date.now();
  const outcome: TransactionsOutcome = { transactions: 0, committed: 0, aborted: 0, indeterminate: 0, ms: 0 };
  let reported = started;
  const partitions = origin.partitions.length;
  for (let sent = 0; sent < count; sent += perTransaction) {
    const size = Math.min(perTransaction, count - sent);
    const perPartition = partitionCounts(sent, size, partitions);
    const base = new Map([...perPartition].map(([p, n]) => [p, ledger.claim(origin, p, n)]));
    const records = productBatch(sent, size, partitions, (p, n) => ledger.stamp(origin, p, n), base);
    let offsets: Map<number, number> | undefined;
    let error: string | undefined;
    try {
      offsets = await producer.transaction(records, end);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      outcome.firstError ??= error;
    }
    outcome.transactions++;
    for (const [p, n] of perPartition) {
      const kind = transactionOutcome(end, offsets !== undefined);
      const offset = offsets?.get(p);
      if (kind === 'acked' && offset !== undefined) {
        ledger.recordProduced(origin, p, { n: base.get(p)!, count: n, outcome: 'acked', offset });
        outcome.committed += n;
      } else if (kind === 'aborted') {
        ledger.recordProduced(origin, p, { n: base.get(p)!, count: n, outcome: 'aborted' });
        outcome.aborted += n;
      } else {
        ledger.recordProduced(origin, p, { n: base.get(p)!, count: n, outcome: 'indeterminate', error: error ?? 'the broker reported no offset for this partition' });
        outcome.indeterminate += n;
      }
    }
    if (onProgress && Date.now() - reported >= 5_000) {
      reported = Date.now();
      onProgress(sent + size, reported - started);
    }
  }
  outcome.ms = Date.now() - started;
  return outcome;
}
