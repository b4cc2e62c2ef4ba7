@what-mm2-does
Feature: Failback onto a rebuilt site: es-src comes back empty, the reverse flow refills it, the group comes home
  Strimzi's advice for failing back is to rebuild the old active cluster clean rather than reuse
  what it held. Here es-src is lost with 40 records MM2 had not copied, the group fails over to
  es-tgt and reads what the apps write to `products` there, and es-src is rebuilt empty (every log
  and its KRaft metadata deleted, the storage formatted again). Only then a reverse flow
  es-tgt → es-src starts, its own MM2 on the rebuilt cluster: it creates `es-tgt.products` on
  es-src (DefaultReplicationPolicy: the source alias and a dot) and copies all 50 records there,
  and it checkpoints the group's commit on `products`@es-tgt for `es-tgt.products`
  (MirrorCheckpointTask.renameTopicPartition), so the group moves home through MM2's own
  checkpoint, exactly: it committed at the end of what it read, once MM2 had written the offset
  sync of the last record (the mirrored wait waits for it), and the checkpoint of a group at the
  latest sync is exact (OffsetSyncStore.translateDownstream gives the sync's downstream offset).

  What a rebuild costs is exact too: the 40 records lost in flight were still on es-src's disks
  when it died (features/failback.feature counts them there as orphaned writes), and the rebuild
  deletes them: none is on es-src once it is back.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition
    And topic "products" on "es-tgt" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"

  Scenario: es-src rebuilt empty after its loss, refilled by a reverse flow started on it: the group comes home with 0 re-reads, the 40 lost in flight gone for good
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 from "es-src" to "es-tgt" has mirrored "products"
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    And MirrorMaker 2 from "es-src" to "es-tgt" has checkpointed group "products-consumer"
    And MirrorMaker 2 from "es-src" to "es-tgt" is stopped
    And 40 records are produced to "products" on "es-src"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    And 50 records are produced to "products" on "es-tgt"
    And group "products-consumer" reads 50 records from "products" on "es-tgt" and commits
    And every broker of "es-src" is rebuilt empty
    And MirrorMaker 2 mirrors "products" from "es-tgt" to "es-src"
    And MirrorMaker 2 from "es-tgt" to "es-src" has mirrored "products"
    And MirrorMaker 2 from "es-tgt" to "es-src" has checkpointed group "products-consumer"
    And group "products-consumer" resumes on "es-tgt.products" on "es-src" from the offsets MM2 synced and reads to the end
    Then group "products-consumer" resumed on "es-tgt.products" on "es-src" against the checkpoints of MirrorMaker 2 from "es-tgt" to "es-src"
    And the copy of "products" on "es-src" misses 0 acked records and has 0 duplicates
    And "es-src" is back holding exactly 0 orphaned writes of "products"
    And the checker reports exactly 40 lost in flight records
    And the checker reports exactly 0 re-read records
    And the checker reports no other anomaly
    And no acked record is lost or skipped by the group
