import { runGuarded } from './guard-run.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type Pickle } from '@cucumber/messages';
import { describeFlowProblems, flowProblems } from './flow-guard.ts';
import { stepLines } from './step-guard.ts';
import { loadStepDefinitions } from './step-library.ts';

/** The pickles of a feature's text, and each step's line, as Cucumber makes them. */
function pickles(text: string, uri = 'features/x.feature'): { pickles: readonly Pickle[]; lineOf: (id: string) => number | undefined } {
  const newId = IdGenerator.uuid();
  const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text);
  const lines = stepLines({ ...doc, uri });
  return { pickles: compile({ ...doc, uri }, uri, newId), lineOf: (id) => lines.get(id) };
}

const TWO_FLOWS = [
  'Feature: two flows',
  '  Background:',
  '    Given a source cluster "es-src" with 1 broker',
  '    And a target cluster "es-tgt" with 1 broker',
  '    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"',
  '    And MirrorMaker 2 mirrors "products" from "es-tgt" to "es-src"',
  '',
];

function problemsOf(lines: string[]) {
  const { pickles: all, lineOf } = pickles(lines.join('\n'));
  return all.flatMap((p) => flowProblems(p, lineOf, process.cwd()));
}

test('a short-form MM2 step in a scenario with two flows is refused, naming both flows and the named forms', () => {
  const problems = problemsOf([...TWO_FLOWS, '  Scenario: kill', '    When MirrorMaker 2 is killed', '    And MirrorMaker 2 node 1 is stopped', '']);
  assert.equal(problems.length, 2);
  const text = describeFlowProblems(problems);
  assert.match(text, /features\/x\.feature:9: When MirrorMaker 2 is killed\n    scenario "kill": it acts on MirrorMaker 2 without naming a flow, and this scenario has 2: es-src → es-tgt \(line 5\), es-tgt → es-src \(line 6\)/);
  assert.match(text, /name the flow: When MirrorMaker 2 from "es-src" to "es-tgt" is killed, or When MirrorMaker 2 from "es-tgt" to "es-src" is killed/);
  assert.match(text, /features\/x\.feature:10: When MirrorMaker 2 node 1 is stopped\n.*\n    this step has no form that names a flow yet/);
});

test('named steps, and short forms keyed by a target only one flow goes into, pass', () => {
  const problems = problemsOf([
    ...TWO_FLOWS,
    '  Scenario: named',
    '    When MirrorMaker 2 from "es-tgt" to "es-src" is killed',
    '    And MirrorMaker 2 from "es-tgt" to "es-src" is paused for 5 seconds',
    '    And MirrorMaker 2 has mirrored "products" to "es-tgt"',
    '    And MirrorMaker 2 from "es-src" to "es-tgt" has checkpointed group "g"',
    '    Then the copy of "products" on "es-src" misses 0 acked records and has 0 duplicates',
    '',
  ]);
  assert.deepEqual(problems, []);
});

test('a step keyed by a target two flows go into is refused; so is a named flow the scenario does not declare', () => {
  const problems = problemsOf([
    'Feature: fan-in',
    '  Scenario: two sources into one target',
    '    Given MirrorMaker 2 mirrors "products" from "a" to "c"',
    '    And MirrorMaker 2 mirrors "products" from "b" to "c" with:',
    '      | offset.lag.max | 10 |',
    '    When MirrorMaker 2 has checkpointed group "g" to "c"',
    '    And MirrorMaker 2 from "c" to "a" is restarted',
    '',
  ]);
  assert.equal(problems.length, 2);
  const text = describeFlowProblems(problems);
  assert.match(text, /:6: When MirrorMaker 2 has checkpointed group "g" to "c"\n.*it names the flow by its target, "c", and 2 flows of this scenario go into it: a → c \(line 3\), b → c \(line 4\)/);
  assert.match(text, /When MirrorMaker 2 from "a" to "c" has checkpointed group "g", or When MirrorMaker 2 from "b" to "c" has checkpointed group "g"/);
  assert.match(text, /:7: When MirrorMaker 2 from "c" to "a" is restarted\n.*names the flow c → a, which this scenario does not declare \(its flows: a → c \(line 3\), b → c \(line 4\)\)/);
});

