import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULTS } from '../config/defaults.ts';
import { renderProperties, type Properties } from '../config/properties.ts';
import { hasSecrets, isSecretKey, redactProperties, redactText } from '../config/secrets.ts';
import { BadStepParameter, DrillError, MirrorConfigRefused, ProcessExited } from '../errors.ts';
import { CONNECTOR_PACKAGE, MIRROR_CONNECTORS, connectorConfig, workerConfig, type MirrorConnector } from '../mirror/connect-config.ts';
import { ConnectRest, ConnectRestError, describeStatus, failuresOf, type ConnectorStatus } from '../mirror/connect-rest.ts';
import { GroupLeaderWatch, leaderOf } from '../mirror/group-leader.ts';
import type { MirrorSpec } from '../mirror/mm2-properties.ts';
import { progress } from '../progress.ts';
import { waitFor } from '../wait-for.ts';
import { logTail } from './log-tail.ts';
import type { ConnectorControl, MirrorDeployment, MirrorNode, StartedMirror } from './runtime.ts';
import { freePort } from '../os/free-port.ts';
import { makePrivateDir } from '../os/scratch-dir.ts';
import type { ExitDescribed, Lifecycle } from '../lifecycle.ts';

/*
 * MM2 on several nodes, for every runtime: a multi-node dedicated MM2 or a Kafka Connect
 * cluster, its connectors created and driven over REST, the group's leader read from the
 * nodes' logs. A runtime only says how one node is launched (a JVM, a container): a
 * MirrorNodeStarter.
 */

const HOST = '127.0.0.1';

/** What a node needs to be launched: the JVM's main class, its config, where it logs. */
export interface NodeLaunch {
  name: string;
  mainClass: string;
  /** The node's config; the runtime gives the node a private 0600 copy when it holds credentials. */
  properties: Properties;
  header: string;
  /** Arguments after the config file. */
  args: string[];
  logFile: string;
  /** The report's copy of the config (credentials redacted). */
  reportCopy: string;
}

/**
 * Writes the node's report copy: its config, or, when the config holds credentials, a redacted
 * copy whose header says where the node's own copy went (`privateCopy`). True when it holds some.
 */
export async function writeReportCopy(launch: NodeLaunch, privateCopy: string): Promise<boolean> {
  const secret = hasSecrets(launch.properties);
  await writeFile(launch.reportCopy, renderProperties(secret ? redactProperties(launch.properties) : launch.properties, secret ? `${launch.header}\nsecrets redacted: ${privateCopy}` : launch.header));
  return secret;
}

/** The node's config, credentials included, 0600 in a private folder of its own (`watch` is told of it); whoever ends the node removes the folder. */
export async function writePrivateConfig(launch: NodeLaunch, watch?: (dir: string) => void): Promise<{ dir: string; config: string }> {
  const dir = await makePrivateDir('secret');
  watch?.(dir);
  const config = join(dir, `${launch.name}.properties`);
  await writeFile(config, renderProperties(launch.properties, launch.header), { mode: 0o600 });
  return { dir, config };
}

/** One node as its runtime runs it: a JVM process, a container (the lifecycle of support/lifecycle.ts: stop is SIGTERM, SIGKILL after the grace period). */
export interface MirrorNodeProcess extends Lifecycle, ExitDescribed {
  /** Starts it again with its config, only when it is down. */
  restart(): Promise<void>;
  /** Gone for good: killed, and whatever the runtime made for it (a container, a private config) removed. */
  dispose(): Promise<void>;
}

/** Launches one node; the node's config files are the starter's to write. */
export type MirrorNodeStarter = (launch: NodeLaunch) => Promise<MirrorNodeProcess>;

/** A numbered node of the cluster, with its group view read from its log. */
export class ClusterMirrorNode implements MirrorNode {
  readonly #leader: GroupLeaderWatch;
  constructor(
    readonly index: number,
    readonly process: MirrorNodeProcess,
    /** The node's REST address (Connect's API, or a dedicated node's internal one), if it has one. */
    readonly url?: string,
  ) {
    this.#leader = new GroupLeaderWatch(process.logFile);
  }
  get running(): boolean {
    return this.process.running;
  }
  get logFile(): string {
    return this.process.logFile;
  }
  describeExit(): string {
    return this.process.describeExit();
  }
  stop(): Promise<void> {
    return this.process.stop();
  }
  kill(): Promise<void> {
    return this.process.kill();
  }
  pause(): void | Promise<void> {
    return this.process.pause();
  }
  resume(): void | Promise<void> {
    return this.process.resume();
  }
  async restart(): Promise<void> {
    if (this.process.running) throw new Error(`node ${this.index} is running`);
    await this.process.restart();
  }
  dispose(): Promise<void> {
    return this.process.dispose();
  }
  groupView() {
    return this.#leader.view();
  }
}

