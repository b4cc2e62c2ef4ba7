import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DrillError } from '../errors.ts';
import { ClusterAdmin } from './cluster-admin.ts';

test('createTopic fails with a DrillError naming the topic, the cluster and the reason, not a bare AggregateError', async () => {
  // Port 1 on loopback refuses connections at once: the library's own error, unwrapped.
  await using admin = new ClusterAdmin(['127.0.0.1:1'], 'es-src');
  await assert.rejects(admin.createTopic('products', 1, 1), (e: unknown) => {
    assert.ok(e instanceof DrillError, String(e));
    assert.match(e.message, /^topic "products" was not created on es-src \(1 partition, replication factor 1\): .*127\.0\.0\.1:1/);
    assert.match(e.message, /what to do: check that es-src is up/);
    return true;
  });
});
