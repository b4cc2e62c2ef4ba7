import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BUG_FEATURE, bugDrills, firstFixed, matrixMarkdown, type Cell } from './mm2-matrix.ts';

test('each bug drill names its bug, the text its failure must say, and a release known to have it', () => {
  const drills = bugDrills(readFileSync(BUG_FEATURE, 'utf8'));
  assert.ok(drills.length >= 1);
  const d = drills.find((x) => x.bug === 'KAFKA-15906')!;
  assert.equal(d.knownBad, '3.6.2');
  assert.match(d.saying, /latest offset sync at 101/);
  assert.throws(() => bugDrills('Feature: x\n  @KAFKA-1\n  Scenario: y\n    Given a\n', 'x.feature'), /x.feature:3: the drill of KAFKA-1 does not say why it fails/);
});

test('the first fixed release is read per line, from its lowest patch up: interleaved releases are never bisected as one list', () => {
  const cells = new Map<string, Cell>([
    ['3.4.1', 'fails (the bug)'],
    ['3.5.0', 'fails (the bug)'],
    ['3.5.1', 'fails (the bug)'],
    ['3.6.0', 'fails (the bug)'],
    ['3.6.2', 'fails (the bug)'], // shipped after 3.7.0, still buggy
    ['3.7.0', 'passes'],
    ['3.7.1', 'passes'],
    ['3.8.0', 'passes'],
    ['4.3.1', 'passes'],
  ]);
  assert.deepEqual(Object.fromEntries(firstFixed(cells)), {
    '3.4': 'not fixed in 3.4.1',
    '3.5': 'not fixed in 3.5.1',
    '3.6': 'not fixed in 3.6.2',
    '3.7': 'never had it (3.7.0, 3.7.1 pass)',
    '3.8': 'never had it (3.8.0 pass)',
    '4.3': 'never had it (4.3.1 pass)',
  });
  const fixedWithin = new Map<string, Cell>([
    ['3.7.0', 'fails (the bug)'],
    ['3.7.1', 'passes'],
    ['3.7.2', 'passes'],
  ]);
  assert.equal(firstFixed(fixedWithin).get('3.7'), '3.7.1');
  // A failure for another reason judges nothing.
  assert.equal(firstFixed(new Map<string, Cell>([['3.9.2', 'fails (another reason)']])).get('3.9'), 'unknown (no release of the line judged)');
  const md = matrixMarkdown(['3.6.2', '3.7.0'], [{ bug: 'KAFKA-15906', cells: new Map<string, Cell>([['3.6.2', 'fails (the bug)'], ['3.7.0', 'passes']]), firstFixed: new Map([['3.6', 'not fixed in 3.6.2']]), reasons: new Map() }]);
  assert.match(md, /\| KAFKA-15906 \| \*\*fails\*\* \| passes \| 3.6: not fixed in 3.6.2 \|/);
});
