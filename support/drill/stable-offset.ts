import { BadStepParameter } from '../errors.ts';
import { waitFor } from '../wait-for.ts';
import type { PartitionOffsets } from '../kafka/cluster-admin.ts';
import { progress } from '../progress.ts';
import type { DrillContext } from './context.ts';

/** How often the watch asks the target for a partition's last stable offset and high watermark. */
const POLL_MS = 100;
/**
 * How long a watch lasts at most: a transaction nobody ends is aborted by its coordinator once
 * transaction.timeout.ms (the producer's default 60 s; Connect's exactly-once task producer keeps
 * it) has passed, checked every transaction.abort.timed.out.transaction.cleanup.interval.ms
 * (10 s): 70 s, with room for a slow machine.
 */
const WATCH_MS = 150_000;

interface Watch {
  topic: string;
  cluster: string;
  /** Wall-clock time the watch began, and the fault it is timed from (the latest before it), if any. */
  began: number;
  since?: { time: number; what: string };
  /** At the first sample: each partition's high watermark (read_uncommitted end) and last stable offset (read_committed end). */
  first?: { partition: number; hw: number; lso: number }[];
  /** When each stalled partition's LSO reached its first high watermark. */
  passed: Map<number, { time: number; lso: number }>;
  done: Promise<void>;
  error?: Error;
  stop: boolean;
}

/**
 * The stall of a partition's last stable offset (LSO): a transaction left open on it (an
 * exactly-once MM2 task killed between its first send and its commit) holds the LSO at the
 * transaction's first offset, so a read_committed reader gets nothing past it until the
 * transaction ends: a restarted task's producer, with the same transactional.id, fences the old
 * one and its coordinator aborts what it left open (KafkaProducer.initTransactions), or the
 * coordinator aborts it once transaction.timeout.ms has passed. The watch samples the high
 * watermark and the LSO when it begins, then polls until every partition's LSO has reached that
 * high watermark, and times it from the fault before it.
 */
export class StableOffsetWatches {
  readonly #watches = new Map<string, Watch>();

  constructor(private readonly ctx: DrillContext) {}

  async start(topic: string, cluster: string): Promise<void> {
    topic = this.ctx.names.t(topic);
    const key = `${cluster}/${topic}`;
    if (this.#watches.has(key)) throw new BadStepParameter(`the last stable offset of "${topic}" on "${cluster}" is already being timed in this scenario`, { hint: 'time it once' });
    // A wrong alias or topic is said here, at its step, not when the watch is read.
    const admin = await this.ctx.topology.admin(cluster);
    if ((await admin.partitionCount(topic)) === undefined) throw new BadStepParameter(`topic "${topic}" does not exist on "${cluster}"`, { hint: 'name the remote topic as the target holds it, e.g. "es-src.products"' });
    const fault = [...this.ctx.ledger.events].reverse().find((e) => e.kind === 'fault');
    const watch: Watch = {
      topic,
      cluster,
      began: Date.now(),
      ...(fault ? { since: { time: fault.time, what: `${fault.subject} ${fault.what}` } } : {}),
      passed: new Map(),
      done: Promise.resolve(),
      stop: false,
    };
    watch.done = this.#run(watch).catch((error: Error) => {
      watch.error = error;
    });
    this.#watches.set(key, watch);
  }

  async #run(w: Watch): Promise<void> {
    const admin = await this.ctx.topology.admin(w.cluster);
    const both = async (): Promise<{ hw: PartitionOffsets[]; lso: PartitionOffsets[] }> => {
      const [hw, lso] = await Promise.all([admin.offsets(w.topic, undefined, 'read_uncommitted'), admin.offsets(w.topic, undefined, 'read_committed')]);
      return { hw, lso };
    };
    const { hw, lso } = await both();
    w.first = hw.map((h) => ({ partition: h.partition, hw: h.end, lso: lso.find((l) => l.partition === h.partition)?.end ?? h.end }));
    const stalled = () => w.first!.filter((f) => f.lso < f.hw && !w.passed.has(f.partition));
    await waitFor(
      async () => {
        if (w.stop) return true;
        const now = await admin.offsets(w.topic, undefined, 'read_committed');
        const t = Date.now();
        for (const f of stalled()) {
          const l = now.find((o) => o.partition === f.partition)?.end;
          if (l !== undefined && l >= f.hw) w.passed.set(f.partition, { time: t, lso: l });
        }
        const left = stalled();
        return left.length === 0 ? true : left.map((f) => `partition ${f.partition} at ${now.find((o) => o.partition === f.partition)?.end ?? '?'} < ${f.hw}`).join(', ');
      },
      {
        what: `the last stable offset of ${w.topic} on ${w.cluster} to reach the high watermark it had when the watch began`,
        timeoutMs: WATCH_MS,
        intervalMs: POLL_MS,
        onProgress: (ms, state) => progress(`the last stable offset of ${w.topic} on ${w.cluster} still stalled after ${(ms / 1000).toFixed(0)} s: ${state ?? ''}`),
      },
    );
  }

  /** Waits for the watch to end (bounded by WATCH_MS from its start) and says how long each partition's LSO stalled. */
  async passed(topic: string, cluster: string): Promise<string[]> {
    topic = this.ctx.names.t(topic);
    const w = this.#watches.get(`${cluster}/${topic}`);
    if (!w) throw new BadStepParameter(`the last stable offset of "${topic}" on "${cluster}" was not timed`, { hint: `time it right after the fault: When the last stable offset of "${topic}" on "${cluster}" is timed` });
    await w.done;
    if (w.error) throw w.error;
    const from = w.since ? `after ${w.since.what}` : 'after the watch began';
    const origin = w.since?.time ?? w.began;
    const lines = w.first!.map((f) => {
      if (f.lso >= f.hw) return `partition ${f.partition}: no transaction open when the watch began ${((w.began - origin) / 1000).toFixed(1)} s ${from} (last stable offset = high watermark = ${f.hw}): nothing stalled`;
      const p = w.passed.get(f.partition)!;
      return `partition ${f.partition}: the last stable offset stood at ${f.lso} below the high watermark ${f.hw} (${f.hw - f.lso} offset(s) of an open transaction) and reached ${p.lso} ${((p.time - origin) / 1000).toFixed(1)} s ${from}`;
    });
    this.ctx.ledger.event('audit', `${topic} on ${cluster}`, `last stable offset: ${lines.join('; ')}`);
    progress(`the last stable offset of ${topic} on ${cluster}:\n  ${lines.join('\n  ')}`);
    return lines;
  }

  async stopAll(): Promise<void> {
    for (const w of this.#watches.values()) w.stop = true;
    await Promise.all([...this.#watches.values()].map((w) => w.done));
  }
}
