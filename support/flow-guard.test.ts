import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type Pickle } from '@cucumber/messages';
import { describeFlowProblems, flowProblems } from './flow-guard.ts';
import { stepLines } from './step-guard.ts';

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
    const env: NodeJS.ProcessEnv = { ...process.env, MIRRORDRILL_RUN_DIR: join(dir, 'run'), NODE_OPTIONS: '--import tsx' };
    delete env.MIRRORDRILL_LOCK;
    const started = Date.now();
    const run = spawnSync(process.execPath, [resolve('node_modules/.bin/cucumber-js'), '--profile', 'drill', feature], { env, encoding: 'utf8', timeout: 120_000 });
    const seconds = (Date.now() - started) / 1000;
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
