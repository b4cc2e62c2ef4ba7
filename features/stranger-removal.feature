Feature: What the source removed before MM2 copied it, off the suite's paths
  Deletions on several partitions at different offsets, one exactly at MM2's position (nothing
  skipped), one below what MM2 had already copied while it ran (nothing skipped), a group that
  was not at the end when the source's log moved, and the kafkajs client.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker

  Scenario: five partitions, MM2 stopped: one deletion skips 30, one lands exactly at MM2's position, one below what MM2 had copied
    Given topic "products" on "es-src" with 5 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | offset.lag.max | 10 |
    When 500 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 500 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And the records before offset 50 of "products" partition 2 are deleted on "es-src"
    And MirrorMaker 2 is stopped
    And 500 records are produced to "products" on "es-src"
    And the records before offset 130 of "products" partition 1 are deleted on "es-src"
    And the records before offset 100 of "products" partition 4 are deleted on "es-src"
    And MirrorMaker 2 is restarted
    And 100 records are produced to "products" on "es-src"
    Then MirrorMaker 2 silently skipped 30 records of "products" partition 1
    And MirrorMaker 2 silently skipped 0 records of "products" partition 2
    And MirrorMaker 2 silently skipped 0 records of "products" partition 4
    And MirrorMaker 2 silently skipped 0 records of "products" partition 0
    And the copy of "products" on "es-tgt" misses 30 acked records and has at most 0 duplicates
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then the checker reports exactly 30 removed records
    And the checker reports no other anomaly
    And no acked record is lost or skipped by the group
    And at most 0 acked records are lost in flight
    And the verdict is valid

  Scenario: kafkajs, a group at 40 of 100 when the source removes 60 records MM2 had not copied
    Given the apps use the kafkajs client
    And topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | offset.lag.max | 10 |
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 40 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And MirrorMaker 2 is stopped
    And 100 records are produced to "products" on "es-src"
    And the records before offset 160 of "products" partition 0 are deleted on "es-src"
    And MirrorMaker 2 is restarted
    And 20 records are produced to "products" on "es-src"
    Then MirrorMaker 2 silently skipped 60 records of "products" partition 0
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then the checker reports exactly 60 removed records
    And no acked record is lost or skipped by the group
    And re-reads stay within what MM2's checkpoints imply
    And at most 0 acked records are lost in flight
    And the verdict is valid
