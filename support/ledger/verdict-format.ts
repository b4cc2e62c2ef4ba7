import { ANOMALIES, type Anomaly, type PartitionResult, type Recovery, type ResumeResult, type Verdict } from './checker.ts';

export const ANOMALY_WORDS: Record<Anomaly, string> = {
  lost: 'lost',
  gap: 'skipped',
  duplicate: 're-read',
  excess: 'excess re-read',
  reordered: 'reordered',
  unseen: 'unseen',
  inflight: 'lost in flight',
  removed: 'removed at the source before copied',
  expired: 'removed on the target',
  copy: 'second-copy read',
  aborted: 'aborted read',
};

/** 20, 21, 22, 40 → "20–22, 40"; at most `limit` ranges, then "…". */
export function offsetRanges(offsets: number[], limit = 6): string {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const ranges: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return ranges.length > limit ? `${ranges.slice(0, limit).join(', ')}, …` : ranges.join(', ');
}

export function countsLine(counts: Record<Anomaly, number>): string {
  return ANOMALIES.map((a) => `${ANOMALY_WORDS[a]} ${counts[a]}`).join(', ');
}

/** "the checkpoint 150 → 1 through offset sync 0 → 0 (MM2 kept syncs 399, 303, 202, 0 of 5 written)". */
export function describeCheckpoint(r: ResumeResult): string {
  if (!r.checkpoint && r.untranslatable) {
    return `MM2 gave no checkpoint: the commit is below every offset sync it keeps (at ${r.untranslatable.kept.join(', ')} of the ${r.untranslatable.written} it wrote), so it cannot translate it and the group resumes at the log start`;
  }
  if (!r.checkpoint && r.neverCommitted) return 'MM2 gave no checkpoint: the group had read this partition but never committed it upstream, so there was nothing to checkpoint';
  if (!r.checkpoint) return 'MM2 gave no checkpoint for this partition';
  const via = r.sync ? ` through offset sync ${r.sync.upstream} → ${r.sync.downstream}` : r.kept ? ' through a sync MM2 no longer keeps' : '';
  const kept = r.kept ? ` (MM2 kept syncs at ${r.kept.join(', ')}${r.written !== undefined ? ` of the ${r.written} it wrote` : ''})` : '';
  return `MM2's checkpoint ${r.checkpoint.upstream} → ${r.checkpoint.downstream}${via}${kept}`;
}

/** One line per resumed session: where the group stood, what MM2 gave, what that implies, what happened. */
export function describeResume(r: ResumeResult): string {
  const committed = r.committedUpstream !== undefined ? `committed ${r.committedUpstream} upstream; ` : '';
  const synced =
    r.syncedCheckpoint !== undefined
      ? `; MM2 had synced its earlier checkpoint → ${r.syncedCheckpoint} into the group`
      : r.aheadOfCheckpoint !== undefined
        ? `; the group was already at ${r.aheadOfCheckpoint} on the target, past the checkpoint: MM2 does not move a group back`
        : '';
  const implied = r.checkpoint || r.untranslatable ? `implies ${r.implied} re-read(s)` : r.neverCommitted ? 'its re-reads from there are its own at-least-once' : 'so no re-read is justified';
  const excess =
    r.excess > 0
      ? r.justifiedFrom !== undefined
        ? ` — ${r.excess} read below offset ${r.justifiedFrom}: the group started at ${r.startOffset}, not where MM2 said`
        : ` — all ${r.excess} in excess`
      : '';
  return `resumed (${r.mode}${r.flow ? `, ${r.flow}` : ''}): ${committed}${describeCheckpoint(r)}${synced}; started at ${r.startOffset}; ${implied}, ${r.rereads} observed${excess}`;
}

function partitionLine(p: PartitionResult, name: string): string {
  const anomalies = ANOMALIES.filter((a) => p.counts[a] > 0).map((a) => {
    if (!p.offsets[a].length) return `${ANOMALY_WORDS[a]} ${p.counts[a]}`;
    const ranges = offsetRanges(p.offsets[a]);
    return `${ANOMALY_WORDS[a]} ${p.counts[a]} (offsets ${ranges}${p.truncated.includes(a) && !ranges.endsWith('…') ? ', …' : ''})`;
  });
  return `${name}: ${p.acked} acked, ${p.read} read${anomalies.length ? ` — ${anomalies.join('; ')}` : ', nothing anomalous'}`;
}

