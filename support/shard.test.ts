import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateMessages } from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType, type GherkinDocument } from '@cucumber/messages';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnvelopes } from './report/cucumber-messages.ts';
import { catalogueIds, refreshDurations, runDurations } from './report/durations.ts';
import { median } from './report/median.ts';
import { EXIT, launch } from './report/launcher.ts';
import { DURATIONS_FILE, parseShard, partition, readDurations, scenarioIds, ShardError, shardArgs, shardRecord } from './shard.ts';

test('--shard K/N: 1 ≤ K ≤ N; anything else is refused naming the flag and the form', () => {
  assert.deepEqual(parseShard('2/4'), { index: 2, total: 4 });
  assert.deepEqual(parseShard(' 1/1 '), { index: 1, total: 1 });
  for (const [bad, why] of [
    ['0/4', /--shard 0\/4: K must be between 1 and 4/],
    ['5/4', /--shard 5\/4: K must be between 1 and 4/],
    ['2/0', /--shard 2\/0: N, the number of shards, must be at least 1/],
    ['x', /--shard "x": expected K\/N/],
    ['2/4/8', /expected K\/N/],
    ['-1/4', /expected K\/N/],
    ['1.5/4', /expected K\/N/],
    ['', /--shard needs a value/],
  ] as const) {
    assert.throws(() => parseShard(bad), (e: Error) => e instanceof ShardError && why.test(e.message), bad);
  }
  assert.throws(() => parseShard('9/3', 'MIRRORDRILL_SHARD'), /^Error: MIRRORDRILL_SHARD 9\/3/);
});

test('the launcher takes --shard out of Cucumber’s arguments, in both spellings, once', () => {
  assert.deepEqual(shardArgs(['--profile', 'drill', '--shard', '2/4', 'features/x.feature']), { shard: { index: 2, total: 4 }, rest: ['--profile', 'drill', 'features/x.feature'] });
  assert.deepEqual(shardArgs(['--shard=3/3', '--tags', '@seed']), { shard: { index: 3, total: 3 }, rest: ['--tags', '@seed'] });
  assert.deepEqual(shardArgs(['--profile', 'ci']), { rest: ['--profile', 'ci'] });
  assert.throws(() => shardArgs(['--shard']), /--shard needs a value/);
  assert.throws(() => shardArgs(['--shard', '--tags', '@seed']), /--shard needs a value/);
  assert.throws(() => shardArgs(['--shard', '1/2', '--shard=2/2']), /given 2 times/);
});

const ids = Array.from({ length: 23 }, (_, i) => `features/f${i % 4}.feature::scenario ${String(i).padStart(2, '0')}`);
const durations = Object.fromEntries(ids.map((id, i) => [id, ((i * 37) % 29) + 1]));
const load = (shard: string[], d: Record<string, number>) => shard.reduce((s, id) => s + (d[id] ?? 0), 0);

test('the partition is deterministic: the same shards whatever the order of the selection', () => {
  const a = partition(ids, durations, 4);
  const b = partition([...ids].reverse(), durations, 4);
  const c = partition([...ids, ...ids.slice(0, 5)], durations, 4);
  assert.deepEqual(a, b);
  assert.deepEqual(a, c);
});

test('every selected scenario is in exactly one shard, for any N (more shards than scenarios: some empty)', () => {
  for (const n of [1, 2, 3, 4, 7, 23, 30]) {
    const { shards } = partition(ids, durations, n);
    assert.equal(shards.length, n);
    const all = shards.flat();
    assert.equal(all.length, ids.length, `N=${n}`);
    assert.deepEqual([...all].sort(), [...ids].sort(), `N=${n}`);
    if (n > ids.length) assert.equal(shards.filter((s) => s.length === 0).length, n - ids.length);
  }
});

test('longest first into the least loaded shard: loads differ by at most the longest scenario', () => {
  for (const n of [2, 3, 4, 5]) {
    const { shards, seconds } = partition(ids, durations, n);
    const loads = shards.map((s) => load(s, durations));
    assert.deepEqual(seconds, loads);
    assert.ok(Math.max(...loads) - Math.min(...loads) <= Math.max(...Object.values(durations)), `N=${n}: ${loads.join(', ')}`);
  }
  // A known case: 8, 7, 6, 5, 4 over 2 shards → {8, 5, 4} 17 and {7, 6} 13.
  const d = { a: 8, b: 7, c: 6, d: 5, e: 4 };
  assert.deepEqual(partition(Object.keys(d), d, 2).shards, [['a', 'd', 'e'], ['b', 'c']]);
  // Equal durations: ties broken by id, the lowest shard first.
  assert.deepEqual(partition(['d', 'c', 'b', 'a'], { a: 1, b: 1, c: 1, d: 1 }, 2).shards, [['a', 'c'], ['b', 'd']]);
});

