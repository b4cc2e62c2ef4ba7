#!/bin/bash
# One combined KRaft broker+controller: formats its storage on the first start (cluster id $1),
# then becomes the broker (PID 1, so `podman stop` is a controlled shutdown and `podman kill` a SIGKILL).
set -u
config=/etc/mirrordrill/server.properties
java_opts=(-Xmx${KAFKA_HEAP:-384m} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
  -Dlog4j2.configurationFile=/etc/mirrordrill/log4j2.properties -cp '/opt/kafka/libs/*')
data=$(sed -n 's/^log\.dirs=//p' "$config")
if [ ! -f "$data/meta.properties" ]; then
  java "${java_opts[@]}" kafka.tools.StorageTool format -t "$1" -c "$config" --ignore-formatted || exit 70
fi
exec java "${java_opts[@]}" kafka.Kafka "$config"
