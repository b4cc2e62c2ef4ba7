import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CucumberExpression, ParameterType, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { PARAMETER_TYPES } from '../parameter-type-list.ts';
import { loadStepDefinitions } from '../step-library.ts';
import { FAULT_KINDS } from './faults.ts';
import { writeFeature } from './gherkin-writer.ts';
import { judge } from './judge.ts';
import { Random } from './random.ts';
import { DEFAULT_BUDGET, describe, generate, makeFault, replayCommand, weave, withinBudget, type Budget, type Schedule } from './schedule.ts';
import { candidates, shrink } from './shrink.ts';
import { loadSteadyState, SteadyStateError } from './steady-state.ts';
import { distribution, percentile, summaryMarkdown, type ExploredRun } from './summary.ts';
import { parseArgs, scheduleFeature } from './explore-cli.ts';
import type { AttemptRun } from '../report/cucumber-messages.ts';
import type { ScenarioReport } from '../report/scenario-report.ts';

const SEED_UNDER_FIRE = 'features/under-fire.feature:49';
const RETENTION = 'features/source-retention.feature:48';
const BEHIND_TOXIPROXY = 'features/under-fire-network.feature:8';

/** A steady state with both clusters behind Toxiproxy and no link fault of its own: every link kind has a target. */
function linkedSteadyState(): string {
  const dir = mkdtempSync(join(tmpdir(), 'explore-'));
  const file = join(dir, 'linked.feature');
  writeFileSync(
    file,
    [
      'Feature: linked',
      '  Scenario: both links',
      '    Given a source cluster "es-src" with 1 broker behind Toxiproxy',
      '    And a target cluster "es-tgt" with 1 broker behind Toxiproxy',
      '    And topic "products" on "es-src" with 3 partitions',
      '    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"',
      '    When producers write 200 records/s to "products" on "es-src"',
      '    And the producers have written 2400 records',
      '    And the producers stop',
      '    Then no acked record is lost or skipped',
      '',
    ].join('\n'),
  );
  return `${file}:2`;
}

test('the same seed gives the same draws; another seed others', () => {
  const a = new Random(42);
  const b = new Random(42);
  const c = new Random(43);
  const xs = Array.from({ length: 50 }, () => a.next());
  assert.deepEqual(Array.from({ length: 50 }, () => b.next()), xs);
  assert.notDeepEqual(Array.from({ length: 50 }, () => c.next()), xs);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const r = new Random(7);
  assert.ok(Array.from({ length: 200 }, () => r.int(3, 5)).every((x) => x >= 3 && x <= 5));
  assert.throws(() => new Random(-1), /a seed is a whole number/);
});

test('a steady state is one scenario with background traffic: the window is what its producers write before the first wait on them', () => {
  const ss = loadSteadyState(SEED_UNDER_FIRE);
  assert.equal(ss.window.records, 2400);
  assert.equal(ss.window.rate, 200);
  assert.equal(ss.window.cluster, 'es-src');
  assert.equal(ss.steps[ss.window.insertAt]!.text, 'the producers have written 2400 records');
  assert.deepEqual(ss.flows, [{ source: 'es-src', target: 'es-tgt' }]);
  assert.deepEqual(ss.clusters.map((c) => `${c.role} ${c.alias} ${c.brokers} ${c.behindToxiproxy}`), ['source es-src 1 false', 'target es-tgt 1 false']);
  assert.throws(() => loadSteadyState('features/active-passive-failover.feature:65'), (e: Error) => e instanceof SteadyStateError && /no background traffic/.test(e.message) && /producers write N records\/s/.test(e.message));
  assert.throws(() => loadSteadyState('features/under-fire.feature'), /selects 6 scenarios; a steady state is one[\s\S]*under-fire.feature:45/);
  assert.throws(() => loadSteadyState('features/under-fire.feature:3'), /line 3 of features\/under-fire.feature starts no Scenario/);
  assert.throws(() => loadSteadyState('features/nope.feature:3'), /no feature file features\/nope.feature/);
});

