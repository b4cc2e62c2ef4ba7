@what-mm2-does
Feature: A topic created after MM2 started is copied only from MM2's next topic refresh
  MirrorSourceConnector learns the source's topics at its start (loadTopicPartitions) and then
  only in refreshTopicPartitions, which its Scheduler runs every refresh.topics.interval.seconds,
  the first time one interval after the start (scheduleRepeatingDelayed; the default interval is
  600 s, in every release since MM2 came in 2.4). Only when a refresh finds new topic-partitions
  ("Found 1 new topic-partitions on es-src") does it create the remote topic and ask Connect to
  reconfigure its tasks, which then copy the new topic from its start. Until then nothing of a
  new topic reaches the target: a topic created on the active site minutes before the loss has
  no copy at all, whatever MM2's lag on the other topics. mirrordrill sets the interval to 1 s
  for its own drills; the first scenario puts MM2's default back.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition

  Scenario: with MM2's default refresh.topics.interval.seconds (600), a topic created after MM2 started is not copied for as long as the drill watches
    Given MirrorMaker 2 mirrors "products, orders" from "es-src" to "es-tgt" with:
      | refresh.topics.interval.seconds | 600 |
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And topic "orders" on "es-src" with 1 partition
    And 50 records are produced to "orders" on "es-src"
    Then MirrorMaker 2 copies nothing of "orders" to "es-tgt" for 15 seconds
    And the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates

  Scenario: with a 1 s refresh, the same topic is found at the next refresh and copied from its start
    Given MirrorMaker 2 mirrors "products, orders" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And topic "orders" on "es-src" with 1 partition
    And 50 records are produced to "orders" on "es-src"
    Then MirrorMaker 2 has mirrored "orders" to "es-tgt" within 15 seconds
    And MirrorMaker 2's log says "Found 1 new topic-partitions on es-src"
    And the copy of "orders" on "es-tgt" misses 0 acked records and has 0 duplicates
