import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULTS, type Settings } from '../../config/defaults.ts';
import { ProcessExited } from '../../errors.ts';
import { ClusterAdmin } from '../../kafka/cluster-admin.ts';
import { mm2Properties, type MirrorSpec } from '../../mirror/mm2-properties.ts';
import { waitFor } from '../../wait-for.ts';
import { brokerProperties, type BrokerAddress } from '../broker-properties.ts';
import { freePort } from '../free-port.ts';
import { logTail } from '../log-tail.ts';
import { loggingConfig, renderProperties, type Properties } from '../../config/properties.ts';
import { hasSecrets, redactProperties } from '../../config/secrets.ts';
import type { Runtime, StartedBroker, StartedCluster, StartedMirror, ClusterSpec } from '../runtime.ts';
import { distribution, type KafkaDistribution } from './kafka-distribution.ts';
import { JvmProcess } from './jvm-process.ts';
import { makePrivateDir, makeScratchDir, removeScratchDir } from './scratch-dir.ts';

const HOST = '127.0.0.1';

/** A KRaft cluster id: 16 random bytes, URL-safe base64, never starting with '-' (as Kafka's own). */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function exitedError(what: string, proc: JvmProcess): ProcessExited {
  return new ProcessExited(`${what} ${proc.describeExit()} while starting:\n${logTail(proc.logFile)}`, {
    log: proc.logFile,
    hint: 'read the log above; a port clash or a bad property override are the usual causes',
  });
}

class LocalBroker implements StartedBroker {
  constructor(
    readonly nodeId: number,
    readonly bootstrap: string,
    readonly process: JvmProcess,
  ) {}
  get logFile(): string {
    return this.process.logFile;
  }
  get running(): boolean {
    return this.process.running;
  }
  async stop(): Promise<void> {
    await this.process.stop(DEFAULTS.stopGraceMs);
  }
  async kill(): Promise<void> {
    await this.process.kill();
  }
  pause(): void {
    this.process.pause();
  }
  resume(): void {
    this.process.resume();
  }
}

class LocalCluster implements StartedCluster {
  constructor(
    readonly alias: string,
    readonly brokers: LocalBroker[],
    readonly version: string,
    /** Broker data, beside the logs while the scenario runs, removed at dispose: MM2 stores connector configs, credentials included, in topics. */
    private readonly dataDir: string,
  ) {}
  get bootstrapServers(): string[] {
    return this.brokers.map((b) => b.bootstrap);
  }
  async stop(): Promise<void> {
    await Promise.all(this.brokers.map((b) => b.stop()));
  }
  async kill(): Promise<void> {
    await Promise.all(this.brokers.map((b) => b.kill()));
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await this.kill();
    await removeScratchDir(this.dataDir);
  }
}

class LocalMirror implements StartedMirror {
  constructor(
    readonly spec: MirrorSpec,
    readonly properties: Properties,
    readonly process: JvmProcess,
  ) {}
  get logFile(): string {
    return this.process.logFile;
  }
  get running(): boolean {
    return this.process.running;
  }
  describeExit(): string {
    return this.process.describeExit();
  }
  async stop(): Promise<void> {
    await this.process.stop(DEFAULTS.stopGraceMs);
  }
  async kill(): Promise<void> {
    await this.process.kill();
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await this.kill();
  }
}

/** The default runtime: brokers and MM2 as JVM processes on loopback, from Apache's jars. */
export class LocalRuntime implements Runtime {
  readonly name = 'local' as const;
  constructor(private readonly settings: Settings) {}

