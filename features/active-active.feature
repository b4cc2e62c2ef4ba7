@what-mm2-does
Feature: Active/active: each cluster mirrors to the other, and a fault aimed at one flow leaves the other alone
  The apps write `products` on both clusters; two MirrorMaker 2 flows, each its own MM2, copy
  each side's `products` to the other (`es-src.products` on es-tgt, `es-tgt.products` on es-src).
  MirrorMaker 2 copies no remote topic back: the flow es-tgt → es-src mirrors only `products`.

  Each copy is audited: its remote topic read from the log start with no group, every record
  counted against what the apps produced on the other side, so a record MM2 never copied and one
  it copied twice are both seen, per flow.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition
    And topic "products" on "es-tgt" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    And MirrorMaker 2 mirrors "products" from "es-tgt" to "es-src"

  @core
  Scenario: MM2 es-tgt → es-src killed while both sides produce, then restarted: es-src → es-tgt never notices
    The kill is aimed at es-tgt → es-src alone. While it is down, es-src → es-tgt copies
    everything both batches hold, exactly once, and es-src receives nothing of es-tgt's 200: its
    copy misses exactly those 200. The restarted MM2 resumes from its last commit of source
    offsets: once the second batch was mirrored, the first batch's offsets were committed for
    certain (the offset sync of a batch's last record is written at an offset commit that follows
    the flush of every offset acked before it), so it may copy the second batch again, never the
    first, and misses nothing. Then a group that read all of es-tgt's `products` moves to
    `es-tgt.products` on es-src, judged against the checkpoints of es-tgt → es-src.

    When 100 records are produced to "products" on "es-src"
    And 100 records are produced to "products" on "es-tgt"
    And MirrorMaker 2 from "es-src" to "es-tgt" has mirrored "products"
    And MirrorMaker 2 from "es-tgt" to "es-src" has mirrored "products"
    And 100 records are produced to "products" on "es-src"
    And 100 records are produced to "products" on "es-tgt"
    And MirrorMaker 2 from "es-src" to "es-tgt" has mirrored "products"
    And MirrorMaker 2 from "es-tgt" to "es-src" has mirrored "products"
    And MirrorMaker 2 from "es-tgt" to "es-src" is killed
    And 200 records are produced to "products" on "es-src"
    And 200 records are produced to "products" on "es-tgt"
    And MirrorMaker 2 from "es-src" to "es-tgt" has mirrored "products"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
    And the copy of "products" on "es-src" misses 200 acked records and has 0 duplicates
    When MirrorMaker 2 from "es-tgt" to "es-src" is restarted
    And MirrorMaker 2 from "es-tgt" to "es-src" has mirrored "products"
    Then the copy of "products" on "es-src" misses 0 acked records and has at most 100 duplicates
    And the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
    When group "products-consumer" reads 400 records from "products" on "es-src" and commits
    And group "tgt-consumer" reads 400 records from "products" on "es-tgt" and commits
    And MirrorMaker 2 from "es-tgt" to "es-src" has checkpointed group "tgt-consumer"
    And group "tgt-consumer" resumes on "es-tgt.products" on "es-src" from the offsets MM2 synced and reads to the end
    Then group "tgt-consumer" resumed on "es-tgt.products" on "es-src" against the checkpoints of MirrorMaker 2 from "es-tgt" to "es-src"
    And no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And the checker reports exactly 0 re-read records
    And the checker reports no other anomaly
