/**
 * The pure parts of `npm run bench:rpo` (bench/rpo.ts): its options, the scenario of one cell of
 * the grid (rate × one-way latency per link), the figures read back from a scenario's
 * report.json, the machine's CPU use from /proc/stat, and the median and spread of a cell.
 */
import { median } from './median.ts';

/** A cell whose machine was busier than this over the producing window is CPU-bound: no RPO. */
export const CPU_BOUND = 0.9;

export interface RpoOptions {
  rates: number[];
  latencies: number[];
  runs: number;
  client: 'platformatic' | 'kafkajs';
  /** Seconds of producing before the fault (the scenario waits for rate × seconds acked records). */
  seconds: number;
  /** Print the table of a finished bench's cells.json and run nothing. */
  table?: string;
}

export const RPO_DEFAULTS: RpoOptions = { rates: [1000, 10_000, 50_000], latencies: [0, 20, 80], runs: 3, client: 'platformatic', seconds: 10 };

export class UsageError extends Error {}

/** "1000,10k,50000" → [1000, 10000, 50000]; k and M suffixes, `_` separators. */
export function parseList(text: string, what: string, min: number): number[] {
  const items = text.split(/[\s,]+/).filter(Boolean);
  if (!items.length) throw new UsageError(`${what} is empty`);
  return items.map((item) => {
    const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(item.replaceAll('_', ''));
    const value = match ? Number(match[1]) * (match[2] ? (match[2].toLowerCase() === 'k' ? 1e3 : 1e6) : 1) : NaN;
    if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`${what}: "${item}" is not a whole number of at least ${min}`);
    return value;
  });
}

/** --rates, --latencies, --runs, --client, --seconds; every other word is refused. */
export function parseRpoOptions(argv: string[]): RpoOptions {
  const o: RpoOptions = { ...RPO_DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--rates':
        o.rates = parseList(value(), '--rates', 1);
        break;
      case '--latencies':
        o.latencies = parseList(value(), '--latencies', 0);
        break;
      case '--runs':
        o.runs = one(parseList(value(), '--runs', 1), '--runs');
        break;
      case '--seconds':
        o.seconds = one(parseList(value(), '--seconds', 1), '--seconds');
        break;
      case '--table':
        o.table = value();
        break;
      case '--client': {
        const c = value();
        if (c !== 'platformatic' && c !== 'kafkajs') throw new UsageError(`--client: "${c}" is not platformatic or kafkajs`);
        o.client = c;
        break;
      }
      default:
        throw new UsageError(`unknown option "${arg}"`);
    }
  }
  return o;
}

