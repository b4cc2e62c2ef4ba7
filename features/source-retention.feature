Feature: Retention outruns a stopped MM2: the records it expired are named, not blamed on the group
  The source's retention acts on its own clock. With MM2 stopped longer than the topic keeps its
  records, the records MM2 had not copied expire on the source; MM2, started again, finds its
  position below the log start and resets to it (auto.offset.reset=earliest, MM2's default),
  copying on from there as if nothing had happened. Here retention.ms is lowered for the outage
  and set back before MM2 returns, and the broker checks retention every 500 ms
  (log.retention.check.interval.ms, 5 minutes by default) from the start (log.initial.task.delay.ms,
  30 s by default), so retention acts within the drill.

  Background:
    Given a source cluster "es-src" with 1 broker and broker settings:
      | log.retention.check.interval.ms | 500 |
      | log.initial.task.delay.ms       | 0   |
    And a target cluster "es-tgt" with 1 broker

  Scenario: retention expires 100 records while MM2 is stopped: they are removed at the source, the group skipped nothing
    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And MirrorMaker 2 is stopped
    And 100 records are produced to "products" on "es-src"
    And topic "products" on "es-src" is altered with:
      | retention.ms | 1 |
    And the log of "products" partition 0 on "es-src" starts at offset 200 or later
    And topic "products" on "es-src" is altered with:
      | retention.ms | 604800000 |
    And MirrorMaker 2 is restarted
    And 100 records are produced to "products" on "es-src"
    Then MirrorMaker 2 silently skipped 100 records of "products" partition 0
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then the checker reports exactly 100 removed records
    And the checker reports no other anomaly
    And no acked record is lost or skipped by the group
    And at most 0 acked records are lost in flight

  @negative-control
  Scenario: a topic config Kafka refuses is said at once, quoting Kafka
    Given topic "products" on "es-src" with 1 partition
    Then creating topic "orders" on "es-src" with configs fails saying "retention.ms", with:
      | retention.ms | soon |
