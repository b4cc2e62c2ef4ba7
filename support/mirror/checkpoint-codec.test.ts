import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodecError, decodeCheckpoint, decodeOffsetSync, encodeCheckpoint, encodeOffsetSync } from './checkpoint-codec.ts';

test('a checkpoint decodes from the bytes MM2 writes', () => {
  // Checkpoint.java: key = group STRING, topic STRING, partition INT32;
  // value = version INT16, upstream INT64, downstream INT64, metadata STRING.
  const key = Buffer.from([
    0x00, 0x01, 0x67, // "g"
    0x00, 0x0f, ...Buffer.from('es-src.products'),
    0x00, 0x00, 0x00, 0x02, // partition 2
  ]);
  const value = Buffer.from([
    0x00, 0x00, // version 0
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, // upstream 20
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, // downstream 1
    0x00, 0x00, // metadata ""
  ]);
  assert.deepEqual(decodeCheckpoint(key, value), {
    group: 'g',
    topic: 'es-src.products',
    partition: 2,
    upstreamOffset: 20,
    downstreamOffset: 1,
    metadata: '',
  });
});

test('checkpoints and offset syncs survive a round trip', () => {
  const c = { group: 'products-consumer', topic: 'es-src.products', partition: 0, upstreamOffset: 1234567890123, downstreamOffset: 42, metadata: 'm' };
  const e = encodeCheckpoint(c);
  assert.deepEqual(decodeCheckpoint(e.key, e.value), c);
  const s = { topic: 'products', partition: 3, upstreamOffset: 99, downstreamOffset: 98 };
  const f = encodeOffsetSync(s);
  assert.deepEqual(decodeOffsetSync(f.key, f.value), s);
});

test('truncated or unknown-version records are refused with a reason', () => {
  const e = encodeCheckpoint({ group: 'g', topic: 't', partition: 0, upstreamOffset: 1, downstreamOffset: 1, metadata: '' });
  assert.throws(() => decodeCheckpoint(e.key.subarray(0, 4), e.value), CodecError);
  const v = Buffer.from(e.value);
  v.writeInt16BE(7, 0);
  assert.throws(() => decodeCheckpoint(e.key, v), /version 7/);
});
