import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PhaseTimer } from './phase-timer.ts';

test('a phase counts the wall time in which any of its operations ran', () => {
  const t = new PhaseTimer();
  t.span('cluster start', 1000, 4000);
  t.span('cluster start', 1500, 4500);
  t.span('workload', 5000, 5200);
  t.span('workload', 6000, 6300);
  assert.equal(t.ms('cluster start'), 3500);
  assert.equal(t.ms('workload'), 500);
  assert.equal(t.ms('faults'), undefined);
  assert.deepEqual(Object.keys(t.toJSON()), ['cluster start', 'workload', 'total']);
  assert.match(t.describe(), /^cluster start 3\.5 s, workload 0\.5 s \(scenario \d+\.\d s\)$/);
});
