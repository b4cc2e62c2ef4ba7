import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PrerequisiteMissing } from '../../errors.ts';
import { connectEngine, containersLabelled } from './engine.ts';

test('no engine at DOCKER_HOST fails with the command that sets one up', async () => {
  const env: NodeJS.ProcessEnv = { DOCKER_HOST: `unix://${join(mkdtempSync(join(tmpdir(), 'engine-')), 'none.sock')}` };
  await assert.rejects(connectEngine(env), (error: Error) => {
    assert.ok(error instanceof PrerequisiteMissing);
    assert.match(error.message, /does not answer/);
    assert.match(error.message, /\.ci\/setup-podman/);
    assert.match(error.message, /podman system service --time=0 unix:\/\/\/run\/podman\/podman\.sock/);
    return true;
  });
});

test('a podman engine is recognised, Ryuk is turned off, and containers are listed by label', async () => {
  const sock = join(mkdtempSync(join(tmpdir(), 'engine-')), 'api.sock');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(decodeURIComponent(req.url ?? ''));
    if (req.url === '/version') return res.end(JSON.stringify({ Version: '4.3.1', Components: [{ Name: 'Podman Engine', Version: '4.3.1' }] }));
    res.end(JSON.stringify([{ Id: 'abc', Names: ['/x'], Labels: { 'mirrordrill.run': 'r1' }, State: 'running' }]));
  });
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  try {
    const env: NodeJS.ProcessEnv = { DOCKER_HOST: `unix://${sock}` };
    const engine = await connectEngine(env);
    assert.equal(engine.podman, true);
    assert.equal(engine.description, 'Podman Engine 4.3.1');
    assert.equal(env.TESTCONTAINERS_RYUK_DISABLED, 'true');
    const listed = await containersLabelled(engine, 'mirrordrill.run=r1');
    assert.deepEqual(listed.map((c) => c.id), ['abc']);
    assert.match(seen.at(-1)!, /"label":\["mirrordrill.run=r1"\]/);
  } finally {
    server.close();
  }
});
