import { test } from 'node:test';
import { expect } from 'chai';
import { check } from './checker.ts';
import { Ledger } from './ledger.ts';

test("records an app produced are named by their own values, wherever they are read", () => {
  const ledger = new Ledger('run1');
  const origin = ledger.origin({ cluster: 'es-src', topic: 'products' }, 2);
  expect(ledger.appProduced(origin, 1, 0, '7.0')).to.equal(true);
  expect(ledger.appProduced(origin, 1, 1, '7.1')).to.equal(true);
  expect(ledger.appProduced(origin, 0, 0, '7.2')).to.equal(true);
  // A second record with the same value could never be told apart from the first.
  expect(ledger.appProduced(origin, 0, 1, '7.2')).to.equal(false);
  expect(ledger.identify(Buffer.from('7.1'))).to.deep.equal([0, 1, 1]);
  expect(ledger.identify(Buffer.from('7.2'))).to.deep.equal([0, 0, 0]);
  expect(ledger.identify(Buffer.from('8.0'))).to.equal(undefined);
  // The harness's own stamps still name theirs.
  expect(ledger.identify(Buffer.from(`{"mirrordrill":"run1:0:1:5","x":1}`))).to.deep.equal([0, 1, 5]);
  expect(ledger.acked).to.equal(3);
});

test('the checker judges an app\'s records like any other: one of three never read is lost', () => {
  const ledger = new Ledger('run2');
  const origin = ledger.origin({ cluster: 'es-src', topic: 'products' }, 1);
  for (let i = 0; i < 3; i++) ledger.appProduced(origin, 0, i, `1.${i}`);
  const session = ledger.newSession({ cluster: 'es-src', topic: 'products', group: 'g', origin, client: 'app "python"' });
  ledger.recordRead(session, 0, 0, Buffer.from('1.0'));
  ledger.recordRead(session, 0, 1, Buffer.from('1.1'));
  ledger.finishSession(session, [0]);
  // A later session read the partition to its end: record 2 was acked and nobody read it, so it is lost.
  const later = ledger.newSession({ cluster: 'es-src', topic: 'products', group: 'g', origin, client: 'app "python"' });
  ledger.finishSession(later, [0]);
  const verdict = check(ledger);
  expect(verdict.counts.lost).to.equal(1);
  expect(verdict.validity).to.equal('invalid');
});
