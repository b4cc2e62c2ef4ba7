import type { ClientSecurity, ClusterCredentials } from '../security/cluster-security.ts';
import type { ProxiedLink } from '../links/toxiproxy.ts';
import type { StartedBroker, StartedCluster, Viewer } from './runtime.ts';

/**
 * What a cluster whose nodes the harness started looks like to the steps, on any runtime that
 * starts them (local JVMs, containers): its brokers' addresses, each viewer's (a proxy when
 * behind Toxiproxy, MM2's own secured listener), the credentials of a secured cluster, and
 * stop/kill of every broker. A runtime adds how the cluster is disposed.
 */
export abstract class NodeCluster<B extends StartedBroker> implements StartedCluster {
  constructor(
    readonly alias: string,
    readonly brokers: B[],
    readonly version: string,
    /** Toxiproxy between MM2 or the apps and the brokers, when the cluster is behind it. */
    readonly links?: Record<Viewer, ProxiedLink>,
    /** A secured cluster's CA, certificates and SCRAM users, in a private folder removed at dispose. */
    readonly credentials?: ClusterCredentials,
    /** MM2's own secured listener (not proxied), when it has one. */
    private readonly mirrorListeners?: string[],
  ) {}
  get bootstrapServers(): string[] {
    return this.brokers.map((b) => b.bootstrap);
  }
  bootstrapFor(viewer: Viewer): string[] {
    return this.links?.[viewer].proxies.map((p) => p.listen) ?? (viewer === 'mirror' ? this.mirrorListeners : undefined) ?? this.bootstrapServers;
  }
  get security(): ClientSecurity | undefined {
    return this.credentials?.apps;
  }
  get mirrorSecurity(): ClientSecurity | undefined {
    return this.credentials?.mirror;
  }
  get toolConfigs(): { cli: string; kcat: string } | undefined {
    return this.credentials?.toolConfigs();
  }
  async stop(): Promise<void> {
    await Promise.all(this.brokers.map((b) => b.stop()));
  }
  async kill(): Promise<void> {
    await Promise.all(this.brokers.map((b) => b.kill()));
  }
  abstract [Symbol.asyncDispose](): Promise<void>;
}
