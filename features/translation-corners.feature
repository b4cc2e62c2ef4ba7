@what-mm2-does
Feature: The corners of MM2's offset translation, each held to exact offsets
  Where a group resumes on the target is decided in three places of MirrorMaker 2:
  MirrorSourceTask (through OffsetSyncWriter) decides which offset syncs it writes,
  OffsetSyncStore decides which of them it keeps (64 per partition, spaced roughly exponentially
  back from the latest) and translates a group's commit through the latest kept sync at or below
  it (+1 when the group is past it), and MirrorCheckpointTask decides which translations become
  checkpoints and which checkpoints it writes into the target group. Each scenario here takes one
  corner of that and asserts what MM2 does there to the offset: the checkpoint (upstream →
  downstream), the target group's committed offset, and the re-reads of the group that resumes.
  Every fact is read from the code of connect-mirror 4.3.1 and of the 3.9 branch (3.9.2, which
  the suite also runs): OffsetSyncStore is the same in both, and MirrorCheckpointTask and
  OffsetSyncWriter differ only in metrics and logging. The offsets of the remote topic equal the
  source's here: one fresh topic, no transactions, so each sync is u → u.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker

  Scenario: offset.lag.max 0 asks for a sync of every record, yet a group at 30 of 100 is checkpointed at 1 and re-reads 29
    With offset.lag.max 0, OffsetSyncWriter.PartitionState.update finds every record's translated
    offset "too stale" (downstream − (last synced downstream + 1) ≥ 0), so MM2 queues a sync for
    every record. It does not write them all: OffsetSyncWriter keeps one pending sync per
    partition and at most 10 in flight (MAX_OUTSTANDING_OFFSET_SYNCS), so of 100 records acked
    together it surely writes the syncs of 0 to 9 and, at its next offset commit
    (MirrorSourceTask.commit fires the pending sync), the one of 99; the rest replace each other
    while 10 are in flight. And it would not keep them: OffsetSyncStore.updateSyncArray keeps
    one sync per power of two back from the latest (slot i holds one at most 2^i − 1 below 99,
    invariant B) and the first sync, 0, and whichever of 1–98 MM2 wrote, none between 1 and 31
    survives (support/mirror/offset-sync-store.test.ts replays 3,000 such sets). So the group's
    commit 30 translates through the sync 0 → 0 to 0 + 1 = 1 (translateDownstream), MM2 syncs 1
    into the target group, and the group re-reads the 29 records 1–29: exactly what the default
    offset.lag.max (syncs 0 and 99 only) gives. A sync for every record buys precision only near
    the latest sync, never deep in the topic. (At 37 of 100, which the issue asked for, the
    answer depends on which syncs between 32 and 63 MM2 got out, so it is not held to a number.)

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | offset.lag.max | 0 |
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 30 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    Then MirrorMaker 2's latest checkpoint of group "products-consumer" for partition 0 of "es-src.products" on "es-tgt" is 30 → 1
    And the committed offset of group "products-consumer" on partition 0 of "es-src.products" on "es-tgt" is 1
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And the checker reports exactly 29 re-read records

  Scenario: a partition with no record gets no checkpoint of the group's commit 0 there, until its first record is mirrored
    The group reads the one record of partition 0 and commits 1 there; on partition 1, empty, it
    commits 0, as the Java consumer's commitSync() does for an assigned partition it found empty
    (the harness's clients commit only what they read, so the step sets it, before the group
    reads). MM2 has written no offset sync of partition 1: OffsetSyncStore.translateDownstream
    finds none and returns an empty OptionalLong, and MirrorCheckpointTask.checkpointsForGroup
    drops the partition ("do not emit checkpoints for partitions that don't have offset-syncs"),
    so partition 0 is checkpointed 1 → 1 (the sync 0 → 0, + 1) and partition 1 not at all, and
    MM2 syncs nothing of it into the target group. Once a record lands in partition 1, MM2 writes
    the sync 0 → 0 (the first record of a partition always gets one: PartitionState's
    noPreviousSyncThisLifetime), the commit 0 translates to exactly 0, and MM2 checkpoints it and
    syncs it into the target group (a partition the target group has no offset for is synced
    like a new group's). The group resumes on both partitions and re-reads nothing.

    Given topic "orders" on "es-src" with 2 partitions
    And MirrorMaker 2 mirrors "orders" from "es-src" to "es-tgt"
    When one record is produced to "orders" on "es-src"
    And MirrorMaker 2 has mirrored "orders" to "es-tgt"
    And the committed offset of group "billing" on partition 1 of "orders" on "es-src" is set to 0
    And group "billing" reads "orders" on "es-src" to the end
    And MirrorMaker 2 has checkpointed group "billing" to "es-tgt"
    Then MirrorMaker 2's latest checkpoint of group "billing" for partition 0 of "es-src.orders" on "es-tgt" is 1 → 1
    And MirrorMaker 2 has written no checkpoint of group "billing" for partition 1 of "es-src.orders" on "es-tgt"
    And the committed offset of group "billing" on partition 0 of "es-src.orders" on "es-tgt" is 1
    And group "billing" has no committed offset on partition 1 of "es-src.orders" on "es-tgt"
    When 2 records are produced to "orders" on "es-src"
    And MirrorMaker 2 has mirrored "orders" to "es-tgt"
    And MirrorMaker 2 has checkpointed group "billing" to "es-tgt"
    Then MirrorMaker 2's latest checkpoint of group "billing" for partition 1 of "es-src.orders" on "es-tgt" is 0 → 0
    And the committed offset of group "billing" on partition 1 of "es-src.orders" on "es-tgt" is 0
    When every broker of "es-src" is killed
    And group "billing" resumes on "es-src.orders" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And the checker reports exactly 0 re-read records

  Scenario: a group named console-consumer-… is never checkpointed: MM2's default groups.exclude
    MirrorCheckpointConnector.findConsumerGroups keeps only the groups DefaultGroupFilter lets
    through: groups ".*" minus groups.exclude, whose default is "console-consumer-.*, connect-.*,
    __.*" (DefaultGroupFilter.GROUPS_EXCLUDE_DEFAULT, the same in 3.9.2 and 4.3.1): the groups
    kafka-console-consumer makes up, Connect's sink connectors' and the internal ones. The
    excluded group commits first, so the listing that found products-consumer found it too. MM2
    checkpoints products-consumer at 100 → 100 (its commit at the latest sync, 99 → 99, + 1) and
    writes nothing of console-consumer-4711, not even a target group. Resuming from the offsets MM2
    synced, that group finds no offset on the target and starts at the log start: its 100
    re-reads are excess, since no checkpoint justifies them, and that is the limit being shown.

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "console-consumer-4711" reads 100 records from "products" on "es-src" and commits
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    Then MirrorMaker 2 has checkpointed nothing of group "console-consumer-4711" to "es-tgt"
    And MirrorMaker 2's latest checkpoint of group "products-consumer" for partition 0 of "es-src.products" on "es-tgt" is 100 → 100
    And group "console-consumer-4711" has no committed offset on partition 0 of "es-src.products" on "es-tgt"
    When every broker of "es-src" is killed
    And group "console-consumer-4711" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then the checker reports exactly 100 re-read records
    And the checker reports exactly 100 excess re-read records
    And the checker reports no other anomaly

  Scenario: a group rewound on the source: the checkpoint follows it back, the offset MM2 synced into the target group does not
    With the default offset.lag.max (100) MM2 writes the syncs 0 → 0 (the first record) and
    99 → 99 (the last, at its next offset commit) of 100 records. The group reads all 100 and
    commits 100: checkpoint 100 → 100, synced into the target group. An operator then sets the
    group back to 30 on the source (kafka-consumer-groups --reset-offsets). MM2 translates 30
    through the sync 0 → 0 to 1 and writes the checkpoint 30 → 1 although its downstream offset
    goes back: MirrorCheckpointTask.checkpointIsMoreRecent emits a checkpoint whose upstream
    offset is below the last one ("upstream offset rewind", since KAFKA-14666: 3.4.1 and 3.5.0).
    Yet MirrorCheckpointTask.syncGroupOffset skips a partition whose target offset is already at
    or past the checkpoint ("latestDownstreamOffset >= convertedUpstreamOffset", since KIP-545,
    2.7.0), so the target group stays at 100 for good: a group that resumes from the offsets
    MM2 synced does not re-process the 70 records it was rewound to, while one that translates
    the checkpoints (RemoteClusterUtils.translateOffsets, or npm run translate: both give 1) would
    re-read 99.

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    Then MirrorMaker 2's latest checkpoint of group "products-consumer" for partition 0 of "es-src.products" on "es-tgt" is 100 → 100
    And the committed offset of group "products-consumer" on partition 0 of "es-src.products" on "es-tgt" is 100
    When the committed offset of group "products-consumer" on partition 0 of "products" on "es-src" is set to 30
    Then MirrorMaker 2's latest checkpoint of group "products-consumer" for partition 0 of "es-src.products" on "es-tgt" is 30 → 1
    And the committed offset of group "products-consumer" on partition 0 of "es-src.products" on "es-tgt" stays 100 for 5 seconds
    And translating the offsets of group "products-consumer" from "es-src" on "es-tgt" with npm run translate gives what RemoteClusterUtils.translateOffsets gives
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And the checker reports exactly 0 re-read records

  Scenario: a member of the group running on the target keeps MM2 from syncing the group's offsets there, until it leaves
    MirrorCheckpointTask.refreshIdleConsumerGroupOffset reads the target group's offsets only when
    the group is EMPTY; a group with a member is not idle, and syncGroupOffset then asks the
    target to take the checkpoint as a new group's (Admin.alterConsumerGroupOffsets), which the
    group coordinator refuses for a group with members (UNKNOWN_MEMBER_ID: an offset commit
    without a member id is taken only into an empty group). Here the group's own offset of
    es-src.products on the target is 30 (committed while it had no member), and a member of the
    same group consumes another topic on the target, audit: the group's state is the group's, not
    the topic's. MM2 checkpoints the source commit 100 → 100 but the target group stays at 30
    while the member is there: MM2 tries every sync.group.offsets.interval.seconds (1 s in a
    drill) and logs each refusal at WARN ("Unable to sync offsets for consumer group
    products-consumer. This is likely caused by consumers currently using this group in the
    target cluster."). Once the member leaves, the group is EMPTY, 30 < 100, and MM2 syncs 100
    (the EMPTY-only rule and the forward-only one are KIP-545's, 2.7.0).

    Given topic "products" on "es-src" with 1 partition
    And topic "audit" on "es-tgt" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 100 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And the committed offset of group "products-consumer" on partition 0 of "es-src.products" on "es-tgt" is set to 30
    And group "products-consumer" consumes "audit" on "es-tgt" continuously, committing every 1000 ms
    And group "products-consumer" reads 100 records from "products" on "es-src" and commits
    Then MirrorMaker 2's latest checkpoint of group "products-consumer" for partition 0 of "es-src.products" on "es-tgt" is 100 → 100
    And the committed offset of group "products-consumer" on partition 0 of "es-src.products" on "es-tgt" stays 30 for 5 seconds
    When group "products-consumer" stops consuming
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    Then the committed offset of group "products-consumer" on partition 0 of "es-src.products" on "es-tgt" is 100
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And the checker reports exactly 0 re-read records

  Scenario Outline: 10,000 records, a group <lag> of them behind the end: its re-reads are bounded by the syncs MM2 wrote around it, not by its lag
    With the default offset.lag.max (100) a sync falls due every 101 records, plus one at each
    of MM2's offset commits (the delayed sync of the last record copied), 9999 → 9999 last. MM2
    does not write every due sync: with 10 in flight (OffsetSyncWriter's
    MAX_OUTSTANDING_OFFSET_SYNCS) the pending one is replaced by the next, so a run writes 90 to
    101 of them and which ones is a matter of timing. OffsetSyncStore translates a group at u
    through the first of its 64 slots at or below u, s, the slot before holding t > u. Invariant
    B (syncs[i] ≤ syncs[j] + 2^j − 2^i for distinct syncs) keeps t at most 2^(i−1) above s, and
    invariant C (syncs[i] ≥ syncs[j] + 2^(i−2)) spaces the distinct slots out, so with every due
    sync written the re-reads, u − s − 1, stay below about 8 × (9999 − u). But when MM2 skipped
    the syncs between two it wrote, the store fills the slots between with copies of the newer
    one (the invariants hold for distinct syncs only) and the group translates through the older:
    a run here wrote 9494 and then 9999, kept nothing between, and the group at 9900 re-read 405
    (8 × 99 = 792 held, by luck); the other runs re-read 1. What always holds is invariant D: the
    first sync, 0 → 0, stays in slot 63, so the group translates to 1 at worst and re-reads at
    most the <bound> records it read past it. At 5000 that worst case is what every run
    gave (4999: the store kept nothing between 0 and 6464). Either way the resume re-reads
    exactly what MM2's checkpoint implies (the harness replays the syncs MM2 wrote into its
    model of the store).

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 10000 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads <at> records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    And every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And each partition re-reads at most <bound> records

    Examples:
      | lag  | at   | bound |
      | 1 %  | 9900 | 9899  |
      | 50 % | 5000 | 4999  |

  Scenario: 10,000 records, a group 90 % of them behind the end: checkpointed at 1, it re-reads all 999 records it had read but the first
    The store's spacing decides: with 9999 the latest sync, the slots MM2 fills as syncs arrive
    leave none between 0 and 1000 as long as MM2 writes a sync at least every 150 records
    (support/mirror/offset-sync-store.test.ts replays 300 such sets, extra syncs at random; the
    runs kept 0, then 6464 or 6565 and up). A run whose MM2 skipped every sync from the
    first hundreds to the end could keep one below 1000; none here did. The commit 1000 translates through the first sync,
    0 → 0, to 1: the checkpoint is 1000 → 1, MM2 syncs 1 into the target group, and the group
    re-reads the 999 records 1–999.

    Given topic "products" on "es-src" with 1 partition
    And MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When 10000 records are produced to "products" on "es-src"
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    And group "products-consumer" reads 1000 records from "products" on "es-src" and commits
    And MirrorMaker 2 has checkpointed group "products-consumer" to "es-tgt"
    Then MirrorMaker 2's latest checkpoint of group "products-consumer" for partition 0 of "es-src.products" on "es-tgt" is 1000 → 1
    And the committed offset of group "products-consumer" on partition 0 of "es-src.products" on "es-tgt" is 1
    When every broker of "es-src" is killed
    And group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end
    Then no acked record is lost or skipped
    And re-reads stay within what MM2's checkpoints imply
    And the checker reports exactly 999 re-read records

  Scenario: emit.offset-syncs.enabled=false leaves MM2 nothing to translate with, and its checkpoint connector is refused at once
    Since 3.9.0 (KIP-1031) MirrorSourceConnector can be told not to write offset syncs at all
    (`emit.offset-syncs.enabled=false`), for flows that need no translation. Checkpoints are
    translated only through offset syncs (MirrorCheckpointTask.checkpoint →
    OffsetSyncStore.translateDownstream), so MirrorCheckpointConfig.validate refuses the
    checkpoint connector when the syncs are off: "MirrorCheckpointConnector can't run without
    offset syncs". Dedicated MM2 applies the setting to every connector of the flow, logs Connect's
    BadRequestException for the checkpoint connector, and the step quotes it within seconds. Before
    3.9.0 the key is unknown and ignored.

    Given topic "products" on "es-src" with 1 partition
    Then MirrorMaker 2 started for "products" from "es-src" to "es-tgt" refuses its configuration, saying "MirrorCheckpointConnector can't run without offset syncs", with:
      | emit.offset-syncs.enabled | false |
