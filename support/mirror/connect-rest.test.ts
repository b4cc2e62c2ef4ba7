import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStatus, failuresOf } from './connect-rest.ts';

test("a FAILED connector or task is quoted with the first lines of Connect's trace, naming it and its worker", () => {
  const status = {
    name: 'MirrorSourceConnector',
    connector: { state: 'FAILED', worker_id: '127.0.0.1:8083', trace: 'java.util.regex.PatternSyntaxException: Unclosed character class near index 8\nproducts[\n        ^\n\tat java.base/java.util.regex.Pattern.error(Pattern.java:2028)\n\tat a\n\tat b\n\tat c' },
    tasks: [{ id: 0, state: 'RUNNING', worker_id: '127.0.0.1:8083' }],
  };
  const [f, ...rest] = failuresOf(status, 3);
  assert.equal(rest.length, 0);
  assert.match(f!, /connector MirrorSourceConnector FAILED on worker 127.0.0.1:8083/);
  assert.match(f!, /PatternSyntaxException/);
  assert.doesNotMatch(f!, /Pattern\.error/, 'only the first lines');
  assert.equal(describeStatus(status), 'MirrorSourceConnector FAILED (task 0 RUNNING)');
  assert.deepEqual(failuresOf({ ...status, connector: { state: 'RUNNING', worker_id: 'w' } }), []);
});

test('a request Connect refuses while it rebalances is sent again until it is served; other refusals stand at once', async () => {
  const { createServer } = await import('node:http');
  const { ConnectRest, refusedForRebalance } = await import('./connect-rest.ts');
  let calls = 0;
  const server = createServer((req, res) => {
    calls++;
    if (req.url?.startsWith('/connectors/bad')) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error_code":404,"message":"Connector bad not found"}');
    if (calls <= 2) return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error_code":500,"message":"Request cannot be completed because a rebalance is expected"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"topics":"products"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  try {
    const rest = new ConnectRest(`http://127.0.0.1:${port}`, 5_000, 5_000);
    assert.deepEqual(await rest.config('MirrorSourceConnector'), { topics: 'products' });
    assert.equal(calls, 3);
    await assert.rejects(rest.config('bad'), /answered 404: Connector bad not found/);
    assert.equal(calls, 4, 'a 404 is not sent again');
  } finally {
    server.close();
  }
  assert.ok(refusedForRebalance(409, '{"message":"Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)"}'));
  assert.ok(!refusedForRebalance(500, '{"message":"Connector configuration is invalid"}'));
});
