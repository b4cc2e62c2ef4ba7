import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULTS, mirrorSettings, type Settings } from '../../config/defaults.ts';
import { ProcessExited } from '../../errors.ts';
import { ClusterAdmin } from '../../kafka/cluster-admin.ts';
import { mm2Properties, type MirrorSpec } from '../../mirror/mm2-properties.ts';
import { waitFor } from '../../wait-for.ts';
import { brokerProperties, type BrokerAddress } from '../broker-properties.ts';
import { freePort } from '../../os/free-port.ts';
import { logTail } from '../log-tail.ts';
import { renderProperties, type Properties } from '../../config/properties.ts';
import { redactProperties } from '../../config/secrets.ts';
import { FAULTS, type Fault, type PauseMethod, type Runtime, type StartedBroker, type StartedCluster, type StartedMirror, type ClusterSpec, type Viewer } from '../runtime.ts';
import type { ProxiedLink } from '../../links/toxiproxy.ts';
import { distribution, type KafkaDistribution } from '../../kafka/kafka-distribution.ts';
import { ARCHIVE_ROLES, ClassArchives, type ArchiveRole } from './class-archives.ts';
import { JvmProcess } from './jvm-process.ts';
import { JvmNode } from './jvm-node.ts';
import { jvmMirrorStarter, nodeLauncher, type JvmStarter } from './connect-mirror.ts';
import { startMirrorCluster } from '../mirror-cluster.ts';
import { progress } from '../../progress.ts';
import { makePrivateDir, removeScratchDir } from '../../os/scratch-dir.ts';
import { withLock } from '../../os/once.ts';
import type { ClusterCredentials } from '../../security/cluster-security.ts';
import { writeBrokerConfig } from '../secured-cluster.ts';
import { NodeCluster } from '../started-cluster.ts';
import { HOST, bootstrapOf, brokersReady, clusterId, deploymentOf, mirrorProperties, onSeveralNodes, planCluster, withInternalRest, writeLogging } from '../cluster-start.ts';

class LocalBroker extends JvmNode implements StartedBroker {
  constructor(
    readonly nodeId: number,
    readonly bootstrap: string,
    process: JvmProcess,
    launch: () => JvmProcess,
    /** The node's log.dirs. */
    private readonly logDir: string,
    /** Formats the node's storage, as at the cluster's start (KRaft needs it). */
    private readonly format: () => Promise<void>,
  ) {
    super(process, launch);
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
    await rm(this.logDir, { recursive: true, force: true });
    await this.format();
  }
}

class LocalCluster extends NodeCluster<LocalBroker> {
  constructor(
    alias: string,
    brokers: LocalBroker[],
    version: string,
    /** Broker data, beside the logs while the scenario runs, removed at dispose: MM2 stores connector configs, credentials included, in topics. */
    private readonly dataDir: string,
    links?: Record<Viewer, ProxiedLink>,
    credentials?: ClusterCredentials,
    mirrorListeners?: string[],
  ) {
    super(alias, brokers, version, links, credentials, mirrorListeners);
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await this.kill();
    await this.links?.mirror.server.stop();
    await removeScratchDir(this.dataDir);
    await this.credentials?.dispose();
  }
}

class LocalMirror extends JvmNode implements StartedMirror {
  protected readonly label = 'MirrorMaker 2';
  constructor(
    readonly spec: MirrorSpec,
    readonly properties: Properties,
    process: JvmProcess,
    /** The same MM2 again, same config: it resumes from the source offsets it committed. */
    launch: () => Promise<JvmProcess>,
  ) {
    super(process, launch);
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await this.kill();
  }
}

/** The default runtime: brokers and MM2 as JVM processes on loopback, from Apache's jars. */
export class LocalRuntime implements Runtime {
  readonly name = 'local' as const;
  /** Signals to its own JVMs, and Toxiproxy for links: every fault there is. */
  readonly capabilities: ReadonlySet<Fault> = new Set<Fault>(FAULTS);
  readonly pauseMethod: PauseMethod = { pause: 'SIGSTOP', resume: 'SIGCONT' };
  #archives: Promise<ClassArchives | undefined> | undefined;
  constructor(private readonly settings: Settings) {}

