import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { groupGuardArgs, installInterruptHandlers, trackLive, untrackLive } from '../os/guarded-process.ts';
import { redactKnown } from '../security/secret-values.ts';
import { ContractViolation, parseAppLine, type AppEvent } from './app-contract.ts';

export interface AppProcessOptions {
  /** The app's name in the drill, for messages. */
  name: string;
  /** A shell command line (run by /bin/sh -c in `cwd`). */
  command: string;
  cwd: string;
  /** Added to the harness's environment: the connection's files and names, never a secret. */
  env: Record<string, string>;
  /** Where everything the app prints is kept (secrets the harness knows redacted). */
  logFile: string;
  /** Each event of the app contract its stdout reports, in order. */
  onEvent(event: AppEvent): void;
}

export interface AppExit {
  code: number | null;
  signal: string | null;
  /** Why the harness ended it, when it did: "killed", "stopped". */
  by?: string;
  /** A line that broke the app contract, quoted. */
  violation?: string;
}

const TAIL = 12;

/**
 * One run of an app under test: a command started through execa in a process group of its own,
 * guarded so that it cannot outlive the harness (support/os/guarded-process.ts), Ctrl-C included.
 * Its stdout is read line by line as the app contract (support/apps/app-contract.ts); stdout and
 * stderr are both kept in its log, and the last lines are at hand for an error message.
 */
export class AppProcess {
  readonly #options: AppProcessOptions;
  readonly #child: ResultPromise;
  readonly #log: WriteStream;
  readonly #tail: string[] = [];
  readonly #started = Date.now();
  #by: string | undefined;
  #violation: string | undefined;
  readonly exited: Promise<AppExit>;
  exit: AppExit | undefined;

  constructor(options: AppProcessOptions) {
    this.#options = options;
    installInterruptHandlers();
    this.#log = createWriteStream(options.logFile, { flags: 'a' });
    this.#log.write(`# ${options.name}: ${redactKnown(options.command)}\n`);
    this.#child = execa('/bin/sh', groupGuardArgs(options.command), {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdin: 'pipe',
      buffer: false,
      reject: false,
      stripFinalNewline: false,
    });
    trackLive(this);
    const out = createInterface({ input: this.#child.stdout! });
    const err = createInterface({ input: this.#child.stderr! });
    out.on('line', (line) => this.#line('out', line));
    err.on('line', (line) => this.#line('err', line));
    const closed = Promise.all([new Promise((r) => out.once('close', r)), new Promise((r) => err.once('close', r))]);
    this.exited = this.#watch(closed);
  }

  async #watch(closed: Promise<unknown>): Promise<AppExit> {
    const child = this.#child;
    const result = await child;
    await closed;
    untrackLive(this);
    // The app is gone: closing the guard's pipe ends its watcher.
    child.stdin?.destroy();
    const exit: AppExit = { code: result.exitCode ?? null, signal: result.signal ?? null, ...(this.#by ? { by: this.#by } : {}), ...(this.#violation ? { violation: this.#violation } : {}) };
    this.#log.write(`[+${this.#seconds()}s] # exited: ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}${exit.by ? ` (${exit.by} by the drill)` : ''}\n`);
    await new Promise((r) => this.#log.end(r));
    this.exit = exit;
    return exit;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** The last lines the app printed (stdout and stderr), redacted, for an error message. */
  tail(): string {
    return this.#tail.length ? this.#tail.map((l) => `    ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`).join('\n') : '    (it printed nothing)';
  }

  #line(stream: 'out' | 'err', raw: string): void {
    const line = redactKnown(raw);
    this.#log.write(`[+${this.#seconds()}s ${stream}] ${line}\n`);
    this.#tail.push(`${stream}: ${line}`);
    if (this.#tail.length > TAIL) this.#tail.shift();
    if (stream === 'err' || this.#violation) return;
    let event: AppEvent;
    try {
      event = parseAppLine(raw);
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      this.#violation = `${error.message}, in the line: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`;
      // Judging reads the harness cannot place would be a false verdict: the app is stopped here.
      this.kill('stopped for breaking the app contract');
      return;
    }
    this.#options.onEvent(event);
  }

  /** SIGKILL to the app's whole process group (a data centre lost, an OOM kill). */
  kill(by = 'killed'): void {
    this.#by ??= by;
    this.killGroupSync();
  }

  /** SIGTERM to the process group, then SIGKILL after `graceMs`: a graceful stop, as an orchestrator does it. */
  async stop(graceMs: number): Promise<AppExit> {
    if (this.exit) return this.exit;
    this.#by ??= 'stopped';
    this.#signal('SIGTERM');
    const timer = setTimeout(() => this.killGroupSync(), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  #seconds(): string {
    return ((Date.now() - this.#started) / 1000).toFixed(3);
  }

  #signal(signal: NodeJS.Signals): boolean {
    const pid = this.#child.pid;
    if (pid === undefined || this.exit) return false;
    if (!this.#log.writableEnded) this.#log.write(`[+${this.#seconds()}s] # the drill sends ${signal} to the app's process group\n`);
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** For the interrupt handlers: SIGKILL the group now (synchronous). */
  killGroupSync(): boolean {
    return this.#signal('SIGKILL');
  }
}
