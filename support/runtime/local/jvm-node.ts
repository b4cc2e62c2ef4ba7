import type { JvmProcess } from './jvm-process.ts';
import { StartedNode } from '../started-node.ts';

/**
 * A broker, an MM2 or a Connect worker that runs as one JVM at a time: faults go to its current
 * process; a restart, only when it is down, launches a new one with the same config and data.
 */
export abstract class JvmNode extends StartedNode<JvmProcess> {
  constructor(
    process: JvmProcess,
    private readonly launch: () => JvmProcess | Promise<JvmProcess>,
  ) {
    super(process);
  }
  protected async relaunch(): Promise<void> {
    this.process = await this.launch();
  }
}
