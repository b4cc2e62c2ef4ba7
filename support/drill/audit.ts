import { BadStepParameter } from '../errors.ts';
import type { Audit, Origin } from '../ledger/ledger.ts';
import { removedOffsets } from '../mirror/mirror-skips.ts';
import { remoteTopic } from '../mirror/replication-policy.ts';
import { progress } from '../progress.ts';
import type { DrillContext, FlowOf, TopicLookups } from './context.ts';

export interface AuditContext extends DrillContext {
  readonly topics: TopicLookups;
  flow: FlowOf;
  /** Counting every copy of every record is a check of the ledger, as a verdict step is (support/drill/verdict.ts). */
  checked(): void;
}

/** How often the source log holds each record of an origin, per partition, or why that is unknown. */
type SourceCopies = Uint8Array[] | { why: string };

/** Audits of a copy on the target: every record of the origin counted, and what is missing looked for on the source. */
export class TargetAudit {
  constructor(private readonly ctx: AuditContext) {}

  /**
   * Reads the remote topic on the target from its log start, with no group, and counts the copies
   * of every record produced to the origin: acked records with no copy are missing, extra copies
   * are duplicates MM2 wrote (a restarted MM2 re-copies what it had not committed), except those
   * the source log holds twice itself (its producer wrote them twice), counted apart.
   */
  async auditTarget(topic: string, target: string): Promise<{ missing: number; duplicated: number; detail: string[] }> {
    const { names, ledger } = this.ctx;
    topic = names.t(topic);
    const flow = await this.ctx.flow(target);
    const remote = remoteTopic(flow.spec, topic);
    const origin = ledger.findOrigin({ cluster: flow.spec.source, topic });
    if (!origin) throw new BadStepParameter(`no record was produced to "${topic}" on "${flow.spec.source}" in this scenario`, { hint: 'produce some first' });
    const audit = await this.#audit(origin, target, remote);
    // Counting every copy of every record is a check of the ledger, as a verdict step is.
    this.ctx.checked();
    let missing = 0;
    let duplicated = 0;
    let sourceDuplicated = 0;
    const detail: string[] = [];
    const missed = new Map<number, Set<number>>();
    // What the source log holds, read once and only when needed: extra copies on the target are
    // MM2's only beyond what the source holds twice itself (a producer that wrote a batch twice:
    // MM2 then copies both, faithfully), and missing records it does not hold were never written.
    let read: Promise<SourceCopies> | undefined;
    const source = () => (read ??= this.#readSource(origin));
    const onSource = audit.copies.some((c) => c.some((n) => n > 1)) ? await source() : undefined;
    origin.partitions.forEach((p, partition) => {
      let m = 0;
      let d = 0;
      let ds = 0;
      const first: number[] = [];
      for (const r of p.runs) {
        for (let i = 0; i < r.count; i++) {
          const n = audit.copies[partition]![r.n + i]!;
          const held = Array.isArray(onSource) ? (onSource[partition]?.[r.n + i] ?? 0) : 0;
          if (n > 1) {
            const sources = Math.min(n, Math.max(1, held)) - 1;
            ds += sources;
            d += n - 1 - sources;
          }
          if (r.outcome === 'acked' && n === 0) {
            m++;
            if (first.length < 10) first.push(r.offset! + i);
            const set = missed.get(partition) ?? new Set<number>();
            missed.set(partition, set.add(r.n + i));
          }
        }
      }
      missing += m;
      duplicated += d;
      sourceDuplicated += ds;
      const held = ds ? `; ${ds} more that ${origin.cluster} holds twice itself (its producer wrote them twice: MM2 copied the log as it is)` : '';
      if (m || d || ds) detail.push(`partition ${partition}: ${m} acked record(s) missing${first.length ? ` (offsets ${first.join(', ')}${m > first.length ? ', …' : ''})` : ''}, ${d} extra cop${d === 1 ? 'y' : 'ies'}${held}`);
    });
    const unknown = onSource && !Array.isArray(onSource) ? `${onSource.why}: whether it holds some records twice itself is unknown, so every extra copy is counted as MM2's` : undefined;
    if (unknown) detail.push(unknown);
    if (missing > 0) detail.push(...(await this.#missingOnSource(origin, missed, await source())));
    if (audit.unrelated) detail.push(`${audit.unrelated} record(s) on ${remote} not produced to ${topic} by this run`);
    const also = sourceDuplicated ? `, and ${sourceDuplicated} that ${origin.cluster} holds twice itself (written twice by its producer)` : '';
    const whose = unknown ? ` (${unknown})` : ' (re-copied by MM2)';
    ledger.event('audit', `${remote} on ${target}`, `the copy misses ${missing} acked record(s) and holds ${duplicated} extra cop${duplicated === 1 ? 'y' : 'ies'}${whose}${also}`);
    progress(`the copy of ${topic} on ${target}: ${missing} acked record(s) missing, ${duplicated} extra cop${duplicated === 1 ? 'y' : 'ies'}${whose}${also}`);
    return { missing, duplicated, detail };
  }

  /**
   * How often the source log holds each record of the origin, per partition (a plain read from
   * its log start, not ledgered), or why that is unknown (the source is down, or the read failed).
   */
  async #readSource(origin: Origin): Promise<SourceCopies> {
    const cluster = await this.ctx.topology.cluster(origin.cluster);
    if (!cluster.brokers.some((b) => b.running)) return { why: `${origin.cluster} is down` };
    const copies = origin.partitions.map((p) => new Uint8Array(p.claimed));
    try {
      const admin = await this.ctx.topology.admin(origin.cluster);
      await admin.scan(origin.topic, { timeoutMs: 120_000 }, (r) => {
        const id = this.ctx.ledger.identify(r.value);
        const c = id && id[0] === origin.index ? copies[id[1]] : undefined;
        if (c && id![2] < c.length && c[id![2]]! < 255) c[id![2]]!++;
      });
    } catch (error) {
      return { why: `reading ${origin.topic} on ${origin.cluster} failed (${(error as Error).message.split('\n')[0]})` };
    }
    return copies;
  }

  /**
   * Whether acked records missing from a copy are on the source at all, while it runs: a record
   * the client was acked for that its partition does not hold was never written (a false ack, as
   * kafkajs 2.2's idempotent producer gives after a send that failed on one broker reuses a
   * sequence number and the broker answers a same-sized batch as a duplicate), and MM2 had
   * nothing to copy. A plain read, not ledgered: it is no audit of a copy.
   */
  async #missingOnSource(origin: Origin, missed: Map<number, Set<number>>, onSource: SourceCopies): Promise<string[]> {
    if (!Array.isArray(onSource)) return [`${onSource.why}: whether it holds the missing records is unknown`];
    const found = new Map<number, Set<number>>();
    for (const [p, ns] of missed) for (const n of ns) if ((onSource[p]?.[n] ?? 0) > 0) found.set(p, (found.get(p) ?? new Set()).add(n));
    // Records below the source's log start were removed there (DeleteRecords, retention): no false ack.
    const removed = new Map<number, { count: number; start: number }>();
    try {
      const admin = await this.ctx.topology.admin(origin.cluster);
      await this.ctx.topics.noteLogStarts(origin.cluster, origin.topic, `the log start of ${origin.topic} on ${origin.cluster} when the copy was audited`);
      for (const o of await admin.offsets(origin.topic)) {
        const ns = missed.get(o.partition);
        if (!ns || o.start === 0) continue;
        let count = 0;
        for (const r of origin.partitions[o.partition]?.runs ?? []) {
          if (r.offset === undefined) continue;
          for (let i = 0; i < r.count; i++) if (r.offset + i < o.start && ns.delete(r.n + i)) count++;
        }
        if (count) removed.set(o.partition, { count, start: o.start });
      }
    } catch (error) {
      return [`reading the log starts of ${origin.topic} on ${origin.cluster} for the missing records failed (${(error as Error).message.split('\n')[0]})`];
    }
    const removedLines = [...removed].map(
      ([p, r]) =>
        `partition ${p}: ${r.count} missing record(s) lie below ${origin.cluster}'s log start (${r.start}): removed from ${origin.cluster} (DeleteRecords or retention)${removedOffsets(this.ctx.ledger, origin, p).length ? ' before MM2 copied them, as MM2\'s offset syncs show' : ''}, not a false ack`,
    );
    return [...removedLines, ...[...missed].filter(([, ns]) => ns.size > 0).map(([p, ns]) => {
      const there = found.get(p)?.size ?? 0;
      const absent = ns.size - there;
      return absent === 0
        ? `partition ${p}: all ${ns.size} missing record(s) are on ${origin.cluster}: the copy lost them (MM2 did not copy them, or they were removed from the target)`
        : `partition ${p}: ${absent} of the ${ns.size} missing record(s) are not on ${origin.cluster} either: the client was acked for records the broker never wrote (a false ack), MM2 had nothing to copy${there ? `; ${there} are there but not in the copy` : ''}`;
    })];
  }

  /**
   * An audit read, ledgered: `remote` on `target` from its log start with no group, every record
   * of `origin` counted. The checker counts a record an audit saw as copied: a group that did not
   * read it lost it; it was not lost in flight.
   */
  async #audit(origin: Origin, target: string, remote: string): Promise<Audit & { copies: Uint8Array[]; unrelated: number }> {
    const admin = await this.ctx.topology.admin(target);
    const audit = this.ctx.ledger.newAudit(origin, target, remote);
    let unrelated = 0;
    const read = await this.ctx.timings.time('audits', () =>
      admin.scan(remote, { timeoutMs: 300_000 }, (r) => {
        if (!this.ctx.ledger.audited(audit, r.value)) unrelated++;
      }),
    );
    this.ctx.ledger.event('audit', `${remote} on ${target}`, `read ${read} record(s) from the log start with no group`);
    return Object.assign(audit, { unrelated });
  }
}
