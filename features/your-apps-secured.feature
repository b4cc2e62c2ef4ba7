@apps @secured
Feature: Your apps on the lab's secured clusters
  The lab's apps connect over SASL_SSL with SCRAM-SHA-512 users and trust their cluster's CA; MM2
  authenticates with a client certificate. An app under test gets the apps' user and the CA in
  its own client's dialect (PEM files and sasl.username / sasl.password for librdkafka, a PEM
  truststore and sasl.jaas.config for Java), in a private folder that no report shows: never on
  its command line, in its environment or in its log (npm run check:secrets greps every artifact).

  Background:
    Given the app "python" runs "python apps/lab-consumer.py"
    And the app "java" runs "apps/java-consumer.sh"

  Scenario Outline: the seed story, secured, with the <app> app
    Given a source cluster "es-src" with 1 broker secured with SCRAM-SHA-512 and mutual TLS
    And a target cluster "es-tgt" with 1 broker secured with SCRAM-SHA-512 and mutual TLS
    And topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And the app "<app>" reads 20 records from "products" on "es-src" as group "products-consumer"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And the app "<app>" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

    Examples:
      | app    |
      | python |
      | java   |

  @connect
  Scenario: the lab, all of it yours: the lab's KafkaMirrorMaker2 resource and the lab's Python apps
    MM2 from examples/es-to-es.yml (MM2 on Kafka Connect, client certificates), the lab's
    Python producer and consumer on SCRAM-SHA-512: nothing of the drill's own but the clusters,
    the fault and the verdict.

    Given a source cluster "es-src" with 1 broker secured with SCRAM-SHA-512 and mutual TLS
    And a target cluster "es-tgt" with 1 broker secured with SCRAM-SHA-512 and mutual TLS
    And topic "products" on "es-src" with 1 partition
    And the app "producer" runs "python apps/lab-producer.py"
    And MirrorMaker 2 runs the KafkaMirrorMaker2 resource in "examples/es-to-es.yml"
    When the app "producer" produces 100 records to "products" on "es-src"
    And the app "python" reads 20 records from "products" on "es-src" as group "products-consumer"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And the app "python" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
