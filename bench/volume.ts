/**
 * Volume benchmark: mirrordrill's produce and consume+verify against Kafka's own performance
 * tools (the physical reference), on one broker, over the same partition count and the same
 * bytes. It prints figures and ratios; it never asserts a time.
 *
 *   npm run bench:volume                        1M and 10M records, 1 run; platformatic at every
 *                                               size, kafkajs at 1M and below
 *   npm run bench:volume -- --records 1000000 --runs 3 --clients platformatic,kafkajs
 *                                               listed clients run at every size; medians of 3
 *   npm run bench:volume -- --records 1M --background
 *                                               the drills' background producer ("producers write
 *                                               N records/s"), unthrottled, instead of produceRecords
 *   npm run bench:volume -- --records 20k --cpu-prof
 *                                               also writes a CPU profile of each mirrordrill case
 *                                               and prints its top functions (slows the cases)
 *
 * One KRaft broker is started through LocalRuntime (the drills' own broker and JVM options) and
 * disposed at the end and on Ctrl-C. Per size and run: ProducerPerformance and
 * ConsumerPerformance (org.apache.kafka:kafka-tools of the broker's version, run with the JVM
 * options of Kafka's scripts) on a fresh 3-partition topic, with --record-size the mean byte size
 * of mirrordrill's record values; then each mirrordrill case in its own node process (this file
 * with --case), so that its peak RSS is its own: produceRecords into a fresh 3-partition topic,
 * one consumer session of a group reading to the end offsets while the ledger records every
 * read, then check(ledger) timed on its own. A case whose verdict is not VALID with N acked and
 * N read is reported on a ✗ line and makes the exit status 1; timings never do.
 *
 * MB means 2^20 bytes of record values, as Kafka's tools count; mirrordrill's 3-byte keys (the
 * tools send none) are left out of both sides. Figures go to stdout, progress to stderr, and
 * the same figures as JSON to <reports>/bench-volume-<timestamp>.json; broker and tool logs stay
 * in <reports>/bench-volume-<timestamp>/.
 */
import { cpuModel, median } from './machine.ts';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULTS, loadSettings } from '../support/config/defaults.ts';
import { ClusterAdmin } from '../support/kafka/cluster-admin.ts';
import { check } from '../support/ledger/checker.ts';
import { Ledger } from '../support/ledger/ledger.ts';
import { countsLine } from '../support/ledger/verdict-format.ts';
import { progress } from '../support/progress.ts';
import { runStamp } from '../support/report/scenario-report.ts';
import { resolveKafkaTools, runKafkaTool, killToolsSync, TOOL_JVM_OPTIONS, type KafkaTools } from '../support/runtime/local/kafka-tools.ts';
import { LocalRuntime } from '../support/runtime/local/local-runtime.ts';
import type { StartedCluster } from '../support/runtime/runtime.ts';
import { createClient } from '../support/workload/clients.ts';
import { BackgroundProducer } from '../support/workload/background-producer.ts';
import { produceRecords } from '../support/workload/produce-loop.ts';
import { partitionCounts, productBatch } from '../support/workload/product-records.ts';
import { CLIENTS, type ClientName } from '../support/workload/workload-client.ts';

/** mirrordrill's volume topics have 3 partitions (features/volume.feature); both sides use that. */
const PARTITIONS = 3;
const MB = 1024 * 1024;
/** Ratio targets, printed beside the ratios; nothing fails on them. */
const TARGETS = { produce: 0.8, consume: 0.5 } as const;
const PRODUCER_PERFORMANCE = 'org.apache.kafka.tools.ProducerPerformance';
const CONSUMER_PERFORMANCE = 'org.apache.kafka.tools.ConsumerPerformance';
const SCRIPT = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  sizes: number[];
  runs: number;
  /** Clients per size. */
  clientsFor: (records: number) => ClientName[];
  /** How the clients were chosen, for the report. */
  clientsNote: string;
  cpuProf: boolean;
  /** Produce with the drills' background producer, unthrottled, instead of produceRecords. */
  background: boolean;
}

function usage(problem: string): never {
  process.stderr.write(
    `bench:volume: ${problem}\n` +
      '  usage: npm run bench:volume -- [--records 1000000,10000000] [--runs 1] [--clients platformatic,kafkajs] [--background] [--cpu-prof]\n' +
      '  counts take k and M suffixes (20k, 1M); lists are comma-separated\n',
  );
  process.exit(2);
}

function count(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim().replaceAll('_', '').replaceAll(',', ''));
  const value = match ? Number(match[1]) * (match[2] ? (match[2].toLowerCase() === 'k' ? 1e3 : 1e6) : 1) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) usage(`${what} "${text}" is not a whole number of at least 1; write it like 1000000 or 1M`);
  return value;
}

