Feature: Failover of a multi-partition topic is judged partition by partition
  MM2 keeps partition numbers, and checkpoints and offset syncs are per partition: a group
  that committed on only some partitions of `products` must resume each one where it stood
  (or at the start, where it never committed), each re-reading only what its own checkpoint implies.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 3 partitions

  Scenario Outline: three partitions, two produce batches, translation through the checkpoints (<client>)
    Given the apps use the <client> client
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And 50 records are produced to "products" on "es-src"
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
