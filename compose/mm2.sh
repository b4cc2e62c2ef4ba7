#!/bin/bash
# MirrorMaker 2 as the lab deploys it: a Kafka Connect worker (distributed mode) whose mirror
# connectors are PUT over its REST API once it answers. The image has no curl: bash's /dev/tcp
# speaks the little HTTP needed. The worker becomes PID 1 (exec), so `podman stop` is its
# controlled shutdown and `podman kill` a SIGKILL; the connectors' configs live in the worker's
# config topic on es-tgt, and the PUTs of a restarted container change nothing.
set -u
rest_host=127.0.0.1
rest_port=$(sed -n 's/^rest\.advertised\.port=//p' /etc/mirrordrill/connect.properties)

# PUT $2 (a file) to path $1; prints the HTTP status, or nothing when nothing answers.
put() {
  local body status
  body=$(cat "$2")
  exec 3<>"/dev/tcp/$rest_host/$rest_port" 2>/dev/null || return 0
  printf 'PUT %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$1" "$rest_host" "$rest_port" "${#body}" "$body" >&3
  read -r _ status _ <&3
  exec 3<&-
  echo "$status"
}

put_connectors() {
  for file in /etc/mirrordrill/connectors/*.json; do
    name=$(sed -n 's/^  "name": "\(.*\)",\{0,1\}$/\1/p' "$file")
    path="/connectors/$(printf '%s' "$name" | sed 's/>/%3E/g')/config"
    # Until the worker has joined its group and answers 200/201 (503 or 409 meanwhile); at most 5 minutes.
    for _ in $(seq 1 300); do
      status=$(put "$path" "$file")
      case "$status" in
        200|201) echo "mirrordrill: connector $name configured (HTTP $status)"; break ;;
      esac
      sleep 1
    done
    case "$status" in 200|201) ;; *) echo "mirrordrill: connector $name NOT configured: last answer ${status:-none}" >&2 ;; esac
  done
}

put_connectors &
exec java -Xmx${KAFKA_HEAP:-384m} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
  -Dlog4j2.configurationFile=/etc/mirrordrill/log4j2.properties -cp '/opt/kafka/libs/*' \
  org.apache.kafka.connect.cli.ConnectDistributed /etc/mirrordrill/connect.properties
