Feature: Dedicated MirrorMaker 2 on several nodes: the leader lost mid-stream
  A dedicated MM2 cluster is several MirrorMaker processes with the same mm2.properties; each
  flow's herder is a Connect worker of one group per flow, and the group's leader assigns the
  connectors and tasks. Followers forward new task configs to the leader over an internal REST
  server (dedicated.mode.enable.internal.rest, KIP-710, on here by default); without it a
  multi-node cluster misses them (KAFKA-9981, KAFKA-15372). The leader is found from the nodes'
  own logs: the node whose member id is the leader of the latest generation.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition

  Scenario: MM2 on 3 nodes, the node leading the group SIGKILLed while producers write 200 records/s: nothing lost
    The survivors notice after the session timeout (10 s), elect a leader, and after
    scheduled.rebalance.max.delay.ms (10 s here) take over the dead node's connectors and tasks.
    The copy task restarts from the source offsets last committed (every 500 ms, once es-tgt
    acked the copies): what it copies twice is reported. Just after MM2 starts, the three nodes
    joining move the task from node to node, and a task that just took it over copies a backlog
    in a burst: a kill then can put hundreds of records past its last commit (445 seen here, at
    200 records/s), so the bound is 5 s of writes.

    Given MirrorMaker 2 runs on 3 nodes
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 400 records
    And group "products-consumer" reads 150 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And the MirrorMaker 2 node that leads the group is killed
    And the MirrorMaker 2 nodes left have taken over every connector and task
    And the producers have written 1000 more records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has at most 1000 duplicates
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