test('the replay command carries the budget flags that shape the draw', () => {
  assert.equal(replayCommand('f:1', 7, DEFAULT_BUDGET), 'npm run explore -- f:1 --seed 7 --runs 1');
  const b: Budget = { ...DEFAULT_BUDGET, kinds: ['mm2-kill', 'pause'], healWithin: 10 };
  const o = parseArgs(replayCommand('f:1', 7, b).split(' ').slice(4));
  assert.deepEqual([o.seed, o.runs, o.budget], [7, 1, b]);
});

test('same seed, same schedule: generated twice from one seed, deep-equal; and every schedule keeps the budget', () => {
  for (const ref of [SEED_UNDER_FIRE, RETENTION, BEHIND_TOXIPROXY]) {
    const ss = loadSteadyState(ref);
    const budget: Budget = { ...DEFAULT_BUDGET };
    for (let seed = 0; seed < 300; seed++) {
      const s = generate(ss, budget, seed);
      assert.deepEqual(generate(ss, budget, seed), s, `seed ${seed} of ${ref}`);
      assert.ok(s.faults.length >= 1 && s.faults.length <= budget.maxFaults, `seed ${seed}: ${s.faults.length} faults`);
      assert.ok(withinBudget(ss, budget, s.faults), `seed ${seed} breaks the budget: ${describe(s).join('; ')}`);
      for (const f of s.faults) {
        assert.ok(f.at >= 1 && (f.healAt ?? f.at) <= ss.window.records, `seed ${seed}: anchors inside the window`);
        // The steady state's own site loss is its one site loss: a schedule never kills a whole cluster for good.
        assert.ok(!f.start.some((x) => /^every broker of .* is killed$/.test(x)), `seed ${seed}: a second site loss`);
      }
    }
    assert.notDeepEqual(generate(ss, budget, 1), generate(ss, budget, 2));
  }
});

test('a held fault on what stops the producers is healed at once: its heal cannot wait for acks that cannot come', () => {
  const ss = loadSteadyState(SEED_UNDER_FIRE);
  const kill = FAULT_KINDS.find((k) => k.name === 'kill')!;
  const src = kill.targets(ss).find((t) => t.name === 'broker 1 of "es-src"')!;
  const tgt = kill.targets(ss).find((t) => t.name === 'broker 1 of "es-tgt"')!;
  const a = makeFault(ss, kill, src, 500, 4);
  assert.deepEqual(a.start, ['broker 1 of "es-src" is killed', 'broker 1 of "es-src" is restarted']);
  assert.equal(a.healAt, undefined);
  const b = makeFault(ss, kill, tgt, 500, 4);
  assert.deepEqual([b.start, b.end, b.healAt], [['broker 1 of "es-tgt" is killed'], ['broker 1 of "es-tgt" is restarted'], 1300]);
  // Link faults only on a cluster behind Toxiproxy, never on a link the steady state itself hurts.
  const net = loadSteadyState(BEHIND_TOXIPROXY);
  const cut = FAULT_KINDS.find((k) => k.name === 'link-cut')!;
  assert.deepEqual(cut.targets(net).map((t) => t.name), ['the link from the apps to "es-src"']);
  assert.deepEqual(cut.targets(ss), []);
});

test('every step a schedule weaves in is a step of the vocabulary, matched by exactly one definition', async () => {
  const registry = new ParameterTypeRegistry();
  for (const p of PARAMETER_TYPES) registry.defineParameterType(new ParameterType(p.name, p.regexp, null, p.transformer, true, false));
  const expressions = (await loadStepDefinitions()).map((p) => new CucumberExpression(p, registry));
  const seen = new Set<string>();
  for (const ref of [SEED_UNDER_FIRE, RETENTION, BEHIND_TOXIPROXY, linkedSteadyState()]) {
    const ss = loadSteadyState(ref);
    for (let seed = 0; seed < 200; seed++) {
      for (const step of weave(ss, generate(ss, { ...DEFAULT_BUDGET, maxFaults: 4, concurrent: 3 }, seed))) {
        if (seen.has(step.text)) continue;
        seen.add(step.text);
        const n = expressions.filter((e) => e.match(step.text)).length;
        assert.equal(n, 1, `"${step.text}" matches ${n} step definitions`);
      }
    }
  }
  // Every kind was drawn, and so checked, somewhere.
  for (const pattern of [/is killed$/, /is stopped$/, /is paused for \d+ seconds?$/, /are restarted one at a time$/, /is cut for \d+ seconds?$/, /has \d+ ms latency$/, /is throttled to \d+ KB\/s$/, /is blackholed$/, /is healed$/]) {
    assert.ok([...seen].some((t) => pattern.test(t)), `no woven step matches ${pattern}`);
  }
});

