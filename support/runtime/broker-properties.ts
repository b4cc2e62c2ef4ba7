import type { Properties } from '../config/properties.ts';
import type { SecuredListeners } from '../security/cluster-security.ts';
import type { BrokerAddress } from '../kafka/broker-address.ts';
import { replicationFactorFor } from '../kafka/broker-address.ts';

// Declared in support/kafka/, where Toxiproxy's links and MM2's config can use them too.
export type { BrokerAddress } from '../kafka/broker-address.ts';
export { replicationFactorFor } from '../kafka/broker-address.ts';

/** A secured broker's listeners and its TLS / SASL settings (see support/security/cluster-security.ts). */
export interface BrokerSecurity {
  listeners: SecuredListeners;
  properties: Properties;
}

/**
 * server.properties of one combined broker+controller node of a KRaft cluster. Every node is a
 * voter of a static quorum (`controller.quorum.voters`), which Kafka 3.7 through 4.x accept
 * alike and which needs no `--standalone` formatting. Internal topics fit the cluster size.
 */
export function brokerProperties(node: BrokerAddress, cluster: BrokerAddress[], logDir: string, security?: BrokerSecurity, settings: Record<string, string> = {}): Properties {
  const rf = replicationFactorFor(cluster.length);
  // A secured cluster keeps PLAINTEXT for inter-broker traffic (loopback only) and adds CLIENT
  // (apps, harness). MIRROR and APPS are MM2's and the apps' listeners behind their proxies
  // (MIRROR also when MM2 has a secured listener of its own), each advertised where its clients connect.
  const client = security && node.client ? node.client : undefined;
  const own = [
    ...(node.mirror ? [{ name: 'MIRROR', protocol: security?.listeners.mirror ?? 'PLAINTEXT', ...node.mirror }] : []),
    ...(node.apps ? [{ name: 'APPS', protocol: security?.listeners.apps ?? 'PLAINTEXT', ...node.apps }] : []),
  ];
  const listeners = (advertised: boolean) =>
    [
      `PLAINTEXT://${node.host}:${node.port}`,
      ...(advertised ? [] : [`CONTROLLER://${node.host}:${node.controllerPort}`]),
      ...(client ? [`CLIENT://${node.host}:${client.port}`] : []),
      ...own.map((l) => `${l.name}://${advertised ? l.advertised : `${node.host}:${l.port}`}`),
    ].join(',');
  const protocols = ['PLAINTEXT:PLAINTEXT', 'CONTROLLER:PLAINTEXT', ...(client ? [`CLIENT:${security!.listeners.apps}`] : []), ...own.map((l) => `${l.name}:${l.protocol}`)];
  return {
    'process.roles': 'broker,controller',
    'node.id': node.nodeId,
    'controller.quorum.voters': cluster.map((n) => `${n.nodeId}@${n.host}:${n.controllerPort}`).join(','),
    listeners: listeners(false),
    'advertised.listeners': listeners(true),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': protocols.join(','),
    'log.dirs': logDir,
    'num.partitions': 1,
    'default.replication.factor': rf,
    'min.insync.replicas': Math.max(1, rf - 1),
    'offsets.topic.replication.factor': rf,
    // 50 partitions by default: creating them is most of a first group join on a fresh cluster.
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': Math.max(1, rf - 1),
    'transaction.state.log.num.partitions': 5,
    // A consumer group's first rebalance waits 3 s by default for more members.
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': false,
    'unclean.leader.election.enable': false,
    ...settings,
    ...security?.properties,
  };
}

/** Settings the harness owns on every node: how the cluster is laid out and reached. A scenario cannot change them. */
const OWNED = /^(process\.roles|node\.id|broker\.id|controller\..*|listeners|advertised\.listeners|listener\..*|inter\.broker\.listener\.name|log\.dirs?|metadata\.log\.dir|security\.inter\.broker\.protocol|sasl\..*|ssl\..*|authorizer\.class\.name|super\.users)$/;

/** The broker settings of a step's table, or an error naming the one the harness owns. */
export function ownedBrokerSetting(settings: Record<string, string>): string | undefined {
  return Object.keys(settings).find((k) => OWNED.test(k.trim()));
}
