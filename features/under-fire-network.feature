Feature: Under fire across a network: MM2's links slowed or cut while records flow
  MM2 usually runs next to the target, far from the source: every record it copies crosses the
  network between the sites. Here Toxiproxy stands between MM2 and one cluster ("behind
  Toxiproxy": MM2 goes through proxies of its own; the apps through theirs, the harness directly), and
  the link is slowed or cut while producers write 200 records/s. The replication lag is sampled
  every second: the age of the oldest acked record es-tgt does not hold yet.

  Scenario: 500 ms of latency from MM2 to es-src, es-src lost mid-stream: the lag stays under 5 s and bounds what is lost in flight
    Each of MM2's fetches comes back 500 ms late, so MM2 is always about a fetch behind: when
    es-src dies, hundreds of acked records are not on es-tgt yet. Those es-src had already sent
    in answer to a fetch still arrive; those acked since its last answer never do, and are lost in
    flight. That loss is the RPO this link gives (it is 0 when es-src happened to answer a fetch
    between the last ack and the kill, as it once did under load, so the drill bounds it rather
    than requiring it); the group loses nothing that did reach es-tgt.
    Everything MM2 asks es-src crosses the slow link (group listings, committed offsets, offset
    syncs), so its first checkpoint of a group takes longer than on a LAN: the drill waits for
    it, as a DR runbook would check it, before es-src is lost.

    Given a source cluster "es-src" with 1 broker behind Toxiproxy
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    And the link from MirrorMaker 2 to "es-src" has 500 ms latency
    When producers write 200 records/s to "products" on "es-src"
    And group "products-consumer" consumes "products" on "es-src" with auto-commit
    And the producers have written 1200 records
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And the producers have written 1200 more records
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    And the producers stop
    Then no acked record is lost or skipped by the group
    And at least 50 acked records were not on "es-tgt" yet when the source was lost
    And the RPO is at most 3 seconds
    And replication lag to "es-tgt" stays under 5 seconds
    And re-reads stay within what MM2's checkpoints imply

  @long
  Scenario: the link from MM2 to es-tgt cut for 15 s: MM2 stays idle after it is healed until it is restarted
    MM2 keeps its Connect group, its config, offset and status topics on es-tgt. Cut off from the
    group coordinator, the worker stops its connectors and tasks (KAFKA-9184) and, once the link is
    back, rejoins as a new member; its own leader then treats the tasks of the member it lost (its
    former self) as lost and delays their reassignment by scheduled.rebalance.max.delay.ms, 5
    minutes by default (KIP-415): MM2 copies nothing though every link is fine. A restart of MM2
    ends the wait: it resumes from the source offsets it had committed. mirrordrill's own default
    for the delay is 10 s (so that drills of several MM2 nodes or Connect workers move tasks
    quickly); this drill sets Kafka's.

    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker behind Toxiproxy
    And topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | es-tgt.scheduled.rebalance.max.delay.ms | 300000 |
    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 400 records
    And the link from MirrorMaker 2 to "es-tgt" is cut for 15 seconds
    And the producers have written 3200 more records
    Then MirrorMaker 2 copies nothing of "products" to "es-tgt" for 15 seconds
    When MirrorMaker 2 is killed
    And MirrorMaker 2 is restarted
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then replication lag to "es-tgt" rose above 20 seconds
    And the copy of "products" on "es-tgt" misses 0 acked records and has at most 600 duplicates

  Scenario: the link from MM2 to es-tgt cut for 15 s, with scheduled.rebalance.max.delay.ms = 0: MM2 catches up by itself, nothing is lost
    With the delay off, the lost tasks are reassigned at once (KAFKA-15693) when the worker
    rejoins. MM2's producer is not idempotent (Connect turns idempotence off for source tasks), so
    a batch whose answer was lost with the cut may be written twice: duplicates on es-tgt, which the
    group reads as second copies, not as its own re-reads.

    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker behind Toxiproxy
    And topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | es-tgt.scheduled.rebalance.max.delay.ms | 0 |
    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 400 records
    And the link from MirrorMaker 2 to "es-tgt" is cut for 15 seconds
    And the producers have written 3200 more records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then replication lag to "es-tgt" rose above 10 seconds
    And the copy of "products" on "es-tgt" misses 0 acked records and has at most 600 duplicates
    When group "products-consumer" reads 1000 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
