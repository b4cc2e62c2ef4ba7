import { writePrivateConfig, writeReportCopy, type MirrorNodeProcess, type MirrorNodeStarter, type NodeLaunch } from '../mirror-cluster.ts';
import { JvmNode } from './jvm-node.ts';
import type { JvmProcess } from './jvm-process.ts';
import { removeScratchDir } from '../../os/scratch-dir.ts';

// How the local runtime launches a node of a multi-node MM2 or a Connect worker, or its
// dedicated MM2 on one node: a JVM (support/runtime/mirror-cluster.ts does the rest, for every runtime).

export type JvmStarter = (spec: { name: string; mainClass: string; args: string[]; logFile: string }) => JvmProcess;

/**
 * Writes the node's report copy (credentials redacted) and returns a launcher that starts it with
 * its config. Each launch (the first, and every restart) gets its own private copy when there are
 * credentials: the copy goes with the process. `who` names the node in the report copy's header.
 */
export async function nodeLauncher(launch: NodeLaunch, start: JvmStarter, who = 'the node'): Promise<() => Promise<JvmProcess>> {
  const secret = await writeReportCopy(launch, `${who} ran with a private copy, deleted when it exited`);
  return async () => {
    let config = launch.reportCopy;
    let privateDir: string | undefined;
    if (secret) {
      ({ dir: privateDir, config } = await writePrivateConfig(launch));
    }
    const proc = start({ name: launch.name, mainClass: launch.mainClass, args: [config, ...launch.args], logFile: launch.logFile });
    if (privateDir) {
      const dir = privateDir;
      void proc.exited.then(() => removeScratchDir(dir)).catch(() => undefined);
    }
    return proc;
  };
}

/** A node as one JVM at a time: faults go to its current process; a restart launches a new one. */
class JvmMirrorNode extends JvmNode implements MirrorNodeProcess {
  constructor(
    protected readonly label: string,
    process: JvmProcess,
    launch: () => Promise<JvmProcess>,
  ) {
    super(process, launch);
  }
  async dispose(): Promise<void> {
    await this.kill();
  }
}

/** Launches each node as a JVM through `start` (the local runtime's JvmProcess.start with its settings). */
export function jvmMirrorStarter(start: JvmStarter): MirrorNodeStarter {
  return async (launch) => {
    const relaunch = await nodeLauncher(launch, start);
    return new JvmMirrorNode(launch.name, await relaunch(), relaunch);
  };
}
