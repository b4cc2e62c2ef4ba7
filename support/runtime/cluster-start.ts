import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loggingConfig, type Properties } from '../config/properties.ts';
import { ProcessExited } from '../errors.ts';
import { ClusterAdmin } from '../kafka/cluster-admin.ts';
import type { KafkaDistribution } from '../kafka/kafka-distribution.ts';
import type { ExitDescribed, Started } from '../lifecycle.ts';
import type { Viewer } from '../links/cluster-link.ts';
import { resolveToxiproxy, startClusterLinks, type ProxiedLink } from '../links/toxiproxy.ts';
import type { MirrorDeployment } from '../mirror/started-mirror.ts';
import { mm2Properties, type MirrorSpec } from '../mirror/mm2-properties.ts';
import { freePort } from '../os/free-port.ts';
import { makeScratchDir } from '../os/scratch-dir.ts';
import { javaClientProperties } from '../security/cluster-security.ts';
import type { BrokerAddress } from './broker-properties.ts';
import { readyOrDisposed } from './cluster-ready.ts';
import { logTail } from './log-tail.ts';
import type { ClusterSpec, StartedBroker, StartedCluster } from './runtime.ts';
import { secureCluster, type SecuredCluster } from './secured-cluster.ts';
import type { NodeCluster } from './started-cluster.ts';

/*
 * What the runtimes that start their own nodes (local JVMs, containers) do alike when they start
 * a cluster or an MM2: the nodes' loopback addresses, the cluster id, the logging config, the
 * data folder, a secured cluster's credentials, the Toxiproxy links, the wait for every broker,
 * and MM2's config. A runtime only says how a node runs (a JVM, a container).
 */

/** Every node listens on loopback (containers: host networking), on ports the harness chooses. */
export const HOST = '127.0.0.1';

/** A KRaft cluster id: 16 random bytes, URL-safe base64, never starting with '-' (as Kafka's own). */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Writes the Kafka release's logging config into `dir`; returns the system property that points the JVM at it. */
export async function writeLogging(dir: string, d: KafkaDistribution): Promise<Record<string, string>> {
  const logging = loggingConfig(d.logging);
  const file = join(dir, logging.fileName);
  await writeFile(file, logging.text);
  const [key] = logging.systemProperty;
  return { [key]: d.logging === 'reload4j' ? `file:${file}` : file };
}

/** A node that exited while it was starting, with its log's tail. */
export function exitedError(what: string, node: Started & ExitDescribed): ProcessExited {
  return new ProcessExited(`${what} ${node.describeExit()} while starting:\n${logTail(node.logFile)}`, {
    log: node.logFile,
    hint: 'read the log above; a port clash or a bad property override are the usual causes',
  });
}

/** What every node of a cluster is started from, before any node runs. */
export interface ClusterPlan {
  /** The logging config's system property, for every JVM of the cluster. */
  systemProperties: Record<string, string>;
  nodes: BrokerAddress[];
  id: string;
  /** Broker data, beside the logs while the scenario runs, removed at dispose: MM2 stores connector configs, credentials included, in topics. */
  dataDir: string;
  secured: SecuredCluster | undefined;
  links: Record<Viewer, ProxiedLink> | undefined;
}

/**
 * The cluster's folder, logging config, nodes' addresses and id, its data folder; a secured
 * cluster's credentials, a CLIENT listener per broker for the apps and the harness, and MM2's
 * own MIRROR listener when its protocol differs (or it is proxied, below); MM2's and the apps'
 * own listeners on every broker, each advertised at the address of its proxy. `watch` is told
 * of each private folder as it is made (the containers' reaper removes them however the run ends).
 */
export async function planCluster(spec: ClusterSpec, dir: string, d: KafkaDistribution, o: { cacheDir: string; watch?: (dir: string) => void }): Promise<ClusterPlan> {
  await mkdir(dir, { recursive: true });
  const systemProperties = await writeLogging(dir, d);
  const nodes: BrokerAddress[] = [];
  for (let i = 1; i <= spec.brokers; i++) nodes.push({ nodeId: i, host: HOST, port: await freePort(HOST), controllerPort: await freePort(HOST) });
  const id = clusterId();
  const dataDir = await makeScratchDir(join(dir, 'data'));
  o.watch?.(dataDir);
  const secured = await secureCluster(spec, nodes, HOST);
  if (secured) o.watch?.(secured.credentials.dir);
  const links = spec.proxied ? await startClusterLinks(await resolveToxiproxy(o.cacheDir), join(dir, 'toxiproxy.log'), spec.alias, nodes) : undefined;
  return { systemProperties, nodes, id, dataDir, secured, links };
}

/** The address the harness and the apps use for a broker: its CLIENT listener when secured. */
export function bootstrapOf(node: BrokerAddress): string {
  return `${HOST}:${node.client?.port ?? node.port}`;
}

/**
 * Waits until the cluster's metadata lists every broker; a broker that exits meanwhile ends the
 * wait with its log (see readyOrDisposed). `where` qualifies the wait's words (", containers").
 */
export function brokersReady<B extends StartedBroker & ExitDescribed, C extends NodeCluster<B>>(cluster: C, spec: ClusterSpec, where = ''): Promise<C> {
  const admin = new ClusterAdmin(cluster.bootstrapServers, spec.alias, cluster.security);
  return readyOrDisposed(cluster, admin, {
    what: `cluster ${spec.alias} (${spec.brokers} broker${spec.brokers > 1 ? 's' : ''}${where}) to answer metadata`,
    dead: () => {
      const dead = cluster.brokers.find((b: B) => !b.running);
      return dead ? exitedError(`broker ${spec.alias}-${dead.nodeId}`, dead) : undefined;
    },
  });
}

/** MM2's config for a flow: it reaches a proxied cluster through its proxies (and the listener advertised there), a secured one with its own credentials. */
export function mirrorProperties(spec: MirrorSpec, source: StartedCluster, target: StartedCluster): Properties {
  return mm2Properties(
    spec,
    { alias: source.alias, bootstrapServers: source.bootstrapFor('mirror'), brokers: source.brokers.length, clientProperties: source.mirrorSecurity && javaClientProperties(source.mirrorSecurity) },
    { alias: target.alias, bootstrapServers: target.bootstrapFor('mirror'), brokers: target.brokers.length, clientProperties: target.mirrorSecurity && javaClientProperties(target.mirrorSecurity) },
  );
}

/** How a flow's MM2 runs: dedicated on one node unless the scenario said otherwise. */
export function deploymentOf(spec: MirrorSpec): MirrorDeployment {
  return spec.deployment ?? { kind: 'dedicated', nodes: 1 };
}

/** Several dedicated nodes or Kafka Connect workers: started by support/runtime/mirror-cluster.ts, for every runtime. */
export function onSeveralNodes(deployment: MirrorDeployment): boolean {
  return deployment.kind === 'connect' || deployment.nodes > 1;
}

/**
 * A dedicated MM2 with its internal REST server (`dedicated.mode.enable.internal.rest = true`,
 * KIP-710; Kafka's docs ask for it with exactly-once): MirrorMaker's MirrorRestServer listens on
 * `listeners`, http://:8083 unless set, on every interface. The harness owns `listeners`, so such
 * an MM2 on one node is started as a node of several is (support/runtime/mirror-cluster.ts), on a
 * loopback port of its own.
 */
export function withInternalRest(mm2: Record<string, unknown>): boolean {
  return String(mm2['dedicated.mode.enable.internal.rest'] ?? '').trim().toLowerCase() === 'true';
}
