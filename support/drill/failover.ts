import { BadStepParameter } from '../errors.ts';
import { accountResume } from '../failover/resume-account.ts';
import type { PartitionOffsets } from '../kafka/cluster-admin.ts';
import type { Origin, Resume } from '../ledger/ledger.ts';
import type { FlowRecords } from '../mirror/flow-records.ts';
import { LagSampler, unmirrored } from '../mirror/lag-sampler.ts';
import { remoteTopic } from '../mirror/replication-policy.ts';
import { progress } from '../progress.ts';
import type { StartedMirror } from '../runtime/runtime.ts';
import { withTimeout } from '../wait-for.ts';
import type { AnyResumeMode, ConsumeHow, DrillContext, TopicLookups } from './context.ts';

/** How a group picks up on the target after a failover. */
export const RESUME_MODES = {
  /** Start the consumers; they find the offsets MM2 wrote into the target group. */
  'the offsets MM2 synced': 'synced',
  /** Translate through the checkpoints topic first (RemoteClusterUtils.translateOffsets), then commit. */
  'offsets translated from the checkpoints': 'translated',
  /** No translation at all: the group starts from the earliest offset (a negative control). */
  'the beginning': 'beginning',
} as const;
export type ResumeMode = (typeof RESUME_MODES)[keyof typeof RESUME_MODES];
export type { AnyResumeMode } from './context.ts';

export interface FailoverContext extends DrillContext {
  readonly topics: TopicLookups;
  /** What the harness has read of a flow's offset syncs and checkpoints (support/drill/flows.ts). */
  flowRecords(mirror: StartedMirror): FlowRecords;
  /** The apps' side of a move (support/drill/apps.ts): their consumers of the group stopped, one session read, where a topic's records come from. */
  stopConsumers(group: string, lastCommit: boolean): Promise<number>;
  consume(group: string, topic: string, alias: string, how: ConsumeHow): Promise<void>;
  origin(alias: string, topic: string, partitions: number): Origin;
}

/** Failover: groups moving to the target, reads that start where MM2 put them, what the copy's tail says, and the replication lag. */
export class Failover {
  constructor(private readonly ctx: FailoverContext) {}

  /**
   * The group moves to the target: its offsets come from MM2 (synced), from the checkpoints
   * (translated, as RemoteClusterUtils does), or nowhere (the beginning). Before it reads, the
   * harness records what MM2's checkpoint implies for every partition, which the verdict holds
   * the group's re-reads against.
   */
  async groupResumes(group: string, topic: string, alias: string, mode: AnyResumeMode, read?: (how: ConsumeHow) => Promise<void>): Promise<void> {
    const { names, topics, ledger } = this.ctx;
    group = names.g(group);
    topic = names.t(topic);
    // The group's consumers elsewhere stop first, without a last commit: its cluster may be gone.
    await this.ctx.stopConsumers(group, false);
    const admin = await this.ctx.topology.admin(alias);
    const partitions = await topics.requireTopic(alias, topic);
    const via = this.ctx.topology.mirrorInto(alias, topic);
    if ((mode === 'translated' || mode === 'itself') && !via) {
      throw new BadStepParameter(`"${topic}" on "${alias}" is not a topic that MM2 mirrors into`, { hint: 'resume on the remote topic, e.g. "es-src.products" on "es-tgt"' });
    }
    const records = via ? this.ctx.flowRecords(via.mirror) : undefined;
    if (records && via) {
      await records.readCheckpoints();
      // The syncs may live on a cluster that is gone: then what was read before the fault stands.
      const syncsOn = records.syncsOn === 'target' ? via.mirror.spec.target : via.mirror.spec.source;
      if ((await this.ctx.topology.cluster(syncsOn)).brokers.some((b) => b.running)) {
        await withTimeout(records.readSyncs(), 10_000, 'reading the offset syncs').catch(() => undefined);
      }
    }
    ledger.event('resume', `group ${group}`, `moves to ${topic} on ${alias} (${mode})`);
    // Copies the target removed already (MM2 copies retention.ms to the remote topic) were not the group's to read.
    if (via) await topics.noteLogStarts(alias, topic, `the log start of ${topic} on ${alias} when the group moved`);
    const checkpoints = records?.latestCheckpoints(group, topic) ?? new Map();
    if (mode === 'translated') {
      if (checkpoints.size) await admin.setGroupOffsets(group, topic, new Map([...checkpoints].map(([p, c]) => [p, c.downstreamOffset])));
      else progress(`no checkpoint of group "${group}" for ${topic}: it resumes from the earliest offset`);
    } else if (mode === 'beginning') {
      const offsets = await admin.offsets(topic, partitions);
      await admin.setGroupOffsets(group, topic, new Map(offsets.map((o) => [o.partition, o.start])));
    } else if (mode === 'synced') {
      const synced = await admin.groupOffsets(group, topic);
      progress(`group "${group}": MM2 synced an offset on ${alias} for ${synced.size} of ${partitions} partition(s) of ${topic}`);
    }
    const origin = this.ctx.origin(alias, topic, partitions);
    const resume = await accountResume({
      ledger,
      group,
      topic,
      partitions,
      target: admin,
      origin,
      mode,
      flow: via && records ? { records, upstream: via.upstream, name: `${via.mirror.spec.source} → ${via.mirror.spec.target}` } : undefined,
      checkpoints,
    });
    if (resume.warning) progress(resume.warning);
    // What the target held when the group moved: the last record of each partition names the
    // last origin record MM2 had copied; every acked record after it was lost in flight.
    // (The ends are taken now, the records there read after the group's read, so that the audit
    // costs the group's recovery nothing.)
    const ends = via ? await admin.offsets(topic, partitions) : undefined;
    if (read) await read({ toEnd: true, partitions, resume });
    else await this.ctx.consume(group, topic, alias, { toEnd: true, partitions, resume });
    if (ends) await this.#tailAudit(origin, alias, topic, ends);
  }

