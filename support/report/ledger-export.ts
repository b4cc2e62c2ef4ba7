import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Ledger, ProducedRun, Session } from '../ledger/ledger.ts';

/** How many produce runs per partition report.json lists before it says how many more there were. */
const RUNS_SHOWN = 50;

export interface LedgerSummary {
  run: string;
  produced: number;
  acked: number;
  reads: number;
  origins: { cluster: string; topic: string; partitions: { partition: number; records: number; acked: number; runs: ProducedRun[]; moreRuns: number }[] }[];
  /** Sessions as JSON: the origin named in words, the per-partition maps as objects. */
  sessions: (Pick<Session, 'group' | 'cluster' | 'topic' | 'client' | 'reads' | 'drained' | 'resume'> & {
    origin: string;
    startedAt: string;
    rereads: Record<string, number>;
    excess: Record<string, number>;
  })[];
  bytesPerRecord: number;
  /** The drill's history: faults, heals, restarts, producers, consumers, moves, audits, with times. */
  events: { time: string; kind: string; subject: string; what: string; cluster?: string }[];
  /** Every commit of the apps' consumers, with its time (the first 500; `moreCommits` says how many more). */
  commits: { time: string; group: string; cluster: string; topic: string; offsets: Record<number, number> }[];
  moreCommits: number;
  /** Audits of remote topics: when, which, how many of the origin's acked records they found. */
  audits: { time: string; cluster: string; topic: string; origin: string; found?: number; lastCopied?: (number | null)[] }[];
}

/** What report.json holds of the ledger: totals, the first runs of each partition, every session. */
export function summarize(ledger: Ledger): LedgerSummary {
  const produced = ledger.produced;
  return {
    run: ledger.run,
    produced,
    acked: ledger.acked,
    reads: ledger.reads,
    origins: ledger.origins.map((o) => ({
      cluster: o.cluster,
      topic: o.topic,
      partitions: o.partitions.map((p, partition) => ({
        partition,
        records: p.claimed,
        acked: p.acked,
        runs: p.runs.slice(0, RUNS_SHOWN),
        moreRuns: Math.max(0, p.runs.length - RUNS_SHOWN),
      })),
    })),
    sessions: ledger.sessions.map((s) => ({
      ...(s.firstReadTime !== undefined ? { firstReadAt: new Date(s.firstReadTime).toISOString() } : {}),
      ...(s.endTime !== undefined ? { endedAt: new Date(s.endTime).toISOString() } : {}),
      ...(s.copies.size ? { copies: Object.fromEntries(s.copies) } : {}),
      group: s.group,
      cluster: s.cluster,
      topic: s.topic,
      origin: `${s.origin.topic} on ${s.origin.cluster}`,
      client: s.client,
      startedAt: new Date(s.time).toISOString(),
      reads: s.reads,
      drained: s.drained,
      rereads: Object.fromEntries(s.rereads),
      excess: Object.fromEntries(s.excess),
      ...(s.resume ? { resume: s.resume } : {}),
    })),
    bytesPerRecord: produced ? Math.round((ledger.bytes / produced) * 100) / 100 : 0,
    events: ledger.events.map((e) => ({ time: new Date(e.time).toISOString(), kind: e.kind, subject: e.subject, what: e.what, ...(e.cluster ? { cluster: e.cluster } : {}) })),
    commits: ledger.commitLog.slice(0, 500).map((c) => ({ ...c, time: new Date(c.time).toISOString() })),
    moreCommits: Math.max(0, ledger.commitLog.length - 500),
    audits: ledger.audits.map((a) => ({
      time: new Date(a.time).toISOString(),
      cluster: a.cluster,
      topic: a.topic,
      origin: `${a.origin.topic} on ${a.origin.cluster}`,
      ...(a.copies ? { found: a.copies.reduce((n, c) => n + c.reduce((m, x) => m + (x > 0 ? 1 : 0), 0), 0) } : {}),
      ...(a.last ? { lastCopied: a.last.map((l) => l ?? null) } : {}),
    })),
  };
}

/**
 * The whole ledger as NDJSON, streamed: one line per produce run, then per group and partition
 * the read counts as ranges of records read equally often ({"group","origin","partition",
 * "from","to","reads"}, n from..to inclusive). Its size follows the number of runs and of
 * changes in the read counts, not the number of records.
 */
export async function writeLedgerNdjson(ledger: Ledger, file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = async (line: unknown) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
  for (const o of ledger.origins) {
    for (const [partition, p] of o.partitions.entries()) {
      for (const r of p.runs) await write({ kind: 'produced', cluster: o.cluster, topic: o.topic, partition, ...r });
    }
  }
  for (const g of ledger.groups.values()) {
    for (const [key, counts] of g.partitions) {
      const [index, partition] = key.split(':').map(Number) as [number, number];
      const origin = ledger.origins[index]!;
      const size = origin.partitions[partition]?.claimed ?? 0;
      let from = 0;
      for (let n = 1; n <= size; n++) {
        if (n < size && counts.get(n) === counts.get(from)) continue;
        await write({ kind: 'reads', group: g.group, origin: `${origin.topic} on ${origin.cluster}`, partition, from, to: n - 1, reads: counts.get(from) });
        from = n;
      }
    }
  }
  out.end();
  await once(out, 'finish');
}
