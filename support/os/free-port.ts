import { createServer } from 'node:net';

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

/**
 * A free TCP port on the loopback interface. Ports are never handed out twice by one harness,
 * so two clusters started at once cannot race for the same one.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const range = workerRange();
  for (;;) {
    const wanted = range ? range.from + Math.floor(Math.random() * range.size) : 0;
    if (wanted && handedOut.has(wanted)) continue;
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
