import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliTags, unmatched, type Selection } from './selection-guard.ts';

const seed = '/repo/features/active-passive-failover.feature';
const controls = '/repo/features/negative-controls-consumer.feature';
// The seed's outline at line 20 with Examples rows at 37 and 38; one scenario at line 5 of the controls.
const parsed = [
  { id: 'a', file: seed, lines: [20, 37] },
  { id: 'b', file: seed, lines: [20, 38] },
  { id: 'c', file: controls, lines: [5] },
];
const files: Record<string, string[]> = { 'features/active-passive-failover.feature': [seed], features: [seed, controls], 'features/**/*.{feature,feature.md}': [seed, controls] };

function selection(requested: string[], selected: string[], tags: string[] = []): Selection {
  return { cwd: '/repo', requested, filesOf: (p) => files[p] ?? [], parsed, selected: new Set(selected), tags };
}

test('a path with no feature file is named', () => {
  assert.deepEqual(unmatched(selection(['features/nope.feature'], [])), ['features/nope.feature: no feature file there']);
});

test('a line that starts no scenario is named with the lines that do', () => {
  assert.deepEqual(unmatched(selection(['features/active-passive-failover.feature:28'], [])), [
    'features/active-passive-failover.feature:28: line 28 starts no Scenario, Scenario Outline or Examples row (those start at lines 20, 37, 38)',
  ]);
  // One good line does not excuse a bad one.
  assert.equal(unmatched(selection(['features/active-passive-failover.feature:37:28'], ['a'])).length, 1);
});

test('tags that exclude everything a path selects are named', () => {
  assert.deepEqual(unmatched(selection(['features/active-passive-failover.feature'], [], ['@nope'])), [
    'features/active-passive-failover.feature: no scenario it selects matches the tags "@nope"',
  ]);
  assert.deepEqual(unmatched(selection(['features/**/*.{feature,feature.md}'], [], ['@seed', 'not @seed'])), [
    'features/**/*.{feature,feature.md}: no scenario it selects matches the tags "@seed" and "not @seed"',
  ]);
});

test('a selection that runs something for every path passes', () => {
  assert.deepEqual(unmatched(selection(['features/active-passive-failover.feature:38'], ['b'])), []);
  assert.deepEqual(unmatched(selection(['features'], ['a', 'b', 'c'])), []);
  assert.deepEqual(unmatched(selection(['features/**/*.{feature,feature.md}'], ['a'], ['@seed'])), []);
});

test('tags are read from the command line as Cucumber takes them', () => {
  assert.deepEqual(cliTags(['node', 'cucumber-js', '--profile', 'drill', '--tags', '@seed', '-t', 'not @slow', '--tags=@x']), ['@seed', 'not @slow', '@x']);
});
