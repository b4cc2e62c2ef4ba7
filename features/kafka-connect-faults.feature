@connect
Feature: MirrorMaker 2 on a Kafka Connect cluster: workers lost, connectors operated over REST
  Behaviours that only exist when MM2 runs as connectors on a Connect cluster. A worker that
  dies leaves the Connect group when its session times out (10 s). If it was a follower, the
  leader keeps its connectors and tasks unassigned for scheduled.rebalance.max.delay.ms
  (Connect's default 5 minutes, 10 s here) in case it comes back, then hands them to the workers
  left; if it was the leader, the new leader knows nothing of the lost work and hands it out at
  once. The history says how long the takeover took. The task that copies the records starts over
  from the source offsets the dead worker last committed to mirrormaker2-cluster-offsets (every
  500 ms here), so it copies again what it had copied since: duplicates on the target, which
  the audit counts (bounded here by 5 s of writes: a task that has just moved copies its
  backlog in a burst, see multi-node-mm2.feature). Connectors are paused, resumed, restarted and reconfigured through the
  Connect REST API, and a connector that FAILED is reported with the trace Connect's status
  endpoint gives, by the first step that waits on MM2.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition

  @negative-control
  Scenario: the worker running MM2's copy task is killed while producers write 200 records/s: the task moves, nothing is lost
    Given MirrorMaker 2 runs on Kafka Connect with 3 workers
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 400 records
    And group "products-consumer" reads 150 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And the Connect worker running task 0 of connector "MirrorSourceConnector" is killed
    And the Connect workers left have taken over every connector and task
    And the producers have written 1000 more records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has at most 1000 duplicates
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  Scenario: connectors paused, resumed and restarted over REST, a task restarted, a worker stopped and restarted
    A paused MirrorSourceConnector copies nothing while records keep coming; resumed, it copies
    them from where it stopped, once. Restarting the connector with its tasks, or one task,
    commits nothing twice either: a task that is stopped cleanly commits its offsets first.

    Given MirrorMaker 2 runs on Kafka Connect with 2 workers
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And connector "MirrorSourceConnector" is paused
    And 100 records are produced to "products" on "es-src"
    Then MirrorMaker 2 copies nothing of "products" to "es-tgt" for 3 seconds
    When connector "MirrorSourceConnector" is resumed
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And connector "MirrorSourceConnector" is restarted
    And task 0 of connector "MirrorSourceConnector" is restarted
    And connector "MirrorCheckpointConnector" is reconfigured with:
      | emit.checkpoints.interval.seconds | 2 |
    And Connect worker 2 is stopped
    And 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And Connect worker 2 is restarted
    Then the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
    When group "products-consumer" reads 250 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  Scenario: the worker running MM2's copy task frozen for 6 s, like a long GC pause: it copies nothing meanwhile, then goes on where it was
    The worker is frozen (SIGSTOP, or the cgroup freezer on containers) for less than Connect's
    session timeout (10 s), so the Connect group keeps it and nothing moves: the task copies
    nothing while it is frozen, then resumes from its own consumer position, copying what came
    meanwhile exactly once. The other worker runs on undisturbed.

    Given MirrorMaker 2 runs on Kafka Connect with 2 workers
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And the Connect worker running task 0 of connector "MirrorSourceConnector" is paused for 6 seconds
    And 100 records are produced to "products" on "es-src"
    Then MirrorMaker 2 copies nothing of "products" to "es-tgt" for 3 seconds
    When MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
    When group "products-consumer" reads 200 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  @negative-control @core
  Scenario: MirrorSourceConnector reconfigured with a topic pattern it cannot compile goes FAILED, reported with its trace
    The reconfiguration passes Connect's validation (topics is a list of strings), so Connect
    accepts it; the connector then fails to start. The status endpoint says FAILED with the
    trace, and the next wait on MM2 stops at once quoting it rather than timing out.

    Given MirrorMaker 2 runs on Kafka Connect
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And connector "MirrorSourceConnector" is reconfigured with:
      | topics | products[ |
    Then connector "MirrorSourceConnector" has FAILED with "PatternSyntaxException", and waiting for MirrorMaker 2 to mirror "products" to "es-tgt" says so
    And the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
