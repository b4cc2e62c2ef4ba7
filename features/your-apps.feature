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
    And the app "python" runs "python apps/lab-consumer.py"
    And the app "java" runs "apps/java-consumer.sh"
    And the app "python, KIP-848" runs "python apps/lab-consumer.py --group-protocol consumer"
    And the app "java, KIP-848" runs "apps/java-consumer.sh --group-protocol consumer"
    And the app "python producer" runs "python apps/lab-producer.py"
    And the app "java producer" runs "apps/java-producer.sh"

  @seed-apps
  Scenario Outline: the seed story with the <app> app, resuming from <mode>
    Each client with the classic group protocol and with KIP-848's consumer protocol (Kafka 4.0+),
    and both ways of resuming: the offsets MM2 synced into the group on es-tgt, or the group's
    checkpoints translated and committed before the app starts (RemoteClusterUtils' way). MM2
    checkpoints a group whichever protocol it uses: it reads committed offsets.

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And the app "<app>" reads 20 records from "products" on "es-src" as group "products-consumer"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And the app "<app>" resumes on "es-src.products" on "es-tgt" from <mode> and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

    @core
    Examples:
      | app             | mode                                    |
      | python          | offsets translated from the checkpoints |
      | java, KIP-848   | the offsets MM2 synced                  |

    Examples:
      | app             | mode                                    |
      | python          | the offsets MM2 synced                  |
      | java            | the offsets MM2 synced                  |
      | java            | offsets translated from the checkpoints |
      | python, KIP-848 | the offsets MM2 synced                  |

  Scenario: the seed story with your producer too: Kafka's VerifiableProducer writes, the lab's consumer reads
    A producing app reports each record the broker acked (partition, offset, value): the ledger
    names the record by its value wherever it is read, so the app's own values are judged too.

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When the app "java producer" produces 100 records to "products" on "es-src"
    And the app "python" reads 20 records from "products" on "es-src" as group "products-consumer"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And the app "python" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  Scenario Outline: your apps end to end, under fire: the <producer> at 200 records/s, the <consumer> app consuming
    Given topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When the app "<producer>" produces 200 records/s to "products" on "es-src"
    And the app "<consumer>" consumes "products" on "es-src" as group "products-consumer"
    And the app "<producer>" has written 2400 records
    And the app "<consumer>" has read 2000 records
    And every broker of "es-src" is killed
    And the app "<consumer>" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    And the app "<producer>" is killed
    Then no acked record is lost or skipped by the group
    And at most 200 acked records are lost in flight
    And the RPO is at most 2 seconds
    And re-reads stay within what MM2's checkpoints imply

    Examples:
      | producer        | consumer |
      | java producer   | python   |
      | python producer | java     |

  Scenario: the lab's way for a non-Java app: the Python consumer translates its offsets itself
    There is no RemoteClusterUtils outside Java. With sync.group.offsets.enabled off, MM2 only
    checkpoints; the Python consumer reads es-src.checkpoints.internal on es-tgt itself
    (MIRRORDRILL_TRANSLATE_FROM=es-src), takes its group's latest checkpoint per partition and
    commits it before it subscribes. Had it translated wrong, its re-reads below MM2's
    checkpoint would be excess, or its skips a gap.

    Given topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | sync.group.offsets.enabled | false |
    When 300 records are produced to "products" on "es-src"
    And the app "python" reads 130 records from "products" on "es-src" as group "products-consumer"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And the app "python" resumes on "es-src.products" on "es-tgt" translating its offsets itself and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  @long
  Scenario Outline: under fire: es-src killed while the <app> app consumes at 200 records/s
    The harness's own producers, the app consuming (the outline above runs the apps on both
    sides; this one is run by npm run drill and the nightly, not npm test).

    Given topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When producers write 200 records/s to "products" on "es-src"
    And the app "<app>" consumes "products" on "es-src" as group "products-consumer"
    And the producers have written 2400 records
    And the app "<app>" has read 2000 records
    And every broker of "es-src" is killed
    And the app "<app>" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    And the producers stop
    Then no acked record is lost or skipped by the group
    And at most 200 acked records are lost in flight
    And the RPO is at most 2 seconds
    And re-reads stay within what MM2's checkpoints imply

    Examples:
      | app    |
      | python |
      | java   |

  Scenario: the auto-commit consumer killed mid-stream re-reads exactly what it read after its last commit
    The lab's consumer commits every 5 s (librdkafka's auto.commit.interval.ms). SIGKILLed, it
    cannot commit on close: started again in its group, it re-reads from the group's last commit
    on the broker (read when it restarts) to where it had read, per partition; nothing else.
    (A 6 s session timeout, the broker's minimum, instead of librdkafka's 45 s: the restarted
    consumer waits that long for its killed predecessor to leave the group.)

    Given topic "products" on "es-src" with 2 partitions
    And the app "lab" runs "python apps/lab-consumer.py --session-timeout-ms 6000"
    When producers write 200 records/s to "products" on "es-src"
    And the app "lab" consumes "products" on "es-src" as group "products-consumer"
    And the app "lab" has read 1200 records
    And the app "lab" is killed
    And the producers stop
    And the app "lab" restarts on "products" on "es-src" and reads to the end
    Then no acked record is lost or skipped by the group
    And the app "lab" re-read exactly what it had read past its group's last commit

  @negative-control @core
  Scenario: an app that commits before processing and dies skips exactly what it committed and never processed
    The classic at-most-once bug: the consumer commits each batch of 50 as it gets it, then
    processes the records one by one. It hangs after 20 and is killed; the group's commit stands
    at 50. The fixed app, started in the same group, reads from 50: records 20 to 49 were never
    processed by anyone.

    Given topic "products" on "es-src" with 1 partition
    And the app "eager" runs "python apps/lab-consumer.py --commit-before-processing --hang-after 20 --session-timeout-ms 6000"
    When 100 records are produced to "products" on "es-src"
    And the app "eager" consumes "products" on "es-src" as group "products-consumer"
    And the app "eager" has read 20 records
    And the app "eager" is killed
    And the app "python" reads "products" on "es-src" to the end as group "products-consumer"
    Then the verdict is invalid
    And the checker reports exactly 30 skipped records
    And the checker reports no other anomaly

