/**
 * The npm scripts' entry to Cucumber: `tsx support/report/launcher.ts --profile <p> [cucumber args]`.
 * It picks the run folder (reports/<run>/) before Cucumber opens its formatters' files there,
 * runs cucumber-js (with `--shard K/N`, only the K-th of N of the selected scenarios: see
 * support/shard.ts), then writes the run's DR report (index.html), keeps the last
 * MIRRORDRILL_KEEP_RUNS run folders, and exits with a code that tells a failed drill from a
 * broken harness or bad input:
 *
 *   0  every scenario passed (a flaky one, passed when Cucumber's --retry ran it again, included)
 *   1  a drill failed: a verdict, a step, or a scenario with no verdict step
 *   2  bad input: a selection that matches no scenario, an undefined or ambiguous step, a bad setting,
 *      a bad --shard K/N
 *   3  the harness is broken: it could not start (no java, jars not fetched), Cucumber crashed,
 *      or the DR report could not be written
 *   130/143  interrupted (SIGINT/SIGTERM)
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readRunMessages } from './cucumber-messages.ts';
import { buildRunReport } from './run-report.ts';
import { screenshot } from './chromium.ts';
import { SHARD_FILE, ShardError, shardArgs } from '../shard.ts';
import { claimFolder } from '../os/once.ts';

export const EXIT = { passed: 0, failed: 1, input: 2, harness: 3 } as const;

const RUN = /^\d{8}-\d{6}(-\d+)?$/;

export function runStampNow(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * A fresh run folder under `reports`: reports/<prefix><stamp>, or <prefix><stamp>-2 … when that one
 * exists (a prefix names the tool's folders: `explore-`, `matrix-`; the launcher's own have none).
 */
export function newRunDir(reports: string, date = new Date(), prefix = ''): string {
  const stamp = `${prefix}${runStampNow(date)}`;
  mkdirSync(reports, { recursive: true });
  // Claimed by making it (mkdir fails on one that exists): two launchers started in the same
  // second (shards, a second checkout with the same MIRRORDRILL_REPORTS) get one folder each.
  for (let n = 1; ; n++) {
    const dir = join(reports, n === 1 ? stamp : `${stamp}-${n}`);
    if (claimFolder(dir)) return dir;
  }
}

/** Run folders (reports/<stamp>) beyond the newest `keep` ones, oldest first; never the one `latest` points at. */
export function runsToPrune(names: string[], keep: number, latest?: string, pattern: RegExp = RUN): string[] {
  if (keep <= 0) return [];
  const runs = names.filter((n) => pattern.test(n)).sort();
  return runs.slice(0, Math.max(0, runs.length - keep)).filter((n) => n !== latest);
}

export function prune(reports: string, keep: number, pattern: RegExp = RUN): string[] {
  if (!existsSync(reports)) return [];
  let latest: string | undefined;
  try {
    latest = readlinkSync(join(reports, 'latest')).split('/')[0];
  } catch {
    latest = undefined;
  }
  const gone = runsToPrune(readdirSync(reports), keep, latest, pattern);
  for (const name of gone) rmSync(join(reports, name), { recursive: true, force: true });
  return gone;
}

export function keepSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}="${raw}" is not a whole number (0 keeps every folder)`);
  return n;
}

/** The exit code of a run, from Cucumber's own and what the run folder says. */
export function exitCode(cucumber: number | null, signal: NodeJS.Signals | null, runDir: string): number {
  // Cucumber handles SIGINT itself and exits 130 (143 for SIGTERM): an interruption either way.
  if (signal === 'SIGINT' || cucumber === 130) return 130;
  if (signal === 'SIGTERM' || cucumber === 143) return 143;
  if (cucumber === 2) return EXIT.input; // the selection guard
  const harness = join(runDir, 'harness-error.json');
  if (existsSync(harness)) {
    try {
      const { kind } = JSON.parse(readFileSync(harness, 'utf8')) as { kind: string };
      return kind === 'input' ? EXIT.input : EXIT.harness;
    } catch {
      return EXIT.harness;
    }
  }
  const messages = readRunMessages(join(runDir, 'messages.ndjson'));
  if (messages?.undefinedSteps) return EXIT.input;
  if (cucumber === 0) return EXIT.passed;
  // Cucumber ends a run it could finish with 1; anything else, or no end of run written, is the harness.
  if (cucumber === 1 && messages?.runFinished) return EXIT.failed;
  if (cucumber === 1 && !messages) return EXIT.input; // Cucumber refused its arguments before any run started
  return EXIT.harness;
}

export interface LaunchOptions {
  args: string[];
  env?: NodeJS.ProcessEnv;
  runDir?: string;
  /** Print where the DR report is. */
  quiet?: boolean;
  /** A file for Cucumber's output instead of this process's stdout and stderr. */
  output?: string;
}

/**
 * Cucumber's JUnit formatter writes one <testsuite> as the root; the common JUnit schema (Ant's,
 * which Jenkins, GitLab and others read) has <testsuites> around it. Wrap it, with the totals.
 */
export function wrapJunitXml(xml: string): string {
  if (/<testsuites[\s>]/.test(xml)) return xml;
  const suite = /<testsuite\b([^>]*)>/.exec(xml);
  if (!suite) return xml;
  const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(suite[1]!)?.[1];
  const totals = ['name', 'tests', 'failures', 'errors', 'skipped', 'time'].map((a) => (attr(a) !== undefined ? ` ${a}="${attr(a)}"` : '')).join('');
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${totals}>\n${body.trimEnd()}\n</testsuites>\n`;
}

