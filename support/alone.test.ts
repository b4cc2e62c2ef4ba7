import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { aloneLast, canAssign, parallelWorkers, runsAlone } from './alone.ts';

type P = { name: string; tags: { name: string }[]; steps: { text: string }[] };
const scenario = (name: string, steps: string[], tags: string[] = []): P => ({ name, tags: tags.map((t) => ({ name: t })), steps: steps.map((text) => ({ text })) });

const seed = scenario('seed', ['100 records are produced to "products" on "es-src"', 'every broker of "es-src" is killed', 'no acked record is lost or skipped']);
const underFire = scenario('under fire', ['producers write 200 records/s to "products" on "es-src"', 'the RPO is at most 2 seconds']);
const paused = scenario('paused', ['MirrorMaker 2 is paused for 5 seconds']);
const lag = scenario('lag', ['replication lag to "es-tgt" stays under 3 seconds']);
const slowLink = scenario('slow link', ['the link from MirrorMaker 2 to "es-src" has 500 ms latency']);
const tagged = scenario('tagged', ['100 records are produced to "products" on "es-src"'], ['@alone']);

test('a drill that measures time runs alone, said with the step that makes it so', () => {
  assert.equal(runsAlone(seed), undefined);
  assert.match(runsAlone(underFire)!, /traffic at a rate: "producers write 200 records\/s/);
  assert.match(runsAlone(paused)!, /a fault or a window of seconds/);
  assert.match(runsAlone(lag)!, /replication lag/);
  assert.match(runsAlone(slowLink)!, /latency or throttle/);
  assert.equal(runsAlone(tagged), 'tagged @alone');
});

test('nothing starts beside a lone drill, and a lone drill starts only on an idle machine', () => {
  assert.equal(canAssign(underFire, []), true);
  assert.equal(canAssign(underFire, [seed]), false);
  assert.equal(canAssign(seed, [underFire]), false);
  assert.equal(canAssign(seed, [seed]), true);
});

test('a parallel run puts the lone drills last, keeping the order of both groups', () => {
  const order = aloneLast([underFire, seed, paused, tagged, lag].map((pickle) => ({ pickle }))).map((p) => p.pickle.name);
  assert.deepEqual(order, ['seed', 'under fire', 'paused', 'tagged', 'lag']);
});

test('the number of workers comes from --parallel N, --parallel=N or the profile', () => {
  assert.equal(parallelWorkers(['x', '--parallel', '2'], undefined), 2);
  assert.equal(parallelWorkers(['--parallel=3'], undefined), 3);
  assert.equal(parallelWorkers([], 2), 2);
  assert.equal(parallelWorkers([], undefined), 0);
});

test("with Cucumber's own scheduler and 2 workers, the others share both workers and no lone drill overlaps another", () => {
  // Cucumber's coordinator (the class its worker-threads adapter drives), as installed.
  const require = createRequire(import.meta.url);
  const { TestCasesPhase } = require(join(dirname(require.resolve('@cucumber/cucumber')), 'runtime/parallel/test_cases_phase.js'));
  const others = Array.from({ length: 6 }, (_, i) => scenario(`s${i}`, ['100 records are produced to "products" on "es-src"']));
  const queue = aloneLast([underFire, ...others.slice(0, 3), paused, ...others.slice(3), lag].map((pickle) => ({ pickle })));
  let done = false;
  const phase = new TestCasesPhase((ok: boolean) => (done = ok), (e: unknown) => assert.fail(String(e)), { warn: (m: string) => assert.fail(m) }, canAssign, queue);
  // Two workers; each step, the worker whose scenario started first finishes (all take as long).
  const running: { worker: number; command: { assembledTestCase: { pickle: P } } }[] = [];
  const log: string[][] = [];
  for (const worker of [1, 2]) {
    const command = phase.fill();
    if (command) running.push({ worker, command });
  }
  while (running.length) {
    log.push(running.map((r) => r.command.assembledTestCase.pickle.name));
    const { worker, command } = running.shift()!;
    const next = phase.next(command, { success: true });
    if (next) running.push({ worker, command: next });
  }
  assert.equal(done, true);
  for (const moment of log) if (moment.length > 1) assert.ok(moment.every((n) => !['under fire', 'paused', 'lag'].includes(n)), `a lone drill overlapped: ${moment}`);
  assert.deepEqual(log.filter((m) => m.length === 2).length >= 5, true, `the six others ran two at a time: ${JSON.stringify(log)}`);
  assert.deepEqual(log.flat().filter((n) => ['under fire', 'paused', 'lag'].includes(n)), ['under fire', 'paused', 'lag']);
});
