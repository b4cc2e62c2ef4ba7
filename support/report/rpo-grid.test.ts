import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busyFraction, cellFeature, cellFigures, cellTable, type RunFigures, cpuBound, cpuTimes, oursFraction, parseList, procStat, treeGrowth, treeJiffies, parseRpoOptions, RPO_DEFAULTS, spread, spreadText, UsageError } from './rpo-grid.ts';

test('the grid: defaults, lists with suffixes, refusals', () => {
  assert.deepEqual(parseRpoOptions([]), RPO_DEFAULTS);
  assert.deepEqual(RPO_DEFAULTS.rates, [1000, 10_000, 50_000]);
  assert.deepEqual(RPO_DEFAULTS.latencies, [0, 20, 80]);
  assert.equal(RPO_DEFAULTS.runs, 3);
  const o = parseRpoOptions(['--rates', '1k,20_000', '--latencies=0,80', '--runs', '5', '--client', 'kafkajs', '--seconds', '8']);
  assert.deepEqual(o, { rates: [1000, 20_000], latencies: [0, 80], runs: 5, client: 'kafkajs', seconds: 8 });
  assert.deepEqual(parseList('1M', 'x', 1), [1_000_000]);
  assert.throws(() => parseRpoOptions(['--rates', '0']), UsageError);
  assert.throws(() => parseRpoOptions(['--rates', '1.5']), UsageError);
  assert.throws(() => parseRpoOptions(['--latencies', '-1']), UsageError);
  assert.throws(() => parseRpoOptions(['--runs', '2,3']), UsageError);
  assert.throws(() => parseRpoOptions(['--runs']), UsageError);
  assert.throws(() => parseRpoOptions(['--client', 'rdkafka']), UsageError);
  assert.throws(() => parseRpoOptions(['--rate', '10']), UsageError);
});

test('median and spread', () => {
  assert.equal(spread([]), undefined);
  assert.deepEqual(spread([3, undefined, 1, 2]), { median: 2, min: 1, max: 3, n: 3 });
  assert.deepEqual(spread([4, 1, 2, 3]), { median: 2.5, min: 1, max: 4, n: 4 });
  assert.equal(spreadText(spread([120, 80, 100])), '100 (80–120)');
  assert.equal(spreadText(spread([5, 5])), '5');
  assert.equal(spreadText(undefined), '–');
  assert.equal(spreadText(spread([1500, 500, 900]), (x) => (x / 1000).toFixed(1)), '0.9 (0.5–1.5)');
});

test('CPU busy from /proc/stat, and the flag', () => {
  const a = cpuTimes('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\n', 1000)!;
  assert.deepEqual(a, { time: 1000, busy: 150, total: 1000 });
  const b = cpuTimes('cpu  250 0 100 850 50 0 0 0 0 0\n', 2000)!;
  const c = cpuTimes('cpu  260 0 100 940 50 0 0 0 0 0\n', 3000)!;
  // From 1000 to 2000: 200 busy of 250.
  assert.equal(busyFraction([a, b, c], 1000, 2000), 0.8);
  // A window inside the samples widens to the samples around it.
  assert.equal(busyFraction([a, b, c], 1500, 2500), (360 - 150) / (1350 - 1000));
  assert.equal(busyFraction([b, c], 1000, 2500), undefined);
  assert.equal(busyFraction([a, b], 1000, 2500), undefined);
  assert.equal(cpuTimes('intr 1 2', 0), undefined);
  assert.equal(cpuBound(0.95), true);
  assert.equal(cpuBound(0.9), false);
  assert.equal(cpuBound(undefined), false);
});

