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

  @what-mm2-does
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

  @what-mm2-does
  Scenario: records flow through a topic that keeps them 5 s: MM2 keeps up, so retention removes nothing before it is copied
    The negative steady state of npm run explore (docs/explore.md): it holds with no fault, and any
    fault that keeps MM2 from copying for longer than the topic keeps its records (MM2 stopped,
    paused, or unable to write to es-tgt) lets retention remove records on es-src before MM2 copied
    them: removed at the source before copied, which explore must find and shrink. The segments roll
    every second (segment.ms), so a record lives 5 to about 6.5 s on es-src. MM2 does not copy
    retention.ms and segment.ms to es-src.products here (config.properties.exclude, with MM2's
    default list), so the copies stay on es-tgt for the group to read.

    Given topic "products" on "es-src" with 3 partitions and configs:
      | retention.ms | 5000 |
      | segment.ms   | 1000 |
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | config.properties.exclude | follower\.replication\.throttled\.replicas, leader\.replication\.throttled\.replicas, message\.timestamp\.difference\.max\.ms, message\.timestamp\.type, unclean\.leader\.election\.enable, min\.insync\.replicas, retention\.ms, segment\.ms |
    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 2400 records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the beginning and reads to the end
    Then no acked record is lost or skipped
    And the checker reports no other anomaly
