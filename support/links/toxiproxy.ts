import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { execa } from 'execa';
import { DrillError, PrerequisiteMissing } from '../errors.ts';
import { progress } from '../progress.ts';
import { waitFor } from '../wait-for.ts';
import { once } from '../os/once.ts';
import { freePort } from '../os/free-port.ts';
import { killGuardedSync, onInterrupt, spawnGuarded } from '../os/guarded-process.ts';
import type { ClusterLink, Viewer } from './cluster-link.ts';
import type { Started, Stoppable } from '../lifecycle.ts';
import type { BrokerAddress } from '../kafka/broker-address.ts';

/**
 * Toxiproxy (Shopify's TCP proxy for network faults), built once from its Go module into the
 * cache like the Kafka jars, and run per drill run on loopback. In v2.5.0 the server's package is
 * `cmd/server` (there is no `cmd/toxiproxy-server`).
 */
export const TOXIPROXY_VERSION = '2.5.0';
const MODULE = `github.com/Shopify/toxiproxy/v2/cmd/server@v${TOXIPROXY_VERSION}`;

/** TOXIPROXY_BIN when set, else the cached build, built with `go install` when missing. */
export async function resolveToxiproxy(cacheDir: string, env = process.env): Promise<string> {
  const given = env.TOXIPROXY_BIN?.trim();
  if (given) {
    if (!existsSync(given)) throw new PrerequisiteMissing(`TOXIPROXY_BIN="${given}" does not exist`, { hint: 'point it at a toxiproxy-server binary, or unset it to build one with Go' });
    return given;
  }
  const dir = join(cacheDir, `toxiproxy-${TOXIPROXY_VERSION}`);
  const bin = join(dir, 'toxiproxy-server');
  if (existsSync(bin)) return bin;
  const go = env.GOROOT ? join(env.GOROOT, 'bin', 'go') : 'go';
  const version = await execa(go, ['version'], { reject: false });
  if (version.exitCode !== 0 || version.failed) {
    throw new PrerequisiteMissing(`Go is needed once to build Toxiproxy ${TOXIPROXY_VERSION} (network faults), and "${go}" was not found`, {
      hint: 'install Go (Debian: apt-get install golang-go), or set TOXIPROXY_BIN to a toxiproxy-server binary',
    });
  }
  // once(): one build per machine, the workers of a --parallel run waiting for it (a folder of its
  // own, renamed into place with the binary in it).
  await once(dir, `Toxiproxy ${TOXIPROXY_VERSION}`, () => existsSync(bin), async (work) => {
    progress(`building Toxiproxy ${TOXIPROXY_VERSION} with Go into ${dir} (once)`);
    const built = await execa(go, ['install', MODULE], { reject: false, all: true, env: { ...env, GOBIN: work } });
    if (built.exitCode !== 0) {
      const reason = (built.all ?? '').split('\n').filter((l) => /error|cannot|not found|does not/i.test(l)).slice(0, 3).join('\n') || `exit ${built.exitCode}`;
      throw new DrillError(`building Toxiproxy ${TOXIPROXY_VERSION} with "go install ${MODULE}" failed:\n${reason}`, {
        hint: 'check that the Go module proxy is reachable, or set TOXIPROXY_BIN to a toxiproxy-server binary',
      });
    }
    await rename(join(work, 'server'), join(work, basename(bin)));
  });
  return bin;
}

/** A toxic as Toxiproxy's API takes it (latency, bandwidth, timeout, …). */
export interface Toxic {
  name: string;
  type: 'latency' | 'bandwidth' | 'slow_close' | 'timeout' | 'reset_peer' | 'slicer' | 'limit_data';
  stream?: 'upstream' | 'downstream';
  toxicity?: number;
  attributes: Record<string, number>;
}

const running = new Set<number>();
let hooked = false;

/** One toxiproxy-server on loopback, behind the same guard as the JVMs: it cannot outlive the harness. */
export class ToxiproxyServer implements Started, Stoppable, AsyncDisposable {
  private constructor(
    readonly api: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {}

  static async start(bin: string, logFile: string): Promise<ToxiproxyServer> {
    if (!hooked) {
      hooked = true;
      process.on('exit', () => running.forEach((pid) => killGuardedSync(pid)));
      onInterrupt(() => running.forEach((pid) => killGuardedSync(pid)));
    }
    const port = await freePort();
    const log = openSync(logFile, 'a');
    writeSync(log, `# mirrordrill started toxiproxy-server at ${new Date().toISOString()}\n# ${bin} -host 127.0.0.1 -port ${port}\n`);
    const child = spawnGuarded(bin, ['-host', '127.0.0.1', '-port', String(port)], { output: log, comm: basename(bin), guardName: 'mirrordrill-proxy-guard' });
    closeSync(log);
    if (child.pid === undefined) throw new DrillError('could not start toxiproxy-server', { log: logFile });
    running.add(child.pid);
    let exited = false;
    child.once('exit', () => {
      exited = true;
      running.delete(child.pid!);
    });
    const server = new ToxiproxyServer(`http://127.0.0.1:${port}`, child, logFile);
    await waitFor(async () => ((await fetch(`${server.api}/version`).catch(() => undefined))?.ok ? true : 'no answer yet'), {
      what: `toxiproxy-server to answer on ${server.api}`,
      timeoutMs: 15_000,
      intervalMs: 50,
      log: logFile,
      abort: () => (exited ? new DrillError('toxiproxy-server exited at start', { log: logFile }) : undefined),
    });
    return server;
  }

  async #call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.api}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new DrillError(`Toxiproxy refused ${method} ${path}: ${response.status} ${text.trim()}`, { log: this.logFile });
    return text ? JSON.parse(text) : undefined;
  }

