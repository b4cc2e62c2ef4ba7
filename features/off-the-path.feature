@what-mm2-does
Feature: Missing data named by its cause: the source removed it first, the target removed it, or the group moved past a checkpoint
  A record that never reaches a group on the target has one of several causes, and a DR verdict
  that names the wrong one sends the operator after the wrong party. Records the source removes
  (DeleteRecords, retention) while MM2 is behind are never copied: MM2's source consumer finds its
  position out of range and, with the auto.offset.reset MM2 sets unless the flow sets one
  (earliest), resets to the log start and goes on in silence; its offset syncs show the jump
  (MirrorSourceTask writes a sync whenever it skips an upstream offset). With
  es-src.consumer.auto.offset.reset=none (the source consumer's own setting: a top-level consumer.* key
  is dropped by MirrorMakerConfig) the task instead logs "Failure during poll" for ever
  and copies nothing more of that partition. MM2 also copies retention.ms and cleanup.policy to
  the remote topic, so the target can expire copies before a group reads them. None of these is
  a record lost in flight (the source was alive) or skipped by the group (it was never where the
  group read). And a group that already read on the target past MM2's checkpoint stays there:
  MM2 syncs a checkpoint only into an empty group and never moves one back.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker

  @core
  Scenario: the source removes 50 records while MM2 is stopped: MM2 skips them in silence, named as such
    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And MirrorMaker 2 is stopped
    And 100 records are produced to "products" on "es-src"
    And the records before offset 150 of "products" partition 0 are deleted on "es-src"
    And MirrorMaker 2 is restarted
    Then MirrorMaker 2 silently skipped 50 records of "products" partition 0
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then the checker reports exactly 50 removed records
    And the checker reports no other anomaly
    And no acked record is lost or skipped by the group
    And at most 0 acked records are lost in flight
    And the verdict is valid

  Scenario: waiting for MM2 to mirror what the source removed first fails at once, naming the jump
    Given topic "orders" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "orders" from "es-src" to "es-tgt"
    When 300 records are produced to "orders" on "es-src"
    And MirrorMaker 2 has mirrored "orders" to "es-tgt"
    And MirrorMaker 2 is stopped
    And 300 records are produced to "orders" on "es-src"
    And the records before offset 170 of "orders" partition 1 are deleted on "es-src"
    And MirrorMaker 2 is restarted
    Then waiting for MirrorMaker 2 to mirror "orders" to "es-tgt" fails at once, saying "removed them before MM2 copied them"
    And MirrorMaker 2 silently skipped 80 records of "orders" partition 1
    And MirrorMaker 2 silently skipped 0 records of "orders" partition 0
    And the copy of "orders" on "es-tgt" misses 80 acked records and has at most 0 duplicates

  Scenario: with consumer.auto.offset.reset=none, MM2 stops copying the partition instead of skipping, and the wait says so at once
    On Kafka Connect the source connector's own "consumer." settings reach its consumer. Its
    worker killed at offset 100, the source removes 100–149 meanwhile; restarted with no reset
    policy, the task's fetch at its stored offset 100 is out of range, and MirrorSourceTask logs
    "Failure during poll" at every poll and copies nothing more: a stall the wait names at once,
    not a silent skip.

    Given MirrorMaker 2 runs on Kafka Connect
    And topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    And connector "MirrorSourceConnector" is reconfigured with:
      | consumer.auto.offset.reset | none |
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And Connect worker 1 is killed
    And 100 records are produced to "products" on "es-src"
    And the records before offset 150 of "products" partition 0 are deleted on "es-src"
    And Connect worker 1 is restarted
    Then waiting for MirrorMaker 2 to mirror "products" to "es-tgt" fails at once, saying "OffsetOutOfRangeException"
    And the copy of "products" on "es-tgt" misses 100 acked records and has at most 0 duplicates

  Scenario: a new flow with es-src.consumer.auto.offset.reset=none copies nothing at all, and the wait says so at once
    MirrorSourceTask seeks only to offsets it stored; a partition it never copied is left to the
    consumer's reset policy, and with none there is no position to start from
    (NoOffsetForPartitionException at every poll). A top-level consumer.auto.offset.reset would
    not reach MM2's consumer at all: MirrorMakerConfig keeps client settings only under a
    cluster's or a flow's prefix.

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | es-src.consumer.auto.offset.reset | none |
    When 100 records are produced to "products" on "es-src"
    Then waiting for MirrorMaker 2 to mirror "products" to "es-tgt" fails at once, saying "no reset policy"

  Scenario: the target removes copies before the group reads them: removed on the target, not skipped by the group
    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And the records before offset 60 of "es-src.products" partition 0 are deleted on "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from offsets translated from the checkpoints and reads to the end
    Then the checker reports exactly 40 expired records
    And the checker reports no other anomaly
    And no acked record is lost or skipped by the group

  Scenario: a group that read on the target past MM2's checkpoint stays there, and its re-reads are MM2's doing
    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And group "products-consumer" reads 30 records from "es-src.products" on "es-tgt" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And the verdict is valid

  @connect @core
  Scenario: MM2's source offset set back over Connect's REST API: a group behind the rewind gets no checkpoint, and its re-reads from the log start are MM2's doing
    An operator sets MirrorSourceConnector's stored offset of products back to 99 (Connect's
    PATCH /connectors/…/offsets on the stopped connector, KIP-875), so MM2 copies records 100–199
    a second time, to offsets 200–299 of es-src.products. Its next offset sync, 100 → 200, is an
    upstream rewind, and OffsetSyncStore.updateSyncArray forgets every earlier sync on one: it
    keeps only syncs from 100 on. A group that then commits 50 on es-src is below every sync MM2
    keeps; translateDownstream gives -1, MirrorCheckpointTask drops it, and MM2 never
    checkpoints the group (RemoteClusterUtils.translateOffsets finds nothing for it). The
    checkpoint wait says so at once instead of waiting, and the group resumes on es-tgt at the log
    start: its 50 re-reads are what MM2 gives, and the 100 records MM2 copied twice are read twice
    from the log (second-copy reads), not by the group going back.

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 runs on Kafka Connect
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 200 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorSourceConnector's source offset of "products" partition 0 is set to 99
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has 100 duplicates
    When group "products-consumer" reads 50 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And the checker reports exactly 50 re-read records
    And the checker reports exactly 100 second-copy read records
    And the checker reports no other anomaly