test('scenarios the durations file lacks are spread by count', () => {
  const none = partition(ids, {}, 4);
  assert.deepEqual(none.shards.map((s) => s.length).sort(), [5, 6, 6, 6]);
  assert.equal(none.unknown.length, ids.length);
  // Some known, some not: the unknown ones differ by at most one between shards.
  const half = Object.fromEntries(ids.slice(0, 10).map((id) => [id, durations[id]!]));
  const { shards, unknown } = partition(ids, half, 4);
  assert.equal(unknown.length, 13);
  const counts = shards.map((s) => s.filter((id) => !(id in half)).length);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, counts.join(', '));
});

function parse(text: string, uri = 'features/x.feature'): GherkinDocument {
  const envelopes = generateMessages(text, uri, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN, { includeGherkinDocument: true, includePickles: false, includeSource: false, newId: IdGenerator.uuid() });
  return envelopes.find((e) => e.gherkinDocument)!.gherkinDocument!;
}

const FEATURE = `Feature: f
  Scenario: one
    Given a step
  Scenario Outline: two <client>
    Given a step
    Examples:
      | client | n  |
      | kafkajs | 40 |
      | platformatic | 20 |
  Rule: r
    Scenario: one
      Given a step
`;

test('a scenario’s id is its file and name (an Examples row: and its cells), not its line', () => {
  const ids = [...scenarioIds('features/x.feature', parse(FEATURE)).values()];
  assert.deepEqual(ids, [
    'features/x.feature::one',
    'features/x.feature::two <client>::kafkajs | 40',
    'features/x.feature::two <client>::platformatic | 20',
    'features/x.feature::one #2',
  ]);
  // A scenario added at the top moves every line and changes no other id.
  const edited = FEATURE.replace('Feature: f\n', 'Feature: f\n  Scenario: zero\n    Given a step\n\n');
  assert.deepEqual([...scenarioIds('features/x.feature', parse(edited)).values()], ['features/x.feature::zero', ...ids]);
});

test('the catalogue’s feature files give ids, and the committed durations file reads', () => {
  const root = join(import.meta.dirname, '..');
  const catalogue = catalogueIds(root);
  assert.ok(catalogue.size > 50, `${catalogue.size} scenarios`);
  const d = readDurations(join(root, DURATIONS_FILE));
  assert.ok(Object.keys(d).length > 0);
});

test('shard.json: every shard of one selection has its fingerprint, and their ran lists split it', () => {
  const records = [1, 2, 3].map((k) => shardRecord({ index: k, total: 3 }, [...ids].reverse(), durations, DURATIONS_FILE));
  assert.equal(new Set(records.map((r) => r.fingerprint)).size, 1);
  assert.deepEqual(records[0]!.selection, [...ids].sort());
  assert.deepEqual(records.flatMap((r) => r.ran).sort(), [...ids].sort());
  const other = shardRecord({ index: 1, total: 3 }, ids.slice(1), durations, DURATIONS_FILE);
  assert.notEqual(other.fingerprint, records[0]!.fingerprint);
});

test('the launcher refuses a bad --shard with exit 2 before any run folder or Cucumber', async () => {
  const reports = mkdtempSync(join(tmpdir(), 'mirrordrill-shard-'));
  for (const bad of [['--shard', '0/4'], ['--shard=5/4'], ['--shard', '2/0'], ['--shard', 'x']]) {
    const { code } = await launch({ args: ['--profile', 'ci', ...bad], env: { MIRRORDRILL_REPORTS: reports }, quiet: true });
    assert.equal(code, EXIT.input, bad.join(' '));
  }
  assert.deepEqual(readdirSync(reports), []);
});

test('durations: testCaseStarted to testCaseFinished per scenario id; the median over runs; ids gone from the catalogue dropped', () => {
  const fixture = join(import.meta.dirname, 'report', 'fixtures', 'under-fire-run');
  const measured = runDurations(readEnvelopes(join(fixture, 'messages.ndjson')));
  const id = 'features/under-fire.feature::the seed story under load: es-src killed mid-stream while the group auto-commits (<client>)::platformatic';
  assert.deepEqual([...measured], [[id, 16.907]]);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  const cwd = mkdtempSync(join(tmpdir(), 'mirrordrill-durations-'));
  mkdirSync(join(cwd, 'features'));
  copyFileSync(join(import.meta.dirname, '..', 'features', 'under-fire.feature'), join(cwd, 'features', 'under-fire.feature'));
  const kafkajs = id.replace(/platformatic$/, 'kafkajs');
  writeFileSync(join(cwd, DURATIONS_FILE), JSON.stringify({ seconds: { [id]: 99, [kafkajs]: 20, 'features/gone.feature::x': 5 } }));
  const r = refreshDurations([fixture, fixture], { cwd });
  assert.equal(r.durations.seconds[id], 16.9);
  assert.equal(r.durations.seconds[kafkajs], 20);
  assert.deepEqual(r.dropped, ['features/gone.feature::x']);
  assert.equal(r.measured, 1);
});
