import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint, type ShardRecord } from '../shard.ts';
import { readEnvelopes } from './cucumber-messages.ts';
import { pickleIds, runDurations } from './durations.ts';
import { EXIT } from './launcher.ts';
import { mergeJunit, mergeMessages, mergeShards, MergeRefused, readShard, refusals, type ShardRun } from './shard-merge.ts';

const selection = ['f::a', 'f::b', 'f::c', 'f::d'];
const record = (shard: number, of: number, ran: string[], sel = selection, durations = 'd1'): ShardRecord => ({
  shard,
  of,
  fingerprint: fingerprint(sel),
  selection: [...sel].sort(),
  ran,
  durations: { file: 'features/durations.json', fingerprint: durations, unknown: 0 },
  planned: [],
});
const run = (r: ShardRecord, dir = `shard${r.shard}`): ShardRun => ({ dir, record: r });
const four = [run(record(1, 4, ['f::a'])), run(record(2, 4, ['f::b'])), run(record(3, 4, ['f::c'])), run(record(4, 4, ['f::d']))];

test('shards that split one selection exactly merge', () => {
  assert.deepEqual(refusals(four), []);
  assert.deepEqual(refusals([run(record(1, 1, selection))]), []);
});

test('a missing shard is named: 1/4, 2/4, 4/4 given → shard 3/4 missing', () => {
  assert.deepEqual(refusals([four[0]!, four[1]!, four[3]!]), ['shard 3/4 missing (given: 1/4, 2/4, 4/4)']);
  assert.deepEqual(refusals([four[1]!]), ['shard 1/4 missing (given: 2/4)', 'shard 3/4 missing (given: 2/4)', 'shard 4/4 missing (given: 2/4)']);
});

test('a shard given twice is named with both folders', () => {
  const problems = refusals([...four, run(record(2, 4, ['f::b']), 'elsewhere/shard2')]);
  assert.deepEqual(problems, ['shard 2/4 given twice: shard2 and elsewhere/shard2']);
});

test('shards of different N are refused, each named', () => {
  const [p] = refusals([run(record(1, 2, ['f::a', 'f::b'])), run(record(2, 3, ['f::c']))]);
  assert.match(p!, /^shards of different N: shard1 is 1\/2, shard2 is 2\/3$/);
});

test('shards of different selections are refused, naming the shard and what differs', () => {
  const other = ['f::a', 'f::b', 'f::c', 'f::e'];
  const [p, ...rest] = refusals([four[0]!, four[1]!, four[2]!, run(record(4, 4, ['f::e'], other))]);
  assert.equal(rest.length, 0);
  assert.match(p!, /^shard 4\/4 \(shard4\) ran another selection than shard 1\/4 \(shard1\): fingerprint \w+, not \w+; only in 4\/4: f::e; only in 1\/4: f::d$/);
});

test('shards planned from different durations (overlapping, or leaving a scenario out) are refused', () => {
  const problems = refusals([run(record(1, 2, ['f::a', 'f::b'])), run(record(2, 2, ['f::b', 'f::c'], selection, 'd2'))]);
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /^"f::b" ran in shards 1\/2 and 2\/2: the shards were planned from different durations \(durations fingerprints: 1\/2 d1, 2\/2 d2\)/);
  assert.match(problems[1]!, /^1 selected scenario\(s\) ran in no shard \(f::d\)/);
});

test('a folder that is no shard’s run folder is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mirrordrill-noshard-'));
  assert.throws(() => readShard(dir), (e: Error) => e instanceof MergeRefused && /has no shard\.json: not the run folder of a --shard K\/N run/.test(e.message));
  assert.throws(() => readShard(join(dir, 'nowhere')), /no run folder at/);
});

test('messages: one run start (the first), one run end (the last; failed when any shard failed), each pickle once', () => {
  const t = (seconds: number) => ({ seconds, nanos: 0 });
  const shard = (start: number, end: number, success: boolean, ran: string, idle: string) => [
    { meta: { protocolVersion: 'x' } },
    { pickle: { id: ran, uri: 'f', name: ran, steps: [], astNodeIds: [], tags: [], language: 'en' } },
    { pickle: { id: idle, uri: 'f', name: idle, steps: [], astNodeIds: [], tags: [], language: 'en' } },
    { testRunStarted: { timestamp: t(start) } },
    { testCase: { id: `tc-${ran}`, pickleId: ran, testSteps: [] } },
    { testRunFinished: { timestamp: t(end), success } },
  ];
  const merged = mergeMessages([shard(10, 20, true, 'p1', 'q1'), shard(5, 30, false, 'p2', 'q2')] as never);
  assert.equal(merged.filter((e) => e.meta).length, 1);
  assert.deepEqual(merged.filter((e) => e.pickle).map((e) => e.pickle!.id), ['p1', 'p2']);
  assert.deepEqual(merged.filter((e) => e.testRunStarted).map((e) => e.testRunStarted!.timestamp.seconds), [5]);
  assert.deepEqual(merged.filter((e) => e.testRunFinished).map((e) => [e.testRunFinished!.timestamp.seconds, e.testRunFinished!.success]), [[30, false]]);
});

