import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadStepParameter } from './errors.ts';
import type { Runtime } from './runtime/runtime.ts';
import type { Topology } from './topology.ts';
import type { DrillContext } from './drill/context.ts';
import { Nemesis, type NemesisContext } from './drill/nemesis.ts';
import { DrillWorld } from './world.ts';

function world(): DrillWorld {
  const noop = () => undefined;
  return new DrillWorld({ attach: noop as never, log: noop, link: noop, parameters: {} });
}

// Counts that would make a drill vacuous are refused before anything starts.
test('a produce or read step over 0 records is refused, naming the count', async () => {
  const w = world();
  await assert.rejects(w.apps.produce(0, 'products', 'es-src'), (e: Error) => e instanceof BadStepParameter && /1 or more, not 0/.test(e.message));
  await assert.rejects(w.apps.groupReads('g', 0, 'products', 'es-src'), BadStepParameter);
  await assert.rejects(w.apps.groupReadsAndRewinds('g', 10, 'products', 'es-src', 0, 0, 0), BadStepParameter);
});

test('a verdict over a ledger with nothing acked is unknown, never a vacuous valid', () => {
  const v = world().verdict.verdict();
  assert.equal(v.validity, 'unknown');
  assert.match(v.error ?? '', /nothing to judge/);
});

test('the verdict is computed once per state of the ledger', () => {
  const w = world();
  const first = w.verdict.verdict();
  assert.equal(w.verdict.verdict(), first, 'same ledger, same verdict object');
  w.ledger.recordProduced(w.ledger.origin({ cluster: 'c', topic: 't' }, 1), 0, { n: 0, count: 1, outcome: 'acked', offset: 0 });
  assert.notEqual(w.verdict.verdict(), first);
});

test('a producer rate or commit interval of 0 or below is refused before anything starts', async () => {
  const w = world();
  await assert.rejects(w.apps.startProducers(0, 'products', 'es-src'), (e: Error) => e instanceof BadStepParameter && /rate in records per second must be 1 or more, not 0: producers at 0 records\/s write nothing/.test(e.message));
  await assert.rejects(w.topics.createTopic('products', 'es-src', 3_000_000_000), (e: Error) => e instanceof BadStepParameter && /partitions 3000000000 is out of range: at most 2147483647, Kafka's limit/.test(e.message));
  await assert.rejects(w.apps.startProducers(-5, 'products', 'es-src'), BadStepParameter);
  await assert.rejects(w.apps.startConsumer('g', 'products', 'es-src', 0, 'committing every 0 ms'), (e: Error) => e instanceof BadStepParameter && /commit interval/.test(e.message));
  await assert.rejects(w.apps.producersHaveWritten(100), (e: Error) => e instanceof BadStepParameter && /no producer is running/.test(e.message));
});

test('a pause is worded as the runtime says it pauses, not by its name', async () => {
  const w = world();
  let paused = false;
  const mirror = { running: true, pause: () => void (paused = true), resume: () => void (paused = false) };
  const ctx: DrillContext = {
    runtime: { pauseMethod: { pause: 'cgroup freezer', resume: 'unfrozen' } } as Runtime,
    topology: { mirror: () => mirror } as unknown as Topology,
    ledger: w.ledger,
    timings: w.timings,
    names: w.names,
    run: w.run,
    fault: (subject, what, cluster) => w.ledger.event('fault', subject, what, cluster),
  };
  const nemesis = new Nemesis(Object.assign(Object.create(ctx) as NemesisContext, { topics: w.topics, flowsRead: () => new Map(), clusterLoss: async () => undefined }));
  await nemesis.pauseMirror(60);
  assert.ok(paused);
  await nemesis.endAll();
  assert.ok(!paused, 'teardown ends the pause');
  assert.deepEqual(
    w.ledger.events.map((e) => `${e.kind} ${e.subject}: ${e.what}`),
    ['fault MirrorMaker 2: paused for 60 s (cgroup freezer)', 'heal MirrorMaker 2: resumed (unfrozen)'],
  );
});

test('the parts of a drill never import the World, nor one another (only what they share: drill/context.ts)', () => {
  const dir = join(import.meta.dirname, 'drill');
  const found: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    for (const [, from] of readFileSync(join(dir, file), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)) {
      if (/world\.ts$/.test(from!) || (from!.startsWith('./') && !['./context.ts', './naming.ts'].includes(from!))) found.push(`${file} imports ${from}`);
    }
  }
  assert.deepEqual(found, []);
});

test('a fault aimed at one of two flows acts on that MM2 alone and names it in the history; the short form keeps its words', async () => {
  const w = world();
  const mirror = (source: string, target: string) => ({ spec: { source, target }, running: true, kill: async function (this: { running: boolean }) { this.running = false; }, restart: async function (this: { running: boolean }) { this.running = true; } });
  const flows = [mirror('es-src', 'es-tgt'), mirror('es-tgt', 'es-src')];
  const pick = (flowsHere: typeof flows) => (source?: string, target?: string) => {
    const m = flowsHere.filter((f) => (!source || f.spec.source === source) && (!target || f.spec.target === target));
    if (m.length !== 1) throw new BadStepParameter(`several MM2 flows match`);
    return m[0]!;
  };
  const nemesisOver = (flowsHere: typeof flows) => {
    const ctx: DrillContext = {
      runtime: undefined,
      topology: { mirror: pick(flowsHere) } as unknown as Topology,
      ledger: w.ledger,
      timings: w.timings,
      names: w.names,
      run: w.run,
      fault: (subject, what, cluster) => w.ledger.event('fault', subject, what, cluster),
    };
    return new Nemesis(Object.assign(Object.create(ctx) as NemesisContext, { topics: w.topics, flowsRead: () => new Map(), clusterLoss: async () => undefined }));
  };
  const two = nemesisOver(flows);
  await two.killMirror({ source: 'es-tgt', target: 'es-src' });
  assert.deepEqual(flows.map((f) => f.running), [true, false]);
  await assert.rejects(two.killMirror({ source: 'es-tgt', target: 'es-src' }), (e: Error) => /MirrorMaker 2 es-tgt → es-src is not running: there is nothing to kill/.test(e.message) && /what to do: restart it first: When MirrorMaker 2 from "es-tgt" to "es-src" is restarted/.test(e.message));
  await assert.rejects(two.killMirror(), /several MM2 flows match/);
  await two.restartMirror({ source: 'es-tgt', target: 'es-src' });
  const one = nemesisOver([flows[0]!]);
  await one.killMirror();
  assert.deepEqual(
    w.ledger.events.map((e) => `${e.kind} ${e.subject}: ${e.what}`),
    ['fault MirrorMaker 2 es-tgt → es-src: killed (SIGKILL)', 'restart MirrorMaker 2 es-tgt → es-src: restarted with its config', 'fault MirrorMaker 2: killed (SIGKILL)'],
  );
});
