Feature: Copies the target removed, and a group ahead of its checkpoint on two partitions
  The target-side deletion with a group that resumes from the offsets MM2 synced (not translated),
  on the kafkajs client; and a group that read on the target past MM2's checkpoint on both of two
  partitions before the source was lost.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker

  Scenario: kafkajs, the target removes 30 copies ahead of a group at 40 that resumes from the offsets MM2 synced
    Given the apps use the kafkajs client
    And topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | offset.lag.max | 10 |
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 40 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And the records before offset 70 of "es-src.products" partition 0 are deleted on "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then the checker reports exactly 30 expired records
    And the checker reports no other anomaly
    And no acked record is lost or skipped by the group
    And at most 0 acked records are lost in flight

  Scenario: a group read past MM2's checkpoint on both of two partitions on the target, then the source is lost
    The verdict's line of the resume prints, per partition, "the group was already at 150 on the
    target, past the checkpoint: MM2 does not move a group back; started at 150; implies 50
    re-read(s), 0 observed": the 50 is what the checkpoint (100 → 100) would imply had the group
    started there, not a prediction for a group at 150, which re-reads nothing.

    Given topic "products" on "es-src" with 2 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 200 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 200 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 100 records from "es-src.products" on "es-tgt" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And the checker reports exactly 0 re-read records
    And the verdict is valid
