@mm2-bug @what-mm2-does
Feature: Known MirrorMaker 2 bugs, caught on the releases that have them
  MM2's release is an axis of its own: MIRRORDRILL_MM2_VERSION runs MirrorMaker 2 from another
  Kafka release's jars (Maven Central's connect-mirror and its dependencies) against the brokers
  of MIRRORDRILL_KAFKA_VERSION, so an MM2 bug reproduces without old brokers. Each drill here
  passes on the default release and fails, for the reason its text states, on the releases that
  have the bug; `npm run matrix` runs them over MM2 releases line by line and prints, per bug, the
  releases where it fails and the first fixed release of each line (docs/mm2-known-bugs.md).

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition

  @KAFKA-15906 @known-bad-3.6.2
  Scenario: KAFKA-15906: a group that read a quiet topic to its end is translated to the end
    Since 3.4.1 (KAFKA-14797, with KAFKA-12468's conservative translation) MM2 writes an offset
    sync every offset.lag.max + 1 records (101 with the default 100), and translates a group past
    the latest sync to that sync's downstream offset + 1. When the topic goes quiet, the records
    after the last sync never get one: a group that read everything is translated up to
    offset.lag.max records short of the end, for good, and re-reads them on the target. 3.7.0
    fixed it (commit 75ad884, MirrorSourceTask's delayed offset syncs): the latest sync that was
    not due is written at the next offset commit, every offset.flush.interval.ms (mirrordrill sets
    500 ms). Released with the bug: 3.4.1, 3.5.0 to 3.5.2, 3.6.0 to 3.6.2 (none of those lines got
    the fix). Here 150 records and a group at 150: the fixed MM2 syncs offset 149 within seconds
    and the group resumes at the end; an MM2 with the bug stops at the sync of 101, and the wait
    says so. On a release with the bug it fails saying: "latest offset sync at 101, the source's last record at 149".

    Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 150 records are produced to "products" on "es-src"
    And group "products-consumer" reads 150 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt" within 20 seconds
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And each partition re-reads at most 0 records

  @KAFKA-15905 @known-bad-3.7.0
  Scenario: KAFKA-15905: after MM2 restarts, a group behind its latest offset sync is still translated
    Since 3.4.1 (KAFKA-14666, in 3.4.1 and 3.5.0) MM2's checkpoint task keeps up to 64 offset
    syncs per partition (OffsetSyncStore), so it translates a group that lags behind the latest
    sync. But until 3.7.1 a checkpoint task that starts when the offset-syncs topic already holds
    syncs (a restarted MM2) loads them with OffsetSyncStore.updateSyncArray clearing the store for
    every sync it reads before the end (`!readToEnd`): it keeps the latest sync only. A group
    behind that sync is then "too far in the past to translate" (translateDownstream gives -1,
    which MirrorCheckpointTask drops): it gets no checkpoint until it passes the latest sync, and
    on the target it resumes from its checkpoint of before the restart. The same load is
    KAFKA-16622 (a group that appears after MM2 started gets no first checkpoint until it catches
    up once). 3.7.1 (commit 0765062) and 3.8.0 (commit 0ba15ad) fixed both: the task reloads its
    checkpoints first (CheckpointStore) and, when that works, keeps every sync it reads. Released
    with the bug: 3.4.1, 3.5.0 to 3.5.2, 3.6.0 to 3.6.2, 3.7.0 (only the 3.7 line got the fix).
    Here the group reads 500 of 1011 records and commits before MM2 starts, so MM2's checkpoint
    task starts with the group known and an empty offset-syncs topic, and every release from 3.4.1
    checkpoints 500 (through the sync of 404: MM2 writes one every 101 records). The last record,
    offset 1010, is 10 × 101, so MM2 writes its sync on every release, those with KAFKA-15906
    included. MM2 is stopped and started again; the group commits 850, behind MM2's latest sync
    (1010): the fixed MM2 checkpoints 850 within seconds, one with the bug never does and the wait
    names the checkpoint of 500 it is stuck at. On a release with the bug it fails saying: "checkpoint at 500 → ".

    When 1011 records are produced to "products" on "es-src"
    And group "products-consumer" reads 500 records from "products" on "es-src" and commits
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And MirrorMaker 2 is stopped
    And MirrorMaker 2 is restarted
    And group "products-consumer" reads 350 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt" within 30 seconds
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
