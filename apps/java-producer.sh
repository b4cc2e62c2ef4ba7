#!/bin/sh
# A Java-client producer that cannot be edited: Kafka's own VerifiableProducer (org.apache.kafka.tools,
# the drill's Kafka version), which prints every acked record ("producer_send_success": topic,
# partition, offset, value) and every record it gave up on ("producer_send_error") as JSON lines:
# mirrordrill reads that dialect as it is. Its values are "<prefix>.<n>": the prefix is the
# harness's run number of this app (MIRRORDRILL_RUN), so that every record's value is distinct.
# acks=all; MIRRORDRILL_MAX_RECORDS bounds it, MIRRORDRILL_RATE paces it (records/s). Extra
# arguments go to it.
exec "$MIRRORDRILL_JAVA" -Xmx256M -cp "$MIRRORDRILL_KAFKA_TOOLS_CLASSPATH" org.apache.kafka.tools.VerifiableProducer \
  --bootstrap-server "$MIRRORDRILL_BOOTSTRAP" --topic "$MIRRORDRILL_TOPIC" \
  --producer.config "$MIRRORDRILL_CLIENT_PROPERTIES" --acks -1 --value-prefix "$MIRRORDRILL_RUN" \
  --throughput "${MIRRORDRILL_RATE:--1}" \
  ${MIRRORDRILL_MAX_RECORDS:+--max-messages "$MIRRORDRILL_MAX_RECORDS"} "$@"
