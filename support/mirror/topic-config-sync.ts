import { BadStepParameter } from '../errors.ts';
import type { LogWatch } from '../os/log-watch.ts';
import { nearest } from './mm2-keys.ts';
import { effectiveSetting } from './mm2-properties.ts';
import type { MirrorSpec } from './mm2-properties.ts';

/*
 * Topic configs as the broker describes them, and MM2's topic config sync as its log shows it.
 *
 * A topic's config "of its own" is one DescribeConfigs reports with the source
 * DYNAMIC_TOPIC_CONFIG: set on the topic (CreateTopics' configs, IncrementalAlterConfigs). Any
 * other source (DEFAULT_CONFIG, STATIC_BROKER_CONFIG, DYNAMIC_BROKER_CONFIG,
 * DYNAMIC_DEFAULT_BROKER_CONFIG) is the broker's value showing through: what `kafka-configs
 * --describe --entity-type topics` leaves out unless asked for --all.
 */

/** DescribeConfigs' ConfigSource codes (Kafka's DescribeConfigsResponse, ConfigEntry.ConfigSource). */
export const CONFIG_SOURCES: Record<number, string> = {
  0: 'UNKNOWN',
  1: 'DYNAMIC_TOPIC_CONFIG',
  2: 'DYNAMIC_BROKER_CONFIG',
  3: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  4: 'STATIC_BROKER_CONFIG',
  5: 'DEFAULT_CONFIG',
  6: 'DYNAMIC_BROKER_LOGGER_CONFIG',
  7: 'CLIENT_METRICS_CONFIG',
  8: 'GROUP_CONFIG',
};
export const DYNAMIC_TOPIC_CONFIG = 1;

/** One topic config as the broker describes it. */
export interface TopicConfigEntry {
  name: string;
  value: string | null;
  source: number;
  sensitive: boolean;
}

export function sourceName(source: number): string {
  return CONFIG_SOURCES[source] ?? `source ${source}`;
}

/** "retention.ms = 3600000 (DYNAMIC_TOPIC_CONFIG)", for progress lines and failures. */
export function describeEntry(e: TopicConfigEntry): string {
  return `${e.name} = ${e.sensitive ? '[sensitive]' : (e.value ?? 'null')} (${sourceName(e.source)})`;
}

/**
 * The entry named `key` among a topic's configs, or a BadStepParameter naming the nearest config
 * Kafka has (a key the broker does not describe for topics is a typo, not a config MM2 left out).
 */
export function entryOf(entries: TopicConfigEntry[], key: string, topic: string, alias: string): TopicConfigEntry {
  const found = entries.find((e) => e.name === key);
  if (found) return found;
  const near = nearest(key, entries.map((e) => e.name));
  throw new BadStepParameter(`topic "${topic}" on "${alias}" has no config named "${key}": the broker describes ${entries.length} topic configs and this is not one of them`, {
    hint: near ? `did you mean "${near}"?` : "write a topic config as Kafka spells it (TopicConfig: retention.ms, min.insync.replicas, …)",
  });
}

/**
 * Whether the entry is what the step expects: `value` set on the topic itself
 * (DYNAMIC_TOPIC_CONFIG), or, with `value` undefined, nothing of the topic's own. True, or the
 * state as it is, for a wait's progress and its failure.
 */
export function matches(e: TopicConfigEntry, value: string | undefined): true | string {
  if (value === undefined) return e.source === DYNAMIC_TOPIC_CONFIG ? `it has one of its own: ${describeEntry(e)}` : true;
  if (e.source !== DYNAMIC_TOPIC_CONFIG) return `it has none of its own: ${describeEntry(e)}`;
  return e.value === value ? true : `its own is another value: ${describeEntry(e)}`;
}

/**
 * A completed pass of MirrorSourceConnector.syncTopicConfigs in MM2's log. MM2's Scheduler
 * (org.apache.kafka.connect.mirror.Scheduler.run) logs at INFO, after each task it runs,
 *   [..] INFO syncing topic configs took 12 ms (org.apache.kafka.connect.mirror.Scheduler:…)
 * "syncing topic configs" is the description MirrorSourceConnector.start schedules the sync
 * under (Kafka 2.4 to 4.3.1 alike); a pass that threw logs "caught exception in scheduled task:
 * syncing topic configs" instead, and does not count.
 */
const PASS = /\bsyncing topic configs took (\d+) ms\b/;

export function isConfigSyncPass(line: string): boolean {
  return PASS.test(line);
}

/** Counts the completed topic config sync passes in MM2's logs (every node's, or every worker's: the connector runs on one). */
export class ConfigSyncPasses {
  #count = 0;
  constructor(private readonly logs: LogWatch[]) {}
  /** Passes completed since this watch was made (the logs are read from their start, then followed). */
  count(): number {
    for (const log of this.logs) for (const line of log.newLines()) if (isConfigSyncPass(line)) this.#count++;
    return this.#count;
  }
}

/**
 * The flow's topic config sync interval in seconds as MM2 reads it (MirrorSourceConfig:
 * sync.topic.configs.interval.seconds, 600 by default; flow-prefixed wins over global), or a
 * BadStepParameter when the flow never syncs topic configs (sync.topic.configs.enabled=false:
 * MirrorSourceConfig.syncTopicConfigsInterval returns a negative interval, and
 * Scheduler.scheduleRepeating schedules nothing).
 */
export function configSyncIntervalSeconds(spec: MirrorSpec): number {
  const enabled = effectiveSetting(spec, 'sync.topic.configs.enabled', 'true').trim().toLowerCase();
  if (enabled === 'false') {
    throw new BadStepParameter(`MirrorMaker 2 from "${spec.source}" to "${spec.target}" never syncs topic configs: sync.topic.configs.enabled = false (MirrorSourceConfig.syncTopicConfigsInterval is then negative, and MM2 schedules no sync)`, {
      hint: 'leave sync.topic.configs.enabled out of the mirrors step (true by default) to wait for passes',
    });
  }
  const raw = effectiveSetting(spec, 'sync.topic.configs.interval.seconds', '600').trim();
  const seconds = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(seconds) || seconds < 1) {
    throw new BadStepParameter(`sync.topic.configs.interval.seconds = "${raw}" gives no interval to wait by: MM2 reads it as a LONG of seconds, and a pass per ${raw} s never comes`, {
      hint: 'write a whole number of seconds, e.g. | sync.topic.configs.interval.seconds | 5 |',
    });
  }
  return seconds;
}
