Feature: Under fire across a network: MM2's links slowed or cut while records flow
  MM2 usually runs next to the target, far from the source: every record it copies crosses the
  network between the sites. Here Toxiproxy stands between MM2 and one cluster ("behind
  Toxiproxy": MM2 alone goes through the proxy; the apps and the harness connect directly), and
  the link is slowed or cut while producers write 200 records/s. The replication lag is sampled
  every second: the age of the oldest acked record es-tgt does not hold yet.

  Scenario: 500 ms of latency from MM2 to es-src, es-src lost mid-stream: the lag stays under 3 s and bounds what is lost in flight
    Each of MM2's fetches comes back 500 ms late, so MM2 is always about a fetch behind: when
    es-src dies, the records acked in the last half second or so never reached es-tgt. That loss
    is the RPO this link gives; the group loses nothing that did reach es-tgt.

    Given a source cluster "es-src" with 1 broker behind Toxiproxy
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    And the link from MirrorMaker 2 to "es-src" has 500 ms latency
    When producers write 200 records/s to "products" on "es-src"
    And group "products-consumer" consumes "products" on "es-src" with auto-commit
    And the producers have written 2400 records
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    And the producers stop
    Then no acked record is lost or skipped by the group
    And at least 1 acked record is lost in flight
    And the RPO is at most 3 seconds
    And replication lag to "es-tgt" stays under 3 seconds
    And re-reads stay within what MM2's checkpoints imply

  Scenario: the link from MM2 to es-tgt cut for 10 s under 200 records/s: the lag rises, MM2 catches up, nothing is lost
    While the link is cut MM2 keeps fetching from es-src and its producer retries against es-tgt
    (Connect retries without end); once the link is back every acked record reaches es-tgt. MM2's
    producer is not idempotent, so a batch whose answer was lost with the cut may be written twice:
    duplicates on es-tgt, which the group reads as second copies, not as its own re-reads.

    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker behind Toxiproxy
    And topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 400 records
    And the link from MirrorMaker 2 to "es-tgt" is cut for 10 seconds
    And the producers have written 3000 more records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then replication lag to "es-tgt" rose above 5 seconds
    And the copy of "products" on "es-tgt" misses 0 acked records and has at most 400 duplicates
    When group "products-consumer" reads 1000 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
