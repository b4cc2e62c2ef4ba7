import type { ClusterAdmin } from '../kafka/cluster-admin.ts';
import type { Ledger, Origin } from '../ledger/ledger.ts';

/**
 * Notes in the ledger every partition of `topic` on `cluster` whose log starts past its first
 * record (DeleteRecords, retention, compaction of the head). On the origin the start is an origin
 * offset; on a copy (a remote topic MM2 writes), the first record still there is read and its
 * stamp names the origin record every removed copy preceded. Returns the partitions noted.
 */
export async function noteLogStart(ledger: Ledger, origin: Origin, admin: ClusterAdmin, cluster: string, topic: string, how: string): Promise<number[]> {
  const offsets = (await admin.offsets(topic)).filter((o) => o.start > 0 && o.partition < origin.partitions.length);
  if (!offsets.length) return [];
  const isOrigin = cluster === origin.cluster && topic === origin.topic;
  const firsts = isOrigin ? undefined : await admin.readAll(topic, { from: new Map(offsets.map((o) => [o.partition, o.start])), limit: 1 });
  for (const o of offsets) {
    if (isOrigin) {
      ledger.logStart({ origin, partition: o.partition, cluster, topic, start: o.start, how });
      continue;
    }
    // The copy's first record names its origin record (MM2 keeps partitions); an emptied copy
    // names none: every copy of what the origin held up to MM2's last copy was removed.
    const first = firsts!.find((r) => r.partition === o.partition && r.offset === o.start);
    const firstOrigin = first ? ledger.copiedOffset(origin, o.partition, first.value) : undefined;
    if (firstOrigin !== undefined) ledger.logStart({ origin, partition: o.partition, cluster, topic, start: o.start, firstOrigin, how });
  }
  return offsets.map((o) => o.partition);
}
