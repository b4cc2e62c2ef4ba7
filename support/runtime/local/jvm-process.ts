import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { redactText } from '../../config/secrets.ts';
import { ProcessExited } from '../../errors.ts';

export interface JvmSpec {
  /** Shown in errors and the report: "es-src-1", "mm2-es-tgt". */
  name: string;
  java: string;
  classpath: string;
  mainClass: string;
  args: string[];
  heap: string;
  /** stdout and stderr of the JVM; kept after the run. */
  logFile: string;
  systemProperties?: Record<string, string>;
  /** Further JVM options (class-data sharing), before the class path. */
  jvmOptions?: string[];
  cwd?: string;
  /** Values written as [redacted] in the log's command-line header (a password in an argument). */
  redact?: string[];
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/*
 * A JVM is started through this guard so that it cannot outlive the harness, even when the
 * harness is SIGKILLed or crashes: the shell keeps the harness' stdin pipe on fd 3 in a
 * background watcher, then execs the JVM (which keeps the shell's pid). When the pipe reaches
 * EOF (the harness is gone, or it closed the pipe after the JVM exited) the watcher SIGKILLs
 * that pid, but only while it is still the process it started (its /proc comm is
 * $MIRRORDRILL_GUARD_COMM: "java" for JVMs, the binary's name for other servers). The watcher's own stdout and stderr go
 * to /dev/null, so that a JVM's output pipes close when the JVM exits.
 */
const GUARD = [
  'exec 3<&0',
  '( cat <&3 >/dev/null; [ "$(cat /proc/$$/comm 2>/dev/null)" = "${MIRRORDRILL_GUARD_COMM:-java}" ] && kill -KILL $$ ) >/dev/null 2>&1 &',
  'exec "$@" 3<&- </dev/null',
].join('\n');

export interface GuardedSpawnOptions<Output extends number | 'pipe'> {
  /** Where the JVM's stdout and stderr go: a log file's descriptor, or pipes to the harness. */
  output: Output;
  cwd?: string;
  /** The guard shell's $0, which ps shows for its watcher. */
  guardName?: string;
  /** The started process's /proc comm (15 characters at most), when it is not java. */
  comm?: string;
}

/**
 * Starts `java jvmArgs` through GUARD in a process group of its own; the child's stdin is the
 * guard's pipe (destroy it, or let the harness end, and the watcher kills the JVM).
 */
export function spawnGuarded(java: string, jvmArgs: readonly string[], options: GuardedSpawnOptions<'pipe'>): ChildProcessByStdio<Writable, Readable, Readable>;
export function spawnGuarded(java: string, jvmArgs: readonly string[], options: GuardedSpawnOptions<number>): ChildProcessByStdio<Writable, null, null>;
export function spawnGuarded(java: string, jvmArgs: readonly string[], options: GuardedSpawnOptions<number | 'pipe'>): ChildProcess {
  return spawn('/bin/sh', ['-c', GUARD, options.guardName ?? 'mirrordrill-jvm-guard', java, ...jvmArgs], {
    cwd: options.cwd,
    env: options.comm ? { ...process.env, MIRRORDRILL_GUARD_COMM: options.comm.slice(0, 15) } : process.env,
    detached: true,
    stdio: ['pipe', options.output, options.output],
  });
}

/** The first lines of a JVM's log: what was started, when, and its whole command line. */
export function jvmLogHeader(name: string, java: string, jvmArgs: readonly string[]): string {
  return `# mirrordrill started ${name} at ${new Date().toISOString()}\n# ${java} ${jvmArgs.join(' ')}\n`;
}

/** SIGKILLs a JVM started by spawnGuarded and its guard (one process group); true when something was signalled. */
export function killGuardedSync(pid: number): boolean {
  try {
    process.kill(-pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

const live = new Set<JvmProcess>();
let cleanupInstalled = false;
const interruptHandlers: ((signal: NodeJS.Signals) => void)[] = [];

/** Runs, synchronously, when the run is interrupted, after its JVMs were killed (to note what was cut off). */
export function onInterrupt(handler: (signal: NodeJS.Signals) => void): void {
  interruptHandlers.push(handler);
}

/** Kills every JVM this harness started; safe to call from an 'exit' handler (synchronous). */
function killAllSync(): number {
  let killed = 0;
  for (const proc of live) {
    if (proc.killGroupSync()) killed++;
  }
  return killed;
}

/**
 * Ctrl-C, SIGTERM and SIGHUP end the run at once: every JVM of the run is killed, the onInterrupt
 * handlers note what was cut off, and the harness exits. Installed with the first JVM, or by a
 * runtime that starts none (containers: its reaper removes them when the harness is gone).
 */
export function installInterruptHandlers(): void {
  installCleanup();
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    killAllSync();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      const killed = killAllSync();
      for (const handler of interruptHandlers) {
        try {
          handler(signal);
        } catch {
          // Exiting matters more than any note.
        }
      }
      process.stderr.write(
        `\nmirrordrill: ${signal} received, killed the ${killed} JVM(s) this run had running\n`,
      );
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** A started JVM: SIGTERM to stop, SIGKILL to kill, SIGSTOP/SIGCONT to pause. */
export class JvmProcess implements AsyncDisposable {
  readonly name: string;
  readonly logFile: string;
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
  #status: ExitStatus | undefined;

  private constructor(spec: JvmSpec, child: ChildProcess) {
    this.name = spec.name;
    this.logFile = spec.logFile;
    // A failed spawn (EAGAIN, ENOMEM) emits 'error' instead of 'exit'; unheard, it would crash the harness.
    const spawnFailed = new Promise<ExitStatus>((resolve) => child.once('error', () => resolve({ code: null, signal: null })));
    if (child.pid === undefined) throw new ProcessExited(`could not start the JVM of ${spec.name}`, { log: spec.logFile });
    this.pid = child.pid;
    this.exited = new Promise((resolve) => {
      void spawnFailed.then((status) => {
        this.#status ??= status;
        live.delete(this);
        resolve(this.#status);
      });
      child.once('exit', (code, signal) => {
        this.#status = { code, signal };
        live.delete(this);
        child.stdin?.destroy();
        // The guard's watcher lives on in the process group; end it with the JVM.
        this.killGroupSync();
        resolve(this.#status);
      });
    });
  }

  static start(spec: JvmSpec): JvmProcess {
    installCleanup();
    const log = openSync(spec.logFile, 'a');
    const props = Object.entries(spec.systemProperties ?? {}).map(([k, v]) => `-D${k}=${v}`);
    const jvmArgs = [
      `-Xmx${spec.heap}`,
      '-XX:+UseSerialGC',
      // Short-lived test JVMs start markedly faster with C1 only.
      '-XX:TieredStopAtLevel=1',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      ...(spec.jvmOptions ?? []),
      ...props,
      '-cp',
      spec.classpath,
      spec.mainClass,
      ...spec.args,
    ];
    writeSync(log, redactText(jvmLogHeader(spec.name, spec.java, jvmArgs), spec.redact ?? []));
    const child = spawnGuarded(spec.java, jvmArgs, { output: log, cwd: spec.cwd });
    closeSync(log);
    const proc = new JvmProcess(spec, child);
    live.add(proc);
    return proc;
  }

  get status(): ExitStatus | undefined {
    return this.#status;
  }

  get running(): boolean {
    return this.#status === undefined;
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs: number): Promise<ExitStatus> {
    if (this.#status) return this.#status;
    this.signal('SIGCONT');
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.killGroupSync(), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL: the process gets no chance to flush or deregister, like a power cut. */
  async kill(): Promise<ExitStatus> {
    if (this.#status) return this.#status;
    this.killGroupSync();
    return this.exited;
  }

  pause(): void {
    this.signal('SIGSTOP');
  }

  resume(): void {
    this.signal('SIGCONT');
  }

  signal(signal: NodeJS.Signals): void {
    if (this.#status) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      // Already gone: the 'exit' event will record how.
    }
  }

  /** SIGKILLs the JVM and its guard (one process group); true when something was signalled. */
  killGroupSync(): boolean {
    return killGuardedSync(this.pid);
  }

  describeExit(): string {
    const s = this.#status;
    if (!s) return 'running';
    return s.signal ? `killed by ${s.signal}` : `exited with code ${s.code}`;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.kill();
  }
}
