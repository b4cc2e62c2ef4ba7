import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, rm, writeFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Settings } from '../../config/defaults.ts';
import type { Properties } from '../../config/properties.ts';
import { redactProperties } from '../../config/secrets.ts';
import type { ClusterCredentials } from '../../security/cluster-security.ts';
import { writeBrokerConfig } from '../secured-cluster.ts';
import type { MirrorSpec } from '../../mirror/mm2-properties.ts';
import { brokerProperties } from '../broker-properties.ts';
import { installInterruptHandlers, onInterrupt } from '../../os/guarded-process.ts';
import { distribution, type KafkaDistribution } from '../../kafka/kafka-distribution.ts';
import { removeScratchDir } from '../../os/scratch-dir.ts';
import type { ProxiedLink } from '../../links/toxiproxy.ts';
import { startMirrorCluster, writePrivateConfig, writeReportCopy, type MirrorNodeProcess, type NodeLaunch } from '../mirror-cluster.ts';
import type { ClusterSpec, Fault, PauseMethod, Runtime, StartedBroker, StartedCluster, StartedMirror, Viewer } from '../runtime.ts';
import { ContainerReaper, sweepDeadRuns } from './container-reaper.ts';
import { connectEngine, type Engine } from './engine.ts';
import { KAFKA_LIBS, resolveKafkaImage, type KafkaImage } from './kafka-image.ts';
import { NodeCluster } from '../started-cluster.ts';
import { NodeContainer } from './node-container.ts';
import { StartedNode } from '../started-node.ts';
import { bootstrapOf, brokersReady, deploymentOf, mirrorProperties, onSeveralNodes, planCluster, withInternalRest, writeLogging } from '../cluster-start.ts';
import { jvmArgs } from '../jvm-options.ts';

