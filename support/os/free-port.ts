import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from './process-alive.ts';

const handedOut = new Set<number>();

/**
 * Ports a Cucumber worker draws from under --parallel: worker k gets 1,000 ports of its own
 * (from 10,000 + 1,000·k, below Linux's ephemeral range of 32768–60999, so no client socket
 * takes them), so two workers never hand out the same port between the moment it is found free
 * and the moment a JVM binds it. Without workers, the kernel picks.
 */
function workerRange(): { from: number; size: number } | undefined {
  const id = Number(process.env.CUCUMBER_WORKER_ID);
  return Number.isInteger(id) && id >= 0 && id < 20 ? { from: 10_000 + 1_000 * id, size: 1_000 } : undefined;
}

const claims: string[] = [];

/**
 * Worker k of another harness on this machine (a second checkout, a shard) draws from the same
 * range: a port of the range is first claimed machine-wide with a file made exclusively
 * (<tmp>/mirrordrill-ports/<port>, holding the pid), so that the two never hand out one port
 * in the moment between finding it free and a JVM binding it. A claim whose process is gone is
 * removed (the port is tried again on a later draw); this harness's own go when it exits.
 */
function claim(port: number): boolean {
  const dir = join(tmpdir(), 'mirrordrill-ports');
  const file = join(dir, String(port));
  mkdirSync(dir, { recursive: true });
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readFileSync(file, 'utf8').trim());
    // Ours from an earlier draw, when the port was taken by something else: it may be free now.
    if (owner === process.pid) return true;
    if (owner && !processAlive(owner)) rmSync(file, { force: true });
    return false;
  }
  if (!claims.length) process.on('exit', () => claims.forEach((f) => rmSync(f, { force: true })));
  claims.push(file);
  return true;
}

/**
 * A free TCP port on the loopback interface. Ports are never handed out twice by one harness,
 * so two clusters started at once cannot race for the same one.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const range = workerRange();
  for (;;) {
    const wanted = range ? range.from + Math.floor(Math.random() * range.size) : 0;
    if (wanted && handedOut.has(wanted)) continue;
    if (wanted && !claim(wanted)) continue;
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.unref();
      // A port of the worker's range that is taken is simply skipped.
      server.once('error', (error) => (wanted ? resolve(0) : reject(error)));
      server.listen(wanted, host, () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
