@bad-input
Feature: Bad input is refused at its step, in seconds, saying what is wrong and what to do
  A typo or a value out of range must not pass in silence nor mislead later: MM2 ignores a
  property key it does not know and runs with the default, skips a topic that its replication
  policy reads as a cycle without saying so, and a value past Kafka's ranges fails deep in a
  client. Each is refused at the step that carries it, before MM2 or anything else is waited on,
  quoting the rule. (An undefined step is refused before any cluster starts: see
  support/step-guard.test.ts.)

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker

  @core
  Scenario: a mistyped MM2 property is refused with the nearest name MM2 defines
    Then MirrorMaker 2 mirroring "orders" from "es-src" to "es-tgt" is refused saying 'did you mean "offset.lag.max"?', with:
      | offset.lag.maxx | 10 |

  @core
  Scenario: a topic named like a remote topic of the target is a cycle MM2 never mirrors
    Then MirrorMaker 2 mirroring "es-tgt.orders" from "es-src" to "es-tgt" is refused saying 'MM2 never mirrors "es-tgt.orders" from es-src to es-tgt: DefaultReplicationPolicy reads its name as a remote topic of "es-tgt"'

  Scenario: an internal topic is never mirrored
    Then MirrorMaker 2 mirroring "__consumer_offsets" from "es-src" to "es-tgt" is refused saying "its name makes it an internal topic"

  Scenario: a topic the flow's own topics.exclude names is never mirrored
    Then MirrorMaker 2 mirroring "orders-audit" from "es-src" to "es-tgt" is refused saying 'it matches topics.exclude = ".*-audit"', with:
      | es-src->es-tgt.topics.exclude | .*-audit |

  @core
  Scenario: a partition count past Kafka's INT32 is named as such
    Then topic "products" on "es-src" with 3000000000 partitions is refused saying "the number of partitions 3000000000 is out of range: at most 2147483647, Kafka's limit"

  Scenario: a produce rate of 0 is refused with a hint about rates
    Then producers writing 0 records/s to "products" on "es-src" are refused saying "producers at 0 records/s write nothing"

  @core
  Scenario: an app whose script does not exist is refused when it is declared
    Then the app "payments" running "python apps/payments-consumer.py" is refused saying 'the app "payments" runs "apps/payments-consumer.py", which does not exist'

  Scenario: an app that dies at once is named, with its exit code and its last output
    Given topic "products" on "es-src" with 1 partition
    And the app "broken" runs "echo 'KafkaException: no bootstrap.servers' >&2; exit 2"
    When 10 records are produced to "products" on "es-src"
    Then the app "broken" reading 5 records from "products" on "es-src" as group "g" is refused saying "err: KafkaException: no bootstrap.servers"

  Scenario: an app that reports garbage is stopped at the line, quoted
    A read the harness cannot place would make a false verdict: the app is stopped and the line quoted.

    Given topic "products" on "es-src" with 1 partition
    And the app "garbled" runs "echo '{\"event\":\"read\",\"topic\":\"products\",\"partition\":\"zero\",\"offset\":1}'; sleep 60"
    When 10 records are produced to "products" on "es-src"
    Then the app "garbled" reading 5 records from "products" on "es-src" as group "g" is refused saying '"partition" must be an integer of 0 or more, got "zero", in the line:'

  Scenario: a producing app that writes one value twice is stopped: two records it cannot tell apart
    Given topic "products" on "es-src" with 1 partition
    And the app "repeats" runs "for o in 0 1; do echo '{\"event\":\"produced\",\"topic\":\"products\",\"partition\":0,\"offset\":'$o',\"value\":\"same\"}'; done; sleep 60"
    Then the app "repeats" producing 2 records to "products" on "es-src" is refused saying 'it wrote the value "same" twice (at products-0 offset 1): the drill names each record by its value'

  # Your MM2 configuration (features/your-mm2-resource.feature): refused naming the field and what to write.

  Scenario: a KafkaMirrorMaker2 naming a cluster the scenario does not have is refused naming the alias and the scenario's clusters
    Then MirrorMaker 2 running the KafkaMirrorMaker2 resource in "features/resources/unknown-alias.yml" is refused saying 'spec.clusters[1].alias: the scenario has no cluster "es-dr" (its clusters: "es-src", "es-tgt")'

  @core
  Scenario: a misspelt field of a KafkaMirrorMaker2 is refused with the field it means
    Then MirrorMaker 2 running the KafkaMirrorMaker2 resource in "features/resources/unsupported-field.yml" is refused saying 'spec.mirrors[0].topicPattern: is not a field'

  Scenario: a mirror whose targetCluster is not the connectCluster is refused at the mirror
    Then MirrorMaker 2 running the KafkaMirrorMaker2 resource in "features/resources/target-not-connect-cluster.yml" is refused saying 'spec.mirrors[0].targetCluster: "es-src" is not spec.connectCluster ("es-tgt")'

  Scenario: a connector key one edit from a name MM2 defines is refused naming both
    Then MirrorMaker 2 running the KafkaMirrorMaker2 resource in "features/resources/typo-key.yml" is refused saying 'spec.mirrors[0].checkpointConnector.config.offset.lag.maxx: "offset.lag.maxx" is one edit from "offset.lag.max"'

  Scenario: a value MM2 would refuse in a KafkaMirrorMaker2 is refused at its field
    Then MirrorMaker 2 running the KafkaMirrorMaker2 resource in "features/resources/invalid-value.yml" is refused saying 'spec.mirrors[0].checkpointConnector.config.sync.group.offsets.enabled: MM2 property'

  Scenario: a key one edit from a name MM2 defines in an mm2.properties is refused naming both
    Then MirrorMaker 2 running the MM2 properties in "features/resources/typo-key.properties" is refused saying '"es-src->es-tgt.offset.lag.maxx" is one edit from "es-src->es-tgt.offset.lag.max"'