function one(values: number[], what: string): number {
  if (values.length !== 1) throw new UsageError(`${what} takes one number`);
  return values[0]!;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median (mean of the middle two for an even count), min and max; undefined for no figures. */
export function spread(values: (number | undefined)[]): Spread | undefined {
  const v = values.filter((x): x is number => x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return undefined;
  return { median: median(v), min: v[0]!, max: v.at(-1)!, n: v.length };
}

/** "12 (10–15)", with a unit formatter; "–" for none. */
export function spreadText(s: Spread | undefined, format: (x: number) => string = (x) => String(Math.round(x))): string {
  if (!s) return '–';
  return s.n === 1 || s.min === s.max ? format(s.median) : `${format(s.median)} (${format(s.min)}–${format(s.max)})`;
}

export interface CpuSample {
  time: number;
  /** Jiffies busy (everything but idle and iowait) and in all, over every CPU, since boot. */
  busy: number;
  total: number;
  /** Jiffies (utime + stime) the drill's own process tree (harness, JVMs, proxy) used so far, summed sample to sample (treeGrowth). */
  ours?: number;
}

/** utime + stime (jiffies) and the parent of a /proc/<pid>/stat line. */
export function procStat(line: string): { ppid: number; jiffies: number } | undefined {
  // The command (field 2) is in brackets and may hold spaces: count fields after its last ")".
  const rest = line.slice(line.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(rest[1]);
  const jiffies = Number(rest[11]) + Number(rest[12]);
  return Number.isFinite(ppid) && Number.isFinite(jiffies) ? { ppid, jiffies } : undefined;
}

/** The jiffies of `root` and of every process below it, per pid, from pid → /proc/<pid>/stat. */
export function treeJiffies(stats: Map<number, { ppid: number; jiffies: number }>, root: number): Map<number, number> {
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  const tree = new Map<number, number>();
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    const s = stats.get(pid);
    if (s) tree.set(pid, s.jiffies);
    todo.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * The CPU a process tree used between two samples: each process's growth, and the whole of one
 * that appeared since. A process that exited (es-src's broker, killed) keeps what it used up to
 * the last sample that saw it: summing the tree at two instants would drop it altogether.
 */
export function treeGrowth(before: Map<number, number>, now: Map<number, number>): number {
  let used = 0;
  for (const [pid, j] of now) used += Math.max(0, j - (before.get(pid) ?? 0));
  return used;
}

/** The aggregate "cpu" line of /proc/stat as busy and total jiffies. */
export function cpuTimes(procStat: string, time: number): CpuSample | undefined {
  const line = procStat.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) return undefined;
  // user nice system idle iowait irq softirq steal (guest and guest_nice are inside user and nice).
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return undefined;
  const total = f.reduce((a, b) => a + b, 0);
  const idle = f[3]! + (f[4] ?? 0);
  return { time, busy: total - idle, total };
}

/**
 * The machine's busy fraction from `from` to `to` (ms since the epoch): between the last sample
 * at or before `from` and the first at or after `to`. Undefined when the samples do not cover it.
 */
export function busyFraction(samples: CpuSample[], from: number, to: number): number | undefined {
  const before = samples.filter((s) => s.time <= from).at(-1);
  const after = samples.find((s) => s.time >= to);
  if (!before || !after || after.total <= before.total) return undefined;
  return (after.busy - before.busy) / (after.total - before.total);
}

/** The drill's own share of every CPU over the same window as busyFraction (its tree's jiffies / all jiffies). */
export function oursFraction(samples: CpuSample[], from: number, to: number): number | undefined {
  const withOurs = samples.filter((s) => s.ours !== undefined);
  const before = withOurs.filter((s) => s.time <= from).at(-1);
  const after = withOurs.find((s) => s.time >= to);
  if (!before || !after || after.total <= before.total) return undefined;
  return (after.ours! - before.ours!) / (after.total - before.total);
}

export function cpuBound(busy: number | undefined, threshold = CPU_BOUND): boolean {
  return busy !== undefined && busy > threshold;
}

/** The scenario of one cell: the seed story under fire, both clusters behind Toxiproxy, the latency on each of MM2's links. */
export function cellFeature(cell: { rate: number; latencyMs: number; seconds: number; client: string }): string {
  const { rate, latencyMs, seconds, client } = cell;
  const latency = latencyMs
    ? [`    And the link from MirrorMaker 2 to "es-src" has ${latencyMs} ms latency`, `    And the link from MirrorMaker 2 to "es-tgt" has ${latencyMs} ms latency`]
    : ['    # no latency: the links still go through Toxiproxy, as in the other cells'];
  return [
    `Feature: bench:rpo cell: ${rate} records/s, ${latencyMs} ms one-way latency per link`,
    '',
    `  Scenario: the seed story under fire at ${rate} records/s, ${latencyMs} ms one-way latency on each of MM2's links (${client})`,
    '    Given a source cluster "es-src" with 1 broker behind Toxiproxy',
    '    And a target cluster "es-tgt" with 1 broker behind Toxiproxy',
    '    And topic "products" on "es-src" with 3 partitions',
    '    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"',
    `    And the apps use the ${client} client`,
    ...latency,
    `    When producers write ${rate} records/s to "products" on "es-src"`,
    '    And group "products-consumer" consumes "products" on "es-src" with auto-commit',
    `    And the producers have written ${rate * seconds} records`,
    '    And every broker of "es-src" is killed',
    '    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end',
    '    And the producers stop',
    '    Then no acked record is lost or skipped by the group',
    "    And re-reads stay within what MM2's checkpoints imply",
    '',
  ].join('\n');
}

/** The part of a scenario's report.json the bench reads. */
export interface CellReport {
  status: string;
  verdict?: { validity?: string; recoveries?: { inFlight?: number; rpoMs?: number; rtoMs?: number; fault?: { time?: number } }[] };
  ledger?: { acked?: number; events?: { time: string; kind: string; what: string }[] };
}

export interface CellFigures {
  status: string;
  validity: string | undefined;
  lostInFlight: number | undefined;
  rpoMs: number | undefined;
  rtoMs: number | undefined;
  /** Acked records/s the producers reached from their start to their last ack (their stop step's figure). */
  achievedRate: number | undefined;
  /** The producing window: the producers' start to the fault. */
  from: number | undefined;
  to: number | undefined;
}

export function cellFigures(report: CellReport): CellFigures {
  const recovery = report.verdict?.recoveries?.[0];
  const events = report.ledger?.events ?? [];
  const start = events.find((e) => e.kind === 'producers' && e.what.startsWith('start'));
  const stopped = events.find((e) => e.kind === 'producers' && e.what.startsWith('stopped'));
  const fault = events.find((e) => e.kind === 'fault');
  const achieved = stopped ? /(\d+) acked records\/s/.exec(stopped.what) : null;
  const time = (t: string | undefined) => (t === undefined ? undefined : Date.parse(t));
  return {
    status: report.status,
    validity: report.verdict?.validity,
    lostInFlight: recovery?.inFlight,
    rpoMs: recovery?.rpoMs,
    rtoMs: recovery?.rtoMs,
    achievedRate: achieved ? Number(achieved[1]) : undefined,
    from: time(start?.time),
    to: recovery?.fault?.time ?? time(fault?.time),
  };
}

export interface RunFigures extends CellFigures {
  run: number;
  exit: number | null;
  /** The machine's busy fraction and the drill's own share of every CPU, producers' start to fault. */
  cpu: number | undefined;
  ours: number | undefined;
}

export interface Cell {
  rate: number;
  latencyMs: number;
  runs: RunFigures[];
}

/**
 * The grid as a table: per cell the median (min–max) of each figure. A cell with a run whose
 * machine was over CPU_BOUND busy is marked "CPU-bound, not an RPO", its loss and RPO in brackets.
 */
export function cellTable(cells: Cell[]): string[] {
  const header = ['records/s asked', 'latency/link', 'reached records/s', 'CPU busy', "drill's own", 'lost in flight', 'RPO s', 'RTO s', 'passed', ''];
  const pctOf = (x: number) => `${Math.round(x * 100)} %`;
  const sec = (x: number) => (x / 1000).toFixed(1);
  const rows = cells.map((c) => {
    const bound = c.runs.some((r) => cpuBound(r.cpu));
    const mark = (text: string) => (bound && text !== '–' ? `(${text})` : text);
    return [
      String(c.rate),
      `${c.latencyMs} ms`,
      spreadText(spread(c.runs.map((r) => r.achievedRate))),
      spreadText(spread(c.runs.map((r) => r.cpu)), pctOf),
      spreadText(spread(c.runs.map((r) => r.ours)), pctOf),
      mark(spreadText(spread(c.runs.map((r) => r.lostInFlight)))),
      mark(spreadText(spread(c.runs.map((r) => r.rpoMs)), sec)),
      spreadText(spread(c.runs.map((r) => r.rtoMs)), sec),
      `${c.runs.filter((r) => r.status === 'PASSED').length}/${c.runs.length}`,
      bound ? 'CPU-bound, not an RPO' : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => `  ${r.map((x, i) => x.padEnd(widths[i]!)).join('  ')}`.trimEnd());
}
