@connect
Feature: MirrorMaker 2 on Kafka Connect, as the lab deploys it
  The lab does not run MM2's dedicated driver: it deploys a KafkaMirrorMaker2 resource, a Kafka
  Connect cluster whose connectCluster is the target alias (es-tgt), running MM2's three
  connectors: MirrorSourceConnector (copies the records), MirrorCheckpointConnector (translates
  the groups' offsets) and MirrorHeartbeatConnector. Strimzi, Event Streams and most
  self-managed sites run MM2 this way. Here the workers are Kafka's own ConnectDistributed from
  the same jars, their group and config/offset/status topics on es-tgt
  (mirrormaker2-cluster-*, as Strimzi names them), and the connectors are created through the
  Connect REST API with the same settings the dedicated driver would give them
  (MirrorMakerConfig's rules: the mirrors step's rows apply the same way). MM2 is ready when
  every connector and task reports RUNNING and the remote topic exists.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 runs on Kafka Connect

  @seed-on-connect
  Scenario Outline: the seed drill on Connect: the group resumes from the offsets MM2 synced into es-tgt (<client>)
    Given the apps use the <client> client
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

    Examples:
      | client       |
      | platformatic |
      | kafkajs      |

  @seed-on-connect
  Scenario Outline: the seed drill on Connect: the group resumes from offsets it translates through the checkpoints (<client>)
    Given the apps use the <client> client
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | sync.group.offsets.enabled | false |
      | offset.lag.max             | 10    |
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from offsets translated from the checkpoints and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And each partition re-reads at most 19 records

    @core
    Examples:
      | client       |
      | platformatic |

    Examples:
      | client       |
      | kafkajs      |
