import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let hooked = false;

/**
 * A private folder in the system temp dir for data a report must not keep (broker log
 * segments, credentials). Removed by `removeScratchDir`, or when the harness exits, even on
 * Ctrl-C; only a SIGKILLed harness leaves one behind in the temp dir.
 */
export async function makeScratchDir(prefix: string): Promise<string> {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const dir of live) rmSync(dir, { recursive: true, force: true });
    });
  }
  const dir = await mkdtemp(join(tmpdir(), `mirrordrill-${prefix}-`));
  live.add(dir);
  return dir;
}

export async function removeScratchDir(dir: string): Promise<void> {
  live.delete(dir);
  await rm(dir, { recursive: true, force: true });
}