function wrapJunit(file: string): void {
  if (existsSync(file)) writeFileSync(file, wrapJunitXml(readFileSync(file, 'utf8')));
}

/** Runs cucumber-js in a run folder of its own, then its DR report; resolves to the exit code above. */
export async function launch(opts: LaunchOptions): Promise<{ code: number; runDir: string }> {
  const env = { ...process.env, ...opts.env };
  // --shard K/N is the launcher's (support/shard.ts), not Cucumber's own modulo split: taken out
  // of Cucumber's arguments and handed to the shard plugin. A bad value is bad input, before any run.
  let cucumberArgs: string[];
  try {
    const { shard, rest } = shardArgs(opts.args);
    cucumberArgs = rest;
    if (shard) env.MIRRORDRILL_SHARD = `${shard.index}/${shard.total}`;
  } catch (error) {
    if (!(error instanceof ShardError)) throw error;
    console.error(`mirrordrill: ${error.message}`);
    return { code: EXIT.input, runDir: '' };
  }
  const reports = env.MIRRORDRILL_REPORTS?.trim() || 'reports';
  const runDir = opts.runDir ?? (env.MIRRORDRILL_RUN_DIR?.trim() ? env.MIRRORDRILL_RUN_DIR.trim() : newRunDir(reports));
  mkdirSync(runDir, { recursive: true });
  const bin = resolve('node_modules/.bin/cucumber-js');
  // MIRRORDRILL_LOCK: runs from several checkouts on one machine take turns, one Cucumber run at a
  // time (util-linux flock); a nightly takes it per cell, not for the whole matrix.
  const lock = env.MIRRORDRILL_LOCK?.trim();
  const [cmd, args] = lock ? ['flock', [lock, bin, ...cucumberArgs]] : [bin, cucumberArgs];
  // With `output`, Cucumber's own lines go to that file (explore's runs: one line each on the console).
  const out = opts.output ? openSync(opts.output, 'a') : undefined;
  const child = spawn(cmd, args, {
    stdio: out === undefined ? 'inherit' : ['ignore', out, out],
    env: { ...env, MIRRORDRILL_RUN_DIR: runDir, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import tsx`.trim() },
  });
  // Ctrl-C reaches Cucumber too (same process group): it kills its JVMs and writes what it has;
  // this process waits for it, then still writes the report of what ran.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  const forward = () => child.kill('SIGTERM');
  process.on('SIGTERM', forward);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('exit', (c, s) => done([c, s])));
  process.off('SIGINT', ignore);
  process.off('SIGTERM', forward);
  if (out !== undefined) closeSync(out);
  let result = exitCode(code, signal, runDir);
  // A selection that matched nothing ran nothing: leave no empty run folder behind.
  if (result === EXIT.input && !existsSync(join(runDir, 'harness-error.json')) && !readdirSync(runDir).some((f) => !/\.(html|xml|ndjson)$/.test(f) && f !== SHARD_FILE)) {
    rmSync(runDir, { recursive: true, force: true });
    return { code: result, runDir };
  }
  try {
    wrapJunit(join(runDir, 'junit.xml'));
    const index = await buildRunReport(runDir, env);
    if (env.MIRRORDRILL_SCREENSHOT === '1') await screenshot(index, join(runDir, 'screenshot.png')).catch((e: Error) => console.error(`mirrordrill: no screenshot: ${e.message}`));
    if (!opts.quiet) console.error(`mirrordrill: DR report: ${index}`);
  } catch (error) {
    console.error(`mirrordrill: the DR report of ${runDir} could not be written: ${error instanceof Error ? error.stack : String(error)}`);
    if (result === EXIT.passed) result = EXIT.harness;
  }
  if (!opts.runDir && !env.MIRRORDRILL_RUN_DIR?.trim()) {
    const gone = prune(reports, keepSetting(env, 'MIRRORDRILL_KEEP_RUNS', 20));
    if (gone.length && !opts.quiet) console.error(`mirrordrill: removed the oldest run folder(s) (MIRRORDRILL_KEEP_RUNS): ${gone.join(', ')}`);
  }
  return { code: result, runDir };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('launcher.ts')) {
  const { code } = await launch({ args: process.argv.slice(2) });
  process.exit(code);
}