test('JUnit: one suite with every shard’s test cases and the totals summed', () => {
  const suite = (tests: number, failures: number, time: number, at: string) =>
    `<?xml version="1.0"?>\n<testsuites><testsuite name="mirrordrill" time="${time}" tests="${tests}" skipped="0" failures="${failures}" errors="0" timestamp="${at}">\n${Array.from({ length: tests }, (_, i) => `  <testcase classname="F" name="s${at}${i}" time="1"><system-out><![CDATA[x]]></system-out></testcase>`).join('\n')}\n</testsuite></testsuites>`;
  const xml = mergeJunit([suite(2, 1, 3.5, '2026-12-07T02:00:00Z'), suite(3, 0, 4.25, '2026-12-07T01:00:00Z')]);
  assert.match(xml, /<testsuites name="mirrordrill" tests="5" failures="1" errors="0" skipped="0" time="7.75">/);
  assert.match(xml, /<testsuite name="mirrordrill" time="7.75" tests="5" skipped="0" failures="1" errors="0" timestamp="2026-12-07T01:00:00Z">/);
  assert.equal(xml.match(/<testcase /g)?.length, 5);
  assert.equal(xml.match(/<testsuite /g)?.length, 1);
});

const fixture = join(import.meta.dirname, 'fixtures', 'under-fire-run');
const fixtureEnvelopes = readEnvelopes(join(fixture, 'messages.ndjson'));
const fixtureId = [...pickleIds(fixtureEnvelopes).values()][0]!;
const emptyRun = (dir: string) => {
  mkdirSync(dir, { recursive: true });
  const lines = [{ meta: fixtureEnvelopes[0]!.meta }, { testRunStarted: { timestamp: { seconds: 1796190500, nanos: 0 } } }, { testRunFinished: { timestamp: { seconds: 1796190501, nanos: 0 }, success: true } }];
  writeFileSync(join(dir, 'messages.ndjson'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  writeFileSync(join(dir, 'junit.xml'), '<?xml version="1.0"?>\n<testsuites><testsuite name="mirrordrill" time="0.1" tests="0" skipped="0" failures="0" errors="0"></testsuite></testsuites>\n');
};
const shardDir = (root: string, k: number, n: number, sel: string[], ran: string[], withRun: boolean) => {
  const dir = join(root, `shard-${k}`);
  if (withRun) {
    cpSync(fixture, dir, { recursive: true });
    writeFileSync(join(dir, 'summary.txt'), `PASSED   valid (lost 0)  the seed story under load  → under-fire-a-data-centre-lost-while-records-flow-measured-as-rpo-and-rto/the-seed-story-under-load-es-src-killed-mid-stream-while-the-group-auto-commits\n`);
  } else emptyRun(dir);
  writeFileSync(join(dir, 'shard.json'), JSON.stringify(record(k, n, ran, sel)));
  return dir;
};

test('a real run folder and a shard that ran nothing merge into one DR report, JUnit file and summary', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mirrordrill-merge-'));
  const sel = [fixtureId];
  const dirs = [shardDir(root, 2, 2, sel, [], false), shardDir(root, 1, 2, sel, [fixtureId], true)];
  const out = join(root, 'merged');
  const r = await mergeShards(out, dirs);
  assert.equal(r.code, EXIT.passed);
  assert.deepEqual([r.shards, r.of, r.scenarios, r.failed, r.notRun.length], [2, 2, 1, 0, 0]);
  const index = readFileSync(r.index, 'utf8');
  assert.match(index, /<b>1<\/b> scenario\(s\)/);
  assert.match(index, /href="shard-1-of-2\/under-fire-a-data-centre/);
  assert.ok(existsSync(join(out, 'shard-1-of-2', 'under-fire-a-data-centre-lost-while-records-flow-measured-as-rpo-and-rto', 'the-seed-story-under-load-es-src-killed-mid-stream-while-the-group-auto-commits', 'index.html')));
  assert.match(readFileSync(join(out, 'summary.txt'), 'utf8'), /^PASSED .* → shard-1-of-2\/under-fire-a-data-centre/);
  assert.match(readFileSync(join(out, 'junit.xml'), 'utf8'), /<testsuites name="mirrordrill" tests="4" /);
  // The merged messages give the same scenario and duration as the shard's own.
  assert.deepEqual([...runDurations(readEnvelopes(join(out, 'messages.ndjson')))], [...runDurations(fixtureEnvelopes)]);
  // Merging again into the same folder replaces the earlier merge.
  assert.equal((await mergeShards(out, dirs)).code, EXIT.passed);
});

test('a scenario a shard was given and never finished is NOT RUN, and the merge exits 3', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mirrordrill-merge-'));
  const sel = [fixtureId, 'features/x.feature::never ran'];
  const dirs = [shardDir(root, 1, 2, sel, [fixtureId], true), shardDir(root, 2, 2, sel, ['features/x.feature::never ran'], false)];
  const r = await mergeShards(join(root, 'merged'), dirs);
  assert.equal(r.code, EXIT.harness);
  assert.deepEqual(r.notRun, ['features/x.feature::never ran']);
  assert.match(readFileSync(join(root, 'merged', 'summary.txt'), 'utf8'), /^NOT RUN  shard 2\/2 was given it and never finished it  features\/x\.feature::never ran$/m);
});

test('the merge refuses before writing anything, and never into a shard’s own folder or a foreign one', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mirrordrill-merge-'));
  const sel = [fixtureId];
  const one = shardDir(root, 1, 2, sel, [fixtureId], true);
  await assert.rejects(mergeShards(join(root, 'merged'), [one]), (e: Error) => e instanceof MergeRefused && e.message === 'shard 2/2 missing (given: 1/2)');
  assert.ok(!existsSync(join(root, 'merged')));
  const two = shardDir(root, 2, 2, sel, [], false);
  await assert.rejects(mergeShards(one, [one, two]), /is shard 1\/2's run folder/);
  mkdirSync(join(root, 'busy'));
  writeFileSync(join(root, 'busy', 'notes.txt'), 'mine');
  await assert.rejects(mergeShards(join(root, 'busy'), [one, two]), /exists and is not a merge's folder/);
});
