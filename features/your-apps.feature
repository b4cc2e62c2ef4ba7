@apps
Feature: Your apps: the clients production runs, judged by the same verdict
  The drills before this one consume through mirrordrill's own JavaScript clients. A platform
  team's question is whether *their* consumer, with its client library and its commit strategy,
  loses or repeats anything when es-src dies. Here the app under test is a command: the lab's
  Python consumer (apps/lab-consumer.py: confluent-kafka, i.e. librdkafka, with auto-commit and
  auto.offset.reset earliest, as the lab runs it) and a Java-client app that cannot be edited
  (apps/java-consumer.sh: Kafka's own VerifiableConsumer, which commits after each poll). Each
  is started with the drill's connection in a client properties file of its own dialect and
  reports every record it processes and every commit as a JSON line (docs/apps.md); the ledger
  holds those reads like any other, and the verdict judges them record by record.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition
    And the app "python" runs "python apps/lab-consumer.py"
    And the app "java" runs "apps/java-consumer.sh"

  Scenario Outline: the seed story with the <app> app, resuming from the offsets MM2 synced
    Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
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
