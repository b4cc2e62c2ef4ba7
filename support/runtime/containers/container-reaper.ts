import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { progress } from '../../progress.ts';
import { containersLabelled, removeContainer, type Engine } from './engine.ts';
import { processAlive } from '../../os/process-alive.ts';

/** Labels every container of this runtime carries: which run, which harness process, which host. */
export const LABEL = { run: 'mirrordrill.run', pid: 'mirrordrill.pid', host: 'mirrordrill.host', node: 'mirrordrill.node' } as const;

/**
 * Removes containers of earlier runs on this host whose harness process is gone (a run whose
 * reaper could not finish: the machine went down, the engine was not answering). Containers of
 * live runs, other hosts, or without our labels are never touched.
 */
export async function sweepDeadRuns(engine: Engine): Promise<number> {
  const here = hostname();
  let removed = 0;
  for (const c of await containersLabelled(engine, LABEL.run)) {
    const pid = Number(c.labels[LABEL.pid]);
    if (c.labels[LABEL.host] !== here || !Number.isInteger(pid) || processAlive(pid)) continue;
    await removeContainer(engine, c.id);
    removed++;
  }
  if (removed) progress(`removed ${removed} container(s) left by earlier runs whose harness is gone`);
  return removed;
}

/**
 * The run's reaper process (container-reaper.mjs): it removes this run's containers and scratch
 * folders when the harness ends in any way. Started once per run; it does not keep the harness
 * alive.
 */
export class ContainerReaper {
  readonly #child: ChildProcess;
  readonly #stdin: Socket;
  private constructor(child: ChildProcess) {
    this.#child = child;
    this.#stdin = child.stdin as Socket;
  }

  static start(engine: Engine, run: string): ContainerReaper {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'container-reaper.mjs'), engine.url, run], {
      detached: true,
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    child.unref();
    (child.stdin as Socket).unref();
    return new ContainerReaper(child);
  }

  /** A folder the reaper removes if the harness cannot (bind-mounted data written by containers). */
  watch(dir: string): void {
    this.#stdin.write(`dir ${dir}\n`);
  }

  forget(dir: string): void {
    this.#stdin.write(`forget ${dir}\n`);
  }

  /** Ends the pipe as the harness's exit would: the reaper cleans up now (tests). */
  close(): void {
    this.#stdin.end();
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }
}
