import { DEFAULTS } from '../config/defaults.ts';
import type { ExitDescribed, Lifecycle } from '../lifecycle.ts';
import type { ExitStatus } from '../os/guarded-process.ts';

/** How a runtime runs one node now: a JVM process (local), a container (containers). */
export interface NodeProcess extends ExitDescribed {
  readonly running: boolean;
  readonly logFile: string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs: number): Promise<ExitStatus>;
  kill(): Promise<ExitStatus>;
  pause(): void | Promise<void>;
  resume(): void | Promise<void>;
}

/**
 * A broker, an MM2 or a Connect worker that the harness started, on any runtime that starts
 * nodes (local JVMs, containers): faults go to its current process; a restart, only when it is
 * down, starts it again with the same config and data (a new JVM, or the same container again).
 */
export abstract class StartedNode<P extends NodeProcess> implements Lifecycle, ExitDescribed {
  constructor(public process: P) {}
  /** How a "still running" refusal names the node ("broker 2", "MirrorMaker 2"). */
  protected abstract readonly label: string;
  /** Starts the node again, which is down. */
  protected abstract relaunch(): Promise<void>;
  async restart(): Promise<void> {
    if (this.process.running) throw new Error(`${this.label} is running`);
    await this.relaunch();
  }
  get logFile(): string {
    return this.process.logFile;
  }
  get running(): boolean {
    return this.process.running;
  }
  describeExit(): string {
    return this.process.describeExit();
  }
  /** SIGTERM, then SIGKILL after the grace period. */
  async stop(): Promise<void> {
    await this.process.stop(DEFAULTS.stopGraceMs);
  }
  async kill(): Promise<void> {
    await this.process.kill();
  }
  pause(): void | Promise<void> {
    return this.process.pause();
  }
  resume(): void | Promise<void> {
    return this.process.resume();
  }
}
