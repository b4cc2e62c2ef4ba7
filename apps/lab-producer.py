#!/usr/bin/env python3
"""The lab's ProductProducer as a mirrordrill app: confluent-kafka (librdkafka) writing product
records to the topic the harness names, acks=all, and reporting each record the broker acked
(its partition, offset and value) as one JSON line on stdout, the app contract (docs/apps.md).
Each value carries an id of its own ("<run>.<n>", MIRRORDRILL_RUN from the harness), so that the
drill can tell every record apart wherever it is read. MIRRORDRILL_MAX_RECORDS bounds it,
MIRRORDRILL_RATE paces it (records/s); SIGTERM flushes what is in flight and stops.
"""
import json
import os
import time

from app_contract import Stopping, emit, load_properties
from confluent_kafka import Producer

PRODUCTS = ["Carrots", "Banana", "Salad", "Avocado", "Tomato", "Apple", "Pear", "Leek", "Kale", "Melon"]


def main():
    conf = load_properties(os.environ["MIRRORDRILL_LIBRDKAFKA_PROPERTIES"])
    conf.update({"acks": "all", "delivery.timeout.ms": 15000, "request.timeout.ms": 15000})
    topic = os.environ["MIRRORDRILL_TOPIC"]
    run = os.environ.get("MIRRORDRILL_RUN", "0")
    limit = int(os.environ.get("MIRRORDRILL_MAX_RECORDS") or 0)
    rate = float(os.environ.get("MIRRORDRILL_RATE") or 0)
    stopping = Stopping()

    def delivered(err, msg):
        value = msg.value().decode("utf-8")
        if err is not None:
            emit({"event": "produce-failed", "value": value, "message": str(err)})
        else:
            emit({"event": "produced", "topic": msg.topic(), "partition": msg.partition(), "offset": msg.offset(), "value": value})

    producer = Producer(conf)
    emit({"event": "started", "topic": topic})
    sent = 0
    started = time.monotonic()
    while not stopping.requested and (limit == 0 or sent < limit):
        if rate and sent >= rate * (time.monotonic() - started):
            producer.poll(min(0.05, 1 / rate))
            continue
        i = sent % len(PRODUCTS)
        value = {"app_id": f"{run}.{sent}", "product_id": f"P{i + 1:02d}", "description": PRODUCTS[i],
                 "target_temperature": 4 + sent % 3, "target_humidity_level": 0.4, "content_type": 1 + i % 2}
        try:
            producer.produce(topic, key=value["product_id"], value=json.dumps(value), on_delivery=delivered)
        except BufferError:
            producer.poll(0.1)
            continue
        sent += 1
        producer.poll(0)
    left = producer.flush(15)
    emit({"event": "stopped", "sent": sent, "unanswered": left})


if __name__ == "__main__":
    main()
