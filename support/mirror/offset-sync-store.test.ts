import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PartitionSyncStore, SYNCS_PER_PARTITION, storeOf } from './offset-sync-store.ts';

// Expectations taken from Kafka's connect/mirror OffsetSyncStoreTest (3.7–4.3), test by test.

test('OffsetSyncStoreTest.testOffsetTranslation', () => {
  const store = new PartitionSyncStore();
  store.add({ upstream: 100, downstream: 200 });
  assert.equal(store.translate(150), 201);
  store.add({ upstream: 150, downstream: 251 });
  assert.equal(store.translate(150), 251);
  assert.equal(store.translate(5), -1);
  store.add({ upstream: 200, downstream: 10 });
  assert.equal(store.translate(200), 10);
  store.add({ upstream: 20, downstream: 20 });
  assert.equal(store.translate(20), 20);
});

test('OffsetSyncStoreTest.testNoTranslationIfNoOffsetSync', () => {
  assert.equal(new PartitionSyncStore().translate(0), undefined);
});

/** assertSparseSync: syncOffset is kept, and the kept sync before it is previousOffset (-1: none). */
function assertSparseSync(store: PartitionSyncStore, syncOffset: number, previousOffset: number): void {
  assert.equal(store.translate(syncOffset - 1), previousOffset === -1 ? -1 : previousOffset + 1, `translate(${syncOffset - 1})`);
  assert.equal(store.translate(syncOffset), syncOffset);
  assert.equal(store.translate(syncOffset + 1), syncOffset + 1);
  assert.equal(store.translate(syncOffset + 2), syncOffset + 1);
}

/** assertSparseSyncInvariant: invariants B and C over every pair of slots. */
function assertInvariants(store: PartitionSyncStore): void {
  const slots = Array.from({ length: SYNCS_PER_PARTITION }, (_, i) => store.slot(i));
  for (let j = 0; j < SYNCS_PER_PARTITION; j++) {
    for (let i = 0; i < j; i++) {
      const ju = slots[j]!.upstream;
      const iu = slots[i]!.upstream;
      if (ju === iu) continue;
      assert.ok(iu >= ju + 2 ** Math.max(i - 2, 0), `invariant C(${i},${j})`);
      assert.ok(iu <= ju + 2 ** j - 2 ** i, `invariant B(${i},${j})`);
    }
  }
}

test('OffsetSyncStoreTest.testPastOffsetTranslationWithoutInitializationReadToEnd', () => {
  const store = new PartitionSyncStore();
  for (let offset = 0; offset <= 1000; offset += 10) {
    store.add({ upstream: offset, downstream: offset });
    assertInvariants(store);
  }
  assertSparseSync(store, 480, 0);
  assertSparseSync(store, 720, 480);
  assertSparseSync(store, 1000, 990);
  for (let offset = 1000; offset <= 10000; offset += 10) {
    store.add({ upstream: offset, downstream: offset });
    assertInvariants(store);
  }
  assertSparseSync(store, 3840, 0);
  assertSparseSync(store, 7680, 3840);
  assertSparseSync(store, 8640, 7680);
  assertSparseSync(store, 9120, 8640);
  assertSparseSync(store, 9600, 9120);
  assertSparseSync(store, 9840, 9600);
  assertSparseSync(store, 9900, 9840);
  assertSparseSync(store, 9960, 9900);
  assertSparseSync(store, 9990, 9960);
  assertSparseSync(store, 10000, 9990);
  store.add({ upstream: 1500, downstream: 11000 });
  assertInvariants(store);
  assert.equal(store.translate(1499), -1);
  assert.equal(store.translate(1500), 11000);
  assert.equal(store.translate(2000), 11001);
});

test('OffsetSyncStoreTest.testPastOffsetTranslation (startup reads only the latest sync)', () => {
  const store = new PartitionSyncStore();
  for (let offset = 0; offset <= 1000; offset += 10) store.add({ upstream: offset, downstream: offset }, true);
  assertSparseSync(store, 1000, -1);
  for (let offset = 1010; offset <= 10000; offset += 10) {
    store.add({ upstream: offset, downstream: offset });
    assertInvariants(store);
  }
  assertSparseSync(store, 1000, -1);
  assertSparseSync(store, 4840, 1000);
  assertSparseSync(store, 6760, 4840);
  assertSparseSync(store, 8680, 6760);
  assertSparseSync(store, 9160, 8680);
  assertSparseSync(store, 9640, 9160);
  assertSparseSync(store, 9880, 9640);
  assertSparseSync(store, 9940, 9880);
  assertSparseSync(store, 9970, 9940);
  assertSparseSync(store, 9990, 9970);
  assertSparseSync(store, 10000, 9990);
});

