import { setTimeout as delay } from 'node:timers/promises';
import { WaitTimeout } from './errors.ts';

export interface WaitOptions {
  /** What is being waited for, as it reads in "timed out waiting for <what>". */
  what: string;
  timeoutMs: number;
  /** Pause between two checks; this is polling a condition, never synchronisation by time. */
  intervalMs?: number;
  /** Called with the elapsed time and the last state at most every `progressEveryMs`. */
  onProgress?: (elapsedMs: number, lastState: string | undefined) => void;
  progressEveryMs?: number;
  /** Says what to open when it times out. */
  log?: string;
  hint?: string;
  /** Stops waiting early with this error (a process died, for example). */
  abort?: () => Error | undefined;
}

/**
 * The condition returns `true` (done), or a string describing the current state, which is
 * shown in progress lines and in the timeout message. Errors thrown by the condition count
 * as "not yet" and their message becomes the state, except when `abort` reports a failure.
 */
export async function waitFor(
  condition: () => Promise<true | string> | true | string,
  options: WaitOptions,
): Promise<void> {
  const start = Date.now();
  const interval = options.intervalMs ?? 200;
  const progressEvery = options.progressEveryMs ?? 5_000;
  let lastProgress = start;
  let state: string | undefined;
  for (;;) {
    const aborted = options.abort?.();
    if (aborted) throw aborted;
    try {
      const result = await condition();
      if (result === true) return;
      state = result;
    } catch (error) {
      state = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
    const elapsed = Date.now() - start;
    if (elapsed >= options.timeoutMs) {
      throw new WaitTimeout(
        `timed out after ${(elapsed / 1000).toFixed(1)} s waiting for ${options.what}` +
          (state ? `\n  last state: ${state}` : ''),
        { waitedMs: elapsed, what: options.what, log: options.log, hint: options.hint },
      );
    }
    if (options.onProgress && Date.now() - lastProgress >= progressEvery) {
      lastProgress = Date.now();
      options.onProgress(elapsed, state);
    }
    await delay(interval);
  }
}

/** Bounds one promise (a commit, a close) that has no timeout of its own. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeout(`${what} did not finish within ${(timeoutMs / 1000).toFixed(0)} s`, { waitedMs: timeoutMs, what })), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
