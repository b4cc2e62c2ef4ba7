Feature: The source's broker restarted before the group's first commit: the group rejoins, commits, and fails over
  Found by `npm run explore` on the under-fire story (features/under-fire.feature:49, seed 1015):
  es-src's only broker restarted 3 s into the drill, before the group's first auto-commit, and
  the group never read or committed again before es-src was lost, on both clients. The cause was
  mirrordrill's own consumer, not Kafka: after the broker stopped, the harness dropped its
  platformatic consumer (and kafkajs restarted itself) and joined again as a new member, while
  the old member's LeaveGroup never reached the stopped broker. The restarted coordinator reloaded
  the group with that dead member and held the new member's JoinGroup until the dead member's
  session timed out (10 s), longer than the drill left it. Kafka's ConsumerGroupCommand showed the
  group PreparingRebalance with 2 members, the dead one holding all 3 partitions; the broker's log
  showed it removed 10.0 s after the group loaded. Now a failed read is tried again on the same
  member (platformatic rejoins with its member id, as Kafka's Java consumer does), and when
  kafkajs restarts itself the harness sends the old member's LeaveGroup again until the broker
  takes it. This drill keeps that fixed: the schedule explore found, on each client.

  On kafkajs it found a second harness defect. kafkajs 2.2.4 takes back the sequence numbers of
  every partition of a produce request that failed, even where the broker had written the batch
  (sendMessages.js: updateSequence with -messages.length), so its next batch reused a sequence
  the broker held: Kafka answered it as a duplicate, with the offset of the batch already there,
  and wrote nothing. One run of four got three such false acks, which the verdict counted as
  skipped records, and then "out of order sequence number" for good (694 of 2400 acked in 84 s).
  The harness now replaces a kafkajs producer after any failed send, with a new producer id, as
  the platformatic client and Kafka's Java producer (KIP-360's epoch bump) do.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"

  Scenario Outline: es-src restarted after 637 acked records, before the group's first auto-commit, then killed at 2400 (<client>)
    Given the apps use the <client> client
    When producers write 200 records/s to "products" on "es-src"
    And group "products-consumer" consumes "products" on "es-src" with auto-commit
    And the producers have written 637 records
    And the brokers of "es-src" are restarted one at a time
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

    Examples:
      | client       |
      | platformatic |
      | kafkajs      |
