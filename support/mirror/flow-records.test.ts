import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterAdmin, RawRecord } from '../kafka/cluster-admin.ts';
import { encodeCheckpoint, encodeOffsetSync } from './checkpoint-codec.ts';
import { FlowRecords } from './flow-records.ts';

/** An admin that serves fixed topics, honouring readAll's `from` (what was read before). */
function fakeAdmin(topics: Record<string, { key: Buffer; value: Buffer | undefined }[]>): ClusterAdmin {
  return {
    topics: async () => Object.keys(topics),
    readAll: async (topic: string, options: { from?: Map<number, number> } = {}) =>
      (topics[topic] ?? [])
        .map((r, offset): RawRecord => ({ partition: 0, offset, key: r.key, value: r.value }))
        .filter((r) => r.offset >= (options.from?.get(0) ?? 0)),
  } as unknown as ClusterAdmin;
}

const spec = { source: 'es-src', target: 'es-tgt', topics: ['products'], overrides: {} };

test('the latest checkpoint of a group per partition wins, as in RemoteClusterUtils.translateOffsets; tombstones are skipped', async () => {
  const checkpoints = [
    encodeCheckpoint({ group: 'g', topic: 'es-src.products', partition: 0, upstreamOffset: 5, downstreamOffset: 1, metadata: '' }),
    encodeCheckpoint({ group: 'other', topic: 'es-src.products', partition: 0, upstreamOffset: 90, downstreamOffset: 90, metadata: '' }),
    encodeCheckpoint({ group: 'g', topic: 'es-src.products', partition: 1, upstreamOffset: 7, downstreamOffset: 7, metadata: '' }),
    { key: Buffer.from([0]), value: undefined },
    encodeCheckpoint({ group: 'g', topic: 'es-src.products', partition: 0, upstreamOffset: 20, downstreamOffset: 20, metadata: '' }),
  ];
  const target = fakeAdmin({ 'es-src.checkpoints.internal': checkpoints });
  const records = new FlowRecords(spec, { source: async () => fakeAdmin({}), target: async () => target });
  await records.readCheckpoints();
  const latest = records.latestCheckpoints('g', 'es-src.products');
  assert.deepEqual([...latest].map(([p, c]) => [p, c.upstreamOffset, c.downstreamOffset]), [[0, 20, 20], [1, 7, 7]]);
  assert.equal(records.latestCheckpoints('nobody', 'es-src.products').size, 0);
});

test('offset syncs are replayed, incrementally, into a model of MM2 store per upstream partition', async () => {
  const syncs = [0, 101, 202].map((o) => encodeOffsetSync({ topic: 'products', partition: 0, upstreamOffset: o, downstreamOffset: o }));
  const topics = { 'mm2-offset-syncs.es-tgt.internal': syncs };
  const records = new FlowRecords(spec, { source: async () => fakeAdmin(topics), target: async () => fakeAdmin({}) });
  await records.readSyncs();
  assert.equal(records.store('products', 0)?.written, 3);
  syncs.push(...[303, 399].map((o) => encodeOffsetSync({ topic: 'products', partition: 0, upstreamOffset: o, downstreamOffset: o })));
  await records.readSyncs();
  const store = records.store('products', 0)!;
  assert.equal(store.written, 5, 'each sync read once');
  assert.deepEqual(store.kept().map((s) => s.upstream), [399, 303, 202, 0]);
  assert.equal(store.translate(150), 1);
  assert.equal(records.store('products', 1), undefined);
});

test('a sync whose upstream offset advanced further than its downstream one shows the stretch MM2 skipped', async () => {
  const { skipBetween } = await import('./flow-records.ts');
  assert.deepEqual(skipBetween({ upstream: 99, downstream: 99 }, { upstream: 150, downstream: 100 }), { from: 100, to: 150 });
  assert.deepEqual(skipBetween({ upstream: 0, downstream: 0 }, { upstream: 150, downstream: 100 }), { from: 100, to: 150 });
  assert.equal(skipBetween({ upstream: 0, downstream: 0 }, { upstream: 101, downstream: 101 }), undefined, 'dense copy');
  assert.equal(skipBetween({ upstream: 99, downstream: 99 }, { upstream: 80, downstream: 100 }), undefined, 'a restart re-copying');
  assert.equal(skipBetween({ upstream: 99, downstream: 99 }, { upstream: 150, downstream: 10 }), undefined, 'the downstream log went back');
  assert.equal(skipBetween(undefined, { upstream: 150, downstream: 0 }), undefined, 'no sync before');
});

test('skips are told as the syncs are read', async () => {
  const syncs = [
    [0, 0],
    [99, 99],
    [150, 100],
    [199, 149],
  ].map(([u, d]) => encodeOffsetSync({ topic: 'products', partition: 0, upstreamOffset: u!, downstreamOffset: d! }));
  const told: unknown[] = [];
  const records = new FlowRecords(spec, { source: async () => fakeAdmin({ 'mm2-offset-syncs.es-tgt.internal': syncs }), target: async () => fakeAdmin({}) }, async (s) => {
    told.push([s.from, s.to]);
  });
  await records.readSyncs();
  assert.deepEqual(told, [[100, 150]]);
  assert.deepEqual(records.lastSync('products', 0), { upstream: 199, downstream: 149 });
});
