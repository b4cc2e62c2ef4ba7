#!/bin/sh
# A Java-client app that cannot be edited: Kafka's own VerifiableConsumer (org.apache.kafka.tools,
# from the same release as the drill's brokers), which prints every record it reads and every
# commit as JSON lines (its "record_data" and "offsets_committed" events: mirrordrill reads that
# dialect as it is). It commits after each poll, as most Java apps do without auto-commit. Extra
# arguments go to it (e.g. --group-protocol consumer for KIP-848's protocol, Kafka 4.0+).
exec "$MIRRORDRILL_JAVA" -Xmx256M -cp "$MIRRORDRILL_KAFKA_TOOLS_CLASSPATH" org.apache.kafka.tools.VerifiableConsumer \
  --bootstrap-server "$MIRRORDRILL_BOOTSTRAP" --topic "$MIRRORDRILL_TOPIC" --group-id "$MIRRORDRILL_GROUP" \
  --consumer.config "$MIRRORDRILL_CLIENT_PROPERTIES" --reset-policy earliest --verbose \
  ${MIRRORDRILL_MAX_RECORDS:+--max-messages "$MIRRORDRILL_MAX_RECORDS"} "$@"
