import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { figures, finalEntries, loadRun, type ScenarioEntry } from './run-report.ts';

const fixture = loadRun(join(import.meta.dirname, 'fixtures', 'under-fire-run'));
const base = fixture.entries[0]!;
const attempt = (n: number, status: string, willBeRetried = false): ScenarioEntry => ({ ...base, rel: `${base.rel}-${n}`, report: { ...base.report, attempt: n, status, ...(willBeRetried ? { willBeRetried } : {}) } });

test('a scenario that failed, then passed when Cucumber ran it again, is one row: passed, flaky, with the earlier attempt', () => {
  const [row] = finalEntries([attempt(1, 'FAILED', true), attempt(2, 'PASSED')]);
  assert.equal(row!.entry.report.attempt, 2);
  assert.equal(row!.flaky, true);
  assert.deepEqual(row!.earlier.map((e) => e.report.status), ['FAILED']);
  const [failedTwice] = finalEntries([attempt(1, 'FAILED', true), attempt(2, 'FAILED')]);
  assert.equal(failedTwice!.flaky, false);
  assert.equal(failedTwice!.entry.report.status, 'FAILED');
});

test('figures of an under-fire run: lost in flight, RPO, RTO, re-reads against the bound, lag, duration', () => {
  const f = figures(base.report);
  assert.equal(f.failovers, 1);
  assert.equal(f.lostInFlight, 0);
  assert.equal(f.rpoMs, 0);
  assert.ok(f.rtoMs !== undefined && f.rtoMs > 0 && f.rtoMs < 15_000);
  assert.equal(f.rereads, f.implied);
  assert.equal(f.excess, 0);
  assert.ok(f.lagMaxMs !== undefined);
  assert.ok(f.durationMs! > 1000);
});
