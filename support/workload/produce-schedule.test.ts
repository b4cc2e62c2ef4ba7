import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ledger } from '../ledger/ledger.ts';
import { BackgroundProducer } from './background-producer.ts';
import { perSecond, plan } from './produce-schedule.ts';
import type { OutgoingRecord, ProducerSession } from './workload-client.ts';

const LIMITS = { batch: 2000, inFlight: 4, maxDebtMs: 1000 };

test('at a low rate one small request a tick', () => {
  assert.deepEqual(plan({ rate: 200, elapsedMs: 100, sent: 0, skipped: 0, inFlight: 0 }, LIMITS), { skip: 0, batches: [20] });
  assert.deepEqual(plan({ rate: 200, elapsedMs: 100, sent: 20, skipped: 0, inFlight: 1 }, LIMITS), { skip: 0, batches: [] });
});

test('a high rate owes several requests a tick, bounded by the requests outstanding', () => {
  // 50,000 records/s: 5,000 owed after 100 ms, three requests.
  assert.deepEqual(plan({ rate: 50_000, elapsedMs: 100, sent: 0, skipped: 0, inFlight: 0 }, LIMITS), { skip: 0, batches: [2000, 2000, 1000] });
  // Two outstanding already: two more at most.
  assert.deepEqual(plan({ rate: 50_000, elapsedMs: 200, sent: 4000, skipped: 0, inFlight: 2 }, LIMITS), { skip: 0, batches: [2000, 2000] });
  assert.deepEqual(plan({ rate: 50_000, elapsedMs: 200, sent: 4000, skipped: 0, inFlight: 4 }, LIMITS), { skip: 0, batches: [] });
});

test('debt beyond a second of the rate is given up, not sent in a burst', () => {
  // 10,000 records/s, 5 s stalled with nothing sent: 50,000 owed, 10,000 kept, 40,000 given up.
  const p = plan({ rate: 10_000, elapsedMs: 5000, sent: 0, skipped: 0, inFlight: 0 }, LIMITS);
  assert.equal(p.skip, 40_000);
  assert.deepEqual(p.batches, [2000, 2000, 2000, 2000]);
  // Once given up, it stays given up: the next look owes only the new time.
  assert.deepEqual(plan({ rate: 10_000, elapsedMs: 5100, sent: 8000, skipped: 40_000, inFlight: 4 }, LIMITS), { skip: 0, batches: [] });
  // At a low rate the debt kept is at least one request.
  assert.equal(plan({ rate: 100, elapsedMs: 60_000, sent: 0, skipped: 0, inFlight: 0 }, LIMITS).skip, 6000 - 2000);
});

test('unthrottled fills every request slot; a limit caps what is sent', () => {
  assert.deepEqual(plan({ rate: Infinity, elapsedMs: 0, sent: 0, skipped: 0, inFlight: 1 }, LIMITS), { skip: 0, batches: [2000, 2000, 2000] });
  assert.deepEqual(plan({ rate: Infinity, elapsedMs: 0, sent: 9000, skipped: 0, inFlight: 0, limit: 10_000 }, LIMITS), { skip: 0, batches: [1000] });
  assert.deepEqual(plan({ rate: Infinity, elapsedMs: 0, sent: 10_000, skipped: 0, inFlight: 0, limit: 10_000 }, LIMITS), { skip: 0, batches: [] });
  assert.throws(() => plan({ rate: 0, elapsedMs: 0, sent: 0, skipped: 0, inFlight: 0 }, LIMITS), RangeError);
});

test('perSecond', () => {
  assert.equal(perSecond(5000, 500), 10_000);
  assert.equal(perSecond(1, 0), undefined);
});

/** A producer whose every request is acked after `delayMs`, offsets in order per partition. */
function fakeProducer(delayMs: number): ProducerSession & { requests: number } {
  const next = new Map<number, number>();
  const fake = {
    requests: 0,
    async send(records: OutgoingRecord[]) {
      fake.requests++;
      const base = new Map<number, number>();
      for (const r of records) {
        if (!base.has(r.partition)) base.set(r.partition, next.get(r.partition) ?? 0);
        next.set(r.partition, (next.get(r.partition) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return base;
    },
    async close() {},
  };
  return fake;
}

test('the background producer goes past one request a tick, and the ledger holds every acked record', async () => {
  const ledger = new Ledger('t');
  const origin = ledger.origin({ cluster: 'src', topic: 'products' }, 3);
  const fake = fakeProducer(20);
  const producer = new BackgroundProducer(fake, ledger, origin, 60_000, 0);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const o = await producer.stop();
  // The old producer (one request of 2,000 a 100 ms tick) could not pass 10,000 in 500 ms; at 60,000/s it owes 30,000.
  assert.ok(o.acked > 20_000, `acked ${o.acked}`);
  assert.equal(o.acked, o.sent);
  assert.equal(ledger.acked, o.acked);
  assert.ok(o.achievedRate! > 40_000, `achieved ${o.achievedRate}`);
});

test('with a limit, unthrottled, it sends exactly that many and finishes', async () => {
  const ledger = new Ledger('t');
  const origin = ledger.origin({ cluster: 'src', topic: 'products' }, 3);
  const producer = new BackgroundProducer(fakeProducer(1), ledger, origin, Infinity, 0, { limit: 25_001 });
  await producer.finished();
  const o = await producer.stop();
  assert.equal(o.sent, 25_001);
  assert.equal(o.acked, 25_001);
  assert.equal(o.skipped, 0);
  assert.equal(ledger.acked, 25_001);
});
