import type { LogWatch } from '../os/log-watch.ts';

/**
 * What MM2's log says when its source consumer's position fell out of the source's log and no
 * reset policy applies (`consumer.auto.offset.reset=none` on the flow): MirrorSourceTask.poll
 * logs `WARN Failure during poll.` with the consumer's exception, returns nothing, and tries again
 * at the next poll, for ever. It copies nothing more of that partition until its offsets are reset.
 *   [..] WARN Failure during poll. (org.apache.kafka.connect.mirror.MirrorSourceTask)
 *   org.apache.kafka.clients.consumer.OffsetOutOfRangeException: Fetch position FetchPosition{offset=100, …} is out of range for partition products-0
 *   org.apache.kafka.clients.consumer.NoOffsetForPartitionException: Undefined offset with no reset policy for partitions: [products-0]
 */
const OUT_OF_RANGE = /(OffsetOutOfRangeException|NoOffsetForPartitionException): (.*)$/;

export interface OutOfRange {
  /** The consumer's own words. */
  line: string;
  /** The partitions it names ("products-0"). */
  partitions: string[];
}

/** The first out-of-range failure in a log line, else undefined. */
export function outOfRange(line: string): OutOfRange | undefined {
  const m = OUT_OF_RANGE.exec(line);
  if (!m) return undefined;
  const named = [...m[2]!.matchAll(/for partition (\S+)|partitions: \[([^\]]*)\]/g)].flatMap((x) => (x[1] ?? x[2] ?? '').split(',').map((p) => p.trim()).filter(Boolean));
  return { line: `${m[1]}: ${m[2]}`, partitions: [...new Set(named)] };
}

/** Watches MM2's log for its source consumer stalled out of range; once found, kept. */
export class OutOfRangeWatch {
  #found: OutOfRange | undefined;
  constructor(private readonly log: LogWatch) {}

  check(): OutOfRange | undefined {
    if (this.#found) return this.#found;
    for (const line of this.log.newLines()) {
      this.#found = outOfRange(line);
      if (this.#found) break;
    }
    return this.#found;
  }
}
