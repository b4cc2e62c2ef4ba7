import { BadStepParameter } from '../errors.ts';
import { progress } from '../progress.ts';
import { viewerWords, type ClusterLink, type Viewer } from '../runtime/runtime.ts';
import { RULES } from '../step-numbers.ts';
import type { DrillContext } from './context.ts';

export interface LinksContext extends DrillContext {
  /** Ends a fault after `seconds`, or at teardown if that comes first (support/drill/nemesis.ts). */
  endAfter(seconds: number, end: () => void | Promise<void>): void;
}

/** Network faults: Toxiproxy between MM2 or the apps and a cluster. */
export class Links {
  constructor(private readonly ctx: LinksContext) {}

  async #link(viewer: Viewer, alias: string): Promise<{ link: ClusterLink; name: string }> {
    const cluster = await this.ctx.topology.cluster(alias);
    const name = `the link from ${viewerWords(viewer)} to ${alias}`;
    if (!cluster.links) {
      throw new BadStepParameter(`${name} does not go through Toxiproxy, so it cannot be cut or slowed`, {
        hint: `declare the cluster with: Given a ${this.ctx.topology.roleOf(alias)} cluster "${alias}" with ${cluster.brokers.length} broker${cluster.brokers.length > 1 ? 's' : ''} behind Toxiproxy`,
      });
    }
    if (!cluster.brokers.some((b) => b.running)) {
      throw new BadStepParameter(`every broker of "${alias}" is down: a link to it has nothing left to cut`, { hint: 'inject network faults before the cluster is lost' });
    }
    return { link: cluster.links[viewer], name };
  }

  /** One network fault on a link: a toxic added, or the link cut; recorded as a fault event. */
  async #linkFault(viewer: Viewer, alias: string, what: string, act: (link: ClusterLink) => Promise<void>): Promise<{ link: ClusterLink; name: string }> {
    const found = await this.#link(viewer, alias);
    await this.ctx.timings.time('faults', () => act(found.link));
    this.ctx.fault(found.name, what);
    return found;
  }

  async cut(viewer: Viewer, alias: string): Promise<void> {
    await this.#linkFault(viewer, alias, 'cut', (l) => l.cut());
  }

  /** Cuts the link now and heals it after `seconds`, while the following steps run (as a pause does). */
  async cutFor(viewer: Viewer, alias: string, seconds: number): Promise<void> {
    this.ctx.names.count(seconds, RULES.seconds);
    const { link, name } = await this.#linkFault(viewer, alias, `cut for ${seconds} s`, (l) => l.cut());
    this.ctx.endAfter(seconds, () =>
      void link.heal().then(
        () => this.ctx.ledger.event('heal', name, `healed after ${seconds} s`),
        (error: Error) => progress(`healing ${name} failed: ${error.message}`),
      ),
    );
  }

  async slow(viewer: Viewer, alias: string, latencyMs: number, jitterMs = 0): Promise<void> {
    this.ctx.names.count(latencyMs, RULES.latencyMs);
    if (jitterMs !== 0) this.ctx.names.count(jitterMs, RULES.jitterMs);
    await this.#linkFault(viewer, alias, `${latencyMs} ms latency${jitterMs ? ` ± ${jitterMs} ms jitter` : ''}`, (l) => l.delay(latencyMs, jitterMs));
  }

  async throttle(viewer: Viewer, alias: string, kbPerSecond: number): Promise<void> {
    this.ctx.names.count(kbPerSecond, RULES.kbPerSecond);
    await this.#linkFault(viewer, alias, `throttled to ${kbPerSecond} KB/s`, (l) => l.throttle(kbPerSecond));
  }

  async blackhole(viewer: Viewer, alias: string): Promise<void> {
    await this.#linkFault(viewer, alias, 'blackholed (nothing gets through, connections stay open)', (l) => l.blackhole());
  }

  async heal(viewer: Viewer, alias: string): Promise<void> {
    const { link, name } = await this.#link(viewer, alias);
    await link.heal();
    this.ctx.ledger.event('heal', name, 'healed');
  }

  async healAll(): Promise<void> {
    const clusters = this.ctx.topology.proxiedClusters();
    if (clusters.length === 0) throw new BadStepParameter('no cluster of this scenario is behind Toxiproxy', { hint: 'declare one with: Given a target cluster "es-tgt" with 1 broker behind Toxiproxy' });
    for (const c of clusters) for (const link of Object.values(c.links!)) await link.heal();
    this.ctx.ledger.event('heal', 'every link', 'healed');
  }
}
