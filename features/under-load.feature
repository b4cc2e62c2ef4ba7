Feature: Under load: faults while producers keep writing
  Producers started with "producers write N records/s" keep writing in the background, through
  the steps that follow and through the faults, until "the producers stop". Every answer is
  ledgered as it comes, errors included (a request that times out is indeterminate, never lost).
  In these drills the producers stop before es-src is lost (features/under-fire.feature loses
  it mid-stream). A second copy that MM2 writes is read by the group as a second copy (it had
  read the record from es-tgt before and reads it again further on), not as its own re-read.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"

  Scenario: MM2 killed and restarted while producers write 200 records/s: nothing missing, re-copies bounded
    A killed MM2 restarts from the source offsets it last committed (every 500 ms here), so it
    copies again what it had copied since: duplicates on the target, which a group resuming there
    reads as re-reads at or after the offset MM2 gave it. The group commits before MM2 is killed:
    a group committed behind the point where a restarted MM2 starts syncing again gets no new
    checkpoint (its first sync after the restart is an upstream rewind, which clears MM2's sync
    store), as a run of this drill with the commit after the restart showed.

    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 400 records
    And group "products-consumer" reads 150 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And MirrorMaker 2 is killed
    And the producers have written 800 records
    And MirrorMaker 2 is restarted
    And the producers have written 1200 records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has at most 400 duplicates
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  Scenario: es-src paused 10 s while producers write 200 records/s: nothing acked is lost
    Requests to the frozen broker time out after 5 s and are ledgered indeterminate; some of
    them were written, and reading those later is no anomaly. Nothing is acked while es-src is
    frozen, so the replication lag (of acked records) does not rise: what the pause costs shows
    as indeterminate produces, in the producers' summary and the ledger.

    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 400 records
    And every broker of "es-src" is paused for 10 seconds
    And the producers have written 1200 records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
    When group "products-consumer" reads 150 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
