import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadStepParameter, DrillError, WaitTimeout } from '../errors.ts';
import type { MetadataView } from '../kafka/replication-state.ts';
import { rollingRestart, type RollingRestartOptions } from './rolling-restart.ts';
import type { StartedBroker } from './runtime.ts';

process.env.MIRRORDRILL_QUIET = '1';

/**
 * A fake cluster: a restarted broker answers metadata after `answerAfter` polls, is listed after
 * `listAfter`, and its replicas are back in sync after `syncAfter`. Every action is logged.
 */
function fakeCluster(size: number, opts: { answerAfter?: number; listAfter?: number; syncAfter?: number; dies?: number } = {}) {
  const log: string[] = [];
  const polls = new Map<number, number>();
  const brokers = Array.from({ length: size }, (_, i) => {
    const nodeId = i + 1;
    const b = {
      nodeId,
      bootstrap: `127.0.0.1:${9000 + nodeId}`,
      logFile: `/logs/b${nodeId}.log`,
      running: true,
      async stop() {
        log.push(`stop ${nodeId}`);
        b.running = false;
      },
      async kill() {
        b.running = false;
      },
      pause() {},
      resume() {},
      restart() {
        log.push(`start ${nodeId}`);
        b.running = nodeId !== opts.dies;
        polls.set(nodeId, 0);
      },
    };
    return b;
  });
  // A broker that was restarted and has not caught up is `polls` in; the others are settled.
  const settled = (id: number, after = 0) => (polls.get(id) ?? Infinity) >= after;
  const metadata = async (bootstrap: string): Promise<MetadataView> => {
    const asked = brokers.find((b) => b.bootstrap === bootstrap)!;
    for (const [id, n] of polls) polls.set(id, n + (id === asked.nodeId ? 1 : 0));
    if (!asked.running) throw new Error('connection refused');
    if (!settled(asked.nodeId, opts.answerAfter)) throw new Error('connection refused');
    const up = brokers.filter((b) => b.running && settled(b.nodeId, opts.listAfter)).map((b) => b.nodeId);
    const isr = brokers.filter((b) => b.running && settled(b.nodeId, opts.syncAfter)).map((b) => b.nodeId);
    const replicas = brokers.map((b) => b.nodeId);
    return { brokers: up, partitions: [{ topic: '__consumer_offsets', partition: 0, leader: isr[0] ?? -1, replicas, isr }] };
  };
  return { brokers, log, metadata };
}

function options(c: ReturnType<typeof fakeCluster>, extra: Partial<RollingRestartOptions> = {}): RollingRestartOptions & { events: string[] } {
  const events: string[] = [];
  return {
    alias: 'es-tgt',
    cluster: { brokers: c.brokers as StartedBroker[] },
    timeoutMs: 2_000,
    intervalMs: 1,
    metadata: c.metadata,
    event: (kind, subject, what) => events.push(`${kind}: ${subject}: ${what}`),
    events,
    ...extra,
  };
}

test('each broker in turn is stopped, started again, and the next waits until the cluster is whole again', async () => {
  const c = fakeCluster(3, { answerAfter: 2, listAfter: 4, syncAfter: 6 });
  const o = options(c, {
    beforeStop: async () => {
      // Whenever a broker is about to go down, every broker is up, listed and in sync.
      const views = await Promise.all(c.brokers.map((b) => c.metadata(b.bootstrap)));
      for (const v of views) {
        assert.deepEqual(v.brokers, [1, 2, 3]);
        assert.deepEqual(v.partitions[0]!.isr, [1, 2, 3]);
      }
      c.log.push('checked');
    },
  });
  const done = await rollingRestart(o);
  assert.deepEqual(c.log, ['checked', 'stop 1', 'start 1', 'checked', 'stop 2', 'start 2', 'checked', 'stop 3', 'start 3']);
  assert.deepEqual(done.map((d) => d.nodeId), [1, 2, 3]);
  assert.deepEqual(o.events, [
    'fault: broker 1 of es-tgt: stopped (SIGTERM) in a rolling restart',
    'restart: broker 1 of es-tgt: restarted with its data in a rolling restart',
    'fault: broker 2 of es-tgt: stopped (SIGTERM) in a rolling restart',
    'restart: broker 2 of es-tgt: restarted with its data in a rolling restart',
    'fault: broker 3 of es-tgt: stopped (SIGTERM) in a rolling restart',
    'restart: broker 3 of es-tgt: restarted with its data in a rolling restart',
  ]);
  assert.ok(c.brokers.every((b) => b.running));
});

test('a cluster with a broker down is refused before anything is stopped, naming the broker and the step that brings it back', async () => {
  const c = fakeCluster(3);
  c.brokers[1]!.running = false;
  const o = options(c);
  await assert.rejects(rollingRestart(o), (e: unknown) => {
    assert.ok(e instanceof BadStepParameter);
    assert.match(e.message, /^broker 2 of es-tgt is down: restart it first/);
    assert.match(e.message, /When broker 2 of "es-tgt" is restarted/);
    return true;
  });
  assert.deepEqual(c.log, []);
  assert.deepEqual(o.events, []);
});

test('two brokers down are both named', async () => {
  const c = fakeCluster(3);
  c.brokers[0]!.running = false;
  c.brokers[2]!.running = false;
  await assert.rejects(rollingRestart(options(c)), /broker 1, 3 of es-tgt are down: restart them first/);
});

test('a single-broker cluster is a restart of that broker, waited on until it is listed again', async () => {
  const c = fakeCluster(1, { answerAfter: 3, listAfter: 5 });
  const done = await rollingRestart(options(c));
  assert.deepEqual(c.log, ['stop 1', 'start 1']);
  assert.equal(done.length, 1);
});

test('a broker that exits while starting again ends the wait at once, naming it and its log', async () => {
  const c = fakeCluster(3, { dies: 2 });
  await assert.rejects(rollingRestart(options(c, { timeoutMs: 60_000 })), (e: unknown) => {
    assert.ok(e instanceof DrillError && !(e instanceof WaitTimeout));
    assert.match(e.message, /broker 2 of es-tgt exited during the rolling restart, while starting again/);
    assert.match(e.message, /see: \/logs\/b2\.log/);
    return true;
  });
  assert.deepEqual(c.log, ['stop 1', 'start 1', 'stop 2', 'start 2']);
});

test('a broker that never catches up times out naming what was missing and its log', async () => {
  const c = fakeCluster(3, { syncAfter: Infinity });
  await assert.rejects(rollingRestart(options(c, { timeoutMs: 50 })), (e: unknown) => {
    assert.ok(e instanceof WaitTimeout);
    assert.match(e.message, /waiting for broker 1 of es-tgt to rejoin with every partition in sync/);
    assert.match(e.message, /under-replicated: __consumer_offsets-0 in sync \[2, 3\] of \[1, 2, 3\]/);
    assert.match(e.message, /see: \/logs\/b1\.log/);
    return true;
  });
});
