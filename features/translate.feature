Feature: npm run translate gives what RemoteClusterUtils.translateOffsets gives
  Operators who do not write Java have no RemoteClusterUtils.translateOffsets to find where a
  group should resume on the target. `npm run translate` reads the same checkpoints topic the same
  way (docs/translate.md). This drill holds the two against each other on a live target: a
  3-partition topic whose group stands at a different depth on each partition, checkpointed by
  MM2 twice (the group reads on between the two, so that a partition's later checkpoint must win
  over its earlier one), translated by both, the two maps equal and not empty. The group then resumes on the target
  from those offsets, and the ledger says nothing was lost.

  @core
  Scenario: three partitions at three depths, translated by npm run translate and by Kafka's Java class
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 300 records are produced to "products" on "es-src"
    And group "products-consumer" reads 200 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And group "products-consumer" reads 40 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    Then translating the offsets of group "products-consumer" from "es-src" on "es-tgt" with npm run translate gives what RemoteClusterUtils.translateOffsets gives
    When group "products-consumer" resumes on "es-src.products" on "es-tgt" from offsets translated from the checkpoints and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  @secured
  Scenario Outline: the same on a target secured with <security>: both read with the cluster's --command-config
    Given a source cluster "es-src" with 1 broker secured with <security>
    And a target cluster "es-tgt" with 1 broker secured with <security>
    And topic "orders" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "orders" from "es-src" to "es-tgt"
    When 300 records are produced to "orders" on "es-src"
    And group "orders-consumer" reads 150 records from "orders" on "es-src" and commits
    And MirrorMaker 2 has mirrored "orders" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "orders-consumer" to "es-tgt"
    And group "orders-consumer" reads 100 records from "orders" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "orders-consumer" to "es-tgt"
    Then translating the offsets of group "orders-consumer" from "es-src" on "es-tgt" with npm run translate gives what RemoteClusterUtils.translateOffsets gives
    When group "orders-consumer" resumes on "es-src.orders" on "es-tgt" from offsets translated from the checkpoints and reads to the end
    Then no acked record is lost or skipped

    Examples:
      | security      |
      | SCRAM-SHA-512 |
      | mutual TLS    |
