import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';

/*
 * Child processes that cannot outlive the harness (JVMs, toxiproxy-server), and what a Ctrl-C
 * does: a base utility of every runtime and of the links (support/links/).
 */

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

/*
 * An app under test (any command, support/apps/) is guarded the same way, with three differences:
 * the command runs through /bin/sh -c (it may be a pipeline, a script), so the watcher kills the
 * whole process group rather than one pid (a group id cannot be reused while the watcher, one of
 * its members, lives); the watcher ignores SIGTERM and SIGINT, so that the SIGTERM the harness
 * sends the group to stop the app gracefully leaves the guard in place; and the shell in front of
 * the command traps SIGTERM (a handler, which the command does not inherit, unlike an ignore):
 * POSIX shells run a trap only once the foreground command has completed, so the shell outlives
 * the app's graceful stop instead of dying of the SIGTERM meant for the app. (The harness closes
 * the guard's pipe when that shell exits, and the watcher then kills whatever is left.) A script
 * given as the command should `exec` its program, as a container entrypoint must, for the same reason.
 */
const GROUP_GUARD = [
  'exec 3<&0',
  "( trap '' TERM INT; cat <&3 >/dev/null; kill -9 -$$ ) >/dev/null 2>&1 &",
  'exec /bin/sh -c "trap : TERM INT; $1" mirrordrill-app 3<&- </dev/null',
].join('\n');

/** The arguments that start `command` through GROUP_GUARD: spawn `/bin/sh` with them, detached, stdin a pipe the harness holds. */
export function groupGuardArgs(command: string): string[] {
  return ['-c', GROUP_GUARD, 'mirrordrill-app-guard', command];
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

/** What an interrupt kills: every JVM this harness has running (JvmProcess registers each). */
const live = new Set<{ killGroupSync(): boolean }>();
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
 * handlers note what was cut off, and the harness exits. Installed when the hooks load (in the
 * main thread and in every worker of a --parallel run, so that a scenario cut off before its
 * first JVM is noted too), and again, harmlessly, with the first JVM.
 */
export function installInterruptHandlers(): void {
  installCleanup();
}

/** A JVM the interrupt handlers and the harness's exit kill, until it exits. */
export function trackLive(proc: { killGroupSync(): boolean }): void {
  live.add(proc);
}

export function untrackLive(proc: { killGroupSync(): boolean }): void {
  live.delete(proc);
}

/** Kills this thread's JVMs and runs its onInterrupt handlers; the number of JVMs killed. */
function interruptHere(signal: NodeJS.Signals): number {
  const killed = killAllSync();
  for (const handler of interruptHandlers) {
    try {
      handler(signal);
    } catch (error) {
      // Exiting matters more than any note; say why it is missing.
      process.stderr.write(`mirrordrill: a note of the interrupt could not be written: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return killed;
}

/*
 * Cucumber's --parallel workers are threads of its process, and a signal reaches only the main
 * thread. The main thread passes it on over this channel; each worker that started a JVM or an
 * app kills its own and notes what it cut off (its onInterrupt handlers), then answers with the
 * number killed. The main thread exits once every worker that said it runs JVMs has answered, or
 * after 3 s.
 */
const CHANNEL = 'mirrordrill-interrupt';
type InterruptMessage = { kind: 'worker'; id: number } | { kind: 'interrupt'; signal: NodeJS.Signals } | { kind: 'done'; id: number; killed: number };
let channel: BroadcastChannel | undefined;
const workers = new Set<number>();

function openChannel(): BroadcastChannel {
  if (!channel) {
    channel = new BroadcastChannel(CHANNEL);
    channel.unref();
  }
  return channel;
}

/** In the main thread: every worker's JVMs killed and noted, then the total (bounded at 3 s). */
function interruptWorkers(signal: NodeJS.Signals): Promise<number> {
  if (!workers.size) return Promise.resolve(0);
  const ch = openChannel();
  const waiting = new Set(workers);
  let killed = 0;
  return new Promise((done) => {
    const timer = setTimeout(() => done(killed), 3_000);
    ch.onmessage = (event) => {
      const m = (event as { data: InterruptMessage }).data;
      if (m.kind !== 'done') return;
      killed += m.killed;
      waiting.delete(m.id);
      if (!waiting.size) {
        clearTimeout(timer);
        done(killed);
      }
    };
    ch.postMessage({ kind: 'interrupt', signal } satisfies InterruptMessage);
  });
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    killAllSync();
  });
  if (!isMainThread) {
    const ch = openChannel();
    ch.onmessage = (event) => {
      const m = (event as { data: InterruptMessage }).data;
      if (m.kind === 'interrupt') ch.postMessage({ kind: 'done', id: threadId, killed: interruptHere(m.signal) } satisfies InterruptMessage);
    };
    ch.postMessage({ kind: 'worker', id: threadId } satisfies InterruptMessage);
    return;
  }
  // The main thread learns which workers to wait for.
  openChannel().onmessage = (event) => {
    const m = (event as { data: InterruptMessage }).data;
    if (m.kind === 'worker') workers.add(m.id);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      const here = interruptHere(signal);
      void interruptWorkers(signal).then((there) => {
        process.stderr.write(`\nmirrordrill: ${signal} received, killed the ${here + there} JVM(s) this run had running\n`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    });
  }
}
