import { tracingChannel } from 'node:diagnostics_channel';

/**
 * The harness's own filter of aborted transactions, as Kafka's Java consumer applies it
 * (CompletedFetch.nextFetchedRecord/isBatchAborted). @platformatic/kafka 2.12.1, which the harness
 * reads with, keys a fetch response's aborted transactions by producer id, so of several aborted
 * transactions of one producer in one response it filters only the last: its read_committed reader
 * gets the records of the others (features/exactly-once.feature asserts that finding for the apps'
 * consumers). The harness's reads (audits, MM2's internal topics, the last records) must not.
 */

const IS_TRANSACTIONAL = 1 << 4;
const IS_CONTROL = 1 << 5;

export interface FetchedBatch {
  firstOffset: bigint;
  lastOffsetDelta: number;
  producerId: bigint;
  attributes: number;
  records: { key?: Buffer | null }[];
}

export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

/**
 * The offset ranges [first, last] of the data batches of aborted transactions among one
 * partition's batches of one fetch response: walking the batches in order, a producer's aborted
 * transaction is open from its first offset until that producer's abort marker; a transactional
 * data batch of a producer with an open aborted transaction is aborted.
 */
export function abortedRanges(batches: readonly FetchedBatch[], aborted: readonly AbortedTransaction[]): [number, number][] {
  if (aborted.length === 0) return [];
  const pending = [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const open = new Set<bigint>();
  const ranges: [number, number][] = [];
  for (const batch of batches) {
    const last = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    while (pending.length && pending[0]!.firstOffset <= last) open.add(pending.shift()!.producerId);
    if (batch.attributes & IS_CONTROL) {
      const key = batch.records[0]?.key;
      // Control record key: int16 version, int16 type (0 abort, 1 commit).
      if (key && key.length >= 4 && key.readInt16BE(2) === 0) open.delete(batch.producerId);
      continue;
    }
    if (batch.attributes & IS_TRANSACTIONAL && open.has(batch.producerId)) ranges.push([Number(batch.firstOffset), Number(last)]);
  }
  return ranges;
}

interface FetchResponse {
  responses: { topicId: string; partitions: { partitionIndex: number; abortedTransactions?: AbortedTransaction[] | null; records?: FetchedBatch[] | null }[] }[];
}

/**
 * Watches the fetch responses of one @platformatic/kafka consumer (its `plt:kafka:consumer:fetches`
 * tracing channel, whose asyncStart carries the response before the records reach the stream)
 * and remembers the offsets of aborted data batches per partition (of a consumer that reads one
 * topic). `isAborted` answers for a record the stream delivers.
 */
export function watchAbortedRecords(consumer: object): { isAborted(partition: number, offset: number): boolean; stop(): void } {
  const ranges = new Map<number, [number, number][]>();
  const channel = tracingChannel<object, { client?: object; result?: FetchResponse }>('plt:kafka:consumer:fetches');
  const handlers = {
    asyncStart(context: { client?: object; result?: FetchResponse }) {
      if (context.client !== consumer || !context.result) return;
      for (const topic of context.result.responses ?? []) {
        for (const p of topic.partitions ?? []) {
          if (!p.abortedTransactions?.length || !p.records?.length) continue;
          const found = abortedRanges(p.records, p.abortedTransactions);
          if (found.length) ranges.set(p.partitionIndex, [...(ranges.get(p.partitionIndex) ?? []), ...found]);
        }
      }
    },
  };
  channel.subscribe(handlers as Parameters<typeof channel.subscribe>[0]);
  return {
    isAborted: (partition, offset) => (ranges.get(partition) ?? []).some(([a, b]) => offset >= a && offset <= b),
    stop: () => channel.unsubscribe(handlers as Parameters<typeof channel.unsubscribe>[0]),
  };
}
