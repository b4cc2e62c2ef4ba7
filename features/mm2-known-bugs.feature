@mm2-bug
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