/** A word for a POSIX shell, single-quoted. */
export function shq(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The local runtime's JVM options (support/runtime/jvm-options.ts), so that a node behaves alike in both. */
function javaCommand(heap: string, systemProperties: Record<string, string>, mainClass: string, args: string[]): string {
  return ['java', ...jvmArgs({ heap, systemProperties, classpath: `${KAFKA_LIBS}/*`, mainClass, args })].map(shq).join(' ');
}

/** A broker or an MM2 in a container of its own: faults through the engine; a restart starts the same container again. */
abstract class ContainerNode extends StartedNode<NodeContainer> {
  protected relaunch(): Promise<void> {
    return this.process.startAgain();
  }
}

class ContainerBroker extends ContainerNode implements StartedBroker {
  constructor(
    readonly nodeId: number,
    readonly bootstrap: string,
    node: NodeContainer,
    /** The node's log.dirs, on the host (bind-mounted at the same path). */
    private readonly logDir: string,
  ) {
    super(node);
  }
  protected get label(): string {
    return `broker ${this.nodeId}`;
  }
  async dropLog(topic: string, partition: number): Promise<void> {
    if (this.process.running) throw new Error(`broker ${this.nodeId} is running`);
    await rm(join(this.logDir, `${topic}-${partition}`), { recursive: true, force: true });
  }
  async wipe(): Promise<void> {
    if (this.process.running) throw new Error(`broker ${this.nodeId} is running`);
    // The folder is the container's bind mount: emptied, not removed. Its start script formats
    // the storage again when meta.properties is missing.
    for (const entry of await readdir(this.logDir)) await rm(join(this.logDir, entry), { recursive: true, force: true });
  }
}

class ContainerCluster extends NodeCluster<ContainerBroker> {
  constructor(
    alias: string,
    brokers: ContainerBroker[],
    version: string,
    private readonly dataDir: string,
    private readonly reaper: ContainerReaper,
    /** Toxiproxy on the host (host networking: it sees the containers' loopback ports). */
    links?: Record<Viewer, ProxiedLink>,
    /** Bind-mounted into its brokers and into MM2 (a private folder), removed at dispose. */
    credentials?: ClusterCredentials,
    mirrorListeners?: string[],
  ) {
    super(alias, brokers, version, links, credentials, mirrorListeners);
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.allSettled(this.brokers.map((b) => b.process.remove()));
    await this.links?.mirror.server.stop();
    await removeScratchDir(this.dataDir);
    this.reaper.forget(this.dataDir);
    if (this.credentials) {
      await this.credentials.dispose();
      this.reaper.forget(this.credentials.dir);
    }
  }
}

/**
 * One MM2 node or Connect worker in a container of its own. Its config is in the scenario
 * folder, or, when it holds credentials, in a private folder bind-mounted for the container's
 * life (a restart starts the same container on it) and removed with it.
 */
class ContainerMirrorNode extends ContainerNode implements MirrorNodeProcess {
  constructor(
    protected readonly label: string,
    node: NodeContainer,
    private readonly privateDir: string | undefined,
    private readonly reaper: ContainerReaper,
  ) {
    super(node);
  }
  async dispose(): Promise<void> {
    await this.process.remove();
    if (this.privateDir) {
      await removeScratchDir(this.privateDir);
      this.reaper.forget(this.privateDir);
    }
  }
}

/** A dedicated MM2 on one node. */
class ContainerMirror extends ContainerMirrorNode implements StartedMirror {
  constructor(
    readonly spec: MirrorSpec,
    readonly properties: Properties,
    started: { node: NodeContainer; privateDir: string | undefined },
    reaper: ContainerReaper,
  ) {
    super('MirrorMaker 2', started.node, started.privateDir, reaper);
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

/**
 * Brokers and MM2 (dedicated, on 1–3 nodes, or on 1–3 Kafka Connect workers), each node in a
 * container of its own, through testcontainers, on Docker or podman. Host networking on
 * 127.0.0.1 (ports chosen by the harness, exactly as the local runtime's), configs and data in
 * the scenario's folder bind-mounted at the same path (a secured cluster's private credentials
 * folder too), container output streamed into the same per-node log files. Faults through the
 * engine.
 */
export class ContainersRuntime implements Runtime {
  readonly name = 'containers' as const;
  readonly capabilities: ReadonlySet<Fault> = new Set<Fault>(['kill', 'stop', 'pause', 'restart', 'network', 'disk', 'security', 'deployments']);
  readonly pauseMethod: PauseMethod = { pause: 'cgroup freezer', resume: 'unfrozen' };
  /** Labels this run's containers; the reaper removes them when the harness ends, however it ends. */
  readonly run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  #ready: Promise<{ engine: Engine; image: KafkaImage; d: KafkaDistribution; reaper: ContainerReaper }> | undefined;
  #count = 0;
  constructor(private readonly settings: Settings) {}

  /** Engine found and answering, dead runs swept, reaper started, image built or found: once per run. */
  #prepare() {
    this.#ready ??= (async () => {
      const engine = await connectEngine();
      // Ctrl-C: the scenario is noted as interrupted and the harness exits; the reaper then removes the containers.
      installInterruptHandlers();
      await sweepDeadRuns(engine);
      const reaper = ContainerReaper.start(engine, this.run);
      onInterrupt(() => process.stderr.write(`mirrordrill: this run's containers (label mirrordrill.run=${this.run}) are removed by its reaper (pid ${reaper.pid}) as the harness exits\n`));
      const d = await distribution(this.settings);
      const image = await resolveKafkaImage(this.settings, engine, d);
      return { engine, image, d, reaper };
    })();
    return this.#ready;
  }

  async describe(): Promise<string> {
    const { engine, image, d } = await this.#prepare();
    return `Kafka ${d.version} in containers on ${engine.description} (${engine.url}, host network), ${image.source}; run label mirrordrill.run=${this.run} on ${hostname()}`;
  }

  async startCluster(spec: ClusterSpec, dir: string): Promise<StartedCluster> {
    const { image, d, reaper } = await this.#prepare();
    // As on local (support/runtime/cluster-start.ts); the reaper is told of the data and credentials folders.
    // Secured: as on local (support/runtime/secured-cluster.ts); the credentials' private folder
    // is bind-mounted into the brokers at the same path, read-write like the rest (root reads it).
    const { systemProperties, nodes, id, dataDir, secured, links } = await planCluster(spec, dir, d, { cacheDir: this.settings.cacheDir, watch: (folder) => reaper.watch(folder) });
    const credentials = secured?.credentials;
    const n = ++this.#count;
    const started = await Promise.allSettled(
      nodes.map(async (node) => {
        const name = `${spec.alias}-${node.nodeId}`;
        const logDir = join(dataDir, name);
        const config = await writeBrokerConfig(dir, name, brokerProperties(node, nodes, logDir, secured?.security, spec.settings), credentials);
        let format = javaCommand(this.settings.jvmHeap, systemProperties, 'kafka.tools.StorageTool', ['format', '-t', id, '-c', config, '--ignore-formatted', ...(credentials?.scramFormatArgs() ?? [])]);
        if (credentials) {
          // The SCRAM users' passwords are StorageTool's arguments: in a private script, so that
          // neither the container's command (kept by the engine) nor its log header shows them.
          const script = join(credentials.dir, `${name}-format.sh`);
          await writeFile(script, `${format}\n`, { mode: 0o700 });
          format = `/bin/sh ${shq(script)}`;
        }
        // Formats the node's storage once (KRaft needs it), then becomes the broker: a restart of
        // the same container finds meta.properties and starts the broker on its data.
        const script = [`[ -f ${shq(join(logDir, 'meta.properties'))} ] || ${format} || exit 70`, `exec ${javaCommand(this.settings.jvmHeap, systemProperties, 'kafka.Kafka', [config])}`].join('\n');
        const binds = credentials ? [dir, credentials.dir] : [dir];
        const container = await NodeContainer.start({ name, image: image.name, run: `${this.run}`, script, binds, logFile: join(dir, `${name}.log`), instance: `${n}` });
        return new ContainerBroker(node.nodeId, bootstrapOf(node), container, logDir);
      }),
    );
    const brokers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const cluster = new ContainerCluster(spec.alias, brokers, d.version, dataDir, reaper, links, credentials, secured?.mirrorListeners.length ? secured.mirrorListeners : undefined);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      await cluster[Symbol.asyncDispose]();
      throw failed.reason;
    }
    return brokersReady(cluster, spec, ', containers');
  }

  async startMirror(spec: MirrorSpec, source: StartedCluster, target: StartedCluster, dir: string): Promise<StartedMirror> {
    const { image, d, reaper } = await this.#prepare();
    await mkdir(dir, { recursive: true });
    const systemProperties = await writeLogging(dir, d);
    const name = `mm2-${spec.source}-to-${spec.target}`;
    const properties = mirrorProperties(spec, source, target);
    // MM2's keystores and the CAs it trusts are in the secured clusters' private folders.
    const credentialDirs = [source, target].flatMap((c) => (c instanceof ContainerCluster && c.credentials ? [c.credentials.dir] : []));
    const launchNode = (launch: NodeLaunch) => this.#launchMirrorNode(launch, image.name, systemProperties, reaper, credentialDirs);
    // Several dedicated nodes, or Kafka Connect workers (support/runtime/mirror-cluster.ts), each a container.
    const deployment = deploymentOf(spec);
    if (onSeveralNodes(deployment) || withInternalRest(properties)) {
      return startMirrorCluster({
        spec,
        deployment,
        mm2: properties,
        dir,
        start: async (launch) => {
          const started = await launchNode(launch);
          return new ContainerMirrorNode(launch.name, started.node, started.privateDir, reaper);
        },
      });
    }
    const started = await launchNode({
      name,
      mainClass: 'org.apache.kafka.connect.mirror.MirrorMaker',
      properties,
      header: `${name}: dedicated MirrorMaker 2 in a container, generated by mirrordrill`,
      args: ['--clusters', spec.target],
      logFile: join(dir, `${name}.log`),
      reportCopy: join(dir, `${name}.properties`),
    });
    return new ContainerMirror(spec, redactProperties(properties), started, reaper);
  }

  /**
   * One MM2 node or Connect worker in a container: its report copy (credentials redacted) in the
   * scenario folder; the container reads that, or a private copy for its whole life (a restart
   * starts the same container) when the config holds credentials.
   */
  async #launchMirrorNode(launch: NodeLaunch, image: string, systemProperties: Record<string, string>, reaper: ContainerReaper, credentialDirs: string[]): Promise<{ node: NodeContainer; privateDir: string | undefined }> {
    const binds = [dirname(launch.logFile), ...credentialDirs];
    let config = launch.reportCopy;
    let privateDir: string | undefined;
    if (await writeReportCopy(launch, 'the node ran with a private copy, deleted when its container was removed')) {
      ({ dir: privateDir, config } = await writePrivateConfig(launch, (folder) => reaper.watch(folder)));
      binds.push(privateDir);
    }
    const script = `exec ${javaCommand(this.settings.jvmHeap, systemProperties, launch.mainClass, [config, ...launch.args])}`;
    try {
      const node = await NodeContainer.start({ name: launch.name, image, run: this.run, script, binds, logFile: launch.logFile, instance: `${++this.#count}` });
      return { node, privateDir };
    } catch (error) {
      if (privateDir) {
        await removeScratchDir(privateDir);
        reaper.forget(privateDir);
      }
      throw error;
    }
  }
}
