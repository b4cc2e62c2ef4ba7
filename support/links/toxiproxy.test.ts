import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { ProxiedLink, resolveToxiproxy, ToxiproxyServer } from './toxiproxy.ts';

/** One round trip through `address`: resolves with the echo and the milliseconds it took, rejects when the link is cut. */
function roundTrip(address: string, text: string, timeoutMs = 5_000): Promise<{ echo: string; ms: number }> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const start = Date.now();
    let echo = '';
    const socket = connect(Number(port), host!, () => socket.write(text));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timed out')));
    socket.on('data', (data) => {
      echo += data.toString();
      if (echo.length < text.length) return;
      resolve({ echo, ms: Date.now() - start });
      socket.end();
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed before an answer')));
  });
}

// The real Toxiproxy, built from its Go module on first use (about 20 s once), in front of a
// TCP echo server: a cut link refuses connections, a healed one answers, a latency toxic delays.
test('a proxied link can be cut, healed, slowed, blackholed and throttled, and the server dies with its guard', async (t) => {
  if (!process.env.TOXIPROXY_BIN && (await execa('go', ['version'], { reject: false })).exitCode !== 0) {
    return t.skip('neither Go nor TOXIPROXY_BIN: Toxiproxy cannot be built here');
  }
  const cache = process.env.MIRRORDRILL_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mirrordrill');
  const bin = await resolveToxiproxy(cache);
  const dir = await mkdtemp(join(tmpdir(), 'mirrordrill-toxiproxy-test-'));
  const echo: Server = createServer((s) => s.pipe(s));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const upstream = `127.0.0.1:${(echo.address() as { port: number }).port}`;
  const server = await ToxiproxyServer.start(bin, join(dir, 'toxiproxy.log'));
  try {
    const proxy = await server.createProxy('echo', upstream);
    assert.equal((await roundTrip(proxy, 'a')).echo, 'a');
    await server.cut('echo');
    await assert.rejects(roundTrip(proxy, 'b'));
    await server.heal('echo');
    assert.equal((await roundTrip(proxy, 'c')).echo, 'c');
    await server.addToxic('echo', { name: 'slow', type: 'latency', attributes: { latency: 300, jitter: 0 } });
    assert.ok((await roundTrip(proxy, 'd')).ms >= 300, 'the latency toxic delays the answer');
    await server.heal('echo');
    // The link of one viewer: a black hole answers nothing and keeps the connection open; a
    // throttled link passes 30 KB at 10 KB/s in no less than 2 s; healed, it is fast again.
    const link = new ProxiedLink(server, [{ name: 'echo', listen: proxy }]);
    await link.blackhole();
    await assert.rejects(roundTrip(proxy, 'e', 1_500), /timed out/);
    await link.heal();
    await link.throttle(10);
    assert.ok((await roundTrip(proxy, 'f'.repeat(30_000))).ms >= 2_000, 'the bandwidth toxic throttles');
    await link.heal();
    assert.ok((await roundTrip(proxy, 'g'.repeat(30_000))).ms < 2_000, 'a healed link is fast again');
    await server.heal('echo');
    await assert.rejects(server.addToxic('nope', { name: 'x', type: 'latency', attributes: { latency: 1 } }), /Toxiproxy refused POST \/proxies\/nope\/toxics: 404/);
  } finally {
    await server.stop();
    echo.close();
    await rm(dir, { recursive: true, force: true });
  }
  // This server's own command line: other runs on the machine may have servers of their own.
  const left = await execa('pgrep', ['-f', `${bin} -host 127.0.0.1 -port ${new URL(server.api).port}$`], { reject: false });
  assert.equal(left.stdout.trim(), '', 'no toxiproxy-server left');
});
