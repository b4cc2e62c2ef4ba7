Feature: Frozen processes: a site or MirrorMaker 2 paused while records flow
  A pause is SIGSTOP, then SIGCONT when the time is up: the process keeps its connections and
  its state, as after a long GC pause or a hung VM. The steps after the pause run while the
  process is frozen.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"

  Scenario: es-src paused 5 s while records are produced: they are acked after it, and nothing is lost
    When 100 records are produced to "products" on "es-src"
    And every broker of "es-src" is paused for 5 seconds
    And 200 records are produced to "products" on "es-src"
    And group "products-consumer" reads 250 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  Scenario: MirrorMaker 2 paused 5 s copies nothing meanwhile, then catches up
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 is paused for 5 seconds
    And 200 records are produced to "products" on "es-src"
    Then MirrorMaker 2 copies nothing of "products" to "es-tgt" for 3 seconds
    When group "products-consumer" reads 250 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