function parseOptions(argv: string[]): Options {
  const parse = () =>
    parseArgs({
      args: argv,
      options: { records: { type: 'string', multiple: true }, runs: { type: 'string' }, clients: { type: 'string' }, 'cpu-prof': { type: 'boolean' }, background: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }).values;
  let values: ReturnType<typeof parse>;
  try {
    values = parse();
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const sizes = (values.records ?? ['1000000,10000000']).flatMap((r) => r.split(/[\s,]+/).filter(Boolean)).map((r) => count(r, '--records'));
  const runs = values.runs === undefined ? 1 : count(values.runs, '--runs');
  let clientsFor: Options['clientsFor'];
  let clientsNote: string;
  if (values.clients === undefined) {
    // kafkajs is several times slower than platformatic; at 10M it would take most of the bench.
    clientsFor = (records) => (records <= 1_000_000 ? ['platformatic', 'kafkajs'] : ['platformatic']);
    clientsNote = 'platformatic at every size, kafkajs at 1,000,000 records and below (--clients to choose)';
  } else {
    const listed = values.clients.split(/[\s,]+/).filter(Boolean);
    for (const c of listed) if (!(CLIENTS as readonly string[]).includes(c)) usage(`--clients: unknown client "${c}"; choose among ${CLIENTS.join(', ')}`);
    if (!listed.length) usage(`--clients is empty; list some of ${CLIENTS.join(', ')}`);
    const chosen = [...new Set(listed)] as ClientName[];
    clientsFor = () => chosen;
    clientsNote = `${chosen.join(', ')} at every size`;
  }
  return { sizes: [...new Set(sizes)], runs, clientsFor, clientsNote, cpuProf: values['cpu-prof'] ?? false, background: values.background ?? false };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const label = (records: number) => (records % 1_000_000 === 0 ? `${records / 1_000_000}M` : records % 1_000 === 0 ? `${records / 1_000}k` : String(records));

/** The figures of one thing measured: rates from a record count and an elapsed time. */
interface Rate {
  records: number;
  ms: number;
  recordsPerSec: number;
  mbPerSec: number;
}

function rate(records: number, ms: number, bytesPerRecord: number): Rate {
  const s = ms / 1000;
  return { records, ms, recordsPerSec: records / s, mbPerSec: (records * bytesPerRecord) / MB / s };
}

function medianRate(rates: Rate[], bytesPerRecord: number): Rate | undefined {
  const ms = median(rates.map((r) => r.ms));
  return ms === undefined ? undefined : rate(rates[0]!.records, ms, bytesPerRecord);
}

// ---------------------------------------------------------------------------------------------
// The machine

interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  loadStart: number[];
  loadEnd?: number[];
  /** Java processes running when the bench started, none of them its own: they share the CPUs. */
  otherJvmsAtStart: number;
  otherJvmsAtEnd?: number;
  node: string;
}

/** Java processes on the machine, but those whose pid is in `mine`. */
function javaProcesses(mine: Set<number> = new Set()): number {
  let n = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid) || mine.has(Number(pid))) continue;
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'java') n++;
      } catch {
        // Gone meanwhile.
      }
    }
  } catch {
    return 0;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Kafka's tools

/** How this release's tools take their options, read from their own --help. */
interface ToolCli {
  /** ProducerPerformance has --bootstrap-server and --command-property (4.x); else --producer-props only. */
  producerCommandProperty: boolean;
  /** ConsumerPerformance's record count option: --num-records (4.x) or --messages. */
  consumerCount: '--num-records' | '--messages';
  /** The --help lines these choices rest on, quoted. */
  quoted: string[];
}

/** The option's line in a --help text and the next one (argparse4j puts the description there), whitespace squeezed. */
function helpLines(help: string, option: string): string | undefined {
  const lines = help.split('\n');
  const i = lines.findIndex((l) => new RegExp(`^\\s*${option}\\b`).test(l));
  if (i < 0) return undefined;
  return `${lines[i]!.trim()} ${lines[i + 1]?.trim() ?? ''}`.replace(/\s+/g, ' ').trim();
}

async function toolCli(tools: KafkaTools, dir: string): Promise<ToolCli> {
  const help = async (mainClass: string) => {
    const run = await runKafkaTool(tools, mainClass, ['--help'], { logFile: join(dir, 'tools-help.log'), dir });
    const text = `${run.stdout}\n${run.stderr}`;
    if (!/--topic/.test(text)) {
      throw new Error(`${mainClass} --help printed no usage (exit ${run.exitCode}); see ${run.logFile} — check that the kafka-tools jars of Kafka ${tools.version} are complete (delete the cache folder to fetch them again)`);
    }
    return text;
  };
  const [producer, consumer] = await Promise.all([help(PRODUCER_PERFORMANCE), help(CONSUMER_PERFORMANCE)]);
  const quoted: string[] = [];
  const quote = (tool: string, text: string, option: string) => {
    const line = helpLines(text, option);
    if (line) quoted.push(`${tool}: ${line}`);
    return line;
  };
  const commandProperty = quote('ProducerPerformance', producer, '--command-property') !== undefined && quote('ProducerPerformance', producer, '--bootstrap-server') !== undefined;
  quote('ProducerPerformance', producer, '--producer-props');
  quote('ProducerPerformance', producer, '--record-size');
  const numRecords = quote('ConsumerPerformance', consumer, '--num-records') !== undefined;
  quote('ConsumerPerformance', consumer, '--messages');
  quote('ConsumerPerformance', consumer, '--timeout');
  return { producerCommandProperty: commandProperty, consumerCount: numRecords ? '--num-records' : '--messages', quoted };
}

interface ProducerPerf extends Rate {
  /** The tool's own final line. */
  line: string;
  avgLatencyMs: number;
  maxLatencyMs: number;
  /** The records the topic's end offsets hold afterwards (all of them acked, if equal to records). */
  endOffsets: number;
  logFile: string;
}

interface ConsumerPerf extends Rate {
  /** The tool's own header and figures lines. */
  lines: string[];
  /** Its nMsg.sec spans the whole run, group join included; fetch.nMsg.sec leaves the join out. */
  fetchRecordsPerSec: number;
  rebalanceMs: number;
  logFile: string;
}

/** "1000000 records sent, 250000.0 records/sec (35.24 MB/sec), 12.30 ms avg latency, 450.00 ms max latency, ..." */
const PRODUCER_FINAL = /^(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, \d+ ms 50th/;

async function producerPerformance(tools: KafkaTools, cli: ToolCli, bootstrap: string, topic: string, records: number, recordSize: number, dir: string, admin: ClusterAdmin): Promise<ProducerPerf> {
  const props = ['acks=all', 'enable.idempotence=true'];
  const args = cli.producerCommandProperty
    ? ['--bootstrap-server', bootstrap, '--topic', topic, '--num-records', String(records), '--record-size', String(recordSize), '--throughput', '-1', '--command-property', ...props]
    : ['--topic', topic, '--num-records', String(records), '--record-size', String(recordSize), '--throughput', '-1', '--producer-props', `bootstrap.servers=${bootstrap}`, ...props];
  const logFile = join(dir, `${topic}.producer-performance.log`);
  const run = await runKafkaTool(tools, PRODUCER_PERFORMANCE, args, { logFile, dir, onLine: (l) => l.trim() && progress(`ProducerPerformance: ${l.trim()}`) });
  const line = run.stdout.split('\n').map((l) => l.trim()).filter((l) => PRODUCER_FINAL.test(l)).at(-1);
  const m = line ? PRODUCER_FINAL.exec(line) : null;
  if (run.exitCode !== 0 || !m || !line) {
    throw new Error(`ProducerPerformance ${run.signal ? `was killed by ${run.signal}` : `exited with code ${run.exitCode}`}${m ? '' : ' without its final figures line'}; read ${logFile}`);
  }
  const offsets = await admin.offsets(topic, PARTITIONS);
  const endOffsets = offsets.reduce((n, o) => n + o.end - o.start, 0);
  const recordsPerSec = Number(m[2]);
  return {
    records,
    ms: (records / recordsPerSec) * 1000,
    recordsPerSec,
    mbPerSec: Number(m[3]),
    line,
    avgLatencyMs: Number(m[4]),
    maxLatencyMs: Number(m[5]),
    endOffsets,
    logFile,
  };
}

async function consumerPerformance(tools: KafkaTools, cli: ToolCli, bootstrap: string, topic: string, records: number, recordSize: number, dir: string): Promise<ConsumerPerf> {
  // --timeout as mirrordrill's read: fail after 30 s without a record (the tool's default is 10 s).
  const args = ['--bootstrap-server', bootstrap, '--topic', topic, cli.consumerCount, String(records), '--group', `perf-${topic}`, '--timeout', String(DEFAULTS.consumeStallMs)];
  const logFile = join(dir, `${topic}.consumer-performance.log`);
  const run = await runKafkaTool(tools, CONSUMER_PERFORMANCE, args, { logFile, dir });
  const lines = run.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const h = lines.findIndex((l) => l.includes('nMsg.sec'));
  const header = h >= 0 ? lines[h]!.split(/,\s*/) : [];
  const values = h >= 0 ? (lines[h + 1] ?? '').split(/,\s*/) : [];
  const field = (name: string) => {
    const i = header.indexOf(name);
    return i >= 0 ? Number(values[i]) : NaN;
  };
  const consumed = field('data.consumed.in.nMsg');
  if (run.exitCode !== 0 || !Number.isFinite(field('nMsg.sec'))) {
    throw new Error(`ConsumerPerformance ${run.signal ? `was killed by ${run.signal}` : `exited with code ${run.exitCode}`}${h >= 0 ? '' : ' without its figures line'}; read ${logFile}`);
  }
  if (consumed < records) throw new Error(`ConsumerPerformance read ${consumed} of ${records} records before its ${DEFAULTS.consumeStallMs} ms timeout; read ${logFile}`);
  const recordsPerSec = field('nMsg.sec');
  return {
    ...rate(records, (records / recordsPerSec) * 1000, recordSize),
    mbPerSec: field('MB.sec'),
    lines: [lines[h]!, lines[h + 1]!],
    fetchRecordsPerSec: field('fetch.nMsg.sec'),
    rebalanceMs: field('rebalance.time.ms'),
    logFile,
  };
}

// ---------------------------------------------------------------------------------------------
// One mirrordrill case, in its own node process

interface CaseInput {
  client: ClientName;
  records: number;
  topic: string;
  group: string;
  bootstrap: string[];
  /** The ledger's run id: the same for every case, so values have the size the tools were given. */
  run: string;
  /** Produce with BackgroundProducer (the drills' "producers write N records/s"), unthrottled, to `records`. */
  background?: boolean;
}

interface CaseResult {
  client: ClientName;
  records: number;
  produceMs: number;
  acked: number;
  firstError?: string;
  /** Consumer opened, group joined, every partition read to its end offset, each read in the ledger. */
  consumeMs: number;
  /** Reads the session made, re-reads included. */
  reads: number;
  checkMs: number;
  validity: string;
  verdictAcked: number;
  /** Distinct acked records the group read, per the checker. */
  verdictRead: number;
  anomalies: string;
  ledgerBytes: number;
  /** process.resourceUsage().maxRSS, in KiB: at the start of the case process, and at its end (the peak). */
  startRssKiB: number;
  peakRssKiB: number;
}

async function runCase(input: CaseInput): Promise<CaseResult> {
  const startRssKiB = process.resourceUsage().maxRSS;
  const { client: name, records, topic, group, bootstrap } = input;
  const ledger = new Ledger(input.run);
  const origin = ledger.origin({ cluster: 'bench', topic }, PARTITIONS);
  const client = createClient(name);

  const producer = await client.openProducer(bootstrap, topic, DEFAULTS.produceTimeoutMs);
  let produced;
  const produceStart = performance.now();
  try {
    if (input.background) {
      // The drills' background producer with no rate cap: every request slot kept busy.
      const background = new BackgroundProducer(producer, ledger, origin, Infinity, 0, { limit: records });
      const ticker = setInterval(() => progress(`${name} background producer: ${fmt(background.acked)} of ${fmt(records)} acked`), 5_000);
      await background.finished().finally(() => clearInterval(ticker));
      const o = await background.stop();
      produced = { acked: o.acked, firstError: o.firstError };
    } else {
      produced = await produceRecords(producer, ledger, origin, records, (answered, acked, ms) =>
        progress(`${name}: produced ${fmt(answered)} of ${fmt(records)} (${fmt(acked)} acked, ${fmt(answered / (ms / 1000))} records/s)`),
      );
    }
  } finally {
    await producer.close();
  }
  const produceMs = performance.now() - produceStart;

  const admin = new ClusterAdmin(bootstrap, 'bench');
  const offsets = await admin.offsets(topic, PARTITIONS).finally(() => admin.close());
  const until = new Map(offsets.filter((o) => o.end > o.start).map((o) => [o.partition, o.end]));
  const session = ledger.newSession({ cluster: 'bench', topic, group, origin, client: name });
  const consumeStart = performance.now();
  const consumer = await client.openConsumer({ bootstrap, group, topic });
  let consumeMs: number;
  let drained: number[] = [];
  try {
    await consumer.read({
      until,
      stallMs: DEFAULTS.consumeStallMs,
      onRecord: (r) => ledger.recordRead(session, r.partition, r.offset, r.value),
      onProgress: (p) => progress(`${name}: ${p.describe()} (${fmt(p.count / ((Date.now() - p.started) / 1000))} records/s)`),
    });
    consumeMs = performance.now() - consumeStart;
    drained = offsets.map((o) => o.partition);
  } finally {
    ledger.finishSession(session, drained);
    await consumer.close();
  }

  const checkStart = performance.now();
  const verdict = check(ledger);
  const checkMs = performance.now() - checkStart;
  const read = verdict.groups.flatMap((g) => g.partitions).reduce((n, p) => n + p.read, 0);
  return {
    client: name,
    records,
    produceMs,
    acked: produced.acked,
    firstError: produced.firstError,
    consumeMs,
    reads: session.reads,
    checkMs,
    validity: verdict.validity,
    verdictAcked: verdict.acked,
    verdictRead: read,
    anomalies: verdict.error ?? countsLine(verdict.counts),
    ledgerBytes: ledger.bytes,
    startRssKiB,
    peakRssKiB: process.resourceUsage().maxRSS,
  };
}

/** The child side of --case: runs the case and hands the result to the parent over IPC (stdout without one). */
async function caseProcess(json: string): Promise<void> {
  // The bench that forked this case is gone: nothing would read the result.
  process.on('disconnect', () => process.exit(1));
  let message: { result?: CaseResult; error?: string };
  try {
    message = { result: await runCase(JSON.parse(json) as CaseInput) };
  } catch (error) {
    message = { error: error instanceof Error ? error.message : String(error) };
  }
  if (process.send) process.send(message, () => process.exit(message.error ? 1 : 0));
  else {
    process.stdout.write(`${JSON.stringify(message, null, 2)}\n`);
    process.exit(message.error ? 1 : 0);
  }
}

const children = new Set<ChildProcess>();

/** Forks this file with --case and waits for its result; the case's own failure comes back as `error`. */
async function forkCase(input: CaseInput, profileDir: string | undefined): Promise<{ result?: CaseResult; error?: string; profile?: string }> {
  const profileName = `${input.topic}.cpuprofile`;
  const execArgv = ['--import', import.meta.resolve('tsx')];
  if (profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${profileName}`);
  const child = fork(SCRIPT, ['--case', JSON.stringify(input)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  let message: { result?: CaseResult; error?: string } | undefined;
  child.on('message', (m) => (message = m as typeof message));
  const status = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error) => {
      message ??= { error: `could not start the case process: ${error.message}` };
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  children.delete(child);
  const profile = profileDir ? join(profileDir, profileName) : undefined;
  if (message) return { ...message, profile };
  return { error: `the case process ${status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`} without a result (out of memory? see its stderr above)`, profile };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a profiled function lives: a package, mirrordrill's own code, Node's internals, or V8's pseudo-frames. */
function originOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : 'native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/(support|bench)\/([^/]+)/.exec(url);
  return own ? `mirrordrill ${own[1]}/${own[2]}` : url;
}

/**
 * What a V8 CPU profile spent its self time in: the top functions, as "42.1%  name (file:line)",
 * preceded by one line of shares per origin (package, mirrordrill folder, Node, GC).
 */
async function topFunctions(file: string, limit = 12): Promise<string[]> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  const origins = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (!frame) return;
    const where = frame.url ? ` (${frame.url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '')}:${frame.lineNumber + 1})` : '';
    const key = `${frame.functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const origin = originOf(frame.url, frame.functionName);
    origins.set(origin, (origins.get(origin) ?? 0) + dt);
  });
  const share = (t: number) => `${((100 * t) / total).toFixed(1)}%`;
  const byOrigin = [...origins]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([o, t]) => `${o} ${share(t)}`)
    .join(', ');
  return [
    `by origin: ${byOrigin}`,
    ...[...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([key, t]) => `${share(t).padStart(5)}  ${key}`),
  ];
}

// ---------------------------------------------------------------------------------------------
// The bench

interface CaseRun extends CaseResult {
  run: number;
  topic: string;
  produce: Rate;
  consume: Rate;
  /** Consume+verify with the checker's time added. */
  consumeAndCheck: Rate;
  verified: boolean;
  profileTop?: string[];
}

interface SizeReport {
  records: number;
  /** Mean byte size of mirrordrill's record values at this size (the stamp grows with n). */
  meanValueBytes: number;
  /** --record-size given to ProducerPerformance: the mean, rounded. */
  recordSize: number;
  producerPerformance: (ProducerPerf & { run: number })[];
  consumerPerformance: (ConsumerPerf & { run: number })[];
  cases: CaseRun[];
  errors: string[];
  median?: Record<string, Rate | undefined>;
  /** mirrordrill ÷ the tool, in records/s, from the medians. */
  ratios?: Record<string, number | undefined>;
}

/** Mean UTF-8 size of the values produceRecords sends for `records` records, from productBatch itself. */
function meanValueBytes(run: string, records: number): number {
  const ledger = new Ledger(run);
  const origin = ledger.origin({ cluster: 'bench', topic: 'size' }, PARTITIONS);
  const next = new Map(Array.from({ length: PARTITIONS }, (_, p) => [p, 0] as [number, number]));
  let bytes = 0;
  for (let first = 0; first < records; first += 100_000) {
    const size = Math.min(100_000, records - first);
    for (const r of productBatch(first, size, PARTITIONS, (p, n) => ledger.stamp(origin, p, n), next)) bytes += Buffer.byteLength(r.value);
    for (const [p, n] of partitionCounts(first, size, PARTITIONS)) next.set(p, next.get(p)! + n);
  }
  return bytes / records;
}

const perSec = (r: Rate | undefined) => (r ? `${fmt(r.recordsPerSec).padStart(9)} records/s ${fmt(r.mbPerSec, 1).padStart(6)} MB/s` : '      n/a');
const ratioOf = (a: Rate | undefined, b: Rate | undefined) => (a && b ? a.recordsPerSec / b.recordsPerSec : undefined);
const ratioText = (r: number | undefined, target?: number) =>
  r === undefined ? 'n/a' : `${r.toFixed(2)}x${target !== undefined ? ` (target ≥ ${target}x: ${r >= target ? 'met' : 'below'})` : ''}`;
const mib = (kib: number) => `${fmt(kib / 1024)} MiB`;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const settings = loadSettings();
  const stamp = runStamp();
  const dir = join(settings.reportsDir, `bench-volume-${stamp}`);
  const jsonFile = join(settings.reportsDir, `bench-volume-${stamp}.json`);
  const profileDir = options.cpuProf ? join(dir, 'profiles') : undefined;
  await mkdir(dir, { recursive: true });
  const machine: Machine = {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: totalmem() / 2 ** 30,
    loadStart: loadavg(),
    otherJvmsAtStart: javaProcesses(),
    node: process.version,
  };

  let cluster: StartedCluster | undefined;
  let interrupted = false;
  // Ctrl-C: end the case processes and tool JVMs, dispose the broker (its SIGKILL goes out
  // synchronously), and exit; the runtime's exit hooks kill any JVM still starting and remove
  // the broker's data. Registered before the first JVM, so it runs before the runtime's own.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      for (const child of children) child.kill('SIGKILL');
      const tools = killToolsSync();
      if (cluster) Promise.resolve(cluster[Symbol.asyncDispose]()).catch(() => undefined);
      process.stderr.write(`\nbench:volume: ${signal}: killed ${children.size} case process(es), ${tools} tool JVM(s) and the broker; logs stay in ${dir}\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }

  const runtime = new LocalRuntime(settings);
  progress(`starting one broker (Kafka ${settings.kafkaVersion}) with LocalRuntime; logs in ${dir}`);
  const sizes: SizeReport[] = [];
  let tools: KafkaTools | undefined;
  let cli: ToolCli | undefined;
  let admin: ClusterAdmin | undefined;
  let runtimeDescription = '';
  const started = Date.now();
  try {
    cluster = await runtime.startCluster({ alias: 'bench', brokers: 1 }, dir);
    runtimeDescription = await runtime.describe();
    const bootstrap = cluster.bootstrapServers;
    admin = new ClusterAdmin(bootstrap, 'bench');
    tools = await resolveKafkaTools(settings, cluster.version);
    cli = await toolCli(tools, dir);
    const run = randomUUID().slice(0, 8);

    for (const records of options.sizes) {
      progress(`${fmt(records)} records: measuring the mean size of mirrordrill's values with productBatch`);
      const mean = meanValueBytes(run, records);
      const size: SizeReport = { records, meanValueBytes: mean, recordSize: Math.round(mean), producerPerformance: [], consumerPerformance: [], cases: [], errors: [] };
      sizes.push(size);
      for (let r = 1; r <= options.runs; r++) {
        const tag = `${label(records)}-r${r}`;
        const perfTopic = `perf-${tag}`;
        progress(`${fmt(records)} records, run ${r} of ${options.runs}: ProducerPerformance on ${perfTopic} (--record-size ${size.recordSize})`);
        try {
          await admin.createTopic(perfTopic, PARTITIONS, 1);
          const p = await producerPerformance(tools, cli, bootstrap.join(','), perfTopic, records, size.recordSize, dir, admin);
          size.producerPerformance.push({ ...p, run: r });
          if (p.endOffsets !== records) size.errors.push(`run ${r}: ProducerPerformance's topic holds ${p.endOffsets} records, not ${records}; read ${p.logFile}`);
          progress(`ConsumerPerformance on ${perfTopic}`);
          const c = await consumerPerformance(tools, cli, bootstrap.join(','), perfTopic, records, size.recordSize, dir);
          size.consumerPerformance.push({ ...c, run: r });
        } catch (error) {
          size.errors.push(`run ${r}: ${error instanceof Error ? error.message : String(error)}`);
        }
        for (const client of options.clientsFor(records)) {
          const topic = `md-${client}-${tag}`;
          progress(`mirrordrill ${client}: ${fmt(records)} records into ${topic}, then one session of group bench-${topic} reads them to the end`);
          try {
            await admin.createTopic(topic, PARTITIONS, 1);
          } catch (error) {
            size.errors.push(`run ${r}, ${client}: ${error instanceof Error ? error.message : String(error)}`);
            continue;
          }
          const outcome = await forkCase({ client, records, topic, group: `bench-${topic}`, bootstrap, run, background: options.background }, profileDir);
          if (!outcome.result) {
            size.errors.push(`run ${r}, ${client}: ${outcome.error}`);
            continue;
          }
          const c = outcome.result;
          const verified = c.validity === 'valid' && c.verdictAcked === records && c.verdictRead === records;
          size.cases.push({
            ...c,
            run: r,
            topic,
            produce: rate(records, c.produceMs, mean),
            consume: rate(records, c.consumeMs, mean),
            consumeAndCheck: rate(records, c.consumeMs + c.checkMs, mean),
            verified,
            profileTop: outcome.profile ? await topFunctions(outcome.profile).catch(() => undefined) : undefined,
          });
        }
      }
    }
  } finally {
    await admin?.close().catch(() => undefined);
    if (!interrupted) await cluster?.[Symbol.asyncDispose]();
  }
  machine.loadEnd = loadavg();
  machine.otherJvmsAtEnd = javaProcesses();

  // -------------------------------------------------------------------------------------------
  // Report
  const out: string[] = [];
  const say = (line = '') => out.push(line);
  say(`mirrordrill volume benchmark, ${new Date(started).toISOString()} (${((Date.now() - started) / 60_000).toFixed(1)} min)`);
  say(`machine: ${machine.nproc} CPU(s) (nproc), ${machine.cpuModel}, ${machine.memoryGiB.toFixed(1)} GiB RAM, node ${machine.node}`);
  say(`load average (1, 5, 15 min): ${machine.loadStart.map((l) => l.toFixed(2)).join(' ')} at start, ${machine.loadEnd.map((l) => l.toFixed(2)).join(' ')} at end`);
  say(`other java processes on the machine: ${machine.otherJvmsAtStart} at start, ${machine.otherJvmsAtEnd} at end (not this bench's; they share the CPUs)`);
  say(`broker: ${runtimeDescription || `Kafka ${settings.kafkaVersion}`}; 1 KRaft node, heap ${settings.jvmHeap}, the drills' JVM options (C1 only, serial GC)`);
  if (tools) say(`tools: kafka-tools ${tools.version} (${tools.source}), JVM options of Kafka's scripts: ${TOOL_JVM_OPTIONS.join(' ')}`);
  for (const q of cli?.quoted ?? []) say(`  --help: ${q}`);
  if (cli) {
    say(
      `  so: ProducerPerformance ${cli.producerCommandProperty ? '--bootstrap-server <b> --command-property acks=all enable.idempotence=true' : '--producer-props bootstrap.servers=<b> acks=all enable.idempotence=true'} --throughput -1; ConsumerPerformance ${cli.consumerCount} N --timeout ${DEFAULTS.consumeStallMs}`,
    );
  }
  say(`clients: ${options.clientsNote}; ${options.runs} run(s) per size${options.runs > 1 ? ', medians' : ''}; ${PARTITIONS} partitions on every topic`);
  say(`mirrordrill: ${options.background ? 'the background producer of the drills ("producers write N records/s"), unthrottled' : 'produceRecords'} (${DEFAULTS.produceBatch} records a request, ${DEFAULTS.produceInFlight} in flight, acks=all, idempotent); one consumer session reading to the end offsets, each read into the ledger; check(ledger) timed on its own`);
  say('MB = 2^20 bytes of record values, as Kafka\'s tools count; mirrordrill\'s 3-byte keys are not counted (the tools send no key)');
  if (options.cpuProf) say(`--cpu-prof: the mirrordrill cases ran under the V8 profiler, slower than without; profiles in ${profileDir}`);
  let failures = 0;

  for (const size of sizes) {
    const bytes = size.meanValueBytes;
    say();
    say(`== ${fmt(size.records)} records: values ${bytes.toFixed(1)} bytes on average (ProducerPerformance --record-size ${size.recordSize}) ==`);
    for (let r = 1; r <= options.runs; r++) {
      if (options.runs > 1) say(`run ${r}:`);
      const p = size.producerPerformance.find((x) => x.run === r);
      const c = size.consumerPerformance.find((x) => x.run === r);
      if (p) say(`  ProducerPerformance: ${p.line}${p.endOffsets === size.records ? '' : `  ✗ the topic holds ${p.endOffsets}`}`);
      if (c) for (const line of c.lines) say(`  ConsumerPerformance: ${line}`);
      for (const k of size.cases.filter((x) => x.run === r)) {
        say(
          `  mirrordrill ${k.client}: produce ${perSec(k.produce)} (${fmt(k.produceMs / 1000, 1)} s, ${fmt(k.acked)} acked${k.firstError ? `, first error: ${k.firstError}` : ''}); consume+verify ${perSec(k.consume)} (${fmt(k.consumeMs / 1000, 1)} s); checker ${fmt(k.checkMs)} ms`,
        );
        say(`    peak RSS ${mib(k.peakRssKiB)} (${mib(k.startRssKiB)} at the case's start); ledger ${fmt(k.ledgerBytes)} bytes = ${(k.ledgerBytes / size.records).toFixed(2)} bytes/record`);
        if (k.verified) say(`    ✓ verdict VALID, ${fmt(k.verdictAcked)} acked, ${fmt(k.verdictRead)} read (${fmt(k.reads)} reads)`);
        else {
          failures++;
          say(`    ✗ expected verdict VALID with ${fmt(size.records)} acked and ${fmt(size.records)} read; got ${k.validity.toUpperCase()}, ${fmt(k.verdictAcked)} acked, ${fmt(k.verdictRead)} read (${k.anomalies})`);
        }
        for (const line of k.profileTop ?? []) say(`      cpu ${line}`);
      }
    }
    for (const e of size.errors) {
      failures++;
      say(`  ✗ ${e}`);
    }
    const pp = medianRate(size.producerPerformance, size.recordSize);
    const cp = medianRate(size.consumerPerformance, size.recordSize);
    size.median = { producerPerformance: pp, consumerPerformance: cp };
    say(options.runs > 1 ? `medians of ${options.runs} runs:` : 'figures:');
    const row = (what: string, r: Rate | undefined, ratio = '') => say(`  ${what.padEnd(42)}${perSec(r)}${ratio ? `   ${ratio}` : ''}`);
    row('ProducerPerformance', pp);
    row('ConsumerPerformance', cp);
    for (const client of options.clientsFor(size.records)) {
      const cases = size.cases.filter((k) => k.client === client);
      const produce = medianRate(cases.map((k) => k.produce), bytes);
      const consume = medianRate(cases.map((k) => k.consume), bytes);
      const withCheck = medianRate(cases.map((k) => k.consumeAndCheck), bytes);
      size.median[`${client} produce`] = produce;
      size.median[`${client} consume+verify`] = consume;
      size.median[`${client} consume+verify+checker`] = withCheck;
      size.ratios ??= {};
      size.ratios[`${client} produce / ProducerPerformance`] = ratioOf(produce, pp);
      size.ratios[`${client} consume+verify / ConsumerPerformance`] = ratioOf(consume, cp);
      size.ratios[`${client} consume+verify+checker / ConsumerPerformance`] = ratioOf(withCheck, cp);
      const target = client === 'platformatic';
      row(`mirrordrill ${options.background ? 'background producer, unthrottled' : 'produce'} (${client})`, produce, `${ratioText(ratioOf(produce, pp), target ? TARGETS.produce : undefined)} of ProducerPerformance`);
      row(`mirrordrill consume+verify (${client})`, consume, `${ratioText(ratioOf(consume, cp), target ? TARGETS.consume : undefined)} of ConsumerPerformance`);
      const checkMs = median(cases.map((k) => k.checkMs));
      if (checkMs !== undefined) row(`  the same with the checker (${fmt(checkMs)} ms)`, withCheck, `${ratioText(ratioOf(withCheck, cp))} of ConsumerPerformance`);
    }
  }

  say();
  say('summary' + (options.runs > 1 ? ` (medians of ${options.runs} runs)` : '') + ':');
  const header = ['records', 'what', 'records/s', 'MB/s', 'ratio', 'target', 'peak RSS', 'ledger B/rec', 'checker ms', 'verdict'];
  const rows: string[][] = [];
  for (const size of sizes) {
    const pp = size.median?.producerPerformance;
    const cp = size.median?.consumerPerformance;
    const n = fmt(size.records);
    const rateCells = (r: Rate | undefined) => (r ? [fmt(r.recordsPerSec), fmt(r.mbPerSec, 1)] : ['n/a', 'n/a']);
    rows.push([n, 'ProducerPerformance', ...rateCells(pp), '', '', '', '', '', '']);
    rows.push([n, 'ConsumerPerformance', ...rateCells(cp), '', '', '', '', '', '']);
    for (const client of options.clientsFor(size.records)) {
      const cases = size.cases.filter((k) => k.client === client);
      const target = client === 'platformatic';
      const rss = median(cases.map((k) => k.peakRssKiB));
      const ledger = median(cases.map((k) => k.ledgerBytes / size.records));
      const checkMs = median(cases.map((k) => k.checkMs));
      const verdict = cases.length ? (cases.every((k) => k.verified) ? `VALID ${cases.length}/${cases.length}` : `✗ ${cases.filter((k) => !k.verified).length} not valid`) : 'n/a';
      const produce = size.median?.[`${client} produce`];
      const consume = size.median?.[`${client} consume+verify`];
      const ratio = (r: number | undefined) => (r === undefined ? 'n/a' : `${r.toFixed(2)}x`);
      rows.push([n, `${client} ${options.background ? 'background produce' : 'produce'}`, ...rateCells(produce), ratio(ratioOf(produce, pp)), target ? `≥ ${TARGETS.produce}x` : '', rss === undefined ? 'n/a' : mib(rss), '', '', '']);
      rows.push([n, `${client} consume+verify`, ...rateCells(consume), ratio(ratioOf(consume, cp)), target ? `≥ ${TARGETS.consume}x` : '', '', ledger === undefined ? 'n/a' : ledger.toFixed(2), checkMs === undefined ? 'n/a' : fmt(checkMs), verdict]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([0, 2, 3, 4, 6, 7, 8]);
  const cell = (text: string, i: number) => (right.has(i) ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  say(`  ${header.map(cell).join('  ').trimEnd()}`);
  for (const r of rows) say(`  ${r.map(cell).join('  ').trimEnd()}`);
  say('  (peak RSS is the case process\' whole life: produce, consume and checker; ledger bytes/record and checker time are the consume+verify row\'s)');
  say(failures ? `${failures} check(s) failed: see the ✗ lines` : 'every verdict VALID with N acked and N read');
  say(`figures as JSON: ${jsonFile}`);

  process.stdout.write(`${out.join('\n')}\n`);
  await writeFile(
    jsonFile,
    `${JSON.stringify(
      {
        started: new Date(started).toISOString(),
        machine,
        kafka: { version: tools?.version ?? settings.kafkaVersion, broker: runtimeDescription, heap: settings.jvmHeap, tools: tools?.source, toolJvmOptions: TOOL_JVM_OPTIONS, toolCli: cli },
        options: { sizes: options.sizes, runs: options.runs, clients: options.clientsNote, cpuProf: options.cpuProf, background: options.background, partitions: PARTITIONS, targets: TARGETS },
        sizes,
        failures,
        logs: dir,
      },
      null,
      2,
    )}\n`,
  );
  if (failures) process.exitCode = 1;
}

const caseIndex = process.argv.indexOf('--case');
if (caseIndex >= 0) await caseProcess(process.argv[caseIndex + 1] ?? '');
else {
  try {
    await main();
  } catch (error) {
    // DrillErrors carry their hint and log in the message; the broker is disposed by now.
    process.stderr.write(`bench:volume: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
