Feature: Three-broker clusters: a broker lost or restarted while records flow
  Production clusters have three brokers or more: every topic, and every internal topic
  (__consumer_offsets, MM2's offset syncs, checkpoints and Connect storage), is replicated three
  times with min.insync.replicas = 2, so a cluster keeps accepting acks=all writes with one broker
  down. These drills check that MirrorMaker 2 rides through it: one source broker lost under
  load, and a rolling restart of the target, each followed by the loss of the whole source site
  and the failover of the consumer group to the target.

  Background:
    Given a source cluster "es-src" with 3 brokers
    And a target cluster "es-tgt" with 3 brokers
    And topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"

  Scenario: one es-src broker killed while producers write 200 records/s, then es-src lost: nothing lost or skipped
    Three partitions over three brokers: the killed broker leads some partitions (of products,
    of __consumer_offsets, of MM2's offset syncs) and may be the active KRaft controller. The
    controller fences it when its session times out (broker.session.timeout.ms, 9 s) and its
    partitions get new leaders among their in-sync replicas; until then writes to them wait, and
    requests that time out are ledgered indeterminate, never lost. MM2's consumer follows the new
    leaders and copies everything once, so the copy on es-tgt has no duplicate of its own (records
    the apps' producer wrote twice on es-src, as platformatic's did once here, are copied as the
    log holds them and counted apart by the copy step).
    The group commits just before the kill, so MM2 may have yet to discover it: MM2 lists
    consumer groups with a request to every broker, and the one pinned to the killed broker waits
    out the admin's timeout (60 s by default, 10 s here); the checkpoint comes once the group's
    coordinator has moved and a listing gets past the dead broker.
    The apps use platformatic here. With kafkajs 2.2.4 this drill finds acked records that es-src
    never held (in both runs here that reached the copy step: 6 and 14 records): its idempotent
    producer, with sends outstanding when the broker dies, acked a batch with the offset of an
    earlier same-sized batch and wrote that one again later, and refused others "out of order
    sequence number" (docs/reading-a-verdict.md). The copy step says so ("not on es-src either:
    … a false ack").

    Given the apps use the platformatic client
    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 400 records
    And group "products-consumer" reads 150 records from "products" on "es-src" and commits
    And broker 2 of "es-src" is killed
    And the producers have written 1200 records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
    When group "products-consumer" reads 600 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  @long
  Scenario: es-tgt restarted one broker at a time while producers write 200 records/s: every acked record is copied
    A rolling restart as an operator does one: each broker of es-tgt in turn gets SIGTERM (a
    controlled shutdown: the controller moves its leaderships to the other replicas first), starts
    again with its data, and the next goes down only once every broker lists it again and every
    partition of every topic on es-tgt, internal ones included, has all its replicas in sync. Two
    replicas of three stay in sync throughout (min.insync.replicas is 2), so MM2 keeps writing
    with acks=all: a write to a leader that moved is refused (NOT_LEADER_OR_FOLLOWER) and retried
    on the new one. MM2's producer is not idempotent (Connect turns idempotence off for source
    tasks without exactly-once support), so a batch written but whose answer was lost with the
    stopping broker's connection is written twice: at most one batch in flight per connection.
    A broker that comes back within its old session (9 s) is refused registration
    (DUPLICATE_BROKER_REGISTRATION) until that session expires, so it may take 10 s to rejoin.

    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 400 records
    And group "products-consumer" reads 150 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And the brokers of "es-tgt" are restarted one at a time
    And the producers have written 1200 records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has at most 400 duplicates
    When group "products-consumer" reads 600 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
