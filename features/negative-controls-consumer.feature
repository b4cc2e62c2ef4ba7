@negative-control @core
Feature: Negative controls for consumers: unread, skipped and out-of-order records are reported
  The anomalies a consumer causes on its own, without any failover, each made to happen
  for real on a single cluster and counted exactly.

  Background:
    Given a source cluster "es-src" with 1 broker
    And topic "products" on "es-src" with 1 partition

  Scenario: a group that stops early leaves the rest unseen, which alone is no failure
    Unseen records are acked records a group has not reached yet; they become lost only once
    the group has read its partitions to the end. The verdict stays valid.

    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    Then the verdict is valid
    And the checker reports exactly 80 unseen records
    And the checker reports no other anomaly

  Scenario Outline: a consumer that seeks past records skips them (<client>)
    Of 100 records, one consumer reads offsets 0 to 19, seeks forward to offset 50 and reads 10
    more, then the group reads to the end: offsets 20 to 49 were there and the group jumped
    over them, 30 records skipped (a gap, the poll-skip of Jepsen's queue checker).

    Given the apps use the <client> client
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src", rewinds partition 0 to offset 50 and reads 10 more
    And group "products-consumer" reads "products" on "es-src" to the end
    Then the verdict is invalid
    And the checker reports exactly 30 skipped records
    And the checker reports no other anomaly

    Examples:
      | client       |
      | platformatic |
      | kafkajs      |

  Scenario Outline: a consumer that rewinds within its session reads out of order (<client>)
    Of 20 records, one consumer reads offsets 0 to 19, seeks back to offset 10 and reads 10
    more: one read goes backwards within the session (reordered), and offsets 10 to 19 are
    read twice. No checkpoint stands behind those re-reads, so all 10 are in excess.

    Given the apps use the <client> client
    When 20 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src", rewinds partition 0 to offset 10 and reads 10 more
    Then the verdict is invalid
    And the checker reports exactly 1 reordered record
    And the checker reports exactly 10 re-read records
    And the checker reports exactly 10 excess re-read records
    And the checker reports no other anomaly

    Examples:
      | client       |
      | platformatic |
      | kafkajs      |
