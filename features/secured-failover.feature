@secured
Feature: Secured clusters: the lab's failover with TLS, SCRAM-SHA-512 users and MM2 on client certificates
  The lab's clusters are secured: the apps connect over SASL_SSL with SCRAM-SHA-512 users and
  trust the cluster's CA; MirrorMaker 2 authenticates to each cluster with a TLS client
  certificate (mutual TLS), on a listener of its own. mirrordrill does the same: each secured
  cluster gets a throwaway CA, a broker certificate (SAN IP 127.0.0.1), SCRAM users made at
  storage format time, and MM2 a client certificate per cluster, configured per alias
  (es-src.security.protocol=SSL, es-tgt.ssl.keystore.location=…). Inter-broker and controller
  traffic stays PLAINTEXT on loopback. Every key and password lives in a private temp folder
  and never reaches reports/.

  Background:
    Given a source cluster "es-src" with 1 broker secured with SCRAM-SHA-512 and mutual TLS
    And a target cluster "es-tgt" with 1 broker secured with SCRAM-SHA-512 and mutual TLS
    And topic "products" on "es-src" with 1 partition

  Scenario Outline: the seed drill, secured as the lab's clusters are (<client>)
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
    And the verdict is valid

    @core
    Examples:
      | client       |
      | kafkajs      |

    Examples:
      | client       |
      | platformatic |

  Scenario: the lab as deployed: secured clusters and MM2 on a Kafka Connect cluster of 2 workers
    The lab's whole shape at once: MM2's connectors on Kafka Connect workers that reach es-tgt
    (their group, config, offset and status topics) and es-src with client certificates, as the
    lab's KafkaConnect does, while the apps use SCRAM-SHA-512 over TLS.

    Given MirrorMaker 2 runs on Kafka Connect with 2 workers
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And the verdict is valid
