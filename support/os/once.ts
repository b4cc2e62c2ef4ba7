import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import { progress } from '../progress.ts';

/**
 * Runs `fn` holding an exclusive lock on `file` (util-linux flock, the lock MIRRORDRILL_LOCK
 * takes): the workers of a --parallel run, shards and other checkouts sharing the cache take
 * turns, so that a thing made once per machine is made once, not once per process at the same
 * time. The lock is held by a flock child whose stdin is this process: the kernel drops it when
 * the harness ends in any way, SIGKILL included, so there is no stale lock to detect. Without
 * flock, `fn` runs unlocked: what it makes must still be safe to make twice at once (once()
 * below is), the lock only saves the second making.
 */
export async function withLock<T>(file: string, what: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dirname(file), { recursive: true });
  const holder = spawn('flock', ['-x', file, 'sh', '-c', 'echo held; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const exited = new Promise<void>((done) => {
    holder.once('close', () => done());
    holder.once('error', () => done());
  });
  const waiting = setTimeout(() => progress(`waiting for another run making ${what} (lock ${file})`), 2_000);
  const held = await new Promise<boolean>((resolve) => {
    holder.once('error', () => resolve(false));
    holder.stdout.once('data', () => resolve(true));
    holder.once('exit', () => resolve(false));
  });
  clearTimeout(waiting);
  try {
    return await fn();
  } finally {
    if (held) {
      holder.stdin.end();
      await exited;
    }
  }
}

/**
 * Makes the folder `dir` (its parent must exist) and says whether this call made it: false when it
 * existed. A folder claimed so is this process's alone; looking first (existsSync) would let two
 * processes or threads that look at the same moment both take it.
 */
export function claimFolder(dir: string): boolean {
  try {
    mkdirSync(dir);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

let made = 0;

/**
 * The folder `dir`, made once: when `done(dir)` says it is finished it is used as it is; else,
 * under withLock(`<dir>.lock`), `make` fills a fresh partial sibling (`<dir>.partial-<pid>-<n>`)
 * and that is renamed into place, so that no process ever sees half of one. Losing a race (no
 * flock) is success when the winner's folder is done. A folder in the way that is not done
 * (another tool's leftovers, such as class-data archives made beside a KAFKA_HOME) is moved
 * aside and removed. A failed `make` leaves its partial folder when `keepFailed` (its log is
 * there), else removes it. True when this call made it.
 */
export async function once(dir: string, what: string, done: (dir: string) => boolean, make: (work: string) => Promise<void>, o: { keepFailed?: boolean } = {}): Promise<boolean> {
  if (done(dir)) return false;
  return withLock(`${dir}.lock`, what, async () => {
    // Another run made it while this one waited for the lock.
    if (done(dir)) return false;
    // Cucumber's --parallel workers are threads of one process: the thread is part of the name.
    const work = `${dir}.partial-${process.pid}-${threadId}-${++made}`;
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    try {
      await make(work);
    } catch (error) {
      if (!o.keepFailed) await rm(work, { recursive: true, force: true });
      throw error;
    }
    try {
      await rename(work, dir);
      return true;
    } catch (error) {
      if (done(dir)) {
        // Another run (without flock) renamed its own first; its folder is as good as ours.
        await rm(work, { recursive: true, force: true });
        return false;
      }
      if (!existsSync(dir)) throw error;
    }
    const stale = `${dir}.stale-${process.pid}-${threadId}-${made}`;
    await rename(dir, stale);
    await rename(work, dir);
    await rm(stale, { recursive: true, force: true });
    return true;
  });
}

/**
 * Once per process and key: the promise `make` gave for `key`, made on the first call. A promise
 * that rejects is forgotten, so the next call tries again (a fetch that failed is not cached).
 */
export function onceFor<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = make();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}
