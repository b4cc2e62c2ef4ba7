import { DEFAULTS } from '../config/defaults.ts';
import { BadStepParameter, VerdictMismatch } from '../errors.ts';
import type { RawRecord } from '../kafka/cluster-admin.ts';
import type { Audit, Origin } from '../ledger/ledger.ts';
import { removedOffsets } from '../mirror/mirror-skips.ts';
import { remoteTopic } from '../mirror/replication-policy.ts';
import { committedSourceOffsets, offsetsTopic } from '../mirror/source-offsets.ts';
import type { IsolationLevel } from '../kafka/read-end.ts';
import { progress } from '../progress.ts';
import { RULES } from '../step-numbers.ts';
import { waitFor } from '../wait-for.ts';
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

  /** Per remote topic on a target: what MM2 had written there past its committed source offsets, counted between its kill and its restart. */
  readonly #pastCommitted = new Map<string, { count: number; detail: string[] }>();

  /**
   * Reads the remote topic on the target from its log start, with no group, and counts the copies
   * of every record produced to the origin: acked records with no copy are missing, extra copies
   * are duplicates MM2 wrote (a restarted MM2 re-copies what it had not committed), except those
   * the source log holds twice itself (its producer wrote them twice), counted apart.
   */
  async auditTarget(topic: string, target: string): Promise<{ missing: number; duplicated: number; detail: string[] }> {
    const { names, ledger } = this.ctx;
    const written = topic;
    topic = names.t(topic);
    const flow = await this.ctx.flow(target);
    const remote = remoteTopic(flow.spec, topic);
    this.#refuseLoop(written, topic, remote, flow.spec.source, target);
    const origin = this.#origin(flow.spec.source, topic);
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
    if (audit.unrelated) detail.push(`${audit.unrelated} record(s) on ${remote} not produced by this run`);
    for (const [o, n] of audit.others) {
      const own = o.cluster === target && o.topic === remote;
      detail.push(`${n} record(s) on ${remote} that this run produced to ${o.topic} on ${o.cluster}${own ? ` itself: the copy has the name of ${target}'s own topic (IdentityReplicationPolicy), so both are one log; they are neither missing nor extra copies` : ''}`);
    }
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
  async #audit(origin: Origin, target: string, remote: string): Promise<Audit & { copies: Uint8Array[]; unrelated: number; others: Map<Origin, number> }> {
    const { ledger } = this.ctx;
    const admin = await this.ctx.topology.admin(target);
    const audit = ledger.newAudit(origin, target, remote);
    let unrelated = 0;
    // Records this run produced elsewhere: with IdentityReplicationPolicy the copy may share its log with the target's own topic.
    const others = new Map<Origin, number>();
    const read = await this.ctx.timings.time('audits', () =>
      admin.scan(remote, { timeoutMs: 300_000 }, (r) => {
        if (ledger.audited(audit, r.value)) return;
        const id = ledger.identify(r.value);
        const other = id ? ledger.origins[id[0]] : undefined;
        if (other) others.set(other, (others.get(other) ?? 0) + 1);
        else unrelated++;
      }),
    );
    ledger.event('audit', `${remote} on ${target}`, `read ${read} record(s) from the log start with no group`);
    return Object.assign(audit, { unrelated, others });
  }

  /** What the ledger holds of `topic` produced on `cluster`; refused when the scenario produced nothing there. */
  #origin(cluster: string, topic: string): Origin {
    const origin = this.ctx.ledger.findOrigin({ cluster, topic });
    if (!origin) throw new BadStepParameter(`no record was produced to "${topic}" on "${cluster}" in this scenario`, { hint: 'produce some first' });
    return origin;
  }

  /**
   * An audit of a copy whose flow runs in a loop is refused: a flow back from the target writes
   * the copy into the origin topic itself (both flows keep topic names: IdentityReplicationPolicy,
   * whose topicSource is the flow's own source alias and whose upstreamTopic is the name itself, so
   * MirrorSourceConnector.isCycle finds no cycle). Every record then goes round for as long as
   * both flows run, and its copies on either side grow with time: "misses N and has M duplicates"
   * would count the loop's turns, not what MM2 lost or copied twice.
   */
  #refuseLoop(written: string, topic: string, remote: string, source: string, target: string): void {
    const back = this.ctx.topology.mirrorInto(source, topic);
    if (!back || back.upstream !== remote || back.mirror.spec.source !== target) return;
    throw new BadStepParameter(
      `the copy of "${written}" on "${target}" cannot be audited for missing and duplicated records: MM2 ${source} → ${target} copies ${topic} into ${remote} on ${target}, ` +
        `and MM2 ${target} → ${source} copies ${remote} back into ${topic} on ${source}, under the same names (IdentityReplicationPolicy; MirrorSourceConnector.isCycle sees no cycle in a name that never changes). ` +
        `Every record goes round for as long as both flows run: its copies on ${target} grow with time, so a count of duplicates would count the loop's turns`,
      {
        hint: `count the loop's copies instead: Then every record produced to "${written}" on "${source}" is in "${remote === topic ? written : remote}" on "${target}" at least 3 times, each copy identical to the original`,
      },
    );
  }

  /**
   * Waits (bounded) until every acked record produced to `topic` on `originAlias` is in `viewed`
   * on `alias` at least `times` times (on the origin itself the original counts as one), then
   * holds every copy against the original, the record at its acked offset on the origin: the same
   * partition, key, value, headers and timestamp (MirrorSourceTask.convertRecord carries all of
   * them over). The loop of two IdentityReplicationPolicy flows is seen this way; plain reads,
   * not ledgered.
   */
  async expectCopies(topic: string, originAlias: string, viewed: string, alias: string, times: number): Promise<string> {
    const { names, ledger } = this.ctx;
    names.count(times, { ...RULES.records, what: 'the number of times', minWhy: 'every record is anywhere at least 0 times: the step would prove nothing', example: 'at least 3 times' });
    topic = names.t(topic);
    viewed = names.t(viewed);
    const origin = this.#origin(originAlias, topic);
    const cluster = await this.ctx.topology.cluster(originAlias);
    if (!cluster.brokers.some((b) => b.running)) {
      throw new BadStepParameter(`${originAlias} is down: the originals of the records produced to ${topic} there cannot be read to compare their copies with`, { hint: 'take this step before the fault' });
    }
    // The acked offset of every acked record, per partition: the record there is the original.
    const ackedAt = origin.partitions.map((p) => {
      const at = new Map<number, number>();
      for (const r of p.runs) if (r.outcome === 'acked' && r.offset !== undefined) for (let i = 0; i < r.count; i++) at.set(r.offset + i, r.n + i);
      return at;
    });
    const acked = ackedAt.reduce((n, m) => n + m.size, 0);
    if (acked === 0) throw new BadStepParameter(`no record produced to "${topic}" on "${originAlias}" was acked`, { hint: 'produce some first' });
    const originals = ackedAt.map(() => new Map<number, RawRecord>());
    const originAdmin = await this.ctx.topology.admin(originAlias);
    await originAdmin.scan(topic, { timeoutMs: 120_000 }, (r) => {
      const id = ledger.identify(r.value);
      if (id && id[0] === origin.index && ackedAt[r.partition]?.get(r.offset) === id[2] && id[1] === r.partition) originals[r.partition]!.set(id[2], r);
    });
    const absent = ackedAt.reduce((n, m, p) => n + [...m.values()].filter((k) => !originals[p]!.has(k)).length, 0);
    if (absent) throw new VerdictMismatch(`${absent} acked record(s) of ${topic} are not at their acked offsets on ${originAlias}: there is no original to compare their copies with`);
    const admin = await this.ctx.topology.admin(alias);
    let last = { copies: ackedAt.map((m) => new Map([...m.values()].map((n) => [n, 0]))), read: 0, differ: [] as string[] };
    const count = async () => {
      const copies = ackedAt.map((m) => new Map([...m.values()].map((n) => [n, 0])));
      const differ: string[] = [];
      const read = await admin.scan(viewed, { timeoutMs: 120_000 }, (r) => {
        const id = ledger.identify(r.value);
        if (!id || id[0] !== origin.index) return;
        const original = originals[id[1]]?.get(id[2]);
        if (!original) return; // a record not acked: no original to hold it against
        const c = copies[id[1]]!;
        c.set(id[2], c.get(id[2])! + 1);
        const unlike = differences(original, r);
        if (unlike.length && differ.length < 10) differ.push(`${viewed} partition ${r.partition} offset ${r.offset}, a copy of ${topic} partition ${id[1]} offset ${original.offset}: ${unlike.join(', ')}`);
      });
      last = { copies, read, differ };
      return last;
    };
    const fewest = (copies: Map<number, number>[]) => Math.min(...copies.flatMap((c) => [...c.values()]));
    const short = (copies: Map<number, number>[]) => copies.reduce((n, c) => n + [...c.values()].filter((k) => k < times).length, 0);
    await this.ctx.timings.time('audits', () =>
      waitFor(
        async () => {
          const { copies, read, differ } = await count();
          if (differ.length) return true;
          const lacking = short(copies);
          return lacking === 0 ? true : `${lacking} of ${acked} acked record(s) fewer than ${times} times in ${viewed} on ${alias} (${read} record(s) there, fewest copies of one record ${fewest(copies)})`;
        },
        {
          what: `every acked record of ${topic} on ${originAlias} to be in ${viewed} on ${alias} at least ${times} times`,
          timeoutMs: DEFAULTS.mirrorTimeoutMs,
          onProgress: (ms, state) => progress(`waiting ${(ms / 1000).toFixed(0)} s for ${times} copies of every record of ${topic} on ${alias}: ${state ?? ''}`),
        },
      ),
    );
    this.ctx.checked();
    if (last.differ.length) {
      throw new VerdictMismatch(`expected every copy in ${viewed} on ${alias} of a record produced to ${topic} on ${originAlias} to be identical to the original, but:\n  ${last.differ.join('\n  ')}`);
    }
    const all = last.copies.flatMap((c) => [...c.values()]);
    const said = `${viewed} on ${alias}: ${last.read} record(s), each of the ${acked} acked record(s) of ${topic} on ${originAlias} there ${fewest(last.copies)} to ${Math.max(...all)} times, every copy with the original's partition, key, value, headers and timestamp`;
    ledger.event('audit', `${viewed} on ${alias}`, said);
    progress(said);
    return said;
  }

  /**
   * Between a kill of MM2 and its restart: MM2's committed source offsets of each partition (the
   * last value of MirrorSourceConnector's key in its Connect offsets topic on the target, see
   * support/mirror/source-offsets.ts) and how many records the remote topic holds whose source
   * offset lies past them. The restarted MirrorSourceTask seeks to the committed offset + 1
   * (MirrorSourceTask.initializeConsumer), so it writes each of those again: exactly that many
   * duplicates, whatever moment the kill hit. Refused with exactly-once MM2: there what it wrote
   * past its committed offsets is in a transaction the restart aborts (use the read_uncommitted audit).
   */
  async notePastCommitted(topic: string, target: string): Promise<number> {
    const { names, ledger } = this.ctx;
    topic = names.t(topic);
    const flow = await this.ctx.flow(target);
    const remote = remoteTopic(flow.spec, topic);
    const eos = Object.entries(flow.spec.overrides).some(([k, v]) => (k === 'exactly.once.source.support' || k === `${flow.spec.target}.exactly.once.source.support`) && v.trim().toLowerCase() === 'enabled');
    if (eos) {
      throw new BadStepParameter(`MirrorMaker 2 from ${flow.spec.source} to ${flow.spec.target} runs with exactly-once source support: what it wrote past its committed source offsets is in a transaction its restart aborts, never a duplicate`, {
        hint: `count those aborted records instead: Then read read_uncommitted, the copy of "${topic}" on "${target}" misses 0 acked records and its only extra copies are the records of aborted transactions`,
      });
    }
    const origin = this.#origin(flow.spec.source, topic);
    const admin = await this.ctx.topology.admin(target);
    const store = offsetsTopic(flow.spec);
    const stored: RawRecord[] = [];
    if ((await admin.partitionCount(store)) !== undefined) await admin.scan(store, { timeoutMs: 60_000 }, (r) => stored.push(r));
    const committed = committedSourceOffsets(stored, flow.spec.source, topic);
    // The source offset of each record n of the origin, from the ledger's acked runs.
    const sourceOffset = origin.partitions.map((p) => {
      const at = new Float64Array(p.claimed).fill(-1);
      for (const r of p.runs) if (r.outcome === 'acked' && r.offset !== undefined) for (let i = 0; i < r.count; i++) at[r.n + i] = r.offset + i;
      return at;
    });
    const past = origin.partitions.map(() => ({ count: 0, first: Infinity, last: -1 }));
    let unknown = 0;
    await admin.scan(remote, { timeoutMs: 300_000, isolation: 'read_uncommitted' }, (r) => {
      const id = this.ctx.ledger.identify(r.value);
      if (!id || id[0] !== origin.index) return;
      const offset = sourceOffset[id[1]]?.[id[2]] ?? -1;
      if (offset < 0) {
        unknown++;
        return;
      }
      if (offset > (committed.get(id[1]) ?? -1)) {
        const p = past[id[1]]!;
        p.count++;
        p.first = Math.min(p.first, offset);
        p.last = Math.max(p.last, offset);
      }
    });
    if (unknown) throw new BadStepParameter(`${remote} on ${target} holds ${unknown} record(s) of ${topic} whose source offset the ledger does not know (not acked): the count of what MM2 copied past its committed offsets would be a guess`, { hint: 'count it where every record produced was acked' });
    const detail = past.map((p, partition) => {
      const c = committed.get(partition);
      const at = c === undefined ? `no committed source offset (${store} holds none for it): a restart copies the partition from the start` : `committed source offset ${c}: a restart copies from ${c + 1}`;
      return `partition ${partition}: ${at}; ${remote} holds ${p.count} cop${p.count === 1 ? 'y' : 'ies'} of records past it${p.count ? ` (source offsets ${p.first}–${p.last})` : ''}`;
    });
    const count = past.reduce((a, p) => a + p.count, 0);
    this.#pastCommitted.set(`${target}/${remote}`, { count, detail });
    ledger.event('audit', `${remote} on ${target}`, `MM2 had copied ${count} record(s) past its committed source offsets (${store})`);
    progress(`MirrorMaker 2 had copied ${count} record(s) of ${topic} to ${target} past its committed source offsets:\n  ${detail.join('\n  ')}`);
    return count;
  }

  /** The copy audited (support/drill/audit.ts auditTarget) against what notePastCommitted counted: exactly that many duplicates. */
  async auditAgainstPastCommitted(topic: string, target: string, missing: number): Promise<{ ok: boolean; message: string }> {
    const flow = await this.ctx.flow(target);
    const remote = remoteTopic(flow.spec, this.ctx.names.t(topic));
    const noted = this.#pastCommitted.get(`${target}/${remote}`);
    if (!noted) {
      throw new BadStepParameter(`nothing was counted of what MirrorMaker 2 copied of "${topic}" to "${target}" past its committed source offsets`, {
        hint: `count it between the kill and the restart: When MirrorMaker 2's copies of "${topic}" on "${target}" past its committed source offsets are counted`,
      });
    }
    const audit = await this.auditTarget(topic, target);
    const ok = audit.missing === missing && audit.duplicated === noted.count;
    const message = `expected the copy of ${topic} on ${target} to miss exactly ${missing} acked record(s) and hold exactly the ${noted.count} duplicate(s) MM2 had copied past its committed source offsets when it was down (${noted.detail.join('; ')}), and it misses ${audit.missing} and duplicates ${audit.duplicated}${audit.detail.length ? `:\n  ${audit.detail.join('\n  ')}` : ''}`;
    return { ok, message };
  }

  /**
   * The copy read twice from its log start with no group, neither read ledgered: read_committed
   * and read_uncommitted. The records only the read_uncommitted reader gets are those of aborted
   * transactions (and of any still open). Returns what the read_uncommitted reader misses and
   * duplicates of the origin, and how many more records it got than the read_committed one.
   */
  async auditUncommitted(topic: string, target: string): Promise<{ missing: number; duplicated: number; aborted: number; committed: number; uncommitted: number; detail: string[] }> {
    const { names, ledger } = this.ctx;
    topic = names.t(topic);
    const flow = await this.ctx.flow(target);
    const remote = remoteTopic(flow.spec, topic);
    const origin = this.#origin(flow.spec.source, topic);
    const committed = await this.#countCopies(origin, target, remote, 'read_committed');
    const uncommitted = await this.#countCopies(origin, target, remote, 'read_uncommitted');
    this.ctx.checked();
    let missing = 0;
    let duplicated = 0;
    const detail: string[] = [];
    origin.partitions.forEach((p, partition) => {
      let m = 0;
      let d = 0;
      for (const r of p.runs) {
        for (let i = 0; i < r.count; i++) {
          const n = uncommitted.copies[partition]![r.n + i]!;
          if (n > 1) d += n - 1;
          if (r.outcome === 'acked' && n === 0) m++;
        }
      }
      missing += m;
      duplicated += d;
      detail.push(`partition ${partition}: read_uncommitted ${uncommitted.perPartition[partition] ?? 0} record(s), read_committed ${committed.perPartition[partition] ?? 0}; ${m} acked record(s) missing, ${d} extra cop${d === 1 ? 'y' : 'ies'}`);
    });
    const aborted = uncommitted.read - committed.read;
    ledger.event('audit', `${remote} on ${target}`, `read_uncommitted ${uncommitted.read} record(s), read_committed ${committed.read}: ${aborted} only a read_uncommitted reader gets; it misses ${missing} acked record(s) and holds ${duplicated} extra cop${duplicated === 1 ? 'y' : 'ies'}`);
    progress(`the copy of ${topic} on ${target}: read_uncommitted ${uncommitted.read} record(s), read_committed ${committed.read}: ${aborted} record(s) of aborted transactions; read_uncommitted it misses ${missing} acked record(s) and holds ${duplicated} extra cop${duplicated === 1 ? 'y' : 'ies'}`);
    return { missing, duplicated, aborted, committed: committed.read, uncommitted: uncommitted.read, detail };
  }

  async #countCopies(origin: Origin, target: string, remote: string, isolation: IsolationLevel): Promise<{ copies: Uint8Array[]; read: number; perPartition: number[] }> {
    const admin = await this.ctx.topology.admin(target);
    const copies = origin.partitions.map((p) => new Uint8Array(p.claimed));
    const perPartition: number[] = [];
    const read = await this.ctx.timings.time('audits', () =>
      admin.scan(remote, { timeoutMs: 300_000, isolation }, (r) => {
        perPartition[r.partition] = (perPartition[r.partition] ?? 0) + 1;
        const id = this.ctx.ledger.identify(r.value);
        const c = id && id[0] === origin.index ? copies[id[1]] : undefined;
        if (c && id![2] < c.length && c[id![2]]! < 255) c[id![2]]!++;
      }),
    );
    return { copies, read, perPartition };
  }
}

