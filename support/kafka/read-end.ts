/**
 * Where a read "to the end" of a partition ends, with transactions in the log.
 *
 * A transactional producer (an app, or MM2 with exactly-once) leaves a control record (a commit
 * or abort marker) after each transaction, and records of an aborted transaction stay in the
 * log. Neither is ever delivered to a consumer: the high watermark then lies past the last record
 * a reader can get, and "read until the offset before the high watermark" never ends. A reader
 * is at the end when its fetch position (the next offset it fetches, which moves past markers and
 * aborted batches as their fetches come back) has reached the end offset, with no fetched record
 * left undelivered; or, as before, when the record it read last was the one before the end.
 * The end itself depends on the reader's isolation: the high watermark for read_uncommitted, the
 * last stable offset (ListOffsets with READ_COMMITTED) for read_committed, whose reads stop before
 * the first record of a transaction still open.
 */

export const ISOLATION_LEVELS = ['read_uncommitted', 'read_committed'] as const;
export type IsolationLevel = (typeof ISOLATION_LEVELS)[number];

/** Kafka's code of an isolation level (Fetch and ListOffsets requests). */
export function isolationCode(level: IsolationLevel): 0 | 1 {
  return level === 'read_committed' ? 1 : 0;
}

/**
 * Whether one partition's read has reached `end`: `next` is the offset after the last record it
 * got, `position` the client's fetch position (undefined when the client cannot tell, or while
 * records it fetched are still undelivered).
 */
export function reachedEnd(end: number, next: number | undefined, position: number | undefined): boolean {
  return Math.max(next ?? -1, position ?? -1) >= end;
}

/**
 * The windows to read backwards from a partition's end for its last record: the last `first`
 * offsets, then 8 times as many, until the window reaches the log start. Markers and aborted
 * records make the last record lie anywhere before the end.
 */
export function tailWindows(start: number, end: number, first = 16): number[] {
  const froms: number[] = [];
  for (let w = first; ; w *= 8) {
    const from = Math.max(start, end - w);
    froms.push(from);
    if (from === start) return froms;
  }
}

export const TICK: unique symbol = Symbol('tick');

/**
 * One timer shared by every wait of a read loop: `next` is the same promise until it fires, so a
 * loop racing each record against it makes one timer per period, not one per record. It lets a
 * read that gets no record look at the client's fetch positions.
 */
export class Ticker {
  #promise: Promise<typeof TICK> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly ms: number) {}

  get next(): Promise<typeof TICK> {
    this.#promise ??= new Promise((resolve) => {
      this.#timer = setTimeout(() => {
        this.#promise = undefined;
        resolve(TICK);
      }, this.ms);
    });
    return this.#promise;
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
