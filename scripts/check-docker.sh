#!/usr/bin/env bash
# The Docker Engine path, checked as a CI job would run it (npm run check:docker; root, once a
# release or when the containers runtime or compose/ changes — not part of npm test, which uses
# whichever engine .ci/run finds):
#   1. Docker Engine: the one running, else Debian's docker.io started by .ci/setup-docker;
#   2. the seed feature and the negative controls on the containers runtime over it;
#   3. compose/ brought up by Docker's compose (`docker compose` when the plugin is there, else
#      Debian's docker-compose 1.29), the seed drill against it on the external runtime, then down;
#   4. no container of mirrordrill's or of the lab left.
# A dockerd this script started is stopped when it ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
stage() { echo "check:docker: $(date -u +%H:%M:%S) $*" >&2; }

eval "$(.ci/setup-docker)"
compose_file=compose/compose.yaml
if docker compose version >/dev/null 2>&1; then compose=(docker compose -f "$compose_file"); else compose=(docker-compose -f "$compose_file"); fi
cleanup() {
  "${compose[@]}" down -v >/dev/null 2>&1 || true
  if [ -n "${MIRRORDRILL_DOCKERD_PID:-}" ]; then
    kill "$MIRRORDRILL_DOCKERD_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$MIRRORDRILL_DOCKERD_PID" 2>/dev/null || break; sleep 0.2; done
    stage "stopped the dockerd this check started (pid $MIRRORDRILL_DOCKERD_PID)"
  fi
}
trap cleanup EXIT
stage "$(docker version --format 'Docker Engine {{.Server.Version}}, API {{.Server.APIVersion}}'), compose: $("${compose[@]}" version --short 2>/dev/null || true)"

stage "the seed feature and the negative controls on the containers runtime"
npm run drill:containers -- --tags "@seed or @negative-control"

stage "compose/ with ${compose[*]}"
npm run image
"${compose[@]}" up -d
# Connect's three connectors are PUT by the mm2 container's own script once Connect answers (with
# no topic and no group yet, the source and checkpoint connectors run no task: connectors only).
deadline=$((SECONDS + 180))
until [ "$(curl -sf 'http://127.0.0.1:18083/connectors?expand=status' | grep -o '"connector":{"state":"RUNNING"' | wc -l)" -ge 3 ]; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    stage "the lab's three connectors were not RUNNING within 180 s; mm2's log:"
    docker logs --tail 30 mm2 >&2 || true
    exit 1
  fi
  sleep 1
done
stage "the lab is up: its 3 connectors RUNNING"
MIRRORDRILL_CONFIG=compose/mirrordrill.docker.config.json npm run drill:external
"${compose[@]}" down -v

left="$(docker ps -aq --filter label=mirrordrill.run; docker ps -aq --filter name='^(es-src|es-tgt|mm2)$')"
if [ -n "$left" ]; then
  stage "containers left behind:"
  docker ps -a >&2
  exit 1
fi
stage "passed: no container left"