  #distribution(): Promise<KafkaDistribution> {
    return distribution(this.settings);
  }

  /** MM2's jars: another release's when MIRRORDRILL_MM2_VERSION says so, else the brokers'. */
  #mirrorDistribution(): Promise<KafkaDistribution> {
    return distribution(mirrorSettings(this.settings));
  }

  async describe(): Promise<string> {
    const d = await this.#distribution();
    const archives = await this.#classArchives();
    const cds = archives ? `, class-data archives ${archives.missing().length ? `for ${ARCHIVE_ROLES.filter((r) => archives.has(r)).join(', ') || 'no role'}` : 'in use'}` : '';
    const m = await this.#mirrorDistribution();
    const mm2 = m.version === d.version ? '' : `, MirrorMaker 2 of Kafka ${m.version} (${m.source})`;
    return `Kafka ${d.version} (${d.source})${mm2}, local JVM processes${cds}`;
  }

  /** The AppCDS archives of this Kafka and JVM, made once when missing (see class-archives.ts). */
  #classArchives(): Promise<ClassArchives | undefined> {
    this.#archives ??= (async () => {
      if (!this.settings.classArchives) return undefined;
      const d = await this.#distribution();
      const archives = await ClassArchives.of(d.java, d.classpath, join(this.settings.cacheDir, `kafka-${d.version}`));
      for (const note of await archives.verify(d.java, d.classpath)) progress(note);
      // One recording per machine: the workers of a --parallel run (and other checkouts) start
      // together on an empty cache, and the second finds the first's archives when it gets the lock.
      if (archives.missing().length) await withLock(`${archives.dir}.lock`, 'class-data archives', async () => (archives.missing().length ? this.#recordArchives(d, archives) : undefined));
      return archives;
    })();
    return this.#archives;
  }

  /**
   * Runs each role once with -XX:ArchiveClassesAtExit: formats a throwaway node, starts it, lets
   * an MM2 mirror a topic from it to itself (two aliases, one broker), then stops both with
   * SIGTERM so that the JVMs write their archives. About 15 s, once per Kafka version and JVM.
   * Nothing here can fail a run: a role whose archive was not written starts without one.
   */
  async #recordArchives(d: KafkaDistribution, archives: ClassArchives): Promise<void> {
    const started = Date.now();
    progress(`making class-data archives for Kafka ${d.version} (once; later JVMs start faster) in ${archives.dir}`);
    const dir = await makePrivateDir('cds');
    const procs: JvmProcess[] = [];
    try {
      const systemProperties = await writeLogging(dir, d);
      const jvm = async (role: ArchiveRole, name: string, mainClass: string, args: string[]) =>
        JvmProcess.start({ name, java: d.java, classpath: d.classpath, mainClass, args, heap: this.settings.jvmHeap, logFile: join(dir, `${name}.log`), systemProperties, jvmOptions: await archives.record(role) });
      const node: BrokerAddress = { nodeId: 1, host: HOST, port: await freePort(HOST), controllerPort: await freePort(HOST) };
      const config = join(dir, 'warmup.properties');
      await writeFile(config, renderProperties(brokerProperties(node, [node], join(dir, 'data')), 'class-data warm-up'));
      const format = await jvm('format', 'warmup-format', 'kafka.tools.StorageTool', ['format', '-t', clusterId(), '-c', config, '--ignore-formatted']);
      if ((await format.exited).code !== 0) throw new Error(`the storage format failed (${format.describeExit()})`);
      await archives.keep('format');
      const broker = await jvm('broker', 'warmup-broker', 'kafka.Kafka', [config]);
      procs.push(broker);
      const bootstrap = [`${HOST}:${node.port}`];
      const admin = new ClusterAdmin(bootstrap, 'warmup');
      try {
        await waitFor(async () => ((await admin.brokerIds()).length === 1 ? true : 'no broker yet'), { what: 'the warm-up broker', timeoutMs: DEFAULTS.brokerStartTimeoutMs, abort: () => (broker.running ? undefined : new Error('the warm-up broker exited')) });
        await admin.createTopic('warmup', 1, 1);
        const spec: MirrorSpec = { source: 'warmup-a', target: 'warmup-b', topics: ['warmup'], overrides: {} };
        const endpoint = (alias: string) => ({ alias, bootstrapServers: bootstrap, brokers: 1 });
        const mm2Config = join(dir, 'mm2.properties');
        await writeFile(mm2Config, renderProperties(mm2Properties(spec, endpoint(spec.source), endpoint(spec.target)), 'class-data warm-up'));
        const mm2 = await jvm('mm2', 'warmup-mm2', 'org.apache.kafka.connect.mirror.MirrorMaker', [mm2Config, '--clusters', spec.target]);
        procs.push(mm2);
        await waitFor(async () => ((await admin.topics()).includes('warmup-a.warmup') ? true : 'not mirroring yet'), {
          what: 'the warm-up MM2 to mirror',
          timeoutMs: DEFAULTS.mirrorTimeoutMs,
          abort: () => (mm2.running ? undefined : new Error('the warm-up MM2 exited')),
        });
        await mm2.stop(30_000);
        await archives.keep('mm2');
      } finally {
        await admin.close();
      }
      await broker.stop(30_000);
      await archives.keep('broker');
    } catch (error) {
      progress(`class-data archives not made (${(error as Error).message}); JVMs start without them`);
    } finally {
      await Promise.allSettled(procs.map((p) => p.kill()));
      await removeScratchDir(dir);
    }
    const missing = archives.missing();
    progress(`class-data archives: ${ARCHIVE_ROLES.filter((r) => archives.has(r)).join(', ') || 'none'} made in ${((Date.now() - started) / 1000).toFixed(1)} s${missing.length ? `; none for ${missing.join(', ')}` : ''}`);
  }

  async startCluster(spec: ClusterSpec, dir: string): Promise<StartedCluster> {
    const d = await this.#distribution();
    // Addresses, id, data folder, a secured cluster's credentials and listeners, Toxiproxy's links (support/runtime/cluster-start.ts).
    const { systemProperties, nodes, id, dataDir, secured, links } = await planCluster(spec, dir, d, { cacheDir: this.settings.cacheDir });
    const credentials = secured?.credentials;
    const secrets = credentials?.secrets() ?? [];
    const archives = await this.#classArchives();
    const jvm = (name: string, mainClass: string, args: string[], logFile: string, role: ArchiveRole) =>
      JvmProcess.start({ name, java: d.java, classpath: d.classpath, mainClass, args, heap: this.settings.jvmHeap, logFile, systemProperties, jvmOptions: archives?.use(role), redact: secrets });

    const configs = await Promise.all(
      nodes.map(async (node) => {
        const name = `${spec.alias}-${node.nodeId}`;
        const config = await writeBrokerConfig(dir, name, brokerProperties(node, nodes, join(dataDir, name), secured?.security, spec.settings), credentials);
        return { node, name, config, logFile: join(dir, `${name}.log`), logDir: join(dataDir, name) };
      }),
    );
    const scram = credentials?.scramFormatArgs() ?? [];
    // Format every node's storage (KRaft needs it), all at once.
    const formatOf = ({ name, config, logFile }: (typeof configs)[number]) => async () => {
      const format = jvm(`${name}-format`, 'kafka.tools.StorageTool', ['format', '-t', id, '-c', config, '--ignore-formatted', ...scram], logFile, 'format');
      const status = await format.exited;
      if (status.code !== 0) throw new ProcessExited(`formatting the storage of ${name} failed (${format.describeExit()}):\n${logTail(logFile)}`, { log: logFile });
    };
    await Promise.all(configs.map((c) => formatOf(c)()));
    const brokers = configs.map((c) => {
      const launch = () => jvm(c.name, 'kafka.Kafka', [c.config], c.logFile, 'broker');
      return new LocalBroker(c.node.nodeId, bootstrapOf(c.node), launch(), launch, c.logDir, formatOf(c));
    });
    const cluster = new LocalCluster(spec.alias, brokers, d.version, dataDir, links, credentials, secured?.mirrorListeners.length ? secured.mirrorListeners : undefined);
    return brokersReady(cluster, spec);
  }

  async startMirror(spec: MirrorSpec, source: StartedCluster, target: StartedCluster, dir: string): Promise<StartedMirror> {
    const d = await this.#mirrorDistribution();
    await mkdir(dir, { recursive: true });
    const systemProperties = await writeLogging(dir, d);
    const name = `mm2-${spec.source}-to-${spec.target}`;
    // MM2 reaches a proxied cluster through its proxies (and the listener advertised there).
    const properties = mirrorProperties(spec, source, target);
    // The class-data archives are the brokers' release's: an MM2 of another release starts without one.
    const jvmOptions = d.version === this.settings.kafkaVersion ? (await this.#classArchives())?.use('mm2') : undefined;
    const start: JvmStarter = (s) => JvmProcess.start({ ...s, java: d.java, classpath: d.classpath, heap: this.settings.jvmHeap, systemProperties, jvmOptions });
    // Several dedicated nodes, or Kafka Connect workers (support/runtime/mirror-cluster.ts), each a JVM.
    const deployment = deploymentOf(spec);
    if (onSeveralNodes(deployment) || withInternalRest(properties)) {
      return startMirrorCluster({
        spec,
        deployment,
        mm2: properties,
        dir,
        start: jvmMirrorStarter(start),
      });
    }
    // One JVM, launched as a node of several would be (connect-mirror.ts): each launch (the first,
    // and every restart) gets its own private copy when there are credentials.
    const launch = await nodeLauncher(
      {
        name,
        mainClass: 'org.apache.kafka.connect.mirror.MirrorMaker',
        properties,
        header: `${name}: dedicated MirrorMaker 2, generated by mirrordrill`,
        args: ['--clusters', spec.target],
        logFile: join(dir, `${name}.log`),
        reportCopy: join(dir, `${name}.properties`),
      },
      start,
      'MM2',
    );
    return new LocalMirror(spec, redactProperties(properties), await launch(), launch);
  }
}

