import { DEFAULTS } from '../config/defaults.ts';
import { BadStepParameter } from '../errors.ts';
import type { ClusterAdmin } from '../kafka/cluster-admin.ts';
import { progress } from '../progress.ts';
import { waitFor } from '../wait-for.ts';
import { syncsGroupOffsets, type MirrorSpec } from './mm2-properties.ts';
import { checkpointsTopic, latestCheckpoints } from './offset-translation.ts';
import { remoteTopic } from './replication-policy.ts';

/** One running MM2 flow, seen through the harness' admin clients of both ends. */
export interface FlowView {
  spec: MirrorSpec;
  source: ClusterAdmin;
  target: ClusterAdmin;
  /** MM2's log, named when a wait times out. */
  log: string;
  /** The error to stop waiting with when MM2 died, else undefined. */
  died: () => Error | undefined;
}

function waitOnFlow(flow: FlowView, what: string, condition: () => Promise<true | string>, progressLabel: string): Promise<void> {
  return waitFor(condition, {
    what,
    timeoutMs: DEFAULTS.mirrorTimeoutMs,
    log: flow.log,
    onProgress: (ms, state) => progress(`waiting ${(ms / 1000).toFixed(0)} s for ${progressLabel}: ${state ?? ''}`),
    abort: flow.died,
  });
}

/** Until every partition of the remote topic reached the end offset the source has now. */
export async function waitMirrored(flow: FlowView, topic: string): Promise<void> {
  const remote = remoteTopic(flow.spec, topic);
  const expected = await flow.source.offsets(topic);
  await waitOnFlow(
    flow,
    `MM2 to mirror ${topic} from ${flow.spec.source} to ${remote} on ${flow.spec.target}`,
    async () => {
      const got = new Map((await flow.target.offsets(remote)).map((o) => [o.partition, o.end]));
      const behind = expected.filter((e) => (got.get(e.partition) ?? 0) < e.end);
      return behind.length === 0 ? true : behind.map((e) => `partition ${e.partition}: ${got.get(e.partition) ?? 0} of ${e.end}`).join(', ');
    },
    `MM2 to mirror ${topic}`,
  );
}

/**
 * Until the target holds a checkpoint of the group's committed source offset for every
 * partition it committed, and, when MM2 syncs group offsets, the target group holds the
 * checkpoint's downstream offset.
 */
export async function waitCheckpointed(flow: FlowView, group: string): Promise<void> {
  const sync = syncsGroupOffsets(flow.spec);
  const committedPerTopic = await Promise.all(flow.spec.topics.map(async (topic) => [topic, await flow.source.groupOffsets(group, topic)] as const));
  if (committedPerTopic.every(([, committed]) => committed.size === 0)) {
    const groups = await flow.source.groups();
    throw new BadStepParameter(`group "${group}" has committed no offset on ${flow.spec.source} for ${flow.spec.topics.join(', ')}, so MM2 has nothing to checkpoint`, {
      hint: groups.length ? `groups on ${flow.spec.source}: ${groups.map((g) => `"${g}"`).join(', ')}` : `let the group read and commit on ${flow.spec.source} first`,
    });
  }
  for (const [topic, committed] of committedPerTopic) {
    if (committed.size === 0) continue;
    const remote = remoteTopic(flow.spec, topic);
    await waitOnFlow(
      flow,
      `MM2 to checkpoint group "${group}" on ${remote}${sync ? ' and sync its offsets' : ''} to ${flow.spec.target}`,
      async () => {
        const latest = latestCheckpoints(await flow.target.readAll(checkpointsTopic(flow.spec.source)), group, remote);
        const synced = sync ? await flow.target.groupOffsets(group, remote) : undefined;
        const pending: string[] = [];
        for (const [partition, offset] of committed) {
          const c = latest.get(partition);
          if (c?.upstreamOffset !== offset) pending.push(`partition ${partition}: checkpoint at ${c?.upstreamOffset ?? 'none'}, group at ${offset}`);
          else if (synced && synced.get(partition) !== c.downstreamOffset) {
            pending.push(`partition ${partition}: target group at ${synced.get(partition) ?? 'none'}, checkpoint says ${c.downstreamOffset}`);
          }
        }
        return pending.length === 0 ? true : pending.join('; ');
      },
      `the checkpoint of "${group}"`,
    );
  }
}