  /** A proxy listening on a free loopback port in front of `upstream`; returns "127.0.0.1:port". */
  async createProxy(name: string, upstream: string): Promise<string> {
    const listen = `127.0.0.1:${await freePort()}`;
    await this.#call('POST', '/proxies', { name, listen, upstream, enabled: true });
    return listen;
  }

  /** Cuts the link: the proxy stops listening and drops its connections. */
  async cut(name: string): Promise<void> {
    await this.#call('POST', `/proxies/${encodeURIComponent(name)}`, { enabled: false });
  }

  /** Heals a cut and removes every toxic. */
  async heal(name: string): Promise<void> {
    await this.#call('POST', `/proxies/${encodeURIComponent(name)}`, { enabled: true });
    const toxics = (await this.#call('GET', `/proxies/${encodeURIComponent(name)}/toxics`)) as { name: string }[];
    for (const t of toxics) await this.#call('DELETE', `/proxies/${encodeURIComponent(name)}/toxics/${encodeURIComponent(t.name)}`);
  }

  async addToxic(proxy: string, toxic: Toxic): Promise<void> {
    await this.#call('POST', `/proxies/${encodeURIComponent(proxy)}/toxics`, { stream: 'downstream', toxicity: 1, ...toxic });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const done = new Promise((resolve) => this.child.once('exit', resolve));
    killGuardedSync(this.child.pid!);
    await done;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** One viewer's proxies in front of a cluster, one per broker, on the cluster's Toxiproxy server. */
export class ProxiedLink implements ClusterLink {
  constructor(
    readonly server: ToxiproxyServer,
    readonly proxies: { name: string; listen: string }[],
  ) {}
  async cut(): Promise<void> {
    for (const p of this.proxies) await this.server.cut(p.name);
  }
  async heal(): Promise<void> {
    for (const p of this.proxies) await this.server.heal(p.name);
  }
  async delay(latencyMs: number, jitterMs: number): Promise<void> {
    for (const p of this.proxies) await this.server.addToxic(p.name, { name: `latency-${Date.now()}`, type: 'latency', attributes: { latency: latencyMs, jitter: jitterMs } });
  }
  async throttle(kbPerSecond: number): Promise<void> {
    for (const p of this.proxies) await this.server.addToxic(p.name, { name: `bandwidth-${Date.now()}`, type: 'bandwidth', attributes: { rate: kbPerSecond } });
  }
  /** Toxiproxy's timeout toxic with timeout 0, both ways: every byte is dropped until it is removed, and the connection is never closed. */
  async blackhole(): Promise<void> {
    for (const p of this.proxies) {
      for (const stream of ['upstream', 'downstream'] as const) {
        await this.server.addToxic(p.name, { name: `blackhole-${stream}-${Date.now()}`, type: 'timeout', stream, attributes: { timeout: 0 } });
      }
    }
  }
}

/**
 * A Toxiproxy server for one cluster, with a proxy per broker for each viewer (MM2, the apps):
 * each node gets a listener of that viewer's own, advertised at its proxy's address, so that the
 * viewer's clients, which learn every broker's address from metadata, keep going through it.
 */
export async function startClusterLinks(bin: string, logFile: string, alias: string, nodes: BrokerAddress[]): Promise<Record<Viewer, ProxiedLink>> {
  const server = await ToxiproxyServer.start(bin, logFile);
  const link = async (viewer: Viewer) => {
    const proxies: { name: string; listen: string }[] = [];
    for (const node of nodes) {
      const port = await freePort(node.host);
      const name = `${viewer}-${alias}-${node.nodeId}`;
      const listen = await server.createProxy(name, `${node.host}:${port}`);
      node[viewer] = { port, advertised: listen };
      proxies.push({ name, listen });
    }
    return new ProxiedLink(server, proxies);
  };
  return { mirror: await link('mirror'), apps: await link('apps') };
}
