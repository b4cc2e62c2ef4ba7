@seed @core
Feature: Active/passive failover: the consumers resume on the passive cluster
  The hands-on lab "Mirror Maker 2 Active Passive", automated. A producer writes 100 product
  records to `products` on the active cluster es-src; a consumer group reads 20 of them and
  commits; MirrorMaker 2 mirrors everything to the passive cluster es-tgt, where the topic is
  named `es-src.products`, and checkpoints the group's offsets there. Then es-src is lost
  (every broker SIGKILLed) and the group resumes on es-tgt.

  What must hold: no acked record is lost, none is skipped, and every re-read is one that MM2's
  checkpoint implies. MM2 is at-least-once and translates conservatively (KAFKA-12468, 3.5+):
  it writes an offset sync at least every offset.lag.max records, keeps only a sparse,
  roughly exponentially spaced subset of them (its OffsetSyncStore), and checkpoints a group's
  committed offset through the latest kept sync at or below it, plus one when strictly above.
  The group resumes on es-tgt at that downstream offset and re-reads everything between the
  sync and where it stood. That can be far more than offset.lag.max for a group deep in a
  topic; what it can never be is more than the checkpoint implies, or a skip.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition

  Scenario Outline: the group resumes from the offsets MM2 synced into es-tgt (<client>)
    MM2 writes translated offsets into the group on es-tgt (sync.group.offsets.enabled), so
    the consumers only need to be pointed at es-tgt and es-src.products.

    Given the apps use the <client> client
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

    Examples:
      | client       |
      | platformatic |
      | kafkajs      |

  Scenario Outline: the group resumes from offsets it translates through the checkpoints (<client>)
    The lab's way: MM2 only checkpoints; before the consumers start on es-tgt, the group's
    offsets are translated from es-src.checkpoints.internal (as RemoteClusterUtils does) and
    committed on es-tgt.

    Given the apps use the <client> client
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | sync.group.offsets.enabled | false |
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from offsets translated from the checkpoints and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

    Examples:
      | client       |
      | platformatic |
      | kafkajs      |

  Scenario: a planned switchover: es-src is shut down cleanly, MM2 is killed, the group resumes
    The same failover with the source stopped by SIGTERM (controlled shutdown) and MM2 lost
    with it, as when the whole active site is switched off. The target cluster alone decides.

    Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is stopped
    And MirrorMaker 2 is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
