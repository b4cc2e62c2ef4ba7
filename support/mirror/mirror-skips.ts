import { DrillError } from '../errors.ts';
import type { ClusterAdmin } from '../kafka/cluster-admin.ts';
import { removedBySource } from '../ledger/checker.ts';
import { offsetRanges } from '../ledger/verdict-format.ts';
import type { Ledger, MirrorSkip, Origin } from '../ledger/ledger.ts';
import { progress } from '../progress.ts';
import type { SyncSkip } from './flow-records.ts';
import type { MirrorSpec } from './mm2-properties.ts';
import { remoteTopic } from './replication-policy.ts';

/**
 * MM2 moved past records it never copied because the source removed them first: its consumer
 * found its position below the log start (OffsetOutOfRange) and, with the `auto.offset.reset`
 * MM2 sets unless the user does (`earliest`, MirrorSourceConfig / MirrorUtils), reset to the log
 * start. Said at once by the waits on MM2, not waited out.
 */
export class MirrorSkipped extends DrillError {}

const flowName = (spec: MirrorSpec) => `${spec.source} → ${spec.target}`;

/**
 * Records a stretch MM2 skipped in the ledger, with the source's log start now (asked of the
 * source, which holds the syncs by default and so answers; undefined when it does not).
 */
export async function recordSkip(ledger: Ledger, spec: MirrorSpec, source: () => Promise<ClusterAdmin>, skip: SyncSkip): Promise<void> {
  const origin = ledger.findOrigin({ cluster: spec.source, topic: skip.topic });
  if (!origin || skip.partition >= origin.partitions.length) return;
  let logStart: number | undefined;
  try {
    const offsets = await (await source()).offsets(skip.topic);
    logStart = offsets.find((o) => o.partition === skip.partition)?.start;
  } catch {
    logStart = undefined;
  }
  if (logStart !== undefined) ledger.logStart({ origin, partition: skip.partition, cluster: spec.source, topic: skip.topic, start: logStart, how: `seen by the harness when MM2's skip was read` });
  const fresh = ledger.mirrorSkip({ origin, partition: skip.partition, from: skip.from, to: skip.to, before: skip.before, after: skip.after, ...(logStart !== undefined ? { logStart } : {}), flow: flowName(spec) });
  if (fresh) progress(describeSkip(ledger, ledger.mirrorSkips.at(-1)!));
}

/** The acked records of an origin partition the source removed before MM2 copied them, by origin offset. */
export function removedOffsets(ledger: Ledger, origin: Origin, partition: number, within?: { from: number; to: number }): number[] {
  const gone = removedBySource(ledger, origin, partition);
  const out: number[] = [];
  for (const r of origin.partitions[partition]?.runs ?? []) {
    if (r.outcome !== 'acked' || r.offset === undefined) continue;
    for (let i = 0; i < r.count; i++) {
      const offset = r.offset + i;
      if ((!within || (offset >= within.from && offset < within.to)) && gone(offset)) out.push(offset);
    }
  }
  return out;
}

/**
 * What the copy's last record and the source's log start show, while the source answers: when the
 * source's log starts past the origin record after the last one MM2 copied, the records in
 * between were removed before MM2 copied them, whether or not MM2 has moved past them yet (a
 * source removed up to its end gives MM2 nothing more to copy, so no offset sync shows the jump).
 * MM2 copies a partition in order, so nothing in between is on the target. Ledgered as a skip.
 */