test('the schedule is woven before the window ends, each anchor a wait on acked records, heals before starts', () => {
  const ss = loadSteadyState(RETENTION);
  const pause = FAULT_KINDS.find((k) => k.name === 'mm2-pause')!;
  const kill = FAULT_KINDS.find((k) => k.name === 'mm2-kill')!;
  const s: Schedule = { seed: 1, faults: [makeFault(ss, kill, kill.targets(ss)[0]!, 300, 2), makeFault(ss, pause, pause.targets(ss)[0]!, 700, 3)] };
  const texts = weave(ss, s).map((x) => x.text);
  const i = texts.indexOf('the producers have written 300 records');
  assert.deepEqual(texts.slice(i, i + 6), [
    'the producers have written 300 records',
    'MirrorMaker 2 is killed',
    'the producers have written 700 records',
    'MirrorMaker 2 is restarted',
    'MirrorMaker 2 is paused for 3 seconds',
    'the producers have written 2400 records',
  ]);
});

test('the Gherkin written for a schedule parses, and runs exactly the woven steps with their tables', () => {
  const ss = loadSteadyState(RETENTION);
  const s = generate(ss, DEFAULT_BUDGET, 5);
  const text = scheduleFeature(ss, s, 'run 1 of 1, seed 5');
  const doc = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(text);
  const [pickle] = compile(doc, 'x.feature', IdGenerator.incrementing());
  assert.deepEqual(pickle!.steps.map((p) => p.text), weave(ss, s).map((x) => x.text));
  const tables = pickle!.steps.filter((p) => p.argument?.dataTable).map((p) => p.argument!.dataTable!.rows.map((r) => r.cells.map((c) => c.value)));
  assert.deepEqual(tables.slice(0, 2), [
    [['log.retention.check.interval.ms', '500'], ['log.initial.task.delay.ms', '0']],
    [['retention.ms', '5000'], ['segment.ms', '1000']],
  ]);
  const mm2 = tables[2]![0]![1]!;
  assert.match(mm2, /^follower\\.replication/);
  // Cells round-trip: a backslash Gherkin keeps as written stays single; `|`, `\n` and `\\` are escaped.
  const tricky = ['follower\\.replication', 'a|b', 'back\\nslash', 'end\\', 'line\nbreak'];
  const rt = writeFeature({ name: 'x', description: [], scenarios: [{ name: 'y', steps: [{ type: 'Context', text: 'a', table: [tricky] }] }] });
  assert.match(rt, /\| follower\\\.replication \| a\\\|b \|/);
  const rtDoc = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(rt);
  assert.deepEqual(compile(rtDoc, 'r.feature', IdGenerator.incrementing())[0]!.steps[0]!.argument!.dataTable!.rows[0]!.cells.map((c) => c.value), tricky);
  // A description line that would read as a keyword stays text.
  const odd = writeFeature({ name: 'x', description: ['Given this is text', '| not a table |'], scenarios: [{ name: 'y', steps: [{ type: 'Context', text: 'a' }] }] });
  const d = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(odd);
  assert.equal(compile(d, 'y.feature', IdGenerator.incrementing())[0]!.steps.length, 1);
});

