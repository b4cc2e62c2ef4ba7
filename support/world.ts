import { World } from '@cucumber/cucumber';
import { randomUUID } from 'node:crypto';
import { DrillError } from './errors.ts';
import { Ledger } from './ledger/ledger.ts';
import { PhaseTimer } from './report/phase-timer.ts';
import type { Runtime } from './runtime/runtime.ts';
import { Topology } from './topology.ts';
import { Apps } from './drill/apps.ts';
import { AppRuns } from './drill/app-runs.ts';
import { TargetAudit } from './drill/audit.ts';
import { StableOffsetWatches } from './drill/stable-offset.ts';
import type { DrillContext } from './drill/context.ts';
import { Failover } from './drill/failover.ts';
import { Flows } from './drill/flows.ts';
import { Links } from './drill/links.ts';
import { Names } from './drill/naming.ts';
import { Nemesis } from './drill/nemesis.ts';
import { Topics } from './drill/topics.ts';
import { Verdicts } from './drill/verdict.ts';

/**
 * Per-scenario state and the composition root of a drill's parts (support/drill/): each part is
 * given a narrow context (the runtime, topology, ledger, timings, names, and callbacks into the
 * other parts), never the World. Steps reach a part through its field: `this.nemesis.killMirror()`.
 */
export class DrillWorld extends World {
  /** Set by the Before hook: where nodes run, and this scenario's folder of logs and report. */
  runtime: Runtime | undefined;
  dir: string | undefined;
  readonly run = randomUUID().slice(0, 8);
  readonly ledger = new Ledger(this.run);
  readonly timings = new PhaseTimer();
  #topology: Topology | undefined;

  /** Names of topics and groups on the clusters, and the counts a step gives. */
  readonly names: Names;
  /** Topics created, and the lookups of the topics a step names. */
  readonly topics: Topics;
  /** Faults done to nodes and logs. */
  readonly nemesis: Nemesis;
  /** Network faults through Toxiproxy. */
  readonly links: Links;
  /** MM2: its deployment, nodes, connectors, and the waits on it. */
  readonly flows: Flows;
  /** What the apps produce and read. */
  readonly apps: Apps;
  /** The apps under test: commands of the user's, reporting through the app contract. */
  readonly appRuns: AppRuns;
  /** Groups moving to the target, and the replication lag. */
  readonly failover: Failover;
  /** Audits of a copy on the target. */
  readonly audit: TargetAudit;
  /** Timings of a stalled last stable offset (an open transaction of a killed exactly-once MM2). */
  readonly stableOffsets: StableOffsetWatches;
  /** The verdict of the ledger, and every assertion. */
  readonly verdict: Verdicts;

  constructor(options: ConstructorParameters<typeof World>[0]) {
    super(options);
    // Getters: the runtime comes after construction (the Before hook), the topology with it.
    const world = this;
    this.names = new Names({ run: this.run, runtime: () => world.runtime });
    const ctx: DrillContext = {
      get runtime() {
        return world.runtime;
      },
      get topology() {
        return world.topology;
      },
      ledger: this.ledger,
      timings: this.timings,
      names: this.names,
      run: this.run,
      fault: (subject, what, cluster) => this.ledger.event('fault', subject, what, cluster),
    };
    // A part's context: `ctx` and what that part needs of the others. Made on `ctx` (a spread would
    // read its getters once, now).
    const extend = <C extends DrillContext>(more: Omit<C, keyof DrillContext>): C => Object.assign(Object.create(ctx) as C, more);
    const topics = (this.topics = new Topics(ctx));
    const flows = (this.flows = new Flows(ctx));
    this.failover = new Failover(
      extend({
        topics,
        flowRecords: (mirror) => flows.records(mirror),
        stopConsumers: (group, lastCommit) => this.apps.stopConsumers(group, lastCommit),
        consume: (group, topic, alias, how) => this.apps.consume(group, topic, alias, how),
        origin: (alias, topic, partitions) => this.apps.origin(alias, topic, partitions),
      }),
    );
    this.apps = new Apps(
      extend({
        topics,
        faultsInjected: () => this.faultsInjected,
        syncedRead: (group, topic, alias, partitions, origin) => this.failover.syncedRead(group, topic, alias, partitions, origin),
        trafficStarts: (alias, topic, origin) => this.failover.sampleLag(alias, topic, origin),
      }),
    );
    this.appRuns = new AppRuns(
      extend({
        topics,
        dir: () => {
          if (!this.dir) throw new DrillError('the drill World has no scenario folder (the Before hook did not run)');
          return this.dir;
        },
        security: (cluster) => this.apps.security(cluster),
        origin: (alias, topic, partitions) => this.apps.origin(alias, topic, partitions),
        syncedRead: (group, topic, alias, partitions, origin) => this.failover.syncedRead(group, topic, alias, partitions, origin),
        trafficStarts: (alias, topic, origin) => this.failover.sampleLag(alias, topic, origin),
        resume: (group, topic, alias, mode, read) => this.failover.groupResumes(group, topic, alias, mode, read),
      }),
    );
    this.nemesis = new Nemesis(
      extend({
        topics,
        // Before a fault: MM2's syncs and what the source removed, read again while the cluster answers.
        flowsRead: () => flows.read(),
        // A cluster about to be lost: the records at risk, sampled once more.
        clusterLoss: (alias) => this.failover.lastLagSample(alias),
      }),
    );
    this.links = new Links(extend({ endAfter: (seconds, end) => this.nemesis.endAfter(seconds, end) }));
    this.stableOffsets = new StableOffsetWatches(ctx);
    this.audit = new TargetAudit(
      extend({ topics, flow: (target, source) => flows.flow(target, source), checked: () => void (this.verdict.checked = true) }),
    );
    this.verdict = new Verdicts(
      extend({
        topics,
        flow: (target, source) => flows.flow(target, source),
        startMirror: (topicNames, source, target, overrides) => flows.startMirror(topicNames, source, target, overrides),
        groupReads: (group, count, topic, alias) => this.apps.groupReads(group, count, topic, alias),
        connectorFailed: (connector, text, mirrored) => flows.ops.expectFailed(connector, text, mirrored),
      }),
    );
  }

  get topology(): Topology {
    if (!this.#topology) {
      const { runtime, dir } = this;
      if (!runtime || !dir) throw new DrillError('the drill World was created without a runtime (the Before hook did not run)');
      this.#topology = new Topology(runtime, dir, this.timings);
    }
    return this.#topology;
  }

  /** Faults injected so far (the ledger's fault events). */
  get faultsInjected(): number {
    return this.ledger.events.filter((e) => e.kind === 'fault').length;
  }

  async teardown(): Promise<void> {
    // In order: faults that end by themselves end first (a paused node would hold up the rest),
    // then the apps' traffic, the lag samplers, reads a failed step left open, the nodes, the foreign CA.
    await this.timings.time('teardown', async () => {
      await this.nemesis.endAll();
      await this.appRuns.teardown();
      await this.apps.stopTraffic();
      await this.failover.stopLag();
      await this.stableOffsets.stopAll();
      await this.apps.closeSessions();
      await this.#topology?.teardown();
      await this.apps.disposeSecurity();
    });
  }
}
