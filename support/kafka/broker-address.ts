/** Where one node of a KRaft cluster listens: what its server.properties (support/runtime/broker-properties.ts) and its proxies (support/links/) are made from. */
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
  /** The same for the apps (producers and consumers under test), on a listener of their own (APPS). */
  apps?: { port: number; advertised: string };
  /** The apps' and the harness's listener (CLIENT) of a secured cluster; PLAINTEXT stays for inter-broker traffic on loopback. */
  client?: { port: number };
}

/** Replication factor for topics of a cluster of `brokers` nodes: 3 where it fits, else all nodes. */
export function replicationFactorFor(brokers: number): number {
  return Math.min(3, brokers);
}
