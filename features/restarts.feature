Feature: Restarts: MirrorMaker 2 and the target cluster come back and catch up
  A restart starts the same process again with its config and, for a broker, its data. The
  copy on the target is audited: the remote topic read from its log start with no group, every
  record counted, so that a record MM2 never copied and one it copied twice are both seen.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"

  Scenario: MM2 killed, records produced while it is down, MM2 restarted: it resumes from its last offset commit
    MM2 copies at least once: a SIGKILL loses what it copied after its last commit of source
    offsets (every 500 ms here), and the restarted MM2 copies that again. The offset sync of a
    batch's last record is written at an offset commit that follows the copy, and that commit
    comes after the flush of every offset acked before it started. So once the second batch is
    mirrored, the first batch's offsets are committed for certain: the restarted MM2 may copy the
    second batch again (if it was killed before that batch's offsets were flushed), never the
    first, and never misses a record.

    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 is killed
    And 200 records are produced to "products" on "es-src"
    And MirrorMaker 2 is restarted
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has at most 100 duplicates
    When group "products-consumer" reads 350 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  Scenario: es-tgt killed while records are produced, then restarted: MM2 delivers everything
    MM2 keeps its source offsets on es-tgt, so killing es-tgt can fail the offset commit of the
    last records MM2 copied, and MM2 then copies them again. An offset sync on the record does
    not prove that commit: Connect fires the syncs queued since its last offset commit even when
    that commit found nothing acked to flush (WorkerSourceTask.commitOffsets calls
    commitSourceTask on that path too), so the sync of a record acked just after a commit began
    is written before the record's offset is. Seen here once in four runs: all 100 records of a
    single batch copied twice. The second batch's sync is written at a later commit than the first
    batch's, after a flush that covered the first batch (as in the MM2 kill above), so only the
    second batch can be copied again.

    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And 50 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And every broker of "es-tgt" is killed
    And 200 records are produced to "products" on "es-src"
    And every broker of "es-tgt" is restarted
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has at most 50 duplicates
    When group "products-consumer" reads 300 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  @negative-control @core
  Scenario: MM2 stopped for good before 80 records: the audit finds exactly those 80 missing
    When 20 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 is stopped
    And 80 records are produced to "products" on "es-src"
    Then the copy of "products" on "es-tgt" misses 80 acked records and has 0 duplicates
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    And no acked record is lost or skipped
