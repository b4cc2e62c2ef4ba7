import { runGuarded } from './guard-run.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StepMatcher, stepProblems, describeProblems } from './step-guard.ts';

const matcher = new StepMatcher(
  [
    { source: 'a {role} cluster {string} with {int} broker(s) secured with {security}', type: 'CUCUMBER_EXPRESSION' },
    { source: '{int} records are produced to {string} on {string}', type: 'CUCUMBER_EXPRESSION' },
  ],
  [
    { name: 'role', regularExpressions: ['source|target'] },
    { name: 'security', regularExpressions: ['SCRAM\\-SHA\\-512 and mutual TLS|SCRAM\\-SHA\\-512|mutual TLS'] },
  ],
);

test('a closed-list parameter does not swallow a mistyped step, and the snippet is useful', () => {
  assert.equal(matcher.matching('a source cluster "es-src" with 1 broker secured with SCRAM-SHA-512').length, 1);
  assert.equal(matcher.matching('a source cluster "es-src" with 1 broker secured with SCRAM-SHA-256').length, 0);
  assert.equal(matcher.snippetExpression('100 records are prodcued to "products" on "es-src"'), '{int} records are prodcued to {string} on {string}');
  assert.notEqual(matcher.snippetExpression('anything at all'), '{security}');
  assert.equal(matcher.nearest('100 records are prodcued to "products" on "es-src"'), '{int} records are produced to {string} on {string}');
  assert.deepEqual(matcher.wordsIn('a {role} cluster {string} with {int} broker(s) secured with {security}'), [
    '{role} is one of: source, target',
    '{security} is one of: SCRAM-SHA-512 and mutual TLS, SCRAM-SHA-512, mutual TLS',
  ]);
});

test('an ambiguous step is named with the definitions that match it', () => {
  const twice = new StepMatcher(
    [
      { source: 'the producers stop', type: 'CUCUMBER_EXPRESSION', where: 'steps/a.steps.ts:1' },
      { source: '/^the producers (stop|pause)$/', type: 'REGULAR_EXPRESSION', where: 'steps/b.steps.ts:9' },
    ],
    [],
  );
  const pickle = { id: 'p', uri: 'features/x.feature', name: 's', language: 'en', astNodeIds: [], tags: [], steps: [{ id: 's1', text: 'the producers stop', astNodeIds: ['n1'], type: 'Action' }] };
  const problems = stepProblems(twice, [pickle as never], () => 7, process.cwd());
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.kind, 'ambiguous');
  assert.match(describeProblems(problems), /features\/x\.feature:7: When the producers stop\n    more than one step definition matches it: 'the producers stop' \(steps\/a\.steps\.ts:1\), '\/\^the producers \(stop\|pause\)\$\/' \(steps\/b\.steps\.ts:9\)/);
});

test('a feature with a mistyped step: the run stops before any hook, exit 2, naming file, line, step and snippet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'step-guard-'));
  try {
    const feature = join(dir, 'typo.feature');
    writeFileSync(
      feature,
      [
        'Feature: a typo',
        '  Scenario: two clusters, then a mistyped step',
        '    Given a source cluster "es-src" with 1 broker',
        '    And a target cluster "es-tgt" with 1 broker',
        '    When 100 records are prodcued to "products" on "es-src"',
        '',
      ].join('\n'),
    );
    const { seconds, ...run } = runGuarded(feature, dir);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /typo\.feature:5: When 100 records are prodcued to "products" on "es-src"/);
    assert.match(run.stderr, /the nearest step that exists is: \{int\} records are produced to \{string\} on \{string\}/);
    assert.match(run.stderr, /When\('\{int\} records are prodcued to \{string\} on \{string\}', async function \(this: DrillWorld, int: number, string: string, string2: string\)/);
    // No hook ran: BeforeAll would have linked reports/latest and announced the runtime; no scenario folder, no broker log.
    assert.doesNotMatch(run.stderr, /logs and reports in/);
    const files = existsSync(join(dir, 'run')) ? readdirSync(join(dir, 'run'), { recursive: true }).map(String) : [];
    assert.ok(!files.some((f) => /\.log$|broker/.test(f)), files.join(', '));
    console.log(`step guard: exit 2 after ${seconds.toFixed(1)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