/** How a copy differs from its original: partition, key, value, headers, timestamp. */
export function differences(original: RawRecord, copy: RawRecord): string[] {
  const out: string[] = [];
  const same = (a: Buffer | null | undefined, b: Buffer | null | undefined) => (a == null || b == null ? (a == null) === (b == null) : a.equals(b));
  if (original.partition !== copy.partition) out.push(`partition ${copy.partition}, not ${original.partition}`);
  if (!same(original.key, copy.key)) out.push(`key ${copy.key?.toString('utf8') ?? 'null'}, not ${original.key?.toString('utf8') ?? 'null'}`);
  if (!same(original.value, copy.value)) out.push('another value');
  if (original.timestamp !== copy.timestamp) out.push(`timestamp ${copy.timestamp}, not ${original.timestamp}`);
  const header = ([k, v]: [Buffer, Buffer]) => `${k.toString('utf8')}=${v === null || v === undefined ? 'null' : v.toString('utf8')}`;
  const ha = original.headers ?? [];
  const hb = copy.headers ?? [];
  if (ha.length !== hb.length || ha.some(([k, v], i) => !same(k, hb[i]![0]) || !same(v, hb[i]![1]))) out.push(`headers [${hb.map(header).join(', ')}], not [${ha.map(header).join(', ')}]`);
  return out;
}
