@what-mm2-does
Feature: A group deep in a topic re-reads what MM2's checkpoint implies, however far that is
  MM2 writes an offset sync at least every offset.lag.max records but keeps only a sparse,
  roughly exponentially spaced subset of them (OffsetSyncStore: dense near the latest sync,
  sparse further back). A group's committed offset is checkpointed through the latest kept sync
  at or below it, so a group far behind the head of its topic re-reads far more than
  offset.lag.max records after a failover. That is MM2 working as designed, not a consumer
  error: the verdict holds the re-reads against the checkpoint MM2 gave, per partition, and
  shows the syncs MM2 kept.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker

  Scenario: a group at 150 of 400, MM2's defaults: the checkpoint goes back to a sync far below it
    With the default offset.lag.max (100) MM2 writes a sync every 101 records (since 3.4.1,
    KAFKA-14797), and since 3.7.0 also the sync of the last record copied at each offset commit.
    By the time the group commits 150, the latest sync is at the end (399), and of the syncs
    between 0 and 399 the store keeps those its invariants allow: the group is translated through
    the latest kept one at or below 150. The verdict names that sync and the syncs MM2 kept, and
    holds the re-reads to exactly what it implies.

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 400 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 150 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And the verdict is valid

  Scenario: a group at 20 of 100 with offset.lag.max 10 re-reads more than 10
    offset.lag.max bounds how far apart MM2 writes syncs, not how far back the checkpoint lies:
    once MM2 has copied all 100 records, the store keeps a sparse subset of the syncs behind the
    latest one, so the group at 20 may be translated through a sync more than 10 records below it.

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | offset.lag.max | 10 |
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from offsets translated from the checkpoints and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  Scenario: a group caught up with the source re-reads nothing
    MM2 writes the offset sync of the last record it copied at its next offset commit, and the
    latest sync is always kept: a group at the end of what was mirrored translates exactly.

    Given topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 3000 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 3000 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And 600 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And each partition re-reads at most 0 records

  @core
  Scenario: two partitions at different depths, offset.lag.max 50, more records after the checkpoint
    Each partition is judged against its own checkpoint: the group committed 500 of 539 on
    partition 0 and 230 of 538 on partition 1, and only partition 1's checkpoint lies behind
    where the group stood.

    Given topic "orders" on "es-src" with 2 partitions
    And MirrorMaker 2 mirrors "orders" from "es-src" to "es-tgt" with:
      | offset.lag.max | 50 |
    When 1000 records are produced to "orders" on "es-src"
    And MirrorMaker 2 has mirrored "orders" to "es-tgt"
    And group "billing" reads 730 records from "orders" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "billing" to "es-tgt"
    And 77 records are produced to "orders" on "es-src"
    And MirrorMaker 2 has mirrored "orders" to "es-tgt"
    And every broker of "es-src" is killed
    And group "billing" resumes on "es-src.orders" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
