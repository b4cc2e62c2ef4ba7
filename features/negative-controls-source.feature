Feature: Negative control for the source cluster: acked records lost where they were written
  acks=all promises only what the partition's in-sync replicas can keep. With replication factor
  1 the leader is the only copy: when its disk is lost, the records acked on it are gone, and a
  group that then reads the partition to its end finds nothing where they were. The checker
  reports them lost, exactly as many as were acked and not yet read by the group. With three
  replicas the same fault costs nothing: a follower was in sync and takes over.

  Background:
    Given a source cluster "es-src" with 3 brokers

  Scenario: replication factor 1, the only replica loses its disk: the 80 records the group had not read are lost
    Given topic "payments" on "es-src" with 1 partition and replication factor 1
    When 100 records are produced to "payments" on "es-src"
    And group "payments-consumer" reads 20 records from "payments" on "es-src" and commits
    And the leader of partition 0 of "payments" on "es-src" is killed and restarted without its log of the partition
    And group "payments-consumer" reads "payments" on "es-src" to the end
    Then the checker reports exactly 80 lost records
    And the checker reports no other anomaly
    And the verdict is invalid

  Scenario: replication factor 3, the leader loses its disk: a follower takes over and nothing is lost
    Given topic "payments" on "es-src" with 1 partition and replication factor 3
    When 100 records are produced to "payments" on "es-src"
    And group "payments-consumer" reads 20 records from "payments" on "es-src" and commits
    And the leader of partition 0 of "payments" on "es-src" is killed and restarted without its log of the partition
    And group "payments-consumer" reads "payments" on "es-src" to the end
    Then no acked record is lost or skipped
