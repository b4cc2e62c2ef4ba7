import { ANOMALIES, type Anomaly, type PartitionResult, type ResumeResult, type Verdict } from './checker.ts';

export const ANOMALY_WORDS: Record<Anomaly, string> = {
  lost: 'lost',
  gap: 'skipped',
  duplicate: 're-read',
  excess: 'excess re-read',
  reordered: 'reordered',
  unseen: 'unseen',
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
  if (!r.checkpoint) return 'MM2 gave no checkpoint for this partition';
  const via = r.sync ? ` through offset sync ${r.sync.upstream} → ${r.sync.downstream}` : r.kept ? ' through a sync MM2 no longer keeps' : '';
  const kept = r.kept ? ` (MM2 kept syncs at ${r.kept.join(', ')}${r.written !== undefined ? ` of the ${r.written} it wrote` : ''})` : '';
  return `MM2's checkpoint ${r.checkpoint.upstream} → ${r.checkpoint.downstream}${via}${kept}`;
}

/** One line per resumed session: where the group stood, what MM2 gave, what that implies, what happened. */
export function describeResume(r: ResumeResult): string {
  const committed = r.committedUpstream !== undefined ? `committed ${r.committedUpstream} upstream; ` : '';
  const synced = r.syncedCheckpoint !== undefined ? `; MM2 had synced its earlier checkpoint → ${r.syncedCheckpoint} into the group` : '';
  const implied = r.checkpoint ? `implies ${r.implied} re-read(s)` : 'so no re-read is justified';
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
    const anomalous = (p: PartitionResult) => ANOMALIES.some((a) => a !== 'duplicate' && p.counts[a] > 0);
    const shown = g.partitions.length > 50 ? g.partitions.filter(anomalous).slice(0, 50) : g.partitions;
    for (const p of shown) {
      lines.push(`    ${partitionLine(p, g.origins.length > 1 ? `${p.origin.topic} partition ${p.partition}` : `partition ${p.partition}`)}`);
      for (const r of p.resumes) lines.push(`      ${describeResume(r)}`);
    }
    if (shown.length < g.partitions.length) {
      const hidden = g.partitions.filter((p) => !shown.includes(p));
      const withAnomalies = hidden.filter(anomalous).length;
      lines.push(`    (${hidden.length} more partition(s) not shown${withAnomalies ? `, ${withAnomalies} of them with anomalies: see report.json` : ', none with lost, skipped, excess, reordered or unseen records'})`);
    }
    if (g.unrelated) lines.push(`    (${g.unrelated} read(s) of records not produced to these topics by this run were ignored)`);
  }
  return lines.join('\n');
}
