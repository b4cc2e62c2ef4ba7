import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ContainerReaper, LABEL, sweepDeadRuns } from './container-reaper.ts';

/** A fake engine API on a unix socket: lists `containers`, records every DELETE. */
async function fakeEngine(containers: { Id: string; Labels: Record<string, string> }[]) {
  const sock = join(mkdtempSync(join(tmpdir(), 'reaper-')), 'api.sock');
  const deleted: string[] = [];
  const listed: string[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'DELETE') {
      deleted.push(/\/containers\/([^?]+)/.exec(req.url ?? '')![1]!);
      res.statusCode = 204;
      return res.end();
    }
    listed.push(decodeURIComponent(req.url ?? ''));
    res.end(JSON.stringify(containers));
  });
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  return { engine: { url: `unix://${sock}`, description: 'fake', podman: true }, deleted, listed, close: () => server.close() };
}

test('the sweep removes containers of dead harnesses on this host, and nothing else', async () => {
  const dead = spawn('true');
  await new Promise((resolve) => dead.once('exit', resolve));
  const labels = (pid: number, host = hostname()) => ({ [LABEL.run]: 'r', [LABEL.pid]: String(pid), [LABEL.host]: host });
  const api = await fakeEngine([
    { Id: 'of-a-dead-run', Labels: labels(dead.pid!) },
    { Id: 'of-this-run', Labels: labels(process.pid) },
    { Id: 'of-another-host', Labels: labels(dead.pid!, 'elsewhere') },
  ]);
  try {
    assert.equal(await sweepDeadRuns(api.engine), 1);
    assert.deepEqual(api.deleted, ['of-a-dead-run']);
  } finally {
    api.close();
  }
});

test("the reaper removes the run's containers and watched folders when the harness's pipe closes", async () => {
  const api = await fakeEngine([{ Id: 'left-behind', Labels: { [LABEL.run]: 'run-1' } }]);
  const kept = mkdtempSync(join(tmpdir(), 'reaper-kept-'));
  const dropped = mkdtempSync(join(tmpdir(), 'reaper-dropped-'));
  mkdirSync(join(dropped, 'data'));
  try {
    const reaper = ContainerReaper.start(api.engine, 'run-1');
    reaper.watch(dropped);
    reaper.watch(kept);
    reaper.forget(kept);
    reaper.close();
    const until = Date.now() + 10_000;
    while (api.deleted.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(api.deleted, ['left-behind']);
    assert.match(api.listed[0]!, /"label":\["mirrordrill.run=run-1"\]/);
    while (existsSync(dropped) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.equal(existsSync(dropped), false);
    assert.equal(existsSync(kept), true);
  } finally {
    api.close();
  }
});
