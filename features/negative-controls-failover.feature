@negative-control @core
Feature: Negative controls for failover: the checker reports what really went wrong
  A drill whose checker cannot fail proves nothing. Each scenario here breaks the DR setup on
  purpose, for real (no fake broker, no edited ledger), and asserts the exact count the
  checker reports. The counts are deterministic by construction; each scenario says why.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition

  Scenario: MM2 stopped before the records were produced: the 80 unread records are lost in flight
    MM2 created es-src.products on es-tgt and was stopped before a single record was
    produced, so es-tgt receives neither records nor checkpoints. The group read 20 of the
    100 on es-src; all 100 existed only on es-src, which is then lost: lost in flight, the loss
    asynchronous replication accepts, so the verdict stays valid, and the strict step "no acked
    record is lost or skipped" would fail. For the group, the 80 it had not read are gone.

    Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When MirrorMaker 2 is stopped
    And 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then the verdict is valid
    And the checker reports exactly 80 lost in flight records
    And the checker reports no other anomaly
    And at least 100 acked records are lost in flight
    And at most 100 acked records are lost in flight

  Scenario: records the audit saw on es-tgt, deleted before the group resumes: lost by the group, not in flight
    Everything was copied: the audit after es-src is lost counts all 100 records on es-tgt. Then
    the whole log of es-src.products is deleted (its start moves to 100), so the group's synced
    offset, 20, is out of range and it restarts at the end: it reads nothing. The 80 it had not
    read did reach es-tgt, so they are lost by the group (a target-side loss), not in flight.

    Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    Then the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
    When the records before offset 100 of "es-src.products" partition 0 are deleted on "es-tgt"
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then the verdict is invalid
    And the checker reports exactly 80 lost records
    And the checker reports no other anomaly
    And at most 0 acked records are lost in flight

  Scenario: resuming from the beginning, without translation, re-reads beyond the checkpoint
    The group has read all 400 records and committed 400. MM2 has written the offset sync of
    the last record it mirrored (399 → 399), so its checkpoint translates 400 exactly to 400:
    it implies no re-read at all. 50 more records arrive and are mirrored; es-src is lost. A
    group that ignores what MM2 gave and starts at the earliest offset of es-src.products
    re-reads all 400 records it had read: 400 re-reads, every one beyond the checkpoint.
    MM2 is killed first, as a runbook that resets a group on the target must stop it: a running
    MM2 keeps syncing its last checkpoint (400) into the group while the group is empty there,
    even with es-src gone, and would move the reset group back to 400 before its consumers join.

    Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 400 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 400 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And 50 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 is killed
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the beginning and reads to the end
    Then the verdict is invalid
    And the checker reports exactly 400 re-read records
    And the checker reports exactly 400 excess re-read records
    And the checker reports no other anomaly

  Scenario: records deleted on the target before the resume are removed on the target, not skipped by the group
    The group's translated offset on es-tgt is at most 20 (translation never moves a group
    forward). Deleting everything before offset 50 of es-src.products moves the log start to
    50, so the resumed group's offset is out of range and it restarts at 50
    (auto.offset.reset=earliest): records 20 to 49 were gone from the copy before the group
    could read them, 30 of them. The group skipped nothing that was there: the verdict names the
    target's removal (as MM2's copy of retention.ms on the remote topic would cause), and "no
    acked record is lost or skipped" fails on it.

    Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And the records before offset 50 of "es-src.products" partition 0 are deleted on "es-tgt"
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then the checker reports exactly 30 expired records
    And the checker reports no other anomaly
    And no acked record is lost or skipped by the group
