@what-mm2-does
Feature: Topic configs drift: what MM2 carries to the remote topic, what it puts back, and what it never touches
  After a failover the apps write to and read from the remote topic, so its configs are the DR
  site's retention, durability and timestamp rules. MirrorSourceConnector creates the remote topic
  with the source topic's configs (createNewTopics → targetConfig(config, false): the entries whose
  source is not DEFAULT_CONFIG) and then syncs them on a schedule
  (MirrorSourceConnector.start schedules syncTopicConfigs every sync.topic.configs.interval.seconds,
  600 s by default; sync.topic.configs.enabled=false schedules nothing). Each pass
  (syncTopicConfigs → targetConfig(config, true) → incrementalAlterConfigs, KIP-894, Kafka 3.5+;
  the only path in 4.3.1, which has no use.incremental.alter.configs and no legacy AlterConfigs
  path left; in 3.9.2 its default, requested, takes it) describes the source topic's configs and
  sends the target one IncrementalAlterConfigs: SET for an entry whose source is not DEFAULT_CONFIG,
  DELETE for one that is (use.defaults.from = target, DefaultConfigPropertyFilter's default), and
  nothing at all for a read-only, sensitive or STATIC_BROKER_CONFIG entry or a property
  ConfigPropertyFilter.shouldReplicateConfigProperty refuses. DefaultConfigPropertyFilter refuses what config.properties.exclude matches (full-match
  regexes); its default in Kafka 4.3.1 is "follower.replication.throttled.replicas,
  leader.replication.throttled.replicas, message.timestamp.difference.max.ms,
  log.message.timestamp.before.max.ms, log.message.timestamp.after.max.ms, message.timestamp.type,
  unclean.leader.election.enable, min.insync.replicas" (KAFKA-20163 added the two log.* names), in
  3.9.2 the same six without the two log.* names (dots escaped). The two log.* names are the
  broker's (KIP-937); the topic's own are message.timestamp.before.max.ms and
  message.timestamp.after.max.ms, which neither list matches, so both releases copy them. Here the
  flow syncs every 5 s (sync.topic.configs.interval.seconds = 5), and MM2's Scheduler logs each
  finished pass ("syncing topic configs took N ms"): the steps count passes from that line.

  ACLs drift too, and are not drilled here: the drill clusters run no authorizer (docs/security.md),
  so mirrordrill sets sync.topic.acls.enabled = false. What MM2 would do (4.3.1 and 3.9.2 alike):
  MirrorSourceConnector.syncTopicAcls, every sync.topic.acls.interval.seconds (600 s), lists the
  source's topic ACLs (describeAcls of TOPIC, any pattern), keeps the LITERAL ones of topics it
  mirrors (PREFIXED ones are dropped), drops ALLOW WRITE (shouldReplicateAcl), turns ALLOW ALL
  into ALLOW READ (targetAclBinding), keeps everything else (ALLOW READ, DESCRIBE, any DENY) for
  the remote topic's name, and creates them on the target, never deleting one. Group ACLs are never
  copied: a consumer that fails over meets GROUP_AUTHORIZATION_FAILED, a producer
  TOPIC_AUTHORIZATION_FAILED, unless the DR site was given its own ACLs.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker

  Scenario: configs set on the source after MM2 started: retention.ms and message.timestamp.before.max.ms arrive within the interval, the three excluded ones never do
    Five configs are set on the source topic at once, once MM2 runs. MM2's next pass copies
    retention.ms and message.timestamp.before.max.ms (not in the exclude list of 4.3.1 or 3.9.2);
    it never sends min.insync.replicas, unclean.leader.election.enable or message.timestamp.type
    (excluded by default), so es-tgt's broker values show through on the remote topic: a topic
    that demands 2 in-sync replicas on es-src accepts acks=all writes with 1 on es-tgt after a
    failover. retention.ms arrives within 15 s: MM2's Scheduler runs the sync at a fixed rate of
    5 s, so the first pass to begin after the change comes within 5 s and takes milliseconds;
    15 s allows two late passes on a loaded machine. Two passes at least read the changed source:
    the step that waits for 2 more passes starts once retention.ms arrived, i.e. after a pass
    that read the change, and the second pass it counts began after the first one ended (one
    thread runs them all), so after the step began. Only then is the absence of the three
    asserted.

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | sync.topic.configs.interval.seconds | 5 |
    And topic "es-src.products" on "es-tgt" has no "retention.ms" of its own
    When topic "products" on "es-src" is altered with:
      | retention.ms                    | 3600000       |
      | message.timestamp.before.max.ms | 86400000      |
      | min.insync.replicas             | 2             |
      | unclean.leader.election.enable  | true          |
      | message.timestamp.type          | LogAppendTime |
    Then topic "es-src.products" on "es-tgt" has its own "retention.ms" = "3600000" within 15 seconds
    When MirrorMaker 2 has synced topic configs to "es-tgt" 2 more times
    Then topic "es-src.products" on "es-tgt" has its own "retention.ms" = "3600000"
    And topic "es-src.products" on "es-tgt" has its own "message.timestamp.before.max.ms" = "86400000"
    And topic "es-src.products" on "es-tgt" has no "min.insync.replicas" of its own
    And topic "es-src.products" on "es-tgt" has no "unclean.leader.election.enable" of its own
    And topic "es-src.products" on "es-tgt" has no "message.timestamp.type" of its own

  Scenario: configs changed by hand on the remote topic: MM2 puts back the source's, deletes what the source leaves at its default, and keeps an excluded one
    The remote topic is created with the source's retention.ms (createNewTopics copies the
    source's own configs). Then an operator changes the remote topic on es-tgt: retention.ms
    lowered, segment.ms and min.insync.replicas set. MM2's next pass SETs retention.ms back to the
    source's value and DELETEs segment.ms (the source's is its default, and use.defaults.from is
    target: incrementalAlterConfigs turns a default entry into a DELETE, KIP-894, 3.5+), so
    es-tgt's own broker default shows again; min.insync.replicas is excluded, so MM2 sends nothing
    for it and the operator's value stays through two more passes. Both come back within 15 s, as
    in the scenario above.

    Given topic "products" on "es-src" with 1 partition and configs:
      | retention.ms | 3600000 |
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | sync.topic.configs.interval.seconds | 5 |
    And topic "es-src.products" on "es-tgt" has its own "retention.ms" = "3600000"
    When topic "es-src.products" on "es-tgt" is altered with:
      | retention.ms        | 60000  |
      | segment.ms          | 600000 |
      | min.insync.replicas | 1      |
    Then topic "es-src.products" on "es-tgt" has its own "retention.ms" = "3600000" within 15 seconds
    And topic "es-src.products" on "es-tgt" has no "segment.ms" of its own within 15 seconds
    When MirrorMaker 2 has synced topic configs to "es-tgt" 2 more times
    Then topic "es-src.products" on "es-tgt" has its own "min.insync.replicas" = "1"
    And topic "es-src.products" on "es-tgt" has its own "retention.ms" = "3600000"
    And topic "es-src.products" on "es-tgt" has no "segment.ms" of its own

  Scenario: message.timestamp.before.max.ms, copied to the remote topic, refuses MM2's own copies of older records: MM2 stops copying
    What the exclusion of message.timestamp.difference.max.ms was for, and what KAFKA-20163 meant
    to do for its KIP-937 successors: MM2 copies each record with its source timestamp
    (MirrorSourceTask.convertRecord), so a remote topic that accepts only recent timestamps
    refuses copies of older records. Here the source topic gets message.timestamp.before.max.ms =
    1 (ms) after its 100 records were written, before MM2 starts: MM2 creates the remote topic
    with it (createNewTopics copies every config whose source is not DEFAULT_CONFIG, and neither
    4.3.1's nor 3.9.2's default config.properties.exclude matches the topic's name of it), and
    every copy MM2 sends is older than 1 ms, since MM2's JVM started after the records were acked.
    es-tgt refuses each (LogValidator: "Timestamp … of message with offset 0 is out of range. The
    timestamp should be within […]": InvalidRecordException from a 4.3.1 broker,
    InvalidTimestampException from 3.9.2; neither is retriable), the Connect producer's callback
    keeps the error, and WorkerSourceTask fails the task at its next poll ("Unrecoverable exception
    from producer send callback"; errors.tolerance = none, Connect's default), logging that it
    "will not recover until manually restarted": MM2 copies none of the 100, and nothing more.
    Adding message\.timestamp\.before\.max\.ms (and after) to config.properties.exclude in the
    mirrors step would keep it off the remote topic (DefaultConfigPropertyFilter; not drilled here,
    source-retention.feature's last scenario excludes retention.ms that way).

    Given topic "products" on "es-src" with 1 partition
    When 100 records are produced to "products" on "es-src"
    And topic "products" on "es-src" is altered with:
      | message.timestamp.before.max.ms | 1 |
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    Then topic "es-src.products" on "es-tgt" has its own "message.timestamp.before.max.ms" = "1"
    And MirrorMaker 2's log says "of message with offset 0 is out of range"
    And MirrorMaker 2's log says "WorkerSourceTask{id=MirrorSourceConnector-0} Task threw an uncaught and unrecoverable exception"
    And the copy of "products" on "es-tgt" misses 100 acked records and has 0 duplicates
