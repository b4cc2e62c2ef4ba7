import type { Properties } from '../config/properties.ts';

export interface BrokerAddress {
  nodeId: number;
  host: string;
  /** Client listener. */
  port: number;
  /** KRaft controller listener. */
  controllerPort: number;
  /**
   * A listener for MirrorMaker 2 alone, when its links go through a proxy: the broker listens on
   * `port` and advertises `advertised` (the proxy's address), so that MM2's clients, which learn
   * every broker's address from metadata, keep going through the proxy.
   */
  mirror?: { port: number; advertised: string };
  /** The same for the apps (producers and consumers under test), on a listener of their own. */
  apps?: { port: number; advertised: string };
}

/** Replication factor for topics of a cluster of `brokers` nodes: 3 where it fits, else all nodes. */
export function replicationFactorFor(brokers: number): number {
  return Math.min(3, brokers);
}

/**
 * server.properties of one combined broker+controller node of a KRaft cluster. Every node is a
 * voter of a static quorum (`controller.quorum.voters`), which Kafka 3.7 through 4.x accept
 * alike and which needs no `--standalone` formatting. Internal topics fit the cluster size.
 */
export function brokerProperties(node: BrokerAddress, cluster: BrokerAddress[], logDir: string): Properties {
  const rf = replicationFactorFor(cluster.length);
  const proxied = (['mirror', 'apps'] as const).flatMap((v) => (node[v] ? [{ name: v.toUpperCase(), ...node[v] }] : []));
  return {
    'process.roles': 'broker,controller',
    'node.id': node.nodeId,
    'controller.quorum.voters': cluster.map((n) => `${n.nodeId}@${n.host}:${n.controllerPort}`).join(','),
    listeners: [`PLAINTEXT://${node.host}:${node.port}`, `CONTROLLER://${node.host}:${node.controllerPort}`, ...proxied.map((l) => `${l.name}://${node.host}:${l.port}`)].join(','),
    'advertised.listeners': [`PLAINTEXT://${node.host}:${node.port}`, ...proxied.map((l) => `${l.name}://${l.advertised}`)].join(','),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': ['PLAINTEXT:PLAINTEXT', 'CONTROLLER:PLAINTEXT', ...proxied.map((l) => `${l.name}:PLAINTEXT`)].join(','),
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
  };
}