/** A verdict as a person reads it: per group, per partition, with offsets of the examples. */
export function formatVerdict(verdict: Verdict): string {
  const lines = [`verdict: ${verdict.validity.toUpperCase()} (${countsLine(verdict.counts)})`];
  if (verdict.error) lines.push(`  ${verdict.error.startsWith('nothing to judge') ? '' : 'the checker failed: '}${verdict.error}`);
  for (const u of verdict.unchecked) {
    lines.push(`  unchecked: ${u.acked} acked record(s) of ${u.origin.topic} on ${u.origin.cluster} — no group read that topic, so nothing was judged there`);
  }
  for (const g of verdict.groups) {
    const origins = g.origins.map((o) => `${o.topic} on ${o.cluster}`).join(', ');
    lines.push(`  group "${g.group}" consuming ${origins}:`);
    for (const w of g.warnings) lines.push(`    warning: ${w}`);
    // A topic of more than 50 partitions prints at most 50 with anomalies, and says what it left out.
    const anomalous = (p: PartitionResult) => ANOMALIES.some((a) => a !== 'duplicate' && a !== 'copy' && p.counts[a] > 0);
    const shown = g.partitions.length > 50 ? g.partitions.filter(anomalous).slice(0, 50) : g.partitions;
    for (const p of shown) {
      // Topics of the same name on two clusters (a group that failed over and back) are told apart by their cluster.
      const twice = g.origins.filter((o) => o.topic === p.origin.topic).length > 1;
      lines.push(`    ${partitionLine(p, g.origins.length > 1 ? `${p.origin.topic}${twice ? ` on ${p.origin.cluster}` : ''} partition ${p.partition}` : `partition ${p.partition}`)}`);
      for (const r of p.resumes) lines.push(`      ${describeResume(r)}`);
    }
    if (shown.length < g.partitions.length) {
      const hidden = g.partitions.filter((p) => !shown.includes(p));
      const withAnomalies = hidden.filter(anomalous).length;
      lines.push(`    (${hidden.length} more partition(s) not shown${withAnomalies ? `, ${withAnomalies} of them with anomalies: see report.json` : ', none with lost, skipped, excess, reordered, unseen or in-flight records'})`);
    }
    if (g.unrelated) lines.push(`    (${g.unrelated} read(s) of records not produced to these topics by this run were ignored)`);
  }
  for (const r of verdict.recoveries) lines.push(`  ${describeRecovery(r)}`);
  if (verdict.recoveries.length) lines.push(...RECOVERY_DEFINITIONS.map((d) => `  ${d}`));
  return lines.join('\n');
}

export const RECOVERY_DEFINITIONS = [
  'lost in flight: acked on the origin, never copied to the target before the group moved there (beyond the last record the remote topic held then); the loss asynchronous replication accepts. In a partition line, the ones the group never read.',
  'RPO: from the ack of the oldest record lost in flight to the fault that took the origin down (0 s when none was lost).',
  'RTO: from that fault to the group\'s first read on the target, or, when nothing was left for it there, to the end of its read to the end (the move itself is the reference when no fault took every broker of the origin down).',
];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** "group "g" moved from products on es-src to es-src.products on es-tgt: ..., RPO 1.6 s, RTO 4.2 s". */
export function describeRecovery(r: Recovery): string {
  const fault = r.fault ? `${r.fault.subject} ${r.fault.what} at ${clock(r.fault.time)}` : `no fault took ${r.origin.cluster} down; the group moved at ${clock(r.movedAt)}`;
  const lost = !r.audited
    ? 'what was copied was not audited'
    : r.inFlight
      ? `${r.inFlight} acked record(s) never copied to ${r.to.cluster} (lost in flight; ${r.unreadInFlight} of them unread by the group), the oldest acked ${seconds(r.rpoMs)} before`
      : `every acked record ${r.removed ? `still on ${r.origin.cluster} ` : ''}was copied to ${r.to.cluster}, nothing lost in flight`;
  const removed = r.removed
    ? `; ${r.removed} acked record(s) were never copied because ${r.origin.cluster} removed them first (its log start passed them while MM2 was behind: not lost in flight, not skipped by the group)`
    : '';
  const rto =
    r.rtoMs === undefined
      ? `the group read nothing on ${r.to.cluster} (RTO unknown)`
      : r.caughtUp
        ? `nothing was left for the group on ${r.to.cluster}; it found its end ${seconds(r.rtoMs)} after (RTO ${seconds(r.rtoMs)})`
        : `first read on ${r.to.cluster} ${seconds(r.rtoMs)} after (RTO ${seconds(r.rtoMs)})`;
  return `failover of group "${r.group}" from ${r.origin.topic} on ${r.origin.cluster} to ${r.to.topic} on ${r.to.cluster}${r.flow ? ` through MM2 ${r.flow}` : ''}: ${fault}; ${lost} (RPO ${seconds(r.rpoMs)})${removed}; ${rto}`;
}