  #distribution(): Promise<KafkaDistribution> {
    return distribution(this.settings);
  }

  async describe(): Promise<string> {
    const d = await this.#distribution();
    return `Kafka ${d.version} (${d.source}), local JVM processes`;
  }

  async #writeLogging(dir: string, d: KafkaDistribution): Promise<Record<string, string>> {
    const logging = loggingConfig(d.logging);
    const file = join(dir, logging.fileName);
    await writeFile(file, logging.text);
    const [key] = logging.systemProperty;
    return { [key]: d.logging === 'reload4j' ? `file:${file}` : file };
  }

  async startCluster(spec: ClusterSpec, dir: string): Promise<StartedCluster> {
    const d = await this.#distribution();
    await mkdir(dir, { recursive: true });
    const systemProperties = await this.#writeLogging(dir, d);
    const nodes: BrokerAddress[] = [];
    for (let i = 1; i <= spec.brokers; i++) nodes.push({ nodeId: i, host: HOST, port: await freePort(HOST), controllerPort: await freePort(HOST) });
    const id = clusterId();
    const dataDir = await makeScratchDir(join(dir, 'data'));
    const jvm = (name: string, mainClass: string, args: string[], logFile: string) =>
      JvmProcess.start({ name, java: d.java, classpath: d.classpath, mainClass, args, heap: this.settings.jvmHeap, logFile, systemProperties });

    const configs = await Promise.all(
      nodes.map(async (node) => {
        const name = `${spec.alias}-${node.nodeId}`;
        const config = join(dir, `${name}.properties`);
        await writeFile(config, renderProperties(brokerProperties(node, nodes, join(dataDir, name)), `${name}: generated by mirrordrill`));
        return { node, name, config, logFile: join(dir, `${name}.log`) };
      }),
    );
    // Format every node's storage (KRaft needs it), all at once.
    await Promise.all(
      configs.map(async ({ name, config, logFile }) => {
        const format = jvm(`${name}-format`, 'kafka.tools.StorageTool', ['format', '-t', id, '-c', config, '--ignore-formatted'], logFile);
        const status = await format.exited;
        if (status.code !== 0) throw new ProcessExited(`formatting the storage of ${name} failed (${format.describeExit()}):\n${logTail(logFile)}`, { log: logFile });
      }),
    );
    const brokers = configs.map(({ node, name, config, logFile }) => new LocalBroker(node.nodeId, `${HOST}:${node.port}`, jvm(name, 'kafka.Kafka', [config], logFile)));
    const cluster = new LocalCluster(spec.alias, brokers, d.version, dataDir);
    const admin = new ClusterAdmin(cluster.bootstrapServers, spec.alias);
    try {
      await waitFor(
        async () => {
          const ids = await admin.brokerIds();
          return ids.length === spec.brokers ? true : `metadata lists brokers [${ids.join(', ')}] of ${spec.brokers}`;
        },
        {
          what: `cluster ${spec.alias} (${spec.brokers} broker${spec.brokers > 1 ? 's' : ''}) to answer metadata`,
          timeoutMs: DEFAULTS.brokerStartTimeoutMs,
          log: brokers[0]?.logFile,
          abort: () => {
            const dead = brokers.find((b) => !b.running);
            return dead ? exitedError(`broker ${spec.alias}-${dead.nodeId}`, dead.process) : undefined;
          },
        },
      );
    } catch (error) {
      await cluster[Symbol.asyncDispose]();
      throw error;
    } finally {
      await admin.close();
    }
    return cluster;
  }

  async startMirror(spec: MirrorSpec, source: StartedCluster, target: StartedCluster, dir: string): Promise<StartedMirror> {
    const d = await this.#distribution();
    await mkdir(dir, { recursive: true });
    const systemProperties = await this.#writeLogging(dir, d);
    const name = `mm2-${spec.source}-to-${spec.target}`;
    const properties = mm2Properties(
      spec,
      { alias: source.alias, bootstrapServers: source.bootstrapServers, brokers: source.brokers.length },
      { alias: target.alias, bootstrapServers: target.bootstrapServers, brokers: target.brokers.length },
    );
    const header = `${name}: dedicated MirrorMaker 2, generated by mirrordrill`;
    const reportCopy = join(dir, `${name}.properties`);
    let config = reportCopy;
    let privateDir: string | undefined;
    if (hasSecrets(properties)) {
      // MM2 reads the credentials from a private copy that goes with the process; the report
      // keeps a copy with every secret-looking value redacted.
      privateDir = await makePrivateDir('secret');
      config = join(privateDir, `${name}.properties`);
      await writeFile(config, renderProperties(properties, header), { mode: 0o600 });
      await writeFile(reportCopy, renderProperties(redactProperties(properties), `${header}\nsecrets redacted: MM2 ran with a private copy, deleted when it exited`));
    } else {
      await writeFile(config, renderProperties(properties, header));
    }
    const proc = JvmProcess.start({
      name,
      java: d.java,
      classpath: d.classpath,
      mainClass: 'org.apache.kafka.connect.mirror.MirrorMaker',
      args: [config, '--clusters', spec.target],
      heap: this.settings.jvmHeap,
      logFile: join(dir, `${name}.log`),
      systemProperties,
    });
    if (privateDir) {
      const secrets = privateDir;
      void proc.exited.then(() => removeScratchDir(secrets)).catch(() => undefined);
    }
    return new LocalMirror(spec, redactProperties(properties), proc);
  }
}

