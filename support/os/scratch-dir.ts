import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let hooked = false;

function track(dir: string): string {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const d of live) rmSync(d, { recursive: true, force: true });
    });
  }
  live.add(dir);
  return dir;
}

/**
 * A folder whose contents a finished run must not keep: broker log segments (MM2 stores its
 * connector configs, credentials included, in topics) and private configs. Removed by
 * `removeScratchDir`, or when the harness exits, Ctrl-C included; only a SIGKILLed harness
 * leaves one behind.
 */
export async function makeScratchDir(path: string): Promise<string> {
  await mkdir(path, { recursive: true });
  return track(path);
}

/** The same in the system temp dir, readable by this user only (mkdtemp makes it 0700). */
export async function makePrivateDir(prefix: string): Promise<string> {
  return track(await mkdtemp(join(tmpdir(), `mirrordrill-${prefix}-`)));
}

export async function removeScratchDir(dir: string): Promise<void> {
  live.delete(dir);
  await rm(dir, { recursive: true, force: true });
}