test('shrinking keeps the smallest schedule that still fails: one fault, as short and as late as still fails', async () => {
  const ss = loadSteadyState(RETENTION);
  const budget: Budget = { ...DEFAULT_BUDGET, healWithin: 10 };
  const k = (name: string) => FAULT_KINDS.find((x) => x.name === name)!;
  const start: Schedule = {
    seed: 9,
    faults: [
      makeFault(ss, k('kill'), k('kill').targets(ss)[1]!, 100, 3),
      makeFault(ss, k('mm2-pause'), k('mm2-pause').targets(ss)[0]!, 400, 8),
      makeFault(ss, k('pause'), k('pause').targets(ss)[0]!, 1200, 2),
    ],
  };
  // The fake MM2: records expire when MM2 is paused 6 s or more.
  const fails = (s: Schedule) => s.faults.some((f) => f.kind === 'mm2-pause' && f.seconds >= 6);
  let runs = 0;
  const out = await shrink(ss, budget, start, async (s) => (runs++, fails(s)), { need: 2, reruns: 3, maxRuns: 200 });
  assert.equal(out.outOfRuns, false);
  assert.equal(out.schedule.faults.length, 1);
  const [f] = out.schedule.faults;
  assert.equal(f!.kind, 'mm2-pause');
  assert.equal(f!.seconds, 8, 'half of 8 s (4 s) no longer fails');
  assert.ok(f!.at > 400, `moved later: ${f!.at}`);
  assert.ok(fails(out.schedule));
  assert.ok(candidates(ss, budget, out.schedule).every((c) => !fails(c.schedule)), 'no smaller candidate fails');
  assert.equal(runs, out.trials.reduce((a, t) => a + t.runs, 0));
  // A kept candidate failed in 2 runs (need), a rejected one stopped after 2 passes.
  assert.ok(out.trials.every((t) => (t.kept ? t.failed === 2 && t.runs === 2 : t.runs - t.failed === 2)));
});

test('a candidate that fails in fewer than `need` of its reruns is not kept; the run budget ends shrinking, said', async () => {
  const ss = loadSteadyState(RETENTION);
  const k = FAULT_KINDS.find((x) => x.name === 'mm2-pause')!;
  const start: Schedule = { seed: 3, faults: [makeFault(ss, k, k.targets(ss)[0]!, 100, 8)] };
  let n = 0;
  const flaky = async () => n++ % 3 === 0; // fails 1 run in 3
  const out = await shrink(ss, DEFAULT_BUDGET, start, flaky, { need: 2, reruns: 3, maxRuns: 100 });
  assert.deepEqual(out.schedule, start);
  assert.ok(out.trials.length > 0 && out.trials.every((t) => !t.kept));
  const short = await shrink(ss, DEFAULT_BUDGET, start, async () => true, { need: 2, reruns: 3, maxRuns: 3 });
  assert.equal(short.outOfRuns, true);
  await assert.rejects(shrink(ss, DEFAULT_BUDGET, start, flaky, { need: 4, reruns: 3, maxRuns: 9 }), /need must be 1 to reruns/);
});

const attempt = (status: string, steps: [string, string, string?][]): AttemptRun => ({
  pickleId: 'p',
  attempt: 0,
  started: 0,
  willBeRetried: false,
  status,
  steps: steps.map(([keyword, text, s]) => ({ keyword, text, hook: false, status: s ?? 'PASSED', startMs: 0, durationMs: 1 })),
});
const counts = (c: Record<string, number> = {}) => ({ lost: 0, gap: 0, duplicate: 0, excess: 0, reordered: 0, unseen: 0, inflight: 0, removed: 0, expired: 0, copy: 0, aborted: 0, ...c });
const report = (validity: string, c: Record<string, number>, rec: { inFlight: number; rpoMs: number; rtoMs?: number }[] = []) =>
  ({ report: { verdict: { validity, counts: counts(c), acked: 2400, groups: [], unchecked: [], recoveries: rec }, lag: [{ flow: 'f', topic: 't', samples: [{ time: 1, records: 0, ms: 2500, partitions: [] }] }] } as unknown as ScenarioReport, folder: '/nonexistent' });