  /**
   * The account of a group's first read of a remote topic that starts where MM2 put it (the
   * group's offset there is one MM2 checkpointed), else undefined: such a read re-reads what the
   * checkpoint implies, exactly as a resume from the offsets MM2 synced does.
   */
  async syncedRead(group: string, topic: string, alias: string, partitions: number, origin: Origin): Promise<Resume | undefined> {
    const { ledger } = this.ctx;
    const via = this.ctx.topology.mirrorInto(alias, topic);
    if (!via || ledger.sessions.some((s) => s.group === group && s.cluster === alias && s.topic === topic)) return undefined;
    const records = this.ctx.flowRecords(via.mirror);
    await records.readCheckpoints();
    const checkpoints = records.latestCheckpoints(group, topic);
    const admin = await this.ctx.topology.admin(alias);
    const committed = await admin.groupOffsets(group, topic);
    if (![...committed].some(([p, offset]) => records.checkpointed(group, topic, p, offset))) return undefined;
    const resume = await accountResume({ ledger, group, topic, partitions, target: admin, origin, mode: 'synced', flow: { records, upstream: via.upstream, name: `${via.mirror.spec.source} → ${via.mirror.spec.target}` }, checkpoints });
    progress(`group "${group}" reads ${topic} on ${alias} from offsets MM2 synced: its re-reads are held against MM2's checkpoint`);
    return resume;
  }

  /** A tail audit, ledgered: the record before each given end of the partitions of `remote` on `target`. */
  async #tailAudit(origin: Origin, target: string, remote: string, offsets: PartitionOffsets[]): Promise<void> {
    const { ledger } = this.ctx;
    const admin = await this.ctx.topology.admin(target);
    const audit = ledger.tailAudit(origin, target, remote, await admin.tails(remote, offsets));
    const unknown = audit.last.flatMap((l, p) => (l === undefined ? [p] : []));
    const notCopied = audit.last.reduce<number>((n, l, p) => n + (l === undefined ? 0 : unmirrored(origin, p, l).records), 0);
    const what = `${notCopied} acked record(s) of ${origin.topic} on ${origin.cluster} never copied${unknown.length ? `; partition(s) ${unknown.join(', ')} emptied, so what they held is unknown` : ''}`;
    ledger.event('audit', `${remote} on ${target}`, `the end of each partition read: ${what}`);
    progress(`${remote} on ${target} when the group moved: ${what}`);
  }

  // ---- replication lag ---------------------------------------------------------------------

  readonly #lag: LagSampler[] = [];

  /** Traffic flows to `topic` on `alias`: sample the replication lag of every flow that carries it. */
  sampleLag(alias: string, topic: string, origin: Origin): void {
    const { ledger } = this.ctx;
    for (const mirror of this.ctx.topology.mirrorsFrom(alias, topic)) {
      const flow = `${mirror.spec.source} → ${mirror.spec.target}`;
      const remote = remoteTopic(mirror.spec, topic);
      if (this.#lag.some((l) => l.flow === flow && l.remote === remote)) continue;
      this.#lag.push(new LagSampler(flow, mirror.spec.target, remote, origin, ledger, () => this.ctx.topology.admin(mirror.spec.target)));
    }
  }

  /** Lag samples of the flows into `target`, for the steps and the report. */
  lagSamplers(target?: string): LagSampler[] {
    return this.#lag.filter((l) => target === undefined || l.target === target);
  }

  /** A last sample of every flow out of a cluster about to be lost (the records at risk at the fault), then no more. */
  async lastLagSample(source: string): Promise<void> {
    for (const l of this.#lag.filter((x) => x.source === source && !x.stopped)) {
      const s = await withTimeout(l.sample(), 3_000, 'sampling the replication lag').catch(() => undefined);
      if (s && !s.error) {
        l.atFault = s;
        progress(`at the fault: ${s.records} acked record(s) not in ${l.remote} on ${l.target} yet, the oldest acked ${(s.ms / 1000).toFixed(1)} s ago`);
      }
      // No more samples; one still being taken is not waited for: the fault goes on now.
      void l.stop(false);
    }
  }

  /** At teardown: every sampler stopped. */
  async stopLag(): Promise<void> {
    await Promise.allSettled(this.#lag.map((l) => l.stop()));
  }
}
