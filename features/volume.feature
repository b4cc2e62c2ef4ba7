@volume
Feature: Failover at volume: a million records, judged record by record
  The same failover as the seed drill, at a million records over three partitions: produced in
  bounded batches, read with no fixed time limit (a read fails only when it stops making
  progress), and judged by a ledger that keeps about a byte per record.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 3 partitions

  Scenario Outline: a million records, a group 600,000 in, es-src lost (<client>)
    Given the apps use the <client> client
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 1000000 records are produced to "products" on "es-src"
    And group "products-consumer" reads 600000 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

    Examples:
      | client       |
      | platformatic |

    @long
    Examples: kafkajs, in npm run drill and the nightly (npm test runs the platformatic row)
      | client  |
      | kafkajs |