test('OffsetSyncStoreTest.testConsistentlySpacedSyncs: latest and earliest kept, at most one expiry per sync', () => {
  for (let step = 1; step < 2 ** 40; step = step * 2 + 1) {
    for (const first of [0, 7, 29]) {
      const store = new PartitionSyncStore();
      store.add({ upstream: first, downstream: first });
      let offset = first;
      let lastCount = 1;
      for (let k = 0; k < 100; k++) {
        offset += step;
        store.add({ upstream: offset, downstream: offset });
        assert.equal(store.slot(0).upstream, offset);
        assert.equal(store.slot(SYNCS_PER_PARTITION - 1).upstream, first);
        const count = store.kept().length;
        assert.ok(lastCount - count + 1 <= 1, `step ${step}: expired ${lastCount - count + 1}`);
        lastCount = count;
      }
    }
  }
});

test('the observation that made the re-read bound false: syncs 0/101/202/303/399: 101 is dropped, a group at 150 translates to 1', () => {
  const store = storeOf([0, 101, 202, 303, 399].map((o) => ({ upstream: o, downstream: o })));
  assert.deepEqual(
    store.kept().map((s) => s.upstream),
    [399, 303, 202, 0],
  );
  assert.equal(store.translate(150), 1);
  assert.equal(store.syncFor(150)?.upstream, 0);
  assert.equal(store.translate(400), 400);
});

test('offset.lag.max 0 over 100 records (translation-corners.feature): whichever syncs between 0 and 99 MM2 writes, a group at 2 to 31 translates through the sync of 0', () => {
  // MM2 writes the syncs of offsets 0 (the first record) and 99 (the last, at its next offset
  // commit); which of 1–98 it writes depends on its 10 syncs in flight. The store keeps none
  // that a group at 2–31 could use: it is checkpointed at 1.
  let seed = 17;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const sets: number[][] = [Array.from({ length: 100 }, (_, u) => u), [0, ...Array.from({ length: 9 }, (_, i) => i + 1), 99], [0, 99]];
  for (let t = 0; t < 3000; t++) {
    const p = random();
    sets.push(Array.from({ length: 100 }, (_, u) => u).filter((u) => u === 0 || u === 99 || random() < p));
  }
  for (const set of sets) {
    const store = storeOf(set.map((u) => ({ upstream: u, downstream: u })));
    for (let u = 2; u <= 31; u++) assert.equal(store.translate(u), 1, `group at ${u}, syncs ${set.join(',')}`);
    assert.equal(store.translate(99), 99);
  }
});

test('10,000 records (translation-corners.feature): with a sync at least every 150 records, a group at 1000 always translates to 1; with one gap of 505 before the latest, a group at 9900 translates through the sync below the gap', () => {
  // Syncs every 1 to 150 records with extra ones at random (MM2's delayed syncs at its offset
  // commits), 0 and 9999 always: the store keeps no sync between 0 and 1000.
  let seed = 11;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let t = 0; t < 300; t++) {
    const gap = 1 + Math.floor(random() * 150);
    const extra = random() * 0.03;
    const set: number[] = [];
    for (let u = 0, last = -1; u < 10_000; u++) {
      if (last < 0 || u - last >= gap || u === 9999 || random() < extra) {
        set.push(u);
        last = u;
      }
    }
    const store = storeOf(set.map((u) => ({ upstream: u, downstream: u })));
    assert.equal(store.translate(1000), 1, `gap ${gap}`);
  }
  // What a run of the drill kept: MM2 wrote 9494 and then 9999 (the syncs between dropped while
  // 10 were in flight); the store fills slots 1–9 with copies of 9999 and the group at 9900
  // translates through 9494: 405 re-reads, whatever its lag of 99.
  const dropped = [...Array.from({ length: 95 }, (_, k) => k * 101).filter((u) => u <= 9494), 9999];
  assert.equal(storeOf(dropped.map((u) => ({ upstream: u, downstream: u }))).translate(9900), 9495);
});
