import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WaitTimeout } from './errors.ts';
import { waitFor } from './wait-for.ts';

test('returns as soon as the condition holds', async () => {
  let n = 0;
  await waitFor(() => (++n >= 3 ? true : `at ${n}`), { what: 'three checks', timeoutMs: 5_000, intervalMs: 1 });
  assert.equal(n, 3);
});

test('a timeout says what it waited for, how long, the last state and which log to open', async () => {
  await assert.rejects(
    waitFor(() => 'partition 0: 60 of 100', { what: 'MM2 to mirror products', timeoutMs: 30, intervalMs: 5, log: 'reports/x/mm2.log' }),
    (e: unknown) => {
      assert.ok(e instanceof WaitTimeout);
      assert.match(e.message, /timed out after 0\.\d s waiting for MM2 to mirror products/);
      assert.match(e.message, /last state: partition 0: 60 of 100/);
      assert.match(e.message, /see: reports\/x\/mm2.log/);
      return true;
    },
  );
});

test('an abort (a process died) ends the wait at once with its own error', async () => {
  await assert.rejects(waitFor(() => 'not yet', { what: 'x', timeoutMs: 10_000, abort: () => new Error('broker exited') }), /broker exited/);
});