test('whose a failure is: a bound beyond MM2 is documented, a lost or skipped record suspect, a step that could not run the harness', () => {
  const held = judge(attempt('PASSED', [['Then', 'no acked record is lost or skipped by the group']]), 's', report('valid', { duplicate: 40 }, [{ inFlight: 3, rpoMs: 100, rtoMs: 900 }]));
  assert.deepEqual([held.whose, held.anomaly, held.inFlight, held.rpoS, held.rtoS, held.rereads, held.maxLagS], ['steady', 'none', 3, 0.1, 0.9, 40, 2.5]);
  const inflight = judge(attempt('FAILED', [['Then', 'at most 200 acked records are lost in flight', 'FAILED']]), 's', report('valid', { inflight: 900 }, [{ inFlight: 900, rpoMs: 4500 }]));
  assert.deepEqual([inflight.whose, inflight.anomaly], ['documented', 'lost in flight']);
  const lag = judge(attempt('FAILED', [['And', 'replication lag to "es-tgt" stays under 3 seconds', 'FAILED']]), 's', report('valid', {}));
  assert.deepEqual([lag.whose, lag.anomaly], ['documented', 'replication lag']);
  const removed = judge(attempt('FAILED', [['Then', 'no acked record is lost or skipped', 'FAILED']]), 's', report('valid', { removed: 310 }));
  assert.deepEqual([removed.whose, removed.anomaly], ['documented', 'removed at the source before copied']);
  const skipped = judge(attempt('FAILED', [['Then', 'no acked record is lost or skipped', 'FAILED']]), 's', report('invalid', { gap: 2, removed: 5 }));
  assert.deepEqual([skipped.whose, skipped.anomaly], ['suspect', 'skipped']);
  const hung = judge(attempt('FAILED', [['When', 'MirrorMaker 2 is restarted', 'FAILED']]), 's', report('valid', {}));
  assert.deepEqual([hung.whose, hung.anomaly], ['harness', 'step failed: MirrorMaker 2 is restarted']);
  const skippedByMm2 = judge(
    attempt('FAILED', [['And', 'MirrorMaker 2 has mirrored "products" to "es-tgt"', 'FAILED']].map(([k, t, st]) => [k!, t!, st]) as [string, string, string?][]),
    's',
    report('valid', {}),
  );
  assert.deepEqual([skippedByMm2.whose, skippedByMm2.anomaly], ['harness', 'step failed: MirrorMaker 2 has mirrored "products" to "es-tgt"'], 'without the error, a failed wait is the harness\'s');
  const withError = attempt('FAILED', [['And', 'MirrorMaker 2 has mirrored "products" to "es-tgt"', 'FAILED']]);
  withError.steps[0]!.message = 'MirrorSkipped: MM2 will never copy 2917 acked record(s) of products to es-tgt: es-src removed them before MM2 copied them\n  in step: …';
  const removedAtWait = judge(withError, 's', report('valid', {}));
  assert.deepEqual([removedAtWait.whose, removedAtWait.anomaly], ['documented', 'removed at the source before copied']);
  // Excess re-reads all in partitions MM2 had not checkpointed: documented shortly after a fault, suspect after a long quiet.
  const noCheckpoint = (quietS: number) => {
    const r = report('invalid', { duplicate: 31, excess: 31 });
    const moved = 1_000_000 + 30_000;
    Object.assign(r.report.verdict!, {
      groups: [{ partitions: [{ resumes: [{ partition: 0, startOffset: 0, implied: 0, committedUpstream: 1601, mode: 'synced', session: 1, rereads: 31, excess: 31 }] }] }],
      recoveries: [{ group: 'g', origin: { cluster: 'es-src', topic: 'products' }, movedAt: moved, inFlight: 0, rpoMs: 0 }],
    });
    Object.assign(r.report, {
      started: 1_000_000,
      ledger: {
        commits: [{ group: 'g', cluster: 'es-src', topic: 'products', offsets: { 0: 1601 } }],
        moreCommits: 0,
        sessions: [{ group: 'g', cluster: 'es-src', reads: 1700, startedAt: 'x' }],
        events: [
          { at: 1, time: new Date(moved - quietS * 1000).toISOString(), kind: 'restart', subject: 'broker 1 of es-src', what: 'restarted with its data' },
          { at: 2, time: new Date(moved - 100).toISOString(), kind: 'fault', subject: 'every broker of es-src', what: 'killed (SIGKILL)' },
        ],
      },
    });
    return judge(attempt('FAILED', [['And', "re-reads stay within what MM2's checkpoints imply", 'FAILED']]), 's', r);
  };
  assert.deepEqual([noCheckpoint(12).whose, noCheckpoint(12).anomaly], ['documented', 'no checkpoint when the group moved']);
  const quiet = noCheckpoint(20);
  assert.deepEqual([quiet.whose, quiet.anomaly], ['suspect', 'no checkpoint when the group moved']);
  assert.match(quiet.evidence[0]!, /20\.0 s after the last fault, heal or restart \(broker 1 of es-src restarted with its data\)/);
  // A group whose consumer never committed on the source: nothing for MM2 to checkpoint; the client's doing.
  const idle = noCheckpoint(20);
  const idleReport = report('invalid', { duplicate: 31, excess: 31 });
  Object.assign(idleReport.report.verdict!, {
    groups: [{ partitions: [{ resumes: [{ partition: 0, startOffset: 0, implied: 0, mode: 'synced', session: 1, rereads: 31, excess: 31 }] }] }],
    recoveries: [{ group: 'g', origin: { cluster: 'es-src', topic: 'products' }, movedAt: 1_030_000, inFlight: 0, rpoMs: 0 }],
  });
  Object.assign(idleReport.report, { ledger: { events: [], commits: [], moreCommits: 0, sessions: [{ group: 'g', cluster: 'es-src', reads: 656, startedAt: 'x', client: 'platformatic' }] } });
  const stalled = judge(attempt('FAILED', [['And', "re-reads stay within what MM2's checkpoints imply", 'FAILED']]), 's', idleReport);
  assert.deepEqual([stalled.whose, stalled.anomaly], ['suspect', 'the group never committed on the source']);
  assert.match(stalled.evidence[0]!, /group g read on es-src \(656 read\(s\) in 1 session\(s\)\) and committed nothing there \(platformatic client\)/);
  assert.equal(idle.anomaly, 'no checkpoint when the group moved', 'a group the ledger saw commit is not told it never did');
  const never = judge(undefined, 's', undefined);
  assert.deepEqual([never.whose, never.anomaly], ['harness', 'no verdict (the scenario never ran)']);
});

