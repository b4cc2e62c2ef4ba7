import { BadStepParameter, DrillError } from '../errors.ts';

/**
 * Kafka's reasons inside an error of @platformatic/kafka. The library wraps what the broker
 * said in layers: MultipleErrors ("Creating topics failed."), itself an AggregateError around
 * the retry's MultipleErrors ("createTopics failed 2 times.") or a ResponseError, whose
 * `errors` are ProtocolErrors carrying the broker's error code (`apiId` such as
 * INVALID_TOPIC_EXCEPTION, `apiCode` 17) and its message (`serverErrorMessage`).
 */
export interface KafkaReason {
  /** Kafka's error code name (INVALID_TOPIC_EXCEPTION), when the broker answered. */
  code?: string;
  message: string;
}

interface ErrorLike {
  message?: unknown;
  errors?: unknown;
  cause?: unknown;
  apiId?: unknown;
  apiCode?: unknown;
  serverErrorMessage?: unknown;
}

/** Every distinct reason at the leaves of the error tree (through AggregateError.errors), broker answers first. */
export function kafkaReasons(error: unknown): KafkaReason[] {
  const broker: KafkaReason[] = [];
  const other: KafkaReason[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown): void => {
    if (!e || typeof e !== 'object' || seen.has(e)) {
      if (typeof e === 'string') other.push({ message: e });
      return;
    }
    seen.add(e);
    const err = e as ErrorLike;
    if (typeof err.apiId === 'string') {
      const told = typeof err.serverErrorMessage === 'string' && err.serverErrorMessage ? err.serverErrorMessage : String(err.message ?? '');
      broker.push({ code: err.apiId, message: told });
      return;
    }
    if (Array.isArray(err.errors) && err.errors.length > 0) {
      err.errors.forEach(visit);
      return;
    }
    // A leaf the broker did not answer (a connection refused, a timeout): its own words, and its cause's.
    const cause = (err.cause as ErrorLike | undefined)?.message;
    other.push({ message: `${String(err.message ?? e)}${typeof cause === 'string' && cause ? ` (${cause})` : ''}` });
  };
  visit(error);
  const distinct = new Map<string, KafkaReason>();
  for (const r of [...broker, ...other]) distinct.set(`${r.code ?? ''}\u0000${r.message}`, r);
  return [...distinct.values()];
}

/** "INVALID_TOPIC_EXCEPTION: Topic name ... is illegal" — one line per reason, joined with "; ". */
export function describeReasons(reasons: KafkaReason[]): string {
  return reasons.map((r) => (r.code ? `${r.code}: ${r.message}` : r.message)).join('; ');
}

/** Broker refusals caused by what the step asked for, with what to write instead. */
const STEP_FIXES: Record<string, (partitions: number, replicas: number) => string> = {
  INVALID_TOPIC_EXCEPTION: () => 'name the topic with ASCII letters, digits, ".", "_" and "-" only, at most 249 characters, and not "." or ".."',
  INVALID_PARTITIONS: () => 'give the topic 1 partition or more',
  // KRaft refuses a request for more than 10,000 partitions as "Excessively large number of partitions".
  POLICY_VIOLATION: () => 'give the topic fewer partitions: a drill needs a handful',
  TOPIC_ALREADY_EXISTS: () => 'create each topic once per cluster; MM2 creates the remote topics on the target itself',
  INVALID_CONFIG: () => "give the config a value Kafka accepts (its reason above says which and why), or check the key's spelling against Kafka's topic configs",
  INVALID_REPLICATION_FACTOR: (_, replicas) => `mirrordrill asked for replication factor ${replicas} (min(3, brokers)): check that every broker of the cluster is still up`,
};

/**
 * The error createTopic throws when the broker refuses or cannot be reached: names the topic,
 * the cluster alias and Kafka's reason (error code name and message). A refusal of what the
 * step asked for is a BadStepParameter; anything else a DrillError. Either names the step.
 */
export function topicNotCreated(error: unknown, topic: string, alias: string, partitions: number, replicas: number): DrillError {
  const reasons = kafkaReasons(error);
  const fix = reasons.map((r) => (r.code ? STEP_FIXES[r.code] : undefined)).find(Boolean);
  const message = `topic "${topic}" was not created on ${alias} (${partitions} partition${partitions === 1 ? '' : 's'}, replication factor ${replicas}): ${describeReasons(reasons) || String(error)}`;
  if (fix) return new BadStepParameter(message, { topic, cluster: alias, reasons, hint: fix(partitions, replicas) });
  return new DrillError(message, { topic, cluster: alias, reasons, hint: `check that ${alias} is up: its broker logs are in the scenario's report folder` });
}

/** " (Kafka said: REBALANCE_IN_PROGRESS: …)" when the broker answered with error codes somewhere in the error's tree, else "". */
export function kafkaSaid(error: unknown): string {
  const answered = kafkaReasons(error).filter((r) => r.code);
  return answered.length ? ` (Kafka said: ${describeReasons(answered)})` : '';
}
