import { DEFAULTS } from '../../config/defaults.ts';
import type { JvmProcess } from './jvm-process.ts';

/**
 * A broker, an MM2 or a Connect worker that runs as one JVM at a time: faults go to its current
 * process; a restart, only when it is down, launches a new one with the same config and data.
 */
export abstract class JvmNode {
  constructor(
    public process: JvmProcess,
    private readonly launch: () => JvmProcess | Promise<JvmProcess>,
  ) {}
  /** How a "still running" refusal names the node ("broker 2", "MirrorMaker 2"). */
  protected abstract readonly label: string;
  async restart(): Promise<void> {
    if (this.process.running) throw new Error(`${this.label} is running`);
    this.process = await this.launch();
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
  pause(): void {
    this.process.pause();
  }
  resume(): void {
    this.process.resume();
  }
}