test('one flow: the short forms stand for it, as they always did', () => {
  const problems = problemsOf([
    'Feature: one flow',
    '  Scenario: kill',
    '    Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"',
    '    When MirrorMaker 2 is killed',
    '    And connector "MirrorSourceConnector" is paused',
    '',
  ]);
  assert.deepEqual(problems, []);
});

test('no drill in features/ is refused by the flow guard', () => {
  const dir = resolve(import.meta.dirname, '../features');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.feature'))) {
    const { pickles: all, lineOf } = pickles(readFileSync(join(dir, file), 'utf8'), `features/${file}`);
    const problems = all.flatMap((p) => flowProblems(p, lineOf, process.cwd()));
    assert.deepEqual(problems, [], describeFlowProblems(problems));
  }
});

test('a drill with an ambiguous MM2 step: the run exits 2 in seconds, before any hook, naming the flows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flow-guard-'));
  try {
    const feature = join(dir, 'ambiguous.feature');
    writeFileSync(feature, [...TWO_FLOWS, '  Scenario: which MM2?', '    When 100 records are produced to "products" on "es-src"', '    And MirrorMaker 2 is killed', ''].join('\n'));
    const { seconds, ...run } = runGuarded(feature, dir);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /ambiguous\.feature:10: When MirrorMaker 2 is killed/);
    assert.match(run.stderr, /this scenario has 2: es-src → es-tgt \(line 5\), es-tgt → es-src \(line 6\)/);
    assert.match(run.stderr, /nothing was started/);
    // No hook ran: no scenario folder, no broker log.
    assert.doesNotMatch(run.stderr, /logs and reports in/);
    const files = existsSync(join(dir, 'run')) ? readdirSync(join(dir, 'run'), { recursive: true }).map(String) : [];
    assert.ok(!files.some((f) => /\.log$|broker/.test(f)), files.join(', '));
    assert.ok(seconds < 60, `the guard took ${seconds.toFixed(1)} s`);
    console.log(`flow guard: exit 2 after ${seconds.toFixed(1)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Every step that names MM2, a connector or a Connect worker, as steps/ defines it, with a text a
 * scenario writes and what the guard does with it in a scenario of two flows es-src ⇄ es-tgt (plus
 * a second flow into es-tgt for the steps keyed by target): `short` refused, `named` passes,
 * `target` refused only with two flows into its target, `topic` refused only with two flows of the
 * topic, `any` never (it acts on no one flow). A new MM2 step fails this test until it is listed,
 * so the guard never lags the vocabulary.
 */
const VOCABULARY: Record<string, { text: string; is: 'short' | 'named' | 'target' | 'topic' | 'any' }> = {
  'Connect worker {int} is {nodeAction}': { text: 'Connect worker 1 is killed', is: 'short' },
  'MirrorMaker 2 node {int} is {nodeAction}': { text: 'MirrorMaker 2 node 2 is stopped', is: 'short' },
  'the Connect worker running task {int} of connector {string} is {nodeAction}': { text: 'the Connect worker running task 0 of connector "MirrorSourceConnector" is killed', is: 'short' },
  'Connect worker {int} is paused for {int} second(s)': { text: 'Connect worker 2 is paused for 6 seconds', is: 'short' },
  "MirrorSourceConnector's source offset of {string} partition {int} is set to {int}": { text: 'MirrorSourceConnector\'s source offset of "products" partition 0 is set to 99', is: 'short' },
  'MirrorMaker 2 node {int} is paused for {int} second(s)': { text: 'MirrorMaker 2 node 1 is paused for 6 seconds', is: 'short' },
  'the Connect worker running task {int} of connector {string} is paused for {int} second(s)': { text: 'the Connect worker running task 0 of connector "MirrorSourceConnector" is paused for 6 seconds', is: 'short' },
  'the Connect worker that leads the group is {nodeAction}': { text: 'the Connect worker that leads the group is restarted', is: 'short' },
  'the MirrorMaker 2 node that leads the group is {nodeAction}': { text: 'the MirrorMaker 2 node that leads the group is killed', is: 'short' },
  'the Connect workers left have taken over every connector and task': { text: 'the Connect workers left have taken over every connector and task', is: 'short' },
  'the MirrorMaker 2 nodes left have taken over every connector and task': { text: 'the MirrorMaker 2 nodes left have taken over every connector and task', is: 'short' },
  'connector {string} is reconfigured with:': { text: 'connector "MirrorSourceConnector" is reconfigured with:', is: 'short' },
  'connector {string} is {connectorAction}': { text: 'connector "MirrorCheckpointConnector" is paused', is: 'short' },
  'task {int} of connector {string} is restarted': { text: 'task 0 of connector "MirrorSourceConnector" is restarted', is: 'short' },
  "MirrorMaker 2's log says {string}": { text: 'MirrorMaker 2\'s log says "is out of range"', is: 'short' },
  'MirrorMaker 2 is killed': { text: 'MirrorMaker 2 is killed', is: 'short' },
  'MirrorMaker 2 is stopped': { text: 'MirrorMaker 2 is stopped', is: 'short' },
  'MirrorMaker 2 is restarted': { text: 'MirrorMaker 2 is restarted', is: 'short' },
  'MirrorMaker 2 is paused for {int} second(s)': { text: 'MirrorMaker 2 is paused for 5 seconds', is: 'short' },
  'MirrorMaker 2 from {string} to {string} is killed': { text: 'MirrorMaker 2 from "es-tgt" to "es-src" is killed', is: 'named' },
  'MirrorMaker 2 from {string} to {string} is stopped': { text: 'MirrorMaker 2 from "es-tgt" to "es-src" is stopped', is: 'named' },
  'MirrorMaker 2 from {string} to {string} is restarted': { text: 'MirrorMaker 2 from "es-tgt" to "es-src" is restarted', is: 'named' },
  'MirrorMaker 2 from {string} to {string} is paused for {int} second(s)': { text: 'MirrorMaker 2 from "es-tgt" to "es-src" is paused for 1 second', is: 'named' },
  'MirrorMaker 2 from {string} to {string} has mirrored {string}': { text: 'MirrorMaker 2 from "es-src" to "es-tgt" has mirrored "products"', is: 'named' },
  'MirrorMaker 2 from {string} to {string} has checkpointed group {string}': { text: 'MirrorMaker 2 from "es-src" to "es-tgt" has checkpointed group "g"', is: 'named' },
  'MirrorMaker 2 from {string} to {string} has checkpointed nothing of group {string} for {string}': { text: 'MirrorMaker 2 from "es-tgt" to "es-src" has checkpointed nothing of group "g" for "es-src.products"', is: 'named' },
  'group {string} resumed on {string} on {string} against the checkpoints of MirrorMaker 2 from {string} to {string}': { text: 'group "g" resumed on "es-tgt.products" on "es-src" against the checkpoints of MirrorMaker 2 from "es-tgt" to "es-src"', is: 'named' },
  'MirrorMaker 2 from {string} to {string} has checkpointed nothing of group {string}': { text: 'MirrorMaker 2 from "es-tgt" to "es-src" has checkpointed nothing of group "console-consumer-1"', is: 'named' },
  'MirrorMaker 2 has checkpointed nothing of group {string} to {string}': { text: 'MirrorMaker 2 has checkpointed nothing of group "console-consumer-1" to "es-tgt"', is: 'target' },
  // The remote topic names its flow (the replication policy puts the source alias in it).
  "MirrorMaker 2's latest checkpoint of group {string} for partition {int} of {string} on {string} is {int} → {int}": { text: 'MirrorMaker 2\'s latest checkpoint of group "g" for partition 0 of "es-src.products" on "es-tgt" is 30 → 1', is: 'any' },
  'MirrorMaker 2 has written no checkpoint of group {string} for partition {int} of {string} on {string}': { text: 'MirrorMaker 2 has written no checkpoint of group "g" for partition 1 of "es-src.products" on "es-tgt"', is: 'any' },
  'MirrorMaker 2 has mirrored {string} to {string}': { text: 'MirrorMaker 2 has mirrored "products" to "es-tgt"', is: 'target' },
  'MirrorMaker 2 has mirrored {string} to {string} within {int} second(s)': { text: 'MirrorMaker 2 has mirrored "products" to "es-tgt" within 20 seconds', is: 'target' },
  'MirrorMaker 2 has checkpointed group {string} to {string} within {int} second(s)': { text: 'MirrorMaker 2 has checkpointed group "g" to "es-tgt" within 20 seconds', is: 'target' },
  'MirrorMaker 2 has checkpointed group {string} to {string}': { text: 'MirrorMaker 2 has checkpointed group "g" to "es-tgt"', is: 'target' },
  'MirrorMaker 2 copies nothing of {string} to {string} for {int} second(s)': { text: 'MirrorMaker 2 copies nothing of "products" to "es-tgt" for 5 seconds', is: 'target' },
  'waiting for MirrorMaker 2 to mirror {string} to {string} fails at once, saying {string}': { text: 'waiting for MirrorMaker 2 to mirror "products" to "es-tgt" fails at once, saying "skipped"', is: 'target' },
  'connector {string} has FAILED with {string}, and waiting for MirrorMaker 2 to mirror {string} to {string} says so': { text: 'connector "MirrorSourceConnector" has FAILED with "x", and waiting for MirrorMaker 2 to mirror "products" to "es-tgt" says so', is: 'target' },
  'the copy of {string} on {string} misses {int} acked record(s) and has {int} duplicate(s)': { text: 'the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates', is: 'target' },
  'the copy of {string} on {string} misses {int} acked record(s) and has at most {int} duplicate(s)': { text: 'the copy of "products" on "es-tgt" misses 0 acked records and has at most 3 duplicates', is: 'target' },
  'the copy of {string} on {string} misses {int} acked record(s) and has as many duplicates as MirrorMaker 2 had copied past its committed source offsets': { text: 'the copy of "products" on "es-tgt" misses 0 acked records and has as many duplicates as MirrorMaker 2 had copied past its committed source offsets', is: 'target' },
  'read read_uncommitted, the copy of {string} on {string} misses {int} acked record(s) and its only extra copies are the records of aborted transactions': { text: 'read read_uncommitted, the copy of "products" on "es-tgt" misses 0 acked records and its only extra copies are the records of aborted transactions', is: 'target' },
  "MirrorMaker 2's copies of {string} on {string} past its committed source offsets are counted": { text: 'MirrorMaker 2\'s copies of "products" on "es-tgt" past its committed source offsets are counted', is: 'target' },
  'MirrorMaker 2 has synced topic configs to {string} {int} more time(s)': { text: 'MirrorMaker 2 has synced topic configs to "es-tgt" 2 more times', is: 'target' },
  'MirrorMaker 2 from {string} to {string} has synced topic configs {int} more time(s)': { text: 'MirrorMaker 2 from "es-tgt" to "es-src" has synced topic configs 1 more time', is: 'named' },
  'auditing the copy of {string} on {string} is refused saying {string}': { text: 'auditing the copy of "products" on "es-tgt" is refused saying "x"', is: 'target' },
  'MirrorMaker 2 silently skipped {int} record(s) of {string} partition {int}': { text: 'MirrorMaker 2 silently skipped 5 records of "products" partition 0', is: 'topic' },
  // Each declares (or fails to declare) a flow of its own, or says how every flow runs.
  'MirrorMaker 2 mirrors {string} from {string} to {string}': { text: 'MirrorMaker 2 mirrors "orders" from "es-src" to "es-tgt"', is: 'any' },
  'MirrorMaker 2 mirrors {string} from {string} to {string} with:': { text: 'MirrorMaker 2 mirrors "orders" from "es-src" to "es-tgt" with:', is: 'any' },
  'MirrorMaker 2 mirroring {string} from {string} to {string} is refused saying {string}': { text: 'MirrorMaker 2 mirroring "x" from "es-src" to "es-tgt" is refused saying "y"', is: 'any' },
  'MirrorMaker 2 mirroring {string} from {string} to {string} is refused saying {string}, with:': { text: 'MirrorMaker 2 mirroring "x" from "es-src" to "es-tgt" is refused saying "y", with:', is: 'any' },
  'MirrorMaker 2 mirroring {string} from {string} to {string} fails to authenticate to {string}, its log saying {string}, with:': { text: 'MirrorMaker 2 mirroring "x" from "es-src" to "es-tgt" fails to authenticate to "es-src", its log saying "y", with:', is: 'any' },
  'MirrorMaker 2 started for {string} from {string} to {string} refuses its configuration, saying {string}, with:': { text: 'MirrorMaker 2 started for "x" from "es-src" to "es-tgt" refuses its configuration, saying "y", with:', is: 'any' },
  'MirrorMaker 2 runs on Kafka Connect': { text: 'MirrorMaker 2 runs on Kafka Connect', is: 'any' },
  'MirrorMaker 2 runs on Kafka Connect with {int} worker(s)': { text: 'MirrorMaker 2 runs on Kafka Connect with 2 workers', is: 'any' },
  'MirrorMaker 2 runs on {int} node(s)': { text: 'MirrorMaker 2 runs on 3 nodes', is: 'any' },
  // The user's own file declares the flow (one per file); the guard does not read the file.
  'MirrorMaker 2 runs the KafkaMirrorMaker2 resource in {string}': { text: 'MirrorMaker 2 runs the KafkaMirrorMaker2 resource in "examples/es-to-es.yml"', is: 'any' },
  'MirrorMaker 2 runs the MM2 properties in {string}': { text: 'MirrorMaker 2 runs the MM2 properties in "examples/mm2.properties"', is: 'any' },
  'MirrorMaker 2 running the KafkaMirrorMaker2 resource in {string} is refused saying {string}': { text: 'MirrorMaker 2 running the KafkaMirrorMaker2 resource in "r.yml" is refused saying "y"', is: 'any' },
  'MirrorMaker 2 running the MM2 properties in {string} is refused saying {string}': { text: 'MirrorMaker 2 running the MM2 properties in "m.properties" is refused saying "y"', is: 'any' },
};

test('every MM2 step of steps/ is known to the flow guard, and each is treated as its kind says', async () => {
  const defined = (await loadStepDefinitions()).filter((p) => /MirrorMaker 2|[Cc]onnector|Connect worker|copy of/.test(p));
  assert.deepEqual(defined.filter((p) => !VOCABULARY[p]).sort(), [], 'a step that names MM2 is missing from VOCABULARY: say how the flow guard treats it (and teach the guard if needed)');
  const scenario = (flows: string[], text: string) => problemsOf(['Feature: f', '  Scenario: s', ...flows.map((f) => `    Given ${f}`), `    When ${text}`, '']);
  const bothWays = ['MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"', 'MirrorMaker 2 mirrors "products" from "es-tgt" to "es-src"'];
  const twoInto = ['MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"', 'MirrorMaker 2 mirrors "orders" from "es-dr" to "es-tgt"'];
  const twoOf = ['MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"', 'MirrorMaker 2 mirrors "products" from "es-src" to "es-dr"'];
  for (const [expression, { text, is }] of Object.entries(VOCABULARY)) {
    const refused = (flows: string[]) => scenario(flows, text).some((p) => p.text === text);
    const expected = { bothWays: is === 'short' || is === 'topic', twoInto: is === 'short' || is === 'target', twoOf: is === 'short' || is === 'topic', one: false };
    // A named step passes wherever its flow is declared (both ways are); elsewhere it names a flow the scenario lacks.
    if (is === 'named') assert.equal(refused(bothWays), false, `${expression} (${is})`);
    else assert.deepEqual({ bothWays: refused(bothWays), twoInto: refused(twoInto), twoOf: refused(twoOf), one: refused([bothWays[0]!]) }, expected, `${expression} (${is})`);
  }
});
