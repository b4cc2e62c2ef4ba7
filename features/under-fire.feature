Feature: Under fire: a data centre lost while records flow, measured as RPO and RTO
  The drills before this one fail over a quiet system. Here the producers keep writing and the
  group keeps consuming on es-src when es-src dies, as in the lab: whatever MM2 had not copied
  yet is lost with it. That loss is what asynchronous replication costs, so it is measured and
  bounded, not called a bug: a record is "lost in flight" when it was acked on es-src and never
  reached es-src.products on es-tgt (it lies beyond the last record es-tgt held when the group
  moved). Everything that did reach es-tgt must be read by the group, in order, with re-reads
  only where MM2's checkpoint puts it.

  RPO: from the ack of the oldest record lost in flight to the fault. RTO: from the fault to the
  group's first read on es-tgt (the harness' own failover steps included: reading MM2's
  checkpoints, the consumer joining its group). Replication lag: the age of the oldest acked
  record es-tgt does not hold yet, sampled every second while the producers write.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"

  Scenario Outline: the seed story under load: es-src killed mid-stream while the group auto-commits (<client>)
    The group consumes as the lab's consumer does, committing every 5 s (the Java consumer's
    auto.commit.interval.ms), so at the fault it has read past its last commit; MM2 checkpoints
    that commit within a second and the group resumes on es-tgt from it, re-reading what it read
    after that commit. At 200 records/s, MM2 (polling every few hundred ms) is a fraction of a
    second behind: a few dozen records are in flight when es-src dies.

    Given the apps use the <client> client
    When producers write 200 records/s to "products" on "es-src"
    And group "products-consumer" consumes "products" on "es-src" with auto-commit
    And the producers have written 2400 records
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    And the producers stop
    Then no acked record is lost or skipped by the group
    And at most 200 acked records are lost in flight
    And the RPO is at most 2 seconds
    And the group resumes on the target within 15 seconds
    And re-reads stay within what MM2's checkpoints imply
    And replication lag to "es-tgt" stays under 3 seconds

    @core
    Examples:
      | client       |
      | kafkajs      |

    Examples:
      | client       |
      | platformatic |

  Scenario Outline: the seed story at 10,000 records/s: es-src killed mid-stream, nothing that reached es-tgt is lost or skipped (<client>)
    Production-rate traffic: 50 times the rate above, through the same fault. The producers send
    several requests of up to 2,000 records every 50 ms, at most 4 outstanding; every answer is
    ledgered as a range, so 150,000 records cost the ledger little. MM2 fetches as soon as records
    are there, and what it fetched before the kill it still writes to es-tgt, so the loss is the
    records acked in the last moments before the kill; measured here (2 cores, 3 runs per client,
    the machine shared with another suite): 0 lost in flight and RPO 0 s in all 6, RTO 0.2–0.9 s,
    9,830–9,985 acked records/s reached. The bounds (2 s of the rate lost in flight, RPO 5 s, RTO
    15 s) leave room for a slower or busier machine; they are not what MM2 does on its own hardware.
    The CPU is near saturation at this rate on 2 cores: in npm run bench:rpo's 10,000 records/s
    cells (the same story behind Toxiproxy, 9 runs) the machine was 85-100 % busy from the
    producers' start to the fault, the drill's own processes (harness, brokers, MM2, proxy) 57-89 %
    of the two cores: MM2 here competes with the load it mirrors.
    The producers' stop step says the rate reached, and the records owed but never sent.

    Given the apps use the <client> client
    When producers write 10000 records/s to "products" on "es-src"
    And group "products-consumer" consumes "products" on "es-src" with auto-commit
    And the producers have written 150000 records
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    And the producers stop
    Then no acked record is lost or skipped by the group
    And at most 20000 acked records are lost in flight
    And the RPO is at most 5 seconds
    And the group resumes on the target within 15 seconds
    And re-reads stay within what MM2's checkpoints imply

    Examples:
      | client       |
      | platformatic |
      | kafkajs      |

  @negative-control
  Scenario: MM2 stopped while 200 records/s keep coming: everything acked after the stop is lost in flight
    MM2 is stopped (SIGTERM, and the step waits for it to exit) once 400 records are acked; es-src
    is killed once 600 more are: those 600 can never have been copied, and the oldest of them was
    acked 3 s (600 records at 200 records/s) before the fault. The group, consuming on es-src all
    along, had read most of them there: for it, only what it had not read is gone. The operator
    checks for 5 s that nothing more arrives on es-tgt before moving the group, so the RTO is over
    4 s. The group resumes from offsets it translates through the checkpoints (MM2, stopped,
    synced none into it).

    When producers write 200 records/s to "products" on "es-src"
    And group "products-consumer" consumes "products" on "es-src" continuously, committing every 500 ms
    And the producers have written 400 records
    And MirrorMaker 2 is stopped
    And the producers have written 600 more records
    And every broker of "es-src" is killed
    Then MirrorMaker 2 copies nothing of "products" to "es-tgt" for 5 seconds
    When group "products-consumer" resumes on "es-src.products" on "es-tgt" from offsets translated from the checkpoints and reads to the end
    And the producers stop
    Then at least 600 acked records are lost in flight
    And the RPO is more than 2 seconds
    And the RTO is more than 4 seconds
    And no acked record is lost or skipped by the group
    And re-reads stay within what MM2's checkpoints imply

  @negative-control @core
  Scenario: MM2 paused 5 s under 200 records/s: the replication lag rises above 4 s, then MM2 catches up
    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 400 records
    And MirrorMaker 2 is paused for 5 seconds
    And the producers have written 1800 records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then replication lag to "es-tgt" rose above 4 seconds
    And the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
