@what-mm2-does
Feature: IdentityReplicationPolicy: the copy keeps the topic's name; one way it fails over, both ways it loops
  With `replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy`
  (KAFKA-9726, since Kafka 3.0.0; the same class in 3.9 and 4.3.1) MM2 copies `products` of es-src
  to `products` on es-tgt: IdentityReplicationPolicy.formatRemoteTopic returns the name unchanged,
  except for heartbeats, which keep DefaultReplicationPolicy's `es-src.heartbeats`.

  What it leaves as it was: MM2's internal topics. The policy does not override checkpointsTopic
  or offsetSyncsTopic, so the checkpoints are in `es-src.checkpoints.internal` on es-tgt and the
  offset syncs in `mm2-offset-syncs.es-tgt.internal` on es-src, as with the default policy (the
  checkpointed wait reads that topic by that name: a policy that named it otherwise would time it
  out). MirrorCheckpointTask.renameTopicPartition names the checkpointed partition with
  formatRemoteTopic, so the checkpoint is of `products`. RemoteClusterUtils.translateOffsets
  (MirrorClient.remoteConsumerOffsets) reads replicationPolicy.checkpointsTopic(remote alias) and
  returns each checkpoint's topic partition as MM2 wrote it: it never calls topicSource or
  upstreamTopic, so it gives `products` → the checkpoint's offset whichever of the two policies the
  client is configured with, and `npm run translate` (which reads the same topic) gives the same.
  What changes is the rest of MirrorClient: remoteTopics() keeps a topic only when topicSource is
  not null, and IdentityReplicationPolicy.topicSource returns the `source.cluster.alias` it was
  configured with, null in a client given none, so `products` is no remote topic to it (it is
  with `source.cluster.alias = es-src` in the client's properties). upstreamClusters() and
  replicationHops() read only heartbeats topics, whose names keep the alias under both policies;
  they find es-src only in `es-src.heartbeats`, the copy of a `heartbeats` topic on es-src, which
  only a flow into es-src writes (the harness runs MM2 with `--clusters es-tgt`, so here there is
  none and both return nothing, under either policy). Checked against this drill's es-tgt, held
  before the kill, with Kafka 4.3.1's classes: translateOffsets gave `products-0` → 1 with either
  policy; remoteTopics() gave [] without the alias and [products] with it.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition

  Scenario: one way: the seed failover onto products on es-tgt, translated as RemoteClusterUtils translates it
    The seed story with the copy named `products`. 100 records are produced and the group
    commits 20 before MM2 has mirrored: MM2 writes the offset sync of the first record it copies
    (OffsetSyncWriter.PartitionState.update: no previous sync this lifetime, 0 → 0) and then none
    until a copy's downstream offset is offset.lag.max (100) past the last sync plus one, so only
    the delayed sync of the last record copied before each offset commit (99 → 99 once everything
    is copied). The checkpoint of the group's 20 goes through the latest sync at or below 20 that
    MM2's OffsetSyncStore kept, s → s, to s + 1 (OffsetSyncStore.translateDownstream; s = 20 gives
    20): the group re-reads 20 − (s + 1) ≤ 19 records, never more, and exactly what the checkpoint
    implies. The copy is whole and holds every record once: MM2 ran without a restart, so
    MirrorSourceTask copied each record of es-src once (a re-copy needs a restart from an older
    committed source offset). In the runs here MM2 wrote the syncs 0 → 0 and 99 → 99, the
    checkpoint was 20 → 1 and the group re-read 19; Kafka's ConsumerGroupCommand on es-tgt,
    before the kill, showed the group at 1 of 100 in `products`.

    Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | replication.policy.class | org.apache.kafka.connect.mirror.IdentityReplicationPolicy |
    When 100 records are produced to "products" on "es-src"
    And group "products-consumer" reads 20 records from "products" on "es-src" and commits
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
    And translating the offsets of group "products-consumer" from "es-src" on "es-tgt" with npm run translate gives what RemoteClusterUtils.translateOffsets gives
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then group "products-consumer" resumed on "products" on "es-tgt" against the checkpoints of MirrorMaker 2 from "es-src" to "es-tgt"
    And no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And each partition re-reads at most 19 records
    And the checker reports exactly 0 excess re-read records
    And the checker reports exactly 0 lost records
    And the checker reports exactly 0 skipped records

  Scenario: both ways on the same topic: every record goes round, unchanged, as long as both flows run
    Active/active with IdentityReplicationPolicy on both flows, which its javadoc warns against
    ("MirrorMaker is not able to prevent cycles when using this replication policy"). MM2 refuses
    to copy a topic back where it came from only through MirrorSourceConnector.shouldReplicateTopic
    → isCycle, which reads the topic's origin from its name: replicationPolicy.topicSource. MM2
    configures each connector's policy with the connector's config (MirrorConnectorConfig:
    getConfiguredInstance, with MirrorMakerConfig's source.cluster.alias in it), so
    IdentityReplicationPolicy.topicSource("products") is the flow's own source alias (es-src for
    es-src → es-tgt, es-tgt for es-tgt → es-src), never its target; isCycle then asks
    upstreamTopic, which returns `products` itself, and stops ("Extra check for
    IdentityReplicationPolicy and similar impls that don't prevent cycles": return false). So each
    flow copies `products` whole, the other flow's copies included. Nothing else filters:
    MirrorSourceTask.poll copies every record it fetches, and convertRecord carries the key, the
    value, the headers, the timestamp and the partition over unchanged, adding no header (4.3.1
    and 3.9 alike; no MM2 release marks a copy). Only the heartbeats, which the policy still names
    `es-src.heartbeats`, are kept from going round.

    So 100 records produced to `products` on es-src are copied to es-tgt, back to es-src, and so
    on, for as long as both MM2s run, each turn appending the same 100 records once more to each
    side. How fast depends on the machine and MM2's polls, so the drill asserts lower bounds
    reached within the mirror timeout (90 s), not counts at an instant: every record at least 3
    times on each side (on es-src the original and 2 returns), every copy identical to the
    original at its acked offset. Then, with nothing produced since, both sides hold more of it
    still: the loop does not stop by itself. The audit of the copy, which counts duplicates, is
    refused here, since the count would be the loop's turns. Held for inspection (kcat on both
    clusters), the loop ran at about 4,000 records a second on each side of this 2-core machine
    and had grown `products` to 1.7 million records on each within minutes; offsets 0, 100, 200
    and 300 of es-src held the same record (key P01, the same timestamp, no header); the
    heartbeats stopped after one hop (`es-src.heartbeats` on es-tgt, `es-tgt.heartbeats` on es-src,
    nothing further).

    Given topic "products" on "es-tgt" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | replication.policy.class | org.apache.kafka.connect.mirror.IdentityReplicationPolicy |
    And MirrorMaker 2 mirrors "products" from "es-tgt" to "es-src" with:
      | replication.policy.class | org.apache.kafka.connect.mirror.IdentityReplicationPolicy |
    When 100 records are produced to "products" on "es-src"
    Then every record produced to "products" on "es-src" is in "products" on "es-tgt" at least 3 times, each copy identical to the original
    And every record produced to "products" on "es-src" is in "products" on "es-src" at least 3 times, each copy identical to the original
    And every record produced to "products" on "es-src" is in "products" on "es-src" at least 10 times, each copy identical to the original
    And every record produced to "products" on "es-src" is in "products" on "es-tgt" at least 10 times, each copy identical to the original
    And auditing the copy of "products" on "es-tgt" is refused saying "MM2 es-tgt → es-src copies products back into products on es-src"
