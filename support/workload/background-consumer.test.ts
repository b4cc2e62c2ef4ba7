import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, zeroCounts } from '../ledger/checker.ts';
import { Ledger, STAMP_PREFIX } from '../ledger/ledger.ts';
import { BackgroundConsumer } from './background-consumer.ts';
import type { ConsumerSession, ReadOptions, WorkloadClient } from './workload-client.ts';

const SRC = { cluster: 'es-src', topic: 'products' };

/** A consumer that delivers `offsets` of partition 0 (record n at offset n), says so, then waits to be stopped. */
function fakeClient(ledger: Ledger, offsets: number[]): { client: WorkloadClient; delivered: Promise<void> } {
  const origin = ledger.findOrigin(SRC)!;
  let done: () => void = () => undefined;
  const delivered = new Promise<void>((resolve) => (done = resolve));
  const session: ConsumerSession = {
    async read(options: ReadOptions) {
      for (const o of offsets.splice(0)) options.onRecord({ partition: 0, offset: o, value: Buffer.from(`${STAMP_PREFIX}${ledger.stamp(origin, 0, o)}"}`) });
      done();
      await new Promise<void>((resolve) => (options.signal?.aborted ? resolve() : options.signal?.addEventListener('abort', () => resolve())));
    },
    async seek() {},
    async commit() {
      return new Map([[0, 50]]);
    },
    reusable: true,
    async close() {},
    async [Symbol.asyncDispose]() {},
  };
  return { client: { name: 'platformatic', openProducer: () => Promise.reject(new Error('no')), openTransactionalProducer: () => Promise.reject(new Error('no')), openConsumer: async () => session }, delivered };
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/**
 * 100 records acked at offsets 0–99, the group committed at 50, and a background consumer of it
 * that is handed `offsets` in that order; returns once it has read them all and been stopped.
 */
async function consumed(offsets: number[], commit: number | null = 50): Promise<{ ledger: Ledger; consumer: BackgroundConsumer; reads: number }> {
  const ledger = new Ledger('run1');
  const origin = ledger.origin(SRC, 1);
  ledger.recordProduced(origin, 0, { n: ledger.claim(origin, 0, 100), count: 100, outcome: 'acked', offset: 0 });
  if (commit !== null) ledger.recordCommit('g', SRC, new Map([[0, commit]]));
  const session = ledger.newSession({ ...SRC, group: 'g', origin, client: 'test' });
  const fake = fakeClient(ledger, offsets);
  const consumer = new BackgroundConsumer({ client: fake.client, bootstrap: [], group: 'g', ref: SRC, session, ledger, commitEveryMs: 60_000, how: 'test' });
  await fake.delivered;
  const { reads } = await consumer.stop(false);
  ledger.finishSession(consumer.session, []);
  return { ledger, consumer, reads };
}

test('a consumer that starts over at its group\'s commit re-reads in a new session: neither reordered nor excess', async () => {
  const { ledger, consumer, reads } = await consumed([...range(0, 80), ...range(50, 50)]);
  assert.equal(consumer.restarts, 1);
  assert.equal(reads, 130);
  assert.deepEqual(check(ledger).counts, { ...zeroCounts(), duplicate: 30 });
});

test('a group that never committed starts over at the earliest offset: its re-reads from there are neither reordered nor excess', async () => {
  const { ledger, consumer, reads } = await consumed([...range(0, 80), ...range(0, 100)], null);
  assert.equal(consumer.restarts, 1);
  assert.equal(reads, 180);
  assert.deepEqual(check(ledger).counts, { ...zeroCounts(), duplicate: 80 });
});

test('going back below the group\'s commit stays a re-read of the session: reordered and excess', async () => {
  const { ledger, consumer } = await consumed([...range(0, 80), ...range(40, 60)]);
  assert.equal(consumer.restarts, 0);
  const v = check(ledger);
  assert.equal(v.validity, 'invalid');
  assert.deepEqual([v.counts.reordered, v.counts.excess], [1, 40]);
});

/**
 * A consumer whose first read fails as a stream does when its broker goes away, then reads record
 * 0 and waits to be stopped; `reusable` is what it says after the failure.
 */
async function failingOnce(reusable: boolean): Promise<{ opened: number; closed: number; reads: number; rebuilds: number }> {
  const ledger = new Ledger('run1');
  const origin = ledger.origin(SRC, 1);
  ledger.recordProduced(origin, 0, { n: ledger.claim(origin, 0, 1), count: 1, outcome: 'acked', offset: 0 });
  let opened = 0;
  let closed = 0;
  let failed = false;
  let done: () => void = () => undefined;
  const delivered = new Promise<void>((resolve) => (done = resolve));
  const open = async (): Promise<ConsumerSession> => {
    opened++;
    return {
      async read(options: ReadOptions) {
        if (!failed) {
          failed = true;
          throw new Error('fetch failed 4 times.');
        }
        options.onRecord({ partition: 0, offset: 0, value: Buffer.from(`${STAMP_PREFIX}${ledger.stamp(origin, 0, 0)}"}`) });
        done();
        await new Promise<void>((resolve) => (options.signal?.aborted ? resolve() : options.signal?.addEventListener('abort', () => resolve())));
      },
      async seek() {},
      async commit() {
        return new Map();
      },
      get reusable() {
        return reusable;
      },
      async close() {
        closed++;
      },
      async [Symbol.asyncDispose]() {},
    };
  };
  const client: WorkloadClient = { name: 'platformatic', openProducer: () => Promise.reject(new Error('no')), openTransactionalProducer: () => Promise.reject(new Error('no')), openConsumer: open };
  const session = ledger.newSession({ ...SRC, group: 'g', origin, client: 'test' });
  const consumer = new BackgroundConsumer({ client, bootstrap: [], group: 'g', ref: SRC, session, ledger, commitEveryMs: 60_000, how: 'test' });
  await delivered;
  const { reads } = await consumer.stop(false);
  await consumer.closed;
  return { opened, closed, reads, rebuilds: consumer.rebuilds };
}

test('a read that failed is tried again on the same consumer: the same group member, not a new one the coordinator would hold until the old one times out', async () => {
  assert.deepEqual(await failingOnce(true), { opened: 1, closed: 1, reads: 1, rebuilds: 0 });
});

test('a consumer its client gave up on is closed and replaced by a new one', async () => {
  assert.deepEqual(await failingOnce(false), { opened: 2, closed: 2, reads: 1, rebuilds: 1 });
});