test('a cell: its scenario and the figures read back', () => {
  const f = cellFeature({ rate: 10_000, latencyMs: 20, seconds: 10, client: 'platformatic' });
  assert.match(f, /behind Toxiproxy/);
  assert.match(f, /the link from MirrorMaker 2 to "es-src" has 20 ms latency/);
  assert.match(f, /the link from MirrorMaker 2 to "es-tgt" has 20 ms latency/);
  assert.match(f, /producers write 10000 records\/s/);
  assert.match(f, /the producers have written 100000 records/);
  assert.doesNotMatch(cellFeature({ rate: 1000, latencyMs: 0, seconds: 10, client: 'kafkajs' }), /has \d+ ms latency/);
  const figures = cellFigures({
    status: 'PASSED',
    verdict: { validity: 'valid', recoveries: [{ inFlight: 12, rpoMs: 300, rtoMs: 1500, fault: { time: 5000 } }] },
    ledger: {
      events: [
        { time: new Date(1000).toISOString(), kind: 'producers', what: 'start writing 10000 records/s' },
        { time: new Date(5000).toISOString(), kind: 'fault', what: 'killed (SIGKILL)' },
        { time: new Date(7000).toISOString(), kind: 'producers', what: 'stopped: 50000 sent, 40000 acked; 9876 acked records/s of 10000 asked over 4.1 s to the last ack' },
      ],
    },
  });
  assert.deepEqual(figures, { status: 'PASSED', validity: 'valid', lostInFlight: 12, rpoMs: 300, rtoMs: 1500, achievedRate: 9876, from: 1000, to: 5000 });
});

test("the drill's own CPU: a process tree's jiffies from /proc/<pid>/stat", () => {
  // pid (comm with ) spaces) state ppid ... utime (14th) stime (15th)
  const line = '42 (java (x) y) S 7 42 42 0 -1 4194560 100 0 0 0 300 50 0 0 20 0 30 0 1000';
  assert.deepEqual(procStat(line), { ppid: 7, jiffies: 350 });
  const stats = new Map([
    [7, { ppid: 1, jiffies: 10 }],
    [42, { ppid: 7, jiffies: 350 }],
    [43, { ppid: 42, jiffies: 5 }],
    [99, { ppid: 1, jiffies: 1000 }],
  ]);
  assert.deepEqual(treeJiffies(stats, 7), new Map([[7, 10], [42, 350], [43, 5]]));
  assert.equal(treeJiffies(stats, 5).size, 0);
  // 42 grew by 50, 43 exited (keeps what it used before), 44 is new (all of it counts).
  assert.equal(treeGrowth(new Map([[7, 10], [42, 350], [43, 5]]), new Map([[7, 10], [42, 400], [44, 30]])), 80);
  const samples = [
    { time: 0, busy: 0, total: 0, ours: 0 },
    { time: 1000, busy: 150, total: 200, ours: 100 },
  ];
  assert.equal(oursFraction(samples, 0, 1000), 0.5);
  assert.equal(oursFraction([{ time: 0, busy: 0, total: 0 }, { time: 1000, busy: 1, total: 2 }], 0, 1000), undefined);
});

test('the table: medians and spread per cell, a CPU-bound cell flagged with its loss and RPO in brackets', () => {
  const run = (over: Partial<RunFigures>): RunFigures => ({
    status: 'PASSED', validity: 'valid', lostInFlight: 0, rpoMs: 0, rtoMs: 300, achievedRate: 1000, from: 0, to: 1, run: 1, exit: 0, cpu: 0.5, ours: 0.4, ...over,
  });
  const lines = cellTable([
    { rate: 1000, latencyMs: 0, runs: [run({ lostInFlight: 2 }), run({ lostInFlight: 9, rtoMs: 200 }), run({ lostInFlight: 7 })] },
    { rate: 50_000, latencyMs: 80, runs: [run({ cpu: 0.99, lostInFlight: 480_000, rpoMs: 25_700, status: 'FAILED' })] },
  ]);
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /records\/s asked +latency\/link/);
  assert.match(lines[1]!, /^  1000 +0 ms +1000 +50 % +40 % +7 \(2–9\) +0\.0 +0\.3 \(0\.2–0\.3\) +3\/3$/);
  assert.match(lines[2]!, /\(480000\) +\(25\.7\) +0\.3 +0\/1 +CPU-bound, not an RPO$/);
  assert.equal(parseRpoOptions(['--table', 'x.json']).table, 'x.json');
});
