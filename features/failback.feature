@what-mm2-does
Feature: Failback: a group moves to es-tgt and back to es-src, each move judged against its own flow
  Two MirrorMaker 2 flows run side by side, each its own MM2: es-src → es-tgt copies `products` of
  es-src to `es-src.products` on es-tgt, and es-tgt → es-src copies `products` of es-tgt (what the
  apps write there after the failover) to `es-tgt.products` on es-src. A consumer group reads
  `products` on es-src, fails over to `es-src.products` on es-tgt, reads the `products` the apps
  write on es-tgt, and fails back to `es-tgt.products` on es-src. Each move is judged against the
  checkpoints of the flow it moved through: the first against es-src → es-tgt's, the second
  against es-tgt → es-src's (the verdict names the flow of each).

  The group's old position in `es-src.products` on es-tgt never comes home. The reverse flow is
  told to mirror that topic too (its topics are `products, es-src.products`), and still MM2 copies
  nothing of it and checkpoints nothing of it: MirrorSourceConnector.shouldReplicateTopic refuses
  a topic for which isCycle is true, and isCycle is true when the replication policy
  (DefaultReplicationPolicy.topicSource) says the topic came from the flow's target, es-src. So
  es-tgt → es-src writes no offset sync of `es-src.products`, and MirrorCheckpointTask.checkpoint
  translates a group's offset only through an offset sync (OffsetSyncStore.translateDownstream):
  no sync, no checkpoint, although MirrorCheckpointTask.renameTopicPartition would have named it
  `products` on es-src (a topic that came from the target goes back to its original name). The
  drill asserts that absence, from the checkpoints and syncs MM2 wrote, once the same flow has
  checkpointed the group for `products`.

  Every count is exact: the group commits at the end of everything it read, once MM2 has written
  the offset sync of the last record there (the mirrored wait waits for it), so each checkpoint
  translates exactly (OffsetSyncStore.translateDownstream: the sync's downstream offset plus one)
  and implies no re-read; and MM2 never moves a checkpoint back
  (MirrorCheckpointTask.checkpointIsMoreRecent), so records produced afterwards leave it there.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition
    And topic "products" on "es-tgt" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    And MirrorMaker 2 mirrors "products" from "es-tgt" to "es-src" with:
      | es-tgt->es-src.topics | products, es-src.products |

  @core
  Scenario: the group fails over to es-tgt and back to es-src, against the checkpoints of each flow
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 from "es-src" to "es-tgt" has mirrored "products"
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    And MirrorMaker 2 from "es-src" to "es-tgt" has checkpointed group "products-consumer"
    And 20 records are produced to "products" on "es-src"
    And MirrorMaker 2 from "es-src" to "es-tgt" has mirrored "products"
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    And 50 records are produced to "products" on "es-tgt"
    And MirrorMaker 2 from "es-tgt" to "es-src" has mirrored "products"
    And group "products-consumer" reads 50 records from "products" on "es-tgt" and commits
    And MirrorMaker 2 from "es-tgt" to "es-src" has checkpointed group "products-consumer"
    And 10 records are produced to "products" on "es-tgt"
    And MirrorMaker 2 from "es-tgt" to "es-src" has mirrored "products"
    And group "products-consumer" resumes on "es-tgt.products" on "es-src" from the offsets MM2 synced and reads to the end
    Then group "products-consumer" resumed on "es-src.products" on "es-tgt" against the checkpoints of MirrorMaker 2 from "es-src" to "es-tgt"
    And group "products-consumer" resumed on "es-tgt.products" on "es-src" against the checkpoints of MirrorMaker 2 from "es-tgt" to "es-src"
    And MirrorMaker 2 from "es-tgt" to "es-src" has checkpointed nothing of group "products-consumer" for "es-src.products"
    And the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
    And the copy of "products" on "es-src" misses 0 acked records and has 0 duplicates
    And no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And the checker reports exactly 0 re-read records
    And the checker reports no other anomaly

  @negative-control
  Scenario: failing back from the start of es-tgt.products, ignoring the reverse flow's checkpoint: exactly 50 excess re-reads
    The same failback, but the group ignores what es-tgt → es-src checkpointed (50 → 50) and
    starts at the log start of es-tgt.products on es-src. It re-reads the 50 records it had read
    on es-tgt, every one beyond the checkpoint. es-tgt → es-src is killed first, as a runbook that
    resets a group must stop MM2: a running MM2 keeps syncing its checkpoint into the empty group
    and would move it back to 50 before its consumer joins.

    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 from "es-src" to "es-tgt" has mirrored "products"
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    And MirrorMaker 2 from "es-src" to "es-tgt" has checkpointed group "products-consumer"
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    And 50 records are produced to "products" on "es-tgt"
    And MirrorMaker 2 from "es-tgt" to "es-src" has mirrored "products"
    And group "products-consumer" reads 50 records from "products" on "es-tgt" and commits
    And MirrorMaker 2 from "es-tgt" to "es-src" has checkpointed group "products-consumer"
    And 10 records are produced to "products" on "es-tgt"
    And MirrorMaker 2 from "es-tgt" to "es-src" has mirrored "products"
    And MirrorMaker 2 from "es-tgt" to "es-src" is killed
    And group "products-consumer" resumes on "es-tgt.products" on "es-src" from the beginning and reads to the end
    Then the verdict is invalid
    And group "products-consumer" resumed on "es-tgt.products" on "es-src" against the checkpoints of MirrorMaker 2 from "es-tgt" to "es-src"
    And the checker reports exactly 50 re-read records
    And the checker reports exactly 50 excess re-read records
    And the checker reports no other anomaly

  Scenario: es-src comes back with its old log: what MM2 never copied before the loss is still there, 40 orphaned writes
    Asynchronous replication loses what MM2 had not copied when the site went down: here MM2
    es-src → es-tgt is stopped before the last 40 records, so they are acked on es-src (offsets
    100–139) and never copied, and the group that moves to es-tgt never sees them: exactly 40 lost
    in flight. A site lost to a power cut or a network partition comes back with its disks: the
    brokers of es-src restart on their logs, and those 40 records are still in `products` there.
    They are the split brain's orphaned writes: acked to an app, on the old active side only, and
    behind the group, which has read on es-tgt since. Nothing in MM2 reports them: es-src → es-tgt
    would copy them into es-src.products on es-tgt if it were started again (its source offset is
    still 100), after the apps moved on, and es-tgt → es-src never copies a topic that came from
    es-src (isCycle). A failback reconciles them by hand or, as Strimzi advises, rebuilds the old
    active cluster empty and loses them for good; either way they are counted here, by partition,
    against the records the verdict counted lost in flight.

    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 from "es-src" to "es-tgt" has mirrored "products"
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    And MirrorMaker 2 from "es-src" to "es-tgt" has checkpointed group "products-consumer"
    And MirrorMaker 2 from "es-src" to "es-tgt" is stopped
    And 40 records are produced to "products" on "es-src"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    And every broker of "es-src" is restarted
    Then "es-src" is back holding exactly 40 orphaned writes of "products"
    And the checker reports exactly 40 lost in flight records
    And the checker reports no other anomaly
    And at most 40 acked records are lost in flight
    And no acked record is lost or skipped by the group
