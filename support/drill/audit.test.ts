import assert from 'node:assert/strict';
import { test } from 'node:test';
import { differences } from './audit.ts';

const record = (over: Partial<Parameters<typeof differences>[0]> = {}) => ({
  partition: 0,
  offset: 7,
  key: Buffer.from('k'),
  value: Buffer.from('v'),
  timestamp: 1000n,
  headers: [[Buffer.from('h'), Buffer.from('1')]] as Array<[Buffer, Buffer]>,
  ...over,
});

test('a copy at another offset with the same partition, key, value, headers and timestamp is identical', () => {
  assert.deepEqual(differences(record(), record({ offset: 107 })), []);
});

test('each field a copy changes is named', () => {
  assert.deepEqual(differences(record(), record({ partition: 1 })), ['partition 1, not 0']);
  assert.deepEqual(differences(record(), record({ key: undefined })), ['key null, not k']);
  assert.deepEqual(differences(record(), record({ value: Buffer.from('w') })), ['another value']);
  assert.deepEqual(differences(record(), record({ timestamp: 2000n })), ['timestamp 2000, not 1000']);
  assert.deepEqual(differences(record(), record({ headers: [] })), ['headers [], not [h=1]']);
  assert.deepEqual(differences(record(), record({ headers: [[Buffer.from('h'), Buffer.from('2')]] })), ['headers [h=2], not [h=1]']);
});
