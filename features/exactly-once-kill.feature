@what-mm2-does
Feature: Exactly-once MirrorMaker 2 SIGKILLed mid-stream: no duplicate for a read_committed reader, aborted copies in the log
  MM2 copies at least once: a restarted MirrorSourceTask seeks to the source offset after the last
  one Kafka Connect committed for it (MirrorSourceTask.initializeConsumer: committed + 1), so
  whatever it had written to the target past that commit it writes again. Connect commits a
  plain source task's offsets every offset.flush.interval.ms (500 ms here, which mirrordrill sets
  as `<target>.offset.flush.interval.ms`), and offsets only of records the target acked.

  With exactly-once source support (KIP-618, Kafka Connect 3.3; dedicated MM2 since 3.5:
  `<target>.exactly.once.source.support = enabled`, handed to the worker by
  MirrorMakerConfig.workerConfig; Kafka's docs ask for `dedicated.mode.enable.internal.rest =
  true` too, the KIP-710 server over which a follower forwards the zombie fencing to the leader)
  each task is an ExactlyOnceWorkerSourceTask: a transactional producer with the transactional.id
  `<group.id>-<connector>-<task>` (Worker.taskTransactionalId; here `es-src-mm2-MirrorSourceConnector-0`)
  writes each batch a poll returns (transaction.boundary = poll, the default) and the batch's source
  offsets into the worker's offsets topic in one transaction (ExactlyOnceWorkerSourceTask.commitTransaction).
  A kill between a transaction's first send and its commit leaves it open: its records are in the
  target's log, past the last stable offset (LSO), and no read_committed reader gets them. The
  restarted task fences the killed one (DistributedHerder.startTask runs a round of zombie fencing,
  Admin.fenceProducers, then KafkaProducer.initTransactions bumps the epoch of the same
  transactional.id), and the coordinator aborts the open transaction: its records stay in the log
  as aborted records, and the restarted task copies them again from the committed offset + 1.
  Without a restart the coordinator aborts it once transaction.timeout.ms (60 s: the producer's
  default, which Connect does not change) has passed, checked every 10 s
  (transaction.abort.timed.out.transaction.cleanup.interval.ms).

  Whether a kill lands inside an open transaction with records already on the target is timing:
  a poll's transaction lives from its first send to its commit marker, and how much of each
  poll-and-commit cycle that is depends on the machine (here 3 kills of 4 hit one, below). So the
  number of aborted records is measured and printed, not asserted to be positive: the assertion is that every record only a read_uncommitted reader gets is an
  extra copy of a record the committed copy holds once.

  Background:
    Given a source cluster "es-src" with 1 broker
    And a target cluster "es-tgt" with 1 broker
    And topic "products" on "es-src" with 1 partition

  @long
  Scenario: exactly-once MM2 killed while 200 records/s flow, then restarted: a read_committed reader finds no duplicate
    The LSO of es-src.products, and of MM2's offsets topic, are timed from the kill: a measure,
    not a bound (the restart comes 2 s of produced records after the kill, plus MM2's start).
    Where the kill hit decides what they show:
    - between transactions: nothing open, nothing stalls;
    - after a transaction's first records reached es-tgt, before its offsets were written
      (ExactlyOnceWorkerSourceTask.commitTransaction writes them last, then commits): only
      es-src.products stalls, until the restarted task fences the killed one, MM2's start later;
    - after its offsets were written to mm2-offsets.es-src.internal, before the commit marker:
      the offsets topic holds the open transaction too, and the restarted worker cannot start
      until it ends: KafkaBasedLog.readToLogEnd reads the offsets topic, with a read_committed
      consumer, up to the end offsets the admin lists read_uncommitted (TopicAdmin.endOffsets),
      on purpose ("we will read up to the point where the latest offsets visible to the consumer
      are at least as high as the (possibly-part-of-a-transaction) end offsets", since 3.3.0,
      KAFKA-10000). The task that would fence the killed one is not started before that, so
      only transaction.timeout.ms ends it. MM2 copies nothing meanwhile. A heartbeat or
      checkpoint task killed inside its commit would hold up the offsets topic alone.
    Measured on Kafka 4.3.1 (2 shared cores, 4 runs): 3 kills hit the last case: 1, 2 and 10
    aborted records, both LSOs stalled 61.6–61.9 s after the kill, and the restarted MM2 logged
    "Finished reading offsets topic" 57.7–58.1 s after its start (drill 75–104 s); 1 kill hit
    between transactions: nothing open, 0 aborted records (drill 22 s).
    The mirrored wait (90 s) outlasts the 60 s of transaction.timeout.ms and the coordinator's
    10 s check.

    Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt" with:
      | es-tgt.exactly.once.source.support  | enabled        |
      | es-src.consumer.isolation.level     | read_committed |
      | dedicated.mode.enable.internal.rest | true           |
    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 1000 records
    And MirrorMaker 2 is killed
    And the last stable offset of "es-src.products" on "es-tgt" is timed
    And the last stable offset of "mm2-offsets.es-src.internal" on "es-tgt" is timed
    And the producers have written 400 more records
    And MirrorMaker 2 is restarted
    And the producers have written 400 more records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the last stable offset of "es-src.products" on "es-tgt" has passed what was open when it was timed
    And the last stable offset of "mm2-offsets.es-src.internal" on "es-tgt" has passed what was open when it was timed
    And the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates
    And read read_uncommitted, the copy of "products" on "es-tgt" misses 0 acked records and its only extra copies are the records of aborted transactions

  Scenario: the twin without exactly-once: MM2 killed mid-stream writes again exactly what it had copied past its last offset commit
    Whether the kill leaves copies past the last commit is timing too: a kill right after an offset
    commit, before the next copy was acked, leaves none. So the drill counts them between the kill
    and the restart (MM2's committed source offset read from its offsets topic,
    mm2-offsets.es-src.internal on es-tgt; the records es-src.products holds past it, each known by
    its source offset in the ledger) and asserts that the restarted MM2 wrote exactly that many
    duplicates, and missed nothing. Measured (3 runs): 11, 90 and 40; MM2's own first offset sync
    after the restart agrees each time (e.g. 913 → 1003: source offset 913 copied again 90 offsets
    further on).

    Given MirrorMaker 2 mirrors "products" from "es-src" to "es-tgt"
    When producers write 200 records/s to "products" on "es-src"
    And the producers have written 1000 records
    And MirrorMaker 2 is killed
    And the producers have written 400 more records
    And MirrorMaker 2's copies of "products" on "es-tgt" past its committed source offsets are counted
    And MirrorMaker 2 is restarted
    And the producers have written 400 more records
    And the producers stop
    And MirrorMaker 2 has mirrored "products" to "es-tgt"
    Then the copy of "products" on "es-tgt" misses 0 acked records and has as many duplicates as MirrorMaker 2 had copied past its committed source offsets
