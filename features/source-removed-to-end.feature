@what-mm2-does
Feature: The source removes everything MM2 had not copied, up to its end: still named as removed at the source
  Found by a stranger's drill. The source deletes (DeleteRecords) every record MM2 had not
  copied, up to its log end, while MM2 is stopped, and nothing is produced after. MM2, restarted,
  finds its position (100) out of range and resets to the log start (150), but, having nothing to
  copy, writes no offset sync that shows the jump. The harness also reads the copy's last record
  beside the source's log start: the copy ends at origin offset 99, the source starts at 150, so
  100–149 were removed before MM2 copied them (MM2 copies a partition in order). It reads them at
  the mirrored wait, at the skipped step, and just before a fault takes the source down.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker

  Scenario: the skipped step counts the 50 records the source removed up to its end
    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And MirrorMaker 2 is stopped
    And 50 records are produced to "products" on "es-src"
    And the records before offset 150 of "products" partition 0 are deleted on "es-src"
    And MirrorMaker 2 is restarted
    Then MirrorMaker 2 silently skipped 50 records of "products" partition 0

  Scenario: waiting for MM2 to mirror what the source removed up to its end fails at once
    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 is stopped
    And 50 records are produced to "products" on "es-src"
    And the records before offset 150 of "products" partition 0 are deleted on "es-src"
    And MirrorMaker 2 is restarted
    Then waiting for MirrorMaker 2 to mirror "products" to "es-tgt" fails at once, saying "removed them before MM2 copied them"

  Scenario: what the source removed up to its end is removed at the source, not lost in flight
    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And MirrorMaker 2 is stopped
    And 50 records are produced to "products" on "es-src"
    And the records before offset 150 of "products" partition 0 are deleted on "es-src"
    And MirrorMaker 2 is restarted
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then the checker reports exactly 50 removed records
    And the checker reports no other anomaly
    And at most 0 acked records are lost in flight
