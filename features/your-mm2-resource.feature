@your-mm2-resource
Feature: Your MM2 resource drives the drill
  What is drilled must be your MirrorMaker 2, not the harness's idea of it. The step names your
  file: a KafkaMirrorMaker2 resource (Strimzi's or IBM Event Streams' v1beta2 shape, or Strimzi's
  v1) or a dedicated-mode mm2.properties. Its cluster aliases are the scenario's clusters; their
  bootstrap addresses, CA, certificates and users are the drill's own (the clusters it started),
  and every other setting reaches MM2 as you wrote it. A KafkaMirrorMaker2 is MM2 on a Kafka
  Connect cluster whose connectCluster is the target: the drill runs it on its Connect deployment
  with spec.replicas workers, each connector with its own section's tasksMax and config. What was
  replaced, what a drill cannot honour (template, resources, metricsConfig, rack, logging…) and
  keys MM2 does not define are listed in the progress lines and in verdict.txt, never dropped in
  silence. See docs/your-mm2-resource.md.

  Background:
    Given a source cluster "es-src" with 1 broker secured with SCRAM-SHA-512 and mutual TLS
    And a target cluster "es-tgt" with 1 broker secured with SCRAM-SHA-512 and mutual TLS
    And topic "products" on "es-src" with 1 partition

  @connect
  Scenario: the lab's KafkaMirrorMaker2 (v1beta2, MM2 on client certificates) drives the seed drill
    Given MirrorMaker 2 runs the KafkaMirrorMaker2 resource in "examples/es-to-es.yml"
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And the verdict is valid

  @connect @core
  Scenario: the same flow in Strimzi's v1 shape drives the seed drill
    Given MirrorMaker 2 runs the KafkaMirrorMaker2 resource in "examples/es-to-es-v1.yml"
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
  Scenario: a dedicated-mode mm2.properties drives the seed drill
    Given MirrorMaker 2 runs the MM2 properties in "examples/mm2.properties"
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And the verdict is valid

  @connect
  Scenario: the resource's own connector settings are the ones drilled: no offset sync to the group, an offset sync every 10 records
    The checkpoint connector does not sync the group's offsets to es-tgt (sync.group.offsets.enabled
    "false" in its config), so the group translates them through the checkpoints; the source
    connector's offset.lag.max of 10 bounds the re-reads, as the harness reads it from the resource.

    Given MirrorMaker 2 runs the KafkaMirrorMaker2 resource in "features/resources/es-to-es-translate.yml"
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from offsets translated from the checkpoints and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And each partition re-reads at most 19 records
    And the verdict is valid
