/**
 * A model of MM2's `OffsetSyncStore` (connect-mirror, identical from 3.7.0 to 4.3.1): which of
 * the offset syncs MM2 wrote for one partition it still keeps, and how it translates a group's
 * upstream offset through them. MM2 keeps 64 syncs per partition, spaced roughly exponentially
 * back from the latest one (dense near the latest sync, sparse further back), so a group deep in
 * a topic translates through a sync far below its offset and re-reads everything in between.
 *
 * The rules (invariants A–D of the Java class, whose names are kept below):
 *  A  syncs[0] is the latest sync;
 *  B  for i < j: syncs[i].upstream <= syncs[j].upstream + 2^j - 2^i (older slots are not too old);
 *  C  for i < j: syncs[i].upstream >= syncs[j].upstream + 2^(i-2) (distinct slots are spread out);
 *  D  syncs[63] is the earliest sync still usable.
 * An upstream rewind (a sync below the latest) clears the store. Translation takes the latest kept
 * sync at or below the group's offset and adds 1 when the group is strictly past it; a group below
 * every kept sync cannot be translated (-1), a partition with no sync is not translated at all.
 *
 * Offsets are JavaScript numbers: exact up to 2^53, beyond anything a drill produces.
 */
export interface Sync {
  upstream: number;
  downstream: number;
}

export const SYNCS_PER_PARTITION = 64;

const pow2 = (n: number) => 2 ** n;

function invariantB(iSync: Sync, jSync: Sync, i: number, j: number): boolean {
  return iSync === jSync || iSync.upstream <= jSync.upstream + pow2(j) - pow2(i);
}

function invariantC(iSync: Sync, jSync: Sync, i: number): boolean {
  return iSync === jSync || iSync.upstream >= jSync.upstream + pow2(Math.max(i - 2, 0));
}

/** The kept syncs of one partition, fed in the order MM2's offset-syncs topic holds them. */
export class PartitionSyncStore {
  #syncs: Sync[] | undefined;
  /** Syncs fed so far. */
  written = 0;

  /**
   * `onlyLast`: MM2 loads only the latest sync while it first reads the topic when it could not
   * read its checkpoints at start (OffsetSyncStore.start(initializationMustReadToEnd = true)).
   */
  add(given: Sync, onlyLast = false): void {
    this.written++;
    // Each sync is its own object, as each record MM2 reads is: slots compare by identity.
    const sync = { upstream: given.upstream, downstream: given.downstream };
    const syncs = this.#syncs;
    if (!syncs || onlyLast || sync.upstream < syncs[0]!.upstream) {
      this.#syncs = Array.from({ length: SYNCS_PER_PARTITION }, () => sync);
      return;
    }
    const original = [...syncs];
    let replacement = sync;
    let replacementIndex = 0;
    syncs[0] = replacement;
    for (let current = 1; current < SYNCS_PER_PARTITION; current++) {
      const previous = current - 1;
      let skipOldValue: boolean;
      do {
        const oldValue = original[replacementIndex]!;
        const isRecent = invariantB(syncs[previous]!, oldValue, previous, current);
        const separatedFromPrevious = invariantC(syncs[previous]!, oldValue, previous);
        const next = current + 1;
        const separatedFromNext = next >= SYNCS_PER_PARTITION || invariantC(oldValue, syncs[next]!, current);
        const nextReplacement = replacementIndex + 1;
        const duplicate = nextReplacement < SYNCS_PER_PARTITION && oldValue === original[nextReplacement];
        const promote = isRecent && separatedFromPrevious && separatedFromNext;
        if (promote) replacement = oldValue;
        skipOldValue = duplicate || !separatedFromPrevious;
        if (promote || skipOldValue) replacementIndex++;
      } while (replacementIndex < current && skipOldValue);
      if (invariantB(syncs[previous]!, syncs[current]!, previous, current)) break;
      syncs[current] = replacement;
    }
  }

  /** Slot i of the 64 (tests check MM2's invariants through it). */
  slot(i: number): Sync {
    const s = this.#syncs?.[i];
    if (!s) throw new Error(`no sync in slot ${i}`);
    return s;
  }

  /** The latest sync (always kept). */
  latest(): Sync | undefined {
    return this.#syncs?.[0];
  }

  /** The distinct syncs kept, latest first. */
  kept(): Sync[] {
    const out: Sync[] = [];
    for (const s of this.#syncs ?? []) if (out[out.length - 1] !== s) out.push(s);
    return out;
  }

  /** The sync a group at `upstream` translates through (MM2's lookupLatestSync), if any sync exists. */
  syncFor(upstream: number): Sync | undefined {
    const syncs = this.#syncs;
    if (!syncs) return undefined;
    return syncs.find((s) => s.upstream <= upstream) ?? syncs[SYNCS_PER_PARTITION - 1];
  }

  /** MM2's translateDownstream: undefined with no sync, -1 when the group is below every kept sync. */
  translate(upstream: number): number | undefined {
    const sync = this.syncFor(upstream);
    if (!sync) return undefined;
    if (sync.upstream > upstream) return -1;
    return sync.downstream + (upstream === sync.upstream ? 0 : 1);
  }
}

/** Replays the offset syncs of one partition, in topic order, into a store. */
export function storeOf(syncs: Iterable<Sync>): PartitionSyncStore {
  const store = new PartitionSyncStore();
  for (const s of syncs) store.add(s);
  return store;
}
