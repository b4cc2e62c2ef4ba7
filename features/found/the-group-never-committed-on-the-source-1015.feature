@found
Feature: Found by npm run explore: the group never committed on the source (seed 1015)
  npm run explore found this schedule on features/under-fire.feature:49 ("the seed story under load: es-src killed mid-stream while the group auto-commits (platformatic)"): run 1 of an exploration from seed 1015.
  It shrank it from 1 fault(s) to 1 in 2 trial run(s), keeping a smaller schedule when it failed for the same anomaly in 2 of up to 3 runs; no smaller schedule failed so.
  What fails: the group never committed on the source. Whose: a suspected MM2 or client bug: records lost, skipped, reordered, re-read beyond the checkpoint or read from aborted transactions, with the evidence.
  Reproduction: failed for this anomaly in 5 of 5 runs of this file alone (npm run drill), 2026-12-07, on 2 CPU(s) (nproc), AMD EPYC, load average 2.45 2.48 2.61.
  Replay the explored run before shrinking: npm run explore -- features/under-fire.feature:49 --seed 1015 --runs 1
  Looked at after the exploration: the same schedule on kafkajs (features/under-fire.feature:45) stalls the same way (660 reads, 0 commits), so the stall is most likely mirrordrill's own background consumer, which waits on a stream that never resumes after the broker is back: a harness defect to fix.
  This drill is expected to fail: it is the evidence. It runs only when named (npm run drill -- <this file>); the catalogue is features/*.feature.
  Evidence from the last failing run:
  group products-consumer read on es-src (672 read(s) in 1 session(s)) and committed nothing there (platformatic client): MM2 had nothing to checkpoint, and every re-read on the target comes from that
  history (the ledger):
  +0.0 s producers: products on es-src start writing 200 records/s
  +0.0 s consumer: group products-consumer consumes products on es-src continuously, with auto-commit every 5 s
  +3.3 s fault: broker 1 of es-src stopped (SIGTERM) in a rolling restart
  +3.8 s restart: broker 1 of es-src restarted with its data in a rolling restart
  +14.5 s fault: every broker of es-src killed (SIGKILL)
  +15.7 s consumer: group products-consumer stopped after 672 read(s) and 0 commit(s)

  Scenario: the seed story under load: es-src killed mid-stream while the group auto-commits (platformatic), under: after 637 acked records: the brokers of "es-src" are restarted one at a time
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    And the apps use the platformatic client
    When producers write 200 records/s to "products" on "es-src"
    And group "products-consumer" consumes "products" on "es-src" with auto-commit
    And the producers have written 637 records
    And the brokers of "es-src" are restarted one at a time
    And the producers have written 2400 records
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    And the producers stop
    Then no acked record is lost or skipped by the group
    And at most 200 acked records are lost in flight
    And the RPO is at most 2 seconds
    And the group resumes on the target within 15 seconds
    And re-reads stay within what MM2's checkpoints imply
    And replication lag to "es-tgt" stays under 3 seconds
