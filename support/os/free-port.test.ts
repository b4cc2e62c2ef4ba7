import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from './free-port.ts';

test('ports are never handed out twice, and a Cucumber worker draws from a range of its own', async () => {
  const seen = new Set<number>();
  for (let i = 0; i < 20; i++) seen.add(await freePort());
  assert.equal(seen.size, 20);
  process.env.CUCUMBER_WORKER_ID = '1';
  try {
    for (let i = 0; i < 20; i++) {
      const port = await freePort();
      assert.ok(port >= 11_000 && port < 12_000, `worker 1 got port ${port}`);
    }
  } finally {
    delete process.env.CUCUMBER_WORKER_ID;
  }
});
