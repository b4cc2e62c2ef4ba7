import { resolve } from 'node:path';
import { appendFileSync, createWriteStream, type WriteStream } from 'node:fs';
import { hostname } from 'node:os';
import type { Readable } from 'node:stream';
import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import { ProcessExited } from '../../errors.ts';
import type { ExitStatus } from '../../os/guarded-process.ts';
import { ENGINE_SETUP_HINT } from './engine.ts';
import { LABEL } from './container-reaper.ts';

export interface NodeContainerSpec {
  /** es-src-1, mm2-es-src-to-es-tgt: the container is named mirrordrill-<run>-<name>. */
  name: string;
  image: string;
  run: string;
  /** A /bin/sh script, the container's whole command; it should `exec` the JVM (pid 1 then gets the engine's signals). */
  script: string;
  /** Host folders mounted at the same path, read-write: configs, logs, data. */
  binds: string[];
  /** The container's stdout and stderr are appended here, across restarts. */
  logFile: string;
  /** Tells apart two containers of one name in a run (a node of an earlier scenario being removed). */
  instance: string;
}

/**
 * One broker or MM2 in a container of its own, on the host's network (it listens on the
 * loopback ports the harness chose, as a local JVM would: no mapped ports, no engine health
 * check). Faults go through the engine: kill = SIGKILL, stop = SIGTERM with a grace period,
 * pause = the cgroup freezer, restart = the same container started again (same data, same
 * config).
 */
export class NodeContainer {
  readonly name: string;
  readonly logFile: string;
  #started: StartedTestContainer;
  #status: ExitStatus | undefined;
  #exited!: Promise<ExitStatus>;
  #log: WriteStream | undefined;

  private constructor(spec: NodeContainerSpec, started: StartedTestContainer) {
    this.name = spec.name;
    this.logFile = spec.logFile;
    this.#started = started;
    this.#watchExit();
  }

  static async start(spec: NodeContainerSpec): Promise<NodeContainer> {
    appendFileSync(spec.logFile, `# mirrordrill started ${spec.name} at ${new Date().toISOString()} in a container of ${spec.image}\n# /bin/sh -c '${spec.script}'\n`);
    let log: WriteStream | undefined;
    const container = new GenericContainer(spec.image)
      .withName(`mirrordrill-${spec.run}-${spec.instance}-${spec.name}`)
      .withLabels({ [LABEL.run]: spec.run, [LABEL.pid]: String(process.pid), [LABEL.host]: hostname(), [LABEL.node]: spec.name })
      .withNetworkMode('host')
      .withUser('0')
      .withEntrypoint(['/bin/sh', '-c', spec.script])
      .withCommand([])
      // No ulimits here: the engine's defaults apply (podman: containers.conf's default_ulimits; any
      // ulimit given per container makes podman 4.3 drop them, and runc then fails on nproc).
      .withBindMounts(spec.binds.map((dir) => ({ source: resolve(dir), target: resolve(dir), mode: 'rw' as const })))
      .withStartupTimeout(60_000)
      .withLogConsumer((stream: Readable) => {
        log = createWriteStream(spec.logFile, { flags: 'a' });
        stream.pipe(log);
      });
    let started: StartedTestContainer;
    try {
      started = await container.start();
    } catch (error) {
      throw new ProcessExited(`the container of ${spec.name} (${spec.image}) did not start: ${(error as Error).message}`, {
        log: spec.logFile,
        hint: /runtime|crun|runc|ulimit|cgroup/i.test((error as Error).message) ? ENGINE_SETUP_HINT : 'read the engine\'s message above',
      });
    }
    const node = new NodeContainer(spec, started);
    node.#log = log;
    return node;
  }

  get id(): string {
    return this.#started.getId();
  }

  async #container() {
    const client = await getContainerRuntimeClient();
    return { client, container: client.container.getById(this.id) };
  }

  /** Waits for the container's exit and records how it ended (137: SIGKILL, 143: SIGTERM). */
  #watchExit(): void {
    this.#status = undefined;
    this.#exited = (async () => {
      const { container } = await this.#container();
      let code: number | null = null;
      try {
        code = ((await container.wait()) as { StatusCode?: number }).StatusCode ?? null;
      } catch {
        // Removed while waiting: gone all the same.
      }
      const signal = code === 137 ? 'SIGKILL' : code === 143 ? 'SIGTERM' : null;
      this.#status = signal ? { code: null, signal } : { code, signal: null };
      return this.#status;
    })();
  }

  get exited(): Promise<ExitStatus> {
    return this.#exited;
  }

  get running(): boolean {
    return this.#status === undefined;
  }

  describeExit(): string {
    const s = this.#status;
    if (!s) return 'running';
    return s.signal ? `killed by ${s.signal} (container ${this.id.slice(0, 12)})` : `exited with code ${s.code} (container ${this.id.slice(0, 12)})`;
  }

  /** SIGKILL through the engine: no shutdown at all. */
  async kill(): Promise<ExitStatus> {
    if (this.#status) return this.#status;
    const { container } = await this.#container();
    await this.#unpauseQuietly();
    await container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
    return this.#exited;
  }

  /** SIGTERM through the engine, SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<ExitStatus> {
    if (this.#status) return this.#status;
    const { container } = await this.#container();
    await this.#unpauseQuietly();
    await container.stop({ t: Math.max(1, Math.ceil(graceMs / 1000)) }).catch(() => undefined);
    return this.#exited;
  }

  #paused = false;
  /** The cgroup freezer: every thread of the container stops, as SIGSTOP would. */
  async pause(): Promise<void> {
    if (!this.running) return;
    const { container } = await this.#container();
    await container.pause();
    this.#paused = true;
  }

  async resume(): Promise<void> {
    if (!this.#paused) return;
    const { container } = await this.#container();
    this.#paused = false;
    await container.unpause().catch(() => undefined);
  }

  async #unpauseQuietly(): Promise<void> {
    if (this.#paused) await this.resume();
  }

  /** The same container started again (same data and config), its output appended to the same log. */
  async startAgain(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is running`);
    const { client, container } = await this.#container();
    appendFileSync(this.logFile, `# mirrordrill started ${this.name} again at ${new Date().toISOString()} (same container ${this.id.slice(0, 12)})\n`);
    const since = Math.floor(Date.now() / 1000);
    await container.start();
    this.#watchExit();
    const stream = await client.container.logs(container, { since });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    stream.pipe(log);
    this.#log = log;
  }

  /** Kills and removes the container; its log file stays. */
  async remove(): Promise<void> {
    await this.#unpauseQuietly().catch(() => undefined);
    const { container } = await this.#container();
    await container.remove({ force: true, v: true }).catch(() => undefined);
    await this.#exited.catch(() => undefined);
    this.#log?.end();
  }
}