export async function recordRemovedFromTail(ledger: Ledger, spec: MirrorSpec, source: ClusterAdmin, target: ClusterAdmin, topic: string): Promise<void> {
  const origin = ledger.findOrigin({ cluster: spec.source, topic });
  if (!origin) return;
  const sourceOffsets = await source.offsets(topic);
  if (sourceOffsets.every((s) => s.start === 0)) return;
  const remote = remoteTopic(spec, topic);
  if (!(await target.topics()).includes(remote)) return;
  const targetOffsets = await target.offsets(remote);
  const tails = await target.tails(remote, targetOffsets);
  for (const s of sourceOffsets) {
    if (s.start === 0 || s.partition >= origin.partitions.length) continue;
    const tail = tails.get(s.partition);
    if (!tail || (tail.end > 0 && tail.start >= tail.end)) continue; // a copy emptied: what it held is unknown
    const last = tail.end === 0 ? -1 : ledger.copiedOffset(origin, s.partition, tail.value);
    if (last === undefined || s.start <= last + 1) continue;
    ledger.logStart({ origin, partition: s.partition, cluster: spec.source, topic, start: s.start, how: `seen by the harness beside the copy's last record` });
    const fresh = ledger.mirrorSkip({
      origin,
      partition: s.partition,
      from: last + 1,
      to: s.start,
      evidence: 'tail',
      emptied: s.start >= s.end,
      before: { upstream: last, downstream: tail.end - 1 },
      after: { upstream: s.start, downstream: tail.end },
      logStart: s.start,
      flow: flowName(spec),
    });
    if (fresh) progress(describeSkip(ledger, ledger.mirrorSkips.at(-1)!));
  }
}

/** "MM2 (es-src → es-tgt) moved products partition 0 from offset 99 to 150 without copying 100–149: …". */
export function describeSkip(ledger: Ledger, skip: MirrorSkip): string {
  const acked = removedOffsets(ledger, skip.origin, skip.partition, skip);
  const where = `${skip.origin.topic} partition ${skip.partition} on ${skip.origin.cluster}`;
  const syncs =
    skip.evidence === 'tail'
      ? `the copy's last record is origin offset ${skip.before.upstream}, at ${skip.before.downstream} on ${skip.flow.split(' → ')[1]}`
      : `its offset syncs ${skip.before.upstream} → ${skip.before.downstream}, then ${skip.after.upstream} → ${skip.after.downstream}`;
  const start = skip.logStart !== undefined ? `${skip.origin.cluster}'s log of the partition starts at ${skip.logStart}` : `${skip.origin.cluster}'s log start was not answered`;
  const verdict = acked.length
    ? `${acked.length} acked record(s) (offsets ${offsetRanges(acked)}) were removed from ${skip.origin.cluster} before MM2 copied them: ${
        skip.evidence === 'tail'
          ? 'MM2 can never copy them'
          : "MM2's consumer found its position out of range and reset to the log start (auto.offset.reset=earliest, MM2's default)"
      }`
    : 'no acked record of this run lies there (transaction markers or records removed by compaction)';
  const what = skip.evidence === 'tail' ? 'never copied' : 'skipped';
  return `MM2 (${skip.flow}) ${what} offsets ${skip.from}–${skip.to - 1} of ${where} (${syncs}); ${start}; ${verdict}`;
}

/**
 * Why MM2 will never copy all of `topic`, when its syncs show it skipped acked records the source
 * removed, else undefined: the error the "has mirrored" wait fails with at once.
 */
export function skippedError(ledger: Ledger, spec: MirrorSpec, topic: string): MirrorSkipped | undefined {
  const origin = ledger.findOrigin({ cluster: spec.source, topic });
  if (!origin) return undefined;
  // Seen in MM2's syncs, or from the copy's tail where the source holds nothing after the stretch.
  // Where it holds more, MM2's next move says which: a jump (syncs) or, with no reset policy, a
  // stall its log names (Topology.mirrorDied): the wait leaves that to them.
  const skips = ledger.mirrorSkips.filter((k) => k.origin === origin && (k.evidence !== 'tail' || k.emptied) && removedOffsets(ledger, origin, k.partition, k).length > 0);
  if (!skips.length) return undefined;
  const total = skips.reduce((n, k) => n + removedOffsets(ledger, origin, k.partition, k).length, 0);
  const first = skips[0]!;
  return new MirrorSkipped(
    `MM2 will never copy ${total} acked record(s) of ${topic} to ${spec.target}: ${spec.source} removed them before MM2 copied them, and MM2 goes on without them\n${skips.map((k) => `  ${describeSkip(ledger, k)}`).join('\n')}`,
    {
      hint: `if this is what the drill shows, assert it instead of waiting: Then MirrorMaker 2 silently skipped ${removedOffsets(ledger, origin, first.partition, first).length} records of "${topic}" partition ${first.partition}; in production, keep the source's retention longer than MM2 can fall behind (or set consumer.auto.offset.reset=none on the flow to stop instead of skipping)`,
    },
  );
}
