import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { installInterruptHandlers, spawnGuarded, killGuardedSync, trackLive, untrackLive, type ExitStatus } from '../../os/guarded-process.ts';
import { redactText } from '../../config/secrets.ts';
import { ProcessExited } from '../../errors.ts';
import { jvmArgs as jvmArgsOf } from '../jvm-options.ts';

// The guard and the interrupt handling are the base layer's (support/os/guarded-process.ts), shared with Toxiproxy.
export { installInterruptHandlers, killGuardedSync, onInterrupt, spawnGuarded, type ExitStatus, type GuardedSpawnOptions } from '../../os/guarded-process.ts';

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

/** The first lines of a JVM's log: what was started, when, and its whole command line. */
export function jvmLogHeader(name: string, java: string, jvmArgs: readonly string[]): string {
  return `# mirrordrill started ${name} at ${new Date().toISOString()}\n# ${java} ${jvmArgs.join(' ')}\n`;
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
        untrackLive(this);
        resolve(this.#status);
      });
      child.once('exit', (code, signal) => {
        this.#status = { code, signal };
        untrackLive(this);
        child.stdin?.destroy();
        // The guard's watcher lives on in the process group; end it with the JVM.
        this.killGroupSync();
        resolve(this.#status);
      });
    });
  }

  static start(spec: JvmSpec): JvmProcess {
    installInterruptHandlers();
    const log = openSync(spec.logFile, 'a');
    const jvmArgs = jvmArgsOf(spec);
    writeSync(log, redactText(jvmLogHeader(spec.name, spec.java, jvmArgs), spec.redact ?? []));
    const child = spawnGuarded(spec.java, jvmArgs, { output: log, cwd: spec.cwd });
    closeSync(log);
    const proc = new JvmProcess(spec, child);
    trackLive(proc);
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
