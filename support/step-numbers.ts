/**
 * The numbers a step takes, checked against the range Kafka or JavaScript gives them, so that a
 * value out of range is named as such at its step (not as Node's raw RangeError from a client
 * encoding a request, a timer that fires at once, or a hint about something else).
 */
import { BadStepParameter } from './errors.ts';

/** Kafka's INT32 (partition counts and indexes in its protocol), INT16 (replication factors). */
export const INT32_MAX = 2_147_483_647;
export const INT16_MAX = 32_767;
/** The longest delay Node's timers take; a longer one fires after 1 ms (TimeoutOverflowWarning). */
export const TIMER_MAX_MS = 2_147_483_647;

export interface NumberRule {
  /** Completes "… must be": "the number of partitions". */
  what: string;
  min: number;
  max: number;
  /** Why the maximum is what it is. */
  maxWhy: string;
  /** Why the minimum is what it is, when it is 1 or more. */
  minWhy?: string;
  /** A value that works, as the step would write it. */
  example: string;
}

const SAFE = { max: Number.MAX_SAFE_INTEGER, maxWhy: 'the largest whole number JavaScript counts exactly' };
const TIMER_S = { max: Math.floor(TIMER_MAX_MS / 1000), maxWhy: `the longest wait Node's timers take (${TIMER_MAX_MS} ms, about 24.8 days; a longer one fires at once)` };

export const RULES = {
  records: { what: 'the number of records', min: 1, ...SAFE, minWhy: 'a step over 0 records would make the drill prove nothing', example: '100 records' },
  rate: {
    what: 'the rate in records per second',
    min: 1,
    ...SAFE,
    minWhy: 'producers at 0 records/s write nothing; to stop writing, use "When the producers stop"',
    example: 'producers write 50 records/s',
  },
  seconds: { what: 'the number of seconds', min: 1, ...TIMER_S, minWhy: 'a fault or a wait of 0 s is none', example: 'for 10 seconds' },
  latencyMs: { what: 'the latency in ms', min: 1, max: TIMER_MAX_MS, maxWhy: TIMER_S.maxWhy, minWhy: 'a latency of 0 ms is no fault', example: '500 ms' },
  jitterMs: { what: 'the jitter in ms', min: 1, max: TIMER_MAX_MS, maxWhy: TIMER_S.maxWhy, minWhy: 'write the step without jitter for none', example: '100 ms' },
  commitEveryMs: { what: 'the commit interval in ms', min: 1, max: TIMER_MAX_MS, maxWhy: TIMER_S.maxWhy, minWhy: 'a group commits at most once per poll', example: 'every 1000 ms' },
  kbPerSecond: { what: 'the bandwidth in KB/s', min: 1, ...SAFE, minWhy: 'a bandwidth of 0 cuts the link: use the step that cuts it', example: '64 KB/s' },
  offset: { what: 'the offset', min: 0, max: Number.MAX_SAFE_INTEGER, maxWhy: "the largest offset JavaScript holds exactly (Kafka's are INT64)", example: 'offset 10' },
  partitions: {
    what: 'the number of partitions',
    min: 1,
    max: INT32_MAX,
    maxWhy: "Kafka's limit: CreateTopics carries the partition count as an INT32",
    minWhy: 'a topic has at least 1 partition',
    example: 'with 3 partitions',
  },
  passes: { what: 'the number of passes', min: 1, ...SAFE, minWhy: 'a wait for 0 passes waits for nothing', example: '2 more times' },
  partition: { what: 'the partition', min: 0, max: INT32_MAX - 1, maxWhy: "Kafka's limit: partition indexes are INT32", example: 'partition 0' },
  replicationFactor: { what: 'the replication factor', min: 1, max: INT16_MAX, maxWhy: "Kafka's limit: CreateTopics carries the replication factor as an INT16", minWhy: 'a topic has at least 1 replica', example: 'replication factor 3' },
} as const satisfies Record<string, NumberRule>;

const show = (n: number) => (Number.isFinite(n) && Math.abs(n) >= 1e21 ? n.toExponential() : String(n));

/** `n` if it is a whole number in the rule's range, else a BadStepParameter saying which bound and why. */
export function wholeNumber(n: number, rule: NumberRule): number {
  if (!Number.isInteger(n)) {
    throw new BadStepParameter(`${rule.what} must be a whole number, not ${show(n)}`, { hint: `write, e.g., "${rule.example}"` });
  }
  if (n < rule.min) {
    throw new BadStepParameter(`${rule.what} must be ${rule.min} or more, not ${show(n)}${rule.minWhy ? `: ${rule.minWhy}` : ''}`, { hint: `write, e.g., "${rule.example}"` });
  }
  if (n > rule.max || !Number.isSafeInteger(n)) {
    throw new BadStepParameter(`${rule.what} ${show(n)} is out of range: at most ${rule.max}, ${rule.maxWhy}`, { hint: `write, e.g., "${rule.example}"` });
  }
  return n;
}
