import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderProperties } from '../../config/properties.ts';
import { hasSecrets, redactProperties } from '../../config/secrets.ts';
import type { MirrorNodeProcess, MirrorNodeStarter, NodeLaunch } from '../mirror-cluster.ts';
import { JvmNode } from './jvm-node.ts';
import type { JvmProcess } from './jvm-process.ts';
import { makePrivateDir, removeScratchDir } from '../../os/scratch-dir.ts';

// How the local runtime launches a node of a multi-node MM2 or a Connect worker: a JVM
// (support/runtime/mirror-cluster.ts does the rest, for every runtime).

export type JvmStarter = (spec: { name: string; mainClass: string; args: string[]; logFile: string }) => JvmProcess;

/** Writes the node's report copy (credentials redacted) and returns a launcher that starts it with its config. */
export async function nodeLauncher(launch: NodeLaunch, start: JvmStarter): Promise<() => Promise<JvmProcess>> {
  const secret = hasSecrets(launch.properties);
  await writeFile(
    launch.reportCopy,
    renderProperties(secret ? redactProperties(launch.properties) : launch.properties, secret ? `${launch.header}\nsecrets redacted: the node ran with a private copy, deleted when it exited` : launch.header),
  );
  return async () => {
    let config = launch.reportCopy;
    let privateDir: string | undefined;
    if (secret) {
      privateDir = await makePrivateDir('secret');
      config = join(privateDir, `${launch.name}.properties`);
      await writeFile(config, renderProperties(launch.properties, launch.header), { mode: 0o600 });
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
