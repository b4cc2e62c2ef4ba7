@what-mm2-does
Feature: MM2 with no reset policy stalls on one partition's removed records, on Connect
  One source task copies all three partitions. The source removes records of partition 2 only,
  while the Connect worker is down; with consumer.auto.offset.reset=none the task's poll fails
  out of range on partition 2, and the wait names that partition at once. How much of partitions
  0 and 1 the same task copies meanwhile depends on which polls fail: one run saw them copied to
  their ends, another (CI) nothing of them yet when the copy was audited, so the drill asserts
  only the stall it names.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker

  Scenario: three partitions, the source removes 60 records of partition 2 only, and the stall names that partition
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
    Then waiting for MirrorMaker 2 to mirror "orders" to "es-tgt" fails at once, saying "copies nothing of orders-2:"
