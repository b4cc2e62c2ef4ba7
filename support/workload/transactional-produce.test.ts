import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ledger } from '../ledger/ledger.ts';
import { produceTransactions, transactionOutcome } from './transactional-produce.ts';
import type { OutgoingRecord, TransactionalProducerSession } from './workload-client.ts';

test('a commit confirmed is acked, an abort confirmed is aborted, anything unconfirmed is indeterminate', () => {
  assert.equal(transactionOutcome('commit', true), 'acked');
  assert.equal(transactionOutcome('abort', true), 'aborted');
  assert.equal(transactionOutcome('commit', false), 'indeterminate');
  assert.equal(transactionOutcome('abort', false), 'indeterminate');
});

/** A producer whose log gives each transaction's records consecutive offsets and a marker after them; the third transaction fails. */
function fakeProducer(): TransactionalProducerSession & { ends: string[] } {
  let next = 0;
  let calls = 0;
  const ends: string[] = [];
  return {
    ends,
    async transaction(records: OutgoingRecord[], end: 'commit' | 'abort') {
      if (++calls === 3) throw new Error('COORDINATOR_NOT_AVAILABLE');
      const base = next;
      next += records.length + 1;
      ends.push(end);
      return new Map([[0, base]]);
    },
    async close() {},
  };
}

test('transactions of 10 are ledgered one by one, with the offsets their sends got', async () => {
  const ledger = new Ledger('run1');
  const origin = ledger.origin({ cluster: 'es-src', topic: 'products' }, 1);
  const producer = fakeProducer();
  const o = await produceTransactions(producer, ledger, origin, 35, 10, 'commit');
  assert.deepEqual({ t: o.transactions, c: o.committed, a: o.aborted, i: o.indeterminate, e: o.firstError }, { t: 4, c: 25, a: 0, i: 10, e: 'COORDINATOR_NOT_AVAILABLE' });
  assert.deepEqual(
    origin.partitions[0]!.runs.map((r) => [r.n, r.count, r.outcome, r.offset]),
    [
      [0, 10, 'acked', 0],
      [10, 10, 'acked', 11],
      [20, 10, 'indeterminate', undefined],
      [30, 5, 'acked', 22],
    ],
  );
  assert.equal(ledger.offsetOf(origin, 0, 12), 13);
});

test('an aborted transaction is ledgered aborted, without offsets: no record of it is expected', async () => {
  const ledger = new Ledger('run1');
  const origin = ledger.origin({ cluster: 'es-src', topic: 'products' }, 1);
  const o = await produceTransactions(fakeProducer(), ledger, origin, 20, 20, 'abort');
  assert.deepEqual({ a: o.aborted, c: o.committed }, { a: 20, c: 0 });
  assert.equal(origin.partitions[0]!.acked, 0);
  assert.deepEqual(ledger.produceOutcomes(), { acked: 0, failed: 0, indeterminate: 0, aborted: 20 });
});
