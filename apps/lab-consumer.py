#!/usr/bin/env python3
"""The lab's ProductConsumer as a mirrordrill app: confluent-kafka (librdkafka), auto-commit,
auto.offset.reset earliest, as the lab's consumer runs. It reads the connection the harness gives
it (docs/apps.md) and reports every record it processes and every commit as one JSON line on
stdout, the app contract.

Options (for drills, not in the lab):
  --translate-from ALIAS      (or MIRRORDRILL_TRANSLATE_FROM) before it subscribes, translate the group's offsets itself from
                              ALIAS.checkpoints.internal on its cluster and commit them, as a
                              non-Java app must (there is no RemoteClusterUtils outside Java).
  --group-protocol consumer   KIP-848's consumer group protocol (Kafka 4.0+) instead of the classic one.
  --session-timeout-ms MS     librdkafka's session.timeout.ms, 45 s by default.
  --commit-before-processing  commit each batch before processing it (the classic at-most-once
                              bug), with --hang-after N: stop processing after N records and hang
                              until killed. A negative control: the records committed and never
                              processed are lost to the group.
"""
import argparse
import os
import signal
import struct

from app_contract import Stopping, emit, load_properties
from confluent_kafka import Consumer, KafkaException, TopicPartition


def committed_event(partitions):
    return {"event": "committed", "offsets": [
        {"topic": tp.topic, "partition": tp.partition, "offset": tp.offset}
        for tp in partitions if tp.error is None and tp.offset >= 0]}


def translate(conf, group, topic, alias):
    """The group's latest checkpoint per partition of `topic`, read from ALIAS.checkpoints.internal
    (MirrorCheckpointConnector's records: key group/topic/partition, value version, upstream and
    downstream offsets, metadata), committed for the group: what RemoteClusterUtils.translateOffsets
    and a commitSync do in Java."""
    checkpoints = alias + ".checkpoints.internal"
    reader = Consumer({**conf, "group.id": group, "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    latest = {}
    try:
        meta = reader.list_topics(checkpoints, timeout=10)
        if meta.topics[checkpoints].error is not None:
            emit({"event": "translated", "offsets": [], "note": f"{checkpoints}: {meta.topics[checkpoints].error}"})
            return
        for p in meta.topics[checkpoints].partitions:
            low, high = reader.get_watermark_offsets(TopicPartition(checkpoints, p), timeout=10)
            if high <= low:
                continue
            reader.assign([TopicPartition(checkpoints, p, low)])
            position = low
            while position < high:
                msg = reader.poll(5)
                if msg is None:
                    raise RuntimeError(f"no checkpoint record arrived from {checkpoints} partition {p} within 5 s")
                if msg.error():
                    raise KafkaException(msg.error())
                position = msg.offset() + 1
                key, value = msg.key(), msg.value()
                if not key or not value:
                    continue
                n = struct.unpack(">h", key[0:2])[0]
                g = key[2:2 + n].decode()
                m = struct.unpack(">h", key[2 + n:4 + n])[0]
                t = key[4 + n:4 + n + m].decode()
                partition = struct.unpack(">i", key[4 + n + m:8 + n + m])[0]
                _version, _upstream_offset, downstream = struct.unpack(">hqq", value[0:18])
                # The key names the topic as it is on this cluster (the remote topic, es-src.products).
                if g == group and t == topic:
                    latest[partition] = downstream
    finally:
        reader.close()
    offsets = [TopicPartition(topic, p, o) for p, o in sorted(latest.items())]
    if offsets:
        committer = Consumer({**conf, "group.id": group, "enable.auto.commit": False})
        try:
            committer.commit(offsets=offsets, asynchronous=False)
        finally:
            committer.close()
    emit({"event": "translated", "offsets": [{"topic": topic, "partition": tp.partition, "offset": tp.offset} for tp in offsets]})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--translate-from", metavar="ALIAS")
    parser.add_argument("--commit-before-processing", action="store_true")
    parser.add_argument("--hang-after", type=int, default=0)
    parser.add_argument("--group-protocol", choices=["classic", "consumer"], default="classic",
                        help="KIP-848's consumer group protocol (consumer, Kafka 4.0+) or the classic one")
    parser.add_argument("--session-timeout-ms", type=int, default=0,
                        help="librdkafka's session.timeout.ms (45 s by default): how long a restarted app waits for its killed predecessor to leave the group")
    args = parser.parse_args()

    conf = load_properties(os.environ["MIRRORDRILL_LIBRDKAFKA_PROPERTIES"])
    if args.group_protocol != "classic":
        conf["group.protocol"] = args.group_protocol
    if args.session_timeout_ms:
        conf["session.timeout.ms"] = args.session_timeout_ms
    topic = os.environ["MIRRORDRILL_TOPIC"]
    group = os.environ["MIRRORDRILL_GROUP"]
    limit = int(os.environ.get("MIRRORDRILL_MAX_RECORDS") or 0)

    translate_from = args.translate_from or os.environ.get("MIRRORDRILL_TRANSLATE_FROM")
    if translate_from:
        translate(conf, group, topic, translate_from)

    stopping = Stopping()

    auto = not args.commit_before_processing
    consumer = Consumer({**conf, "group.id": group, "auto.offset.reset": "earliest", "enable.auto.commit": auto,
                         "on_commit": lambda err, partitions: emit(committed_event(partitions)) if err is None else
                         emit({"event": "commit-failed", "message": str(err)})})
    consumer.subscribe([topic])
    emit({"event": "started", "group": group, "topic": topic})
    processed = 0
    try:
        while not stopping.requested and (limit == 0 or processed < limit):
            if auto:
                msg = consumer.poll(0.5)
                batch = [] if msg is None else [msg]
            else:
                batch = consumer.consume(num_messages=50, timeout=0.5)
                good = [m for m in batch if not m.error()]
                if good:
                    ends = {}
                    for m in good:
                        ends[(m.topic(), m.partition())] = m.offset() + 1
                    done = consumer.commit(offsets=[TopicPartition(t, p, o) for (t, p), o in ends.items()], asynchronous=False)
                    emit(committed_event(done))
            for msg in batch:
                if msg.error():
                    emit({"event": "warning", "message": str(msg.error())})
                    continue
                if args.hang_after and processed >= args.hang_after:
                    emit({"event": "hung", "after": processed})
                    signal.pause()
                value = msg.value()
                emit({"event": "read", "topic": msg.topic(), "partition": msg.partition(), "offset": msg.offset(),
                      "value": value.decode("utf-8", "replace") if value is not None else None})
                processed += 1
                if limit and processed >= limit:
                    break
        if auto and limit:
            # Exactly what was processed: the offsets stored by poll(), committed before leaving.
            emit(committed_event(consumer.commit(asynchronous=False)))
    finally:
        consumer.close()
    emit({"event": "stopped", "processed": processed})


if __name__ == "__main__":
    main()
