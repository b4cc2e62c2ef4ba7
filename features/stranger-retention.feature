Feature: Retention on two partitions outruns a stopped MM2
  Retention acts on both partitions of the source while MM2 is stopped; the topic is created
  with its configs given as a table, and the broker checks retention every 500 ms.

  Background:
    Given a source cluster "es-src" with 1 broker and broker settings:
      | log.retention.check.interval.ms | 500 |
      | log.initial.task.delay.ms       | 0   |
    And a target cluster "es-tgt" with 1 broker

  Scenario: retention expires 50 records of each of two partitions while MM2 is stopped, with offset.lag.max 10
    Given topic "products" on "es-src" with 2 partitions and configs:
      | retention.ms   | 604800000 |
      | cleanup.policy | delete    |
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | offset.lag.max | 10 |
    When 200 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 200 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And MirrorMaker 2 is stopped
    And 100 records are produced to "products" on "es-src"
    And topic "products" on "es-src" is altered with:
      | retention.ms | 1 |
    And the log of "products" partition 0 on "es-src" starts at offset 150 or later
    And the log of "products" partition 1 on "es-src" starts at offset 150 or later
    And topic "products" on "es-src" is altered with:
      | retention.ms | 604800000 |
    And MirrorMaker 2 is restarted
    And 100 records are produced to "products" on "es-src"
    Then MirrorMaker 2 silently skipped 50 records of "products" partition 0
    And MirrorMaker 2 silently skipped 50 records of "products" partition 1
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then the checker reports exactly 100 removed records
    And the checker reports no other anomaly
    And no acked record is lost or skipped by the group
    And at most 0 acked records are lost in flight
    And the verdict is valid

  @negative-control
  Scenario Outline: a topic config Kafka does not know, or a value it refuses, is said at once, quoting Kafka
    Given topic "products" on "es-src" with 1 partition
    Then creating topic "orders" on "es-src" with configs fails saying "<saying>", with:
      | <key> | <value> |

    Examples:
      | key            | value   | saying                                |
      | retention.mss  | 1000    | Unknown topic config name             |
      | cleanup.policy | shred   | cleanup.policy                        |
      | retention.ms   | -5      | retention.ms                          |