test('the distribution gives min, median, p90 and max per figure over the runs that measured it', () => {
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
  assert.equal(percentile([], 90), undefined);
  const run = (i: number, inFlight?: number): ExploredRun => ({
    index: i,
    seconds: 30,
    runDir: `r/${i}`,
    schedule: { seed: i, faults: [] },
    outcome: { scenario: 's', status: 'PASSED', validity: 'valid', anomaly: 'none', whose: 'steady', counts: {}, acked: 2400, ...(inFlight !== undefined ? { inFlight } : {}), evidence: [] },
  });
  const rows = distribution([run(1, 0), run(2, 10), run(3, 40), run(4)]);
  assert.deepEqual(rows[0], { figure: 'lost in flight (records)', runs: 3, min: 0, median: 10, p90: 40, max: 40 });
  assert.deepEqual(rows.find((r) => r.figure === 'RPO (s)'), { figure: 'RPO (s)', runs: 0 });
  const md = summaryMarkdown(loadSteadyState(SEED_UNDER_FIRE), [run(1, 0)], ['# x'], DEFAULT_BUDGET);
  assert.match(md, /\| valid, every bound held \| steady \| 1 \|/);
});

test('the command line: a mistake is said at once, naming the flag and what it takes', () => {
  const o = parseArgs(['features/x.feature:3', '--runs', '5', '--seed=11', '--faults', 'mm2-kill,pause', '--shrink', 'all'], 1234);
  assert.deepEqual([o.ref, o.runs, o.seed, o.budget.kinds, o.shrink], ['features/x.feature:3', 5, 11, ['mm2-kill', 'pause'], 'all']);
  assert.equal(parseArgs(['f:1'], 1_000_007).seed, 7);
  assert.throws(() => parseArgs(['f:1', '--faults', 'mm2-kil']), /names no fault kind "mm2-kil"[\s\S]*mm2-kill \(SIGKILL to MM2/);
  assert.throws(() => parseArgs(['f:1', '--runs', 'ten']), /--runs takes a whole number from 1/);
  assert.throws(() => parseArgs(['f:1', '--need', '4']), /--need 4 is more than --reruns 3/);
  assert.throws(() => parseArgs([]), /which scenario is the steady state\?/);
  assert.throws(() => parseArgs(['f:1', '--budget', '3']), /no option --budget/);
});
