@your-mm2-resource @lab-resource
Feature: Your MM2 resource drives the drill on every runtime, the compose lab included
  The lab's KafkaMirrorMaker2 (examples/es-to-es.yml) drives the seed drill on clusters declared
  without "secured with", so the same scenario runs on every runtime. On local and containers the
  drill runs the resource on its own Kafka Connect deployment (spec.replicas workers) against the
  clusters it started. On the external runtime the harness starts no MM2: the resource's three
  connectors are PUT, for the scenario, to the Kafka Connect cluster that runs the flow (the
  config file's "connectUrl", allowed by "applyScenarioSettings"; the compose lab's Connect at
  127.0.0.1:18083), with the running connectors' own bootstrap addresses and credentials in
  place of the file's, and put back after it. What was replaced or is not honoured there (the
  Connect cluster's workers and storage settings) is listed, as on the other runtimes. See
  docs/your-mm2-resource.md.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition

  Scenario: the lab's KafkaMirrorMaker2 drives the seed drill
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

  Scenario: the same flow as a dedicated-mode mm2.properties drives the seed drill
    On the external runtime its connectors run on the Connect cluster that runs the flow (the
    dedicated driver is not honoured there, and said so).

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
