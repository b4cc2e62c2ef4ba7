import { ANOMALIES, type Anomaly, type Verdict } from './checker.ts';

export const ANOMALY_WORDS: Record<Anomaly, string> = {
  lost: 'lost',
  gap: 'skipped',
  duplicate: 're-read',
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

/** A verdict as a person reads it: per group, per partition, with offsets of the examples. */
export function formatVerdict(verdict: Verdict): string {
  const lines = [`verdict: ${verdict.validity.toUpperCase()} (${countsLine(verdict.counts)})`];
  if (verdict.error) lines.push(`  the checker failed: ${verdict.error}`);
  for (const t of verdict.tolerated) {
    lines.push(`  tolerated: up to ${t.perPartition} ${ANOMALY_WORDS[t.anomaly]} record(s) per partition — ${t.reason}`);
  }
  for (const u of verdict.unchecked) {
    lines.push(`  unchecked: ${u.acked} acked record(s) of ${u.origin.topic} on ${u.origin.cluster} — no group read that topic, so nothing was judged there`);
  }
  for (const g of verdict.groups) {
    const origins = g.origins.map((o) => `${o.topic} on ${o.cluster}`).join(', ');
    lines.push(`  group "${g.group}" consuming ${origins}:`);
    for (const p of g.partitions) {
      const name = g.origins.length > 1 ? `${p.origin.topic} partition ${p.partition}` : `partition ${p.partition}`;
      const anomalies = ANOMALIES.filter((a) => p.counts[a] > 0).map(
        (a) => `${ANOMALY_WORDS[a]} ${p.counts[a]} (offsets ${offsetRanges(p.offsets[a])})`,
      );
      const over = g.overBound.includes(p) ? ' — re-reads over the bound' : '';
      lines.push(`    ${name}: ${p.acked} acked, ${p.read} read${anomalies.length ? ` — ${anomalies.join('; ')}` : ', nothing anomalous'}${over}`);
    }
    if (g.unrelated) lines.push(`    (${g.unrelated} read(s) of records not produced to these topics by this run were ignored)`);
  }
  return lines.join('\n');
}
