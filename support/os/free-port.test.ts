import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test('a port another live harness claimed is not handed out; a dead one\'s claim is taken back', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'mirrordrill-claims-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  process.env.CUCUMBER_WORKER_ID = '19';
  const other = spawn('sleep', ['30']);
  try {
    // Another harness (the sleep) claimed every port of worker 19's range but two; a dead one, one of those.
    const dir = join(tmp, 'mirrordrill-ports');
    mkdirSync(dir);
    for (let port = 29_000; port < 30_000; port++) if (port !== 29_500 && port !== 29_501) writeFileSync(join(dir, String(port)), String(other.pid));
    writeFileSync(join(dir, '29501'), '999999999');
    const got = new Set([await freePort(), await freePort()]);
    assert.deepEqual([...got].sort(), [29_500, 29_501]);
    assert.equal(readFileSync(join(dir, '29500'), 'utf8'), String(process.pid));
    assert.ok(existsSync(join(dir, '29000')));
  } finally {
    other.kill();
    delete process.env.CUCUMBER_WORKER_ID;
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(tmp, { recursive: true, force: true });
  }
});