/**
 * MM2 on several JVMs: a multi-node dedicated cluster or a Kafka Connect cluster. stop, kill,
 * pause and resume act on every node; restart starts the nodes that are down.
 */
export class MirrorCluster implements StartedMirror {
  constructor(
    readonly spec: MirrorSpec,
    readonly properties: Properties,
    readonly deployment: MirrorDeployment,
    readonly nodes: ClusterMirrorNode[],
    readonly connectors?: MirrorConnectors,
  ) {}
  get logFile(): string {
    return this.nodes[0]!.logFile;
  }
  get running(): boolean {
    return this.nodes.some((n) => n.running);
  }
  describeExit(): string {
    return this.nodes.map((n) => `${this.#noun()} ${n.index} ${n.describeExit()}`).join(', ');
  }
  #noun(): string {
    return this.deployment.kind === 'connect' ? 'worker' : 'node';
  }
  async restart(): Promise<void> {
    const down = this.nodes.filter((n) => !n.running);
    if (down.length === 0) throw new Error('MirrorMaker 2 is running');
    for (const n of down) await n.restart();
  }
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }
  async kill(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill()));
  }
  async pause(): Promise<void> {
    await Promise.all(this.nodes.filter((n) => n.running).map((n) => n.pause()));
  }
  async resume(): Promise<void> {
    await Promise.all(this.nodes.filter((n) => n.running).map((n) => n.resume()));
  }
  groupViews() {
    return this.nodes.map((n) => ({ index: n.index, running: n.running, view: n.groupView() }));
  }
  leader(): number | undefined {
    return leaderOf(this.groupViews());
  }
  failure(): Error | undefined {
    return this.connectors?.failure();
  }
  async [Symbol.asyncDispose](): Promise<void> {
    this.connectors?.close();
    await Promise.allSettled(this.nodes.map((n) => n.dispose()));
  }
}

/** The flow's three connectors on a Connect cluster, driven over its REST API (any running worker's). */
export class MirrorConnectors implements ConnectorControl {
  #last = new Map<string, ConnectorStatus>();
  #poller: NodeJS.Timeout | undefined;
  #polling = false;
  #nodes: ClusterMirrorNode[] = [];

  constructor(
    private readonly spec: MirrorSpec,
    private readonly configs: Map<MirrorConnector, Record<string, string>>,
  ) {}

  attach(nodes: ClusterMirrorNode[]): void {
    this.#nodes = nodes;
  }

