Feature: MM2 with no reset policy stalls on one partition's removed records, on Connect
  One source task copies all three partitions. The source removes records of partition 2 only,
  while the Connect worker is down; with consumer.auto.offset.reset=none the task's poll fails
  out of range on partition 2, while partitions 0 and 1 are still copied to their ends.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker

  Scenario: three partitions, the source removes 60 records of partition 2 only, and the task copies nothing more of that partition alone
    Given MirrorMaker 2 runs on Kafka Connect
    And topic "orders" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "orders" from "es-src" to "es-tgt"
    And connector "MirrorSourceConnector" is reconfigured with:
      | consumer.auto.offset.reset | none |
    When 300 records are produced to "orders" on "es-src"
    And MirrorMaker 2 has mirrored "orders" to "es-tgt"
    And Connect worker 1 is killed
    And 300 records are produced to "orders" on "es-src"
    And the records before offset 150 of "orders" partition 2 are deleted on "es-src"
    And Connect worker 1 is restarted
    Then waiting for MirrorMaker 2 to mirror "orders" to "es-tgt" fails at once, saying "OffsetOutOfRangeException"
    And the copy of "orders" on "es-tgt" misses 90 acked records and has at most 0 duplicates
