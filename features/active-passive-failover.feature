@seed
Feature: Active/passive failover: the consumers resume on the passive cluster
  The hands-on lab "Mirror Maker 2 Active Passive", automated. A producer writes 100 product
  records to `products` on the active cluster es-src; a consumer group reads 20 of them and
  commits; MirrorMaker 2 mirrors everything to the passive cluster es-tgt, where the topic is
  named `es-src.products`, and checkpoints the group's offsets there. Then es-src is lost
  (every broker SIGKILLed) and the group resumes on es-tgt.

  What must hold: no acked record is lost, none is skipped, and re-reads stay within the bound
  that MM2's offset translation allows. That bound is offset.lag.max per partition (100 by
  default): since KAFKA-12468 (Kafka 3.5) MM2 translates a group's committed offset through
  the last offset sync at or below it, and it writes an offset sync at least every
  offset.lag.max records. A resumed group may therefore re-read up to offset.lag.max records
  per partition, and never skips one.

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
    And each partition re-reads at most MM2's offset.lag.max records

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
    And each partition re-reads at most MM2's offset.lag.max records

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
    And each partition re-reads at most MM2's offset.lag.max records