  /** Any running worker: Connect forwards writes to the leader. */
  #rest(): ConnectRest {
    const node = this.#nodes.find((n) => n.running && n.url);
    if (!node) throw new DrillError('no Connect worker of MirrorMaker 2 is running', { hint: 'restart one first: When Connect worker 1 is restarted' });
    return new ConnectRest(node.url!);
  }

  #secrets(): string[] {
    return Object.entries(this.spec.overrides)
      .filter(([k]) => isSecretKey(k))
      .map(([, v]) => v);
  }

  #name(connector: string): MirrorConnector {
    const known = MIRROR_CONNECTORS.find((c) => c === connector);
    if (!known) throw new BadStepParameter(`MirrorMaker 2 runs no connector "${connector}" on this Connect cluster`, { hint: `name one of: ${MIRROR_CONNECTORS.map((c) => `"${c}"`).join(', ')}` });
    return known;
  }

  /**
   * Retries what Connect answers while it rebalances or forwards to a leader it has not found
   * yet (409, 5xx, a refused connection), bounded; a 4xx other than 409 is the answer, thrown.
   */
  async #call<T>(what: string, call: (rest: ConnectRest) => Promise<T>, timeoutMs: number = DEFAULTS.connectStartTimeoutMs): Promise<T> {
    let final: Error | undefined;
    let result: { value: T } | undefined;
    await waitFor(
      async (): Promise<true> => {
        try {
          result = { value: await call(this.#rest()) };
          return true;
        } catch (error) {
          if (error instanceof ConnectRestError && error.status >= 400 && error.status < 500 && error.status !== 409) final = error;
          throw error;
        }
      },
      {
        what,
        timeoutMs,
        intervalMs: 500,
        abort: () => final ?? (this.#nodes.some((n) => n.running) ? undefined : new ProcessExited('every Connect worker of MirrorMaker 2 is down')),
      },
    );
    return result!.value;
  }

  async create(): Promise<void> {
    for (const [name, config] of this.configs) {
      try {
        await this.#call(`Connect to accept the config of ${name}`, (rest) => rest.putConfig(name, config));
      } catch (error) {
        if (error instanceof ConnectRestError && error.status === 400) throw this.#refused(name, error);
        throw error;
      }
    }
    this.#poll();
  }

  #refused(name: string, error: ConnectRestError): MirrorConfigRefused {
    const rows = Object.keys(this.spec.overrides).filter((k) => error.message.includes(k.replace(/^[^.]+->[^.]+\./, '')));
    return new MirrorConfigRefused(`Kafka Connect refused the config of ${name} (PUT /connectors/${name}/config answered ${error.status}):\n    ${redactText(ConnectRestError.messageOf(error.body), this.#secrets()).split('\n').join('\n    ')}`, {
      hint: rows.length ? `give ${rows.map((k) => `"${k}"`).join(', ')} a value Connect accepts (its error above says what it expects)` : "check the MM2 properties in the step's table against MM2's configuration reference",
    });
  }

  /** Polls every connector's status once a second, so that a FAILED one stops every wait at once. */
  #poll(): void {
    this.#poller = setInterval(() => {
      if (this.#polling || !this.#nodes.some((n) => n.running)) return;
      this.#polling = true;
      void (async () => {
        try {
          const rest = this.#rest();
          for (const name of this.configs.keys()) this.#last.set(name, await rest.status(name));
        } catch {
          // A worker going down or rebalancing: the next poll asks again.
        } finally {
          this.#polling = false;
        }
      })();
    }, 1_000);
    this.#poller.unref();
  }

  close(): void {
    clearInterval(this.#poller);
  }

  failure(): Error | undefined {
    const failed = [...this.#last.values()].flatMap((s) => failuresOf(s));
    if (failed.length === 0) return undefined;
    const names = [...this.#last.values()].filter((s) => failuresOf(s).length).map((s) => s.name);
    return new DrillError(`MirrorMaker 2 ${this.spec.source} → ${this.spec.target} on Kafka Connect: ${names.join(', ')} FAILED (GET /connectors/<name>/status):\n${redactText(failed.join('\n'), this.#secrets())}`, {
      hint: `read the trace above; after fixing the cause: When connector "${names[0]}" is restarted`,
    });
  }

  async #statuses(): Promise<ConnectorStatus[]> {
    const rest = this.#rest();
    const out: ConnectorStatus[] = [];
    for (const name of this.configs.keys()) {
      const s = await rest.status(name);
      this.#last.set(name, s);
      out.push(s);
    }
    return out;
  }

  async waitRunning(what: string, workers?: string[]): Promise<void> {
    const on = (x: { state: string; worker_id: string }) => x.state === 'RUNNING' && (!workers || workers.includes(x.worker_id));
    await waitFor(
      async () => {
        const all = await this.#statuses();
        const notYet = all.filter((s) => !on(s.connector) || s.tasks.some((t) => !on(t)) || (s.name === 'MirrorSourceConnector' && s.tasks.length === 0));
        return notYet.length === 0 ? true : notYet.map(describeStatus).join('; ');
      },
      {
        what,
        timeoutMs: DEFAULTS.connectStartTimeoutMs,
        intervalMs: 250,
        log: this.#nodes[0]?.logFile,
        onProgress: (ms, state) => progress(`waiting ${(ms / 1000).toFixed(0)} s for ${what}: ${state ?? ''}`),
        abort: () => this.failure() ?? (this.#nodes.some((n) => n.running) ? undefined : new ProcessExited(`every Connect worker exited:\n${logTail(this.#nodes[0]!.logFile)}`, { log: this.#nodes[0]!.logFile })),
      },
    );
  }

  async describe(): Promise<string[]> {
    return (await this.#statuses()).map(describeStatus);
  }

  async failedTrace(connector: string): Promise<string | undefined> {
    const s = await this.#call(`the status of ${connector}`, (rest) => rest.status(this.#name(connector)));
    this.#last.set(s.name, s);
    const f = failuresOf(s, 1_000);
    return f.length ? f.join('\n') : undefined;
  }

  async workerOf(connector: string, task: number): Promise<string | undefined> {
    const name = this.#name(connector);
    const s = await this.#call(`the status of ${name}`, (rest) => rest.status(name));
    const t = s.tasks.find((x) => x.id === task);
    if (!t) throw new BadStepParameter(`connector ${name} has no task ${task}`, { hint: s.tasks.length ? `its tasks are ${s.tasks.map((x) => x.id).join(', ')}` : 'it has no task right now' });
    return t.state === 'RUNNING' ? t.worker_id : undefined;
  }

  async pause(connector: string): Promise<void> {
    const name = this.#name(connector);
    await this.#call(`Connect to pause ${name}`, (rest) => rest.pause(name));
    await this.#waitState(name, 'PAUSED');
  }

  async resume(connector: string): Promise<void> {
    const name = this.#name(connector);
    await this.#call(`Connect to resume ${name}`, (rest) => rest.resume(name));
    await this.#waitState(name, 'RUNNING');
  }

  async alterOffsets(connector: string, offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> }[]): Promise<void> {
    const name = this.#name(connector);
    await this.#call(`Connect to stop ${name}`, (rest) => rest.stop(name));
    await this.#waitState(name, 'STOPPED');
    try {
      const answer = await this.#call(`Connect to alter the offsets of ${name}`, (rest) => rest.alterOffsets(name, offsets));
      if (answer?.message) progress(`Connect: ${answer.message}`);
    } catch (error) {
      // Connect and MirrorSourceConnector.alterOffsets refuse bad partitions or offsets with a 400 saying why.
      if (error instanceof ConnectRestError && error.status === 400) {
        throw new BadStepParameter(`Connect refused the offsets for ${name}: ${ConnectRestError.messageOf(error.body)}`, { hint: 'MM2 keys its source offsets by {cluster, topic, partition} and stores {offset} (the last upstream offset copied)' });
      }
      throw error;
    } finally {
      await this.#call(`Connect to resume ${name}`, (rest) => rest.resume(name));
    }
    await this.#waitState(name, 'RUNNING');
  }

  async restart(connector: string): Promise<void> {
    const name = this.#name(connector);
    await this.#call(`Connect to restart ${name}`, (rest) => rest.restart(name, true));
    await this.waitRunning(`${name} and its tasks to run again after the restart`);
  }

  async restartTask(connector: string, task: number): Promise<void> {
    const name = this.#name(connector);
    const status = await this.#call(`the status of ${name}`, (rest) => rest.status(name));
    if (!status.tasks.some((t) => t.id === task)) {
      throw new BadStepParameter(`connector ${name} has no task ${task}`, { hint: status.tasks.length ? `its tasks are ${status.tasks.map((t) => t.id).join(', ')}` : 'it has no task right now' });
    }
    await this.#call(`Connect to restart task ${task} of ${name}`, (rest) => rest.restartTask(name, task));
    await this.waitRunning(`task ${task} of ${name} to run again`);
  }

  async reconfigure(connector: string, changes: Record<string, string>): Promise<void> {
    const name = this.#name(connector);
    const config = { ...this.configs.get(name)!, ...changes };
    // A paused connector stays paused with its new config (Connect keeps the target state):
    // then the new config is in once it is PAUSED again, and "resumed" starts it.
    const paused = (await this.#call(`the status of ${name}`, (rest) => rest.status(name))).connector.state === 'PAUSED';
    try {
      await this.#call(`Connect to accept the new config of ${name}`, (rest) => rest.putConfig(name, config));
    } catch (error) {
      if (error instanceof ConnectRestError && error.status === 400) throw this.#refused(name, error);
      throw error;
    }
    this.configs.set(name, config);
    // The connector restarts with the new config; a FAILED one is left to the steps that follow.
    await waitFor(
      async () => {
        const s = await this.#call(`the status of ${name}`, (rest) => rest.status(name));
        this.#last.set(name, s);
        const want = paused ? 'PAUSED' : 'RUNNING';
        return s.connector.state === 'FAILED' || (s.connector.state === want && s.tasks.every((t) => t.state === want)) ? true : describeStatus(s);
      },
      { what: `${name} to restart with its new config`, timeoutMs: DEFAULTS.connectStartTimeoutMs, intervalMs: 250 },
    );
    const failed = failuresOf(this.#last.get(name)!);
    if (failed.length) progress(`${name} FAILED with its new config:\n${redactText(failed.join('\n'), this.#secrets())}`);
  }

  async #waitState(name: MirrorConnector, state: string): Promise<void> {
    await waitFor(
      async () => {
        const s = await this.#call(`the status of ${name}`, (rest) => rest.status(name));
        this.#last.set(name, s);
        return s.connector.state === state && s.tasks.every((t) => t.state === state) ? true : describeStatus(s);
      },
      { what: `${name} and its tasks to be ${state}`, timeoutMs: DEFAULTS.connectStartTimeoutMs, intervalMs: 250, abort: () => this.failure() },
    );
  }
}

export interface ClusterAddresses {
  alias: string;
  bootstrapServers: string[];
  brokers: number;
}

/**
 * Starts MM2 on `deployment.nodes` nodes, each launched by `start` (a JVM, a container). Dedicated: every node runs MirrorMaker with the same
 * mm2.properties plus its own internal REST listener. Connect: every worker runs
 * ConnectDistributed with the worker config workerConfig derives from mm2.properties; once a
 * worker answers, the flow's three connectors are created over REST with the configs
 * connectorConfig derives (MM2's own rules) and the start waits until each one and every task
 * of it is RUNNING.
 */
export async function startMirrorCluster(opts: {
  spec: MirrorSpec;
  deployment: MirrorDeployment;
  mm2: Properties;
  dir: string;
  start: MirrorNodeStarter;
}): Promise<MirrorCluster> {
  const { spec, deployment, mm2, dir, start } = opts;
  const base = `mm2-${spec.source}-to-${spec.target}`;
  const nodes: ClusterMirrorNode[] = [];
  const noun = deployment.kind === 'connect' ? 'worker' : 'node';
  try {
    for (let i = 1; i <= deployment.nodes; i++) {
      const port = await freePort(HOST);
      const name = `${base}-${noun}-${i}`;
      const url = `http://${HOST}:${port}`;
      const launch: NodeLaunch =
        deployment.kind === 'connect'
          ? {
              name,
              mainClass: 'org.apache.kafka.connect.cli.ConnectDistributed',
              properties: workerConfig(mm2, spec, { host: HOST, port }),
              header: `${name}: Kafka Connect worker ${i} of ${deployment.nodes} for MirrorMaker 2, generated by mirrordrill`,
              args: [],
              logFile: join(dir, `${name}.log`),
              reportCopy: join(dir, `${name}.properties`),
            }
          : {
              name,
              mainClass: 'org.apache.kafka.connect.mirror.MirrorMaker',
              // Each node's internal REST server on its own loopback port.
              properties: { ...mm2, listeners: url, 'rest.advertised.host.name': HOST, 'rest.advertised.port': port, 'rest.advertised.listener': 'http' },
              header: `${name}: dedicated MirrorMaker 2, node ${i} of ${deployment.nodes}, generated by mirrordrill`,
              args: ['--clusters', spec.target],
              logFile: join(dir, `${name}.log`),
              reportCopy: join(dir, `${name}.properties`),
            };
      nodes.push(new ClusterMirrorNode(i, await start(launch), url));
    }
    if (deployment.kind === 'dedicated') return new MirrorCluster(spec, redactProperties(mm2), deployment, nodes);

    // Connect: the connector configs follow MirrorMakerConfig.connectorBaseConfig, with the
    // top-level keys the connectors define as the worker lists them.
    const rest = new ConnectRest(nodes[0]!.url!);
    await waitFor(
      async (): Promise<true> => {
        await rest.root();
        return true;
      },
      {
        what: `Connect worker 1 of MirrorMaker 2 to answer on ${nodes[0]!.url}`,
        timeoutMs: DEFAULTS.connectStartTimeoutMs,
        log: nodes[0]!.logFile,
        abort: () => (nodes[0]!.running ? undefined : new ProcessExited(`Connect worker 1 ${nodes[0]!.describeExit()} while starting:\n${logTail(nodes[0]!.logFile)}`, { log: nodes[0]!.logFile })),
      },
    );
    const names = new Set<string>();
    for (const c of MIRROR_CONNECTORS) for (const n of await rest.pluginConfigNames(`${CONNECTOR_PACKAGE}.${c}`)) names.add(n);
    const configs = new Map(MIRROR_CONNECTORS.map((c) => [c, connectorConfig(mm2, spec, c, names)] as const));
    for (const [c, config] of configs) {
      await writeFile(join(dir, `${base}-${c}.json`), `${JSON.stringify(redactProperties(config), null, 2)}\n`);
    }
    const connectors = new MirrorConnectors(spec, configs);
    connectors.attach(nodes);
    const mirror = new MirrorCluster(spec, redactProperties(mm2), deployment, nodes, connectors);
    try {
      await connectors.create();
      await connectors.waitRunning(`MirrorMaker 2's connectors on ${deployment.nodes} Connect worker(s) to run`);
    } catch (error) {
      await mirror[Symbol.asyncDispose]();
      throw error;
    }
    return mirror;
  } catch (error) {
    await Promise.allSettled(nodes.map((n) => n.dispose()));
    throw error;
  }
}
