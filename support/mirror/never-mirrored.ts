/**
 * Topics a flow's MM2 will never mirror, whatever the drill waits for, by the rule of
 * MirrorSourceConnector.shouldReplicateTopic (Kafka 3.x and 4.x):
 *
 *   (topicFilter.shouldReplicateTopic(topic) || heartbeats replication && isHeartbeatsTopic(topic))
 *     && !replicationPolicy.isInternalTopic(topic) && !isCycle(topic)
 *
 * A named topic it skips is said at the mirrors step, quoting the rule, instead of after a 90 s
 * wait for a remote topic that never comes.
 */
import { effectiveSetting, internalTopicSeparatorEnabled, isSet, keepsTopicNames, type MirrorSpec } from './mm2-properties.ts';

/** DefaultTopicFilter.TOPICS_EXCLUDE_DEFAULT. */
export const TOPICS_EXCLUDE_DEFAULT = '.*[\\-\\.]internal, .*\\.replica, __.*';

export interface NeverMirrored {
  topic: string;
  /** Why, quoting MM2's rule. */
  reason: string;
  hint: string;
}

/** A name Kafka accepts for a topic: the step's topic is a name, not a regex, when it is one. */
const LITERAL = /^[a-zA-Z0-9._-]+$/;

/** DefaultReplicationPolicy.topicSource: the part before the first separator, when String.split finds at least two parts. */
function topicSource(topic: string, separator: string): string | undefined {
  if (!separator) return undefined;
  const parts = topic.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.length < 2 ? undefined : parts[0];
}

/** MirrorSourceConnector.isCycle with DefaultReplicationPolicy: the chain of sources that leads to the target, if one does. */
function cycle(topic: string, target: string, separator: string): string[] | undefined {
  const chain: string[] = [];
  let t = topic;
  for (;;) {
    const source = topicSource(t, separator);
    if (source === undefined) return undefined;
    chain.push(source);
    if (source === target) return chain;
    const upstream = t.slice(source.length + separator.length);
    if (!upstream || upstream === t) return undefined;
    t = upstream;
  }
}

/** MirrorUtils.compilePatternList: the list's entries, trimmed, joined with | (Java regex, read here as JavaScript's). */
function patternList(value: string): RegExp | undefined {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  try {
    return new RegExp(`^(?:${entries.join('|')})$`);
  } catch {
    return undefined; // a Java-only construct: MM2 judges it, not this check
  }
}

/** The first of the step's named topics the flow's MM2 will never mirror, with why. */
export function neverMirrored(spec: MirrorSpec): NeverMirrored | undefined {
  const flow = `${spec.source}->${spec.target}`;
  const identity = keepsTopicNames(spec);
  const separator = effectiveSetting(spec, 'replication.policy.separator', '.');
  const internalSuffix = `${isSet(spec, 'replication.policy.separator') && internalTopicSeparatorEnabled(spec) ? separator : '.'}internal`;
  const excludeKey = isSet(spec, `topics.exclude`) ? (Object.hasOwn(spec.overrides, `${flow}.topics.exclude`) ? `${flow}.topics.exclude` : 'topics.exclude') : undefined;
  const exclude = effectiveSetting(spec, 'topics.exclude', TOPICS_EXCLUDE_DEFAULT);
  const excluded = patternList(exclude);
  for (const topic of spec.topics.filter((t) => LITERAL.test(t))) {
    const internal = topic.startsWith('__') || topic.startsWith('.') || topic.endsWith('-internal') || topic.endsWith('.internal') || topic.endsWith(internalSuffix);
    if (internal) {
      return {
        topic,
        reason:
          `MM2 never mirrors "${topic}": its name makes it an internal topic, and MirrorSourceConnector.shouldReplicateTopic skips ` +
          `every topic for which ReplicationPolicy.isInternalTopic is true (a name starting with "__" or ".", or ending with "-internal" or ".internal": Kafka's, Connect's and MM2's own topics)`,
        hint: 'mirror an application topic; to drill MM2\'s checkpoints or offset syncs use the steps about them (e.g. "MirrorMaker 2 has checkpointed group ...")',
      };
    }
    const chain = identity ? undefined : cycle(topic, spec.target, separator);
    if (chain) {
      return {
        topic,
        reason:
          `MM2 never mirrors "${topic}" from ${spec.source} to ${spec.target}: DefaultReplicationPolicy reads its name as a remote topic of ` +
          `${chain.map((c) => `"${c}"`).join(' via ')} (topicSource("${topic}") = "${chain[0]}"), and MirrorSourceConnector.shouldReplicateTopic skips a topic ` +
          `whose chain of sources leads back to the target (isCycle), so that no record goes back where it came from`,
        hint:
          `a name like "${topic}" is what a flow ${chain[chain.length - 2] ?? spec.target} → ${spec.source} gives a topic it copies; mirror a topic written on ${spec.source} itself, ` +
          `and if "${topic}" is one, rename it (no "${spec.target}${separator}" in front) or give the flow another replication.policy.separator`,
      };
    }
    if (excluded?.test(topic)) {
      return {
        topic,
        reason:
          `MM2 never mirrors "${topic}" from ${spec.source} to ${spec.target}: it matches topics.exclude = "${exclude}" ` +
          `(${excludeKey ? `set by the step's "${excludeKey}"` : "DefaultTopicFilter's default"}), and DefaultTopicFilter.shouldReplicateTopic is "included && !excluded"`,
        hint: excludeKey ? `take "${topic}" out of the step's ${excludeKey}, or mirror another topic` : 'rename the topic (a ".replica" or "-internal" suffix, or a "__" prefix, is excluded by default), or set topics.exclude in the step\'s table',
      };
    }
  }
  return undefined;
}
