@apps @stranger
Feature: A stranger's apps: other partition counts, other shapes, checked against Kafka's own tools
  Drills the suite does not contain, each checked by hand against ConsumerGroupCommand,
  GetOffsetShell, kcat and RemoteClusterUtils (MIRRORDRILL_INSPECT_BEFORE holds them).

  Scenario: the Python app translates its own offsets on 4 partitions, its group at different depths per partition
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And the app "python" runs "python apps/lab-consumer.py"
    And topic "products" on "es-src" with 4 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | sync.group.offsets.enabled | false |
    When 400 records are produced to "products" on "es-src"
    And the app "python" reads 170 records from "products" on "es-src" as group "products-consumer"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And the app "python" resumes on "es-src.products" on "es-tgt" translating its offsets itself and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  Scenario: the Java app killed under fire on 6 partitions and restarted on the same cluster
    Given a source cluster "es-src" with 1 broker
    And the app "java" runs "apps/java-consumer.sh --session-timeout 6000"
    And topic "products" on "es-src" with 6 partitions
    When producers write 200 records/s to "products" on "es-src"
    And the app "java" consumes "products" on "es-src" as group "products-consumer"
    And the app "java" has read 1200 records
    And the app "java" is killed
    And the producers stop
    And the app "java" restarts on "products" on "es-src" and reads to the end
    Then no acked record is lost or skipped by the group
    And the app "java" re-read exactly what it had read past its group's last commit

  Scenario: a kcat wrapper as the app, 6 partitions, resuming from the offsets MM2 synced
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And the app "kcat" runs "apps/kcat-consumer.sh"
    And topic "products" on "es-src" with 6 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 300 records are produced to "products" on "es-src"
    And the app "kcat" reads 100 records from "products" on "es-src" as group "products-consumer"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And the app "kcat" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  Scenario: an app that prints its whole client config, password included, on a secured cluster
    Given a source cluster "es-src" with 1 broker secured with SCRAM-SHA-512 and mutual TLS
    And a target cluster "es-tgt" with 1 broker secured with SCRAM-SHA-512 and mutual TLS
    And the app "chatty" runs "cat $MIRRORDRILL_LIBRDKAFKA_PROPERTIES $MIRRORDRILL_CLIENT_PROPERTIES; exec python apps/lab-consumer.py"
    And topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And the app "chatty" reads 20 records from "products" on "es-src" as group "products-consumer"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And the app "chatty" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply

  @negative-control
  Scenario: an app that never commits, killed and restarted, re-reads everything it had read
    Its group has no commit on the broker (ConsumerGroupCommand: CURRENT-OFFSET "-"), so the
    restarted app starts at the log start: everything the first run read is re-read, and no
    commit justifies it (excess re-reads, an invalid verdict).
    Given a source cluster "es-src" with 1 broker
    And the app "forgetful" runs "apps/kcat-consumer.sh -X enable.auto.commit=false"
    And topic "products" on "es-src" with 6 partitions
    When producers write 200 records/s to "products" on "es-src"
    And the app "forgetful" consumes "products" on "es-src" as group "products-consumer"
    And the app "forgetful" has read 500 records
    And the app "forgetful" is killed
    And the producers stop
    And the app "forgetful" restarts on "products" on "es-src" and reads to the end
    Then no acked record is lost or skipped by the group
    And the app "forgetful" re-read exactly what it had read past its group's last commit
    And the verdict is invalid

  Scenario: a typo in the app's name in a later step is refused, naming the apps declared
    Given a source cluster "es-src" with 1 broker
    And the app "python" runs "python apps/lab-consumer.py"
    And topic "products" on "es-src" with 1 partition
    When 10 records are produced to "products" on "es-src"
    Then the app "pyhton" reading 5 records from "products" on "es-src" as group "g" is refused saying 'no app "pyhton" was declared in this scenario'

  Scenario: a Node app (kafkajs, manual commits) resumes on 3 partitions from offsets translated from the checkpoints
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And the app "node" runs "node apps/node-consumer.mjs"
    And topic "products" on "es-src" with 3 partitions
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | sync.group.offsets.enabled | false |
    When 300 records are produced to "products" on "es-src"
    And the app "node" reads 140 records from "products" on "es-src" as group "products-consumer"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And the app "node" resumes on "es-src.products" on "es-tgt" from offsets translated from the checkpoints and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
