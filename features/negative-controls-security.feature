@secured
Feature: Negative controls for secured clusters: refused credentials fail fast, with the error named
  A drill on secured clusters must tell a refused credential from a slow cluster. MM2 with a
  wrong password keeps running and retrying, mirroring nothing; an app that does not trust the
  cluster's CA never gets a connection. Both must fail the step within seconds, quoting the
  authentication or TLS error and naming the cluster, never as a timeout.

  @core
  Scenario: MM2 with a wrong SCRAM password for the source never mirrors, and the step says why
    MM2 authenticates with SCRAM-SHA-512 here (both clusters are SASL_SSL only). It gets a wrong
    password for es-src: the mirrors step fails, quoting MM2's authentication error.

    Given a source cluster "es-src" with 1 broker secured with SCRAM-SHA-512
    And a target cluster "es-tgt" with 1 broker secured with SCRAM-SHA-512
    And topic "products" on "es-src" with 1 partition
    Then MirrorMaker 2 mirroring "products" from "es-src" to "es-tgt" fails to authenticate to "es-src", its log saying "Authentication failed", with:
      | es-src.sasl.jaas.config | org.apache.kafka.common.security.scram.ScramLoginModule required username="mm2" password="not-the-password"; |

  Scenario Outline: an app that trusts another CA gets a TLS error naming the cluster (<client>)
    Given a source cluster "es-src" with 1 broker secured with SCRAM-SHA-512 and mutual TLS
    And topic "products" on "es-src" with 1 partition
    And the apps use the <client> client
    And the apps trust a CA no cluster uses
    Then group "products-consumer" reading "products" on "es-src" fails with a TLS error saying "certificate"

    Examples:
      | client       |
      | platformatic |
      | kafkajs      |
