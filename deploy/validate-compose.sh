#!/usr/bin/env bash
# Validates the compose files without a Docker engine: `docker-compose config` parses, interpolates
# and merges them and checks them against the compose schema. CI calls this.
#
#   deploy/validate-compose.sh            (from anywhere; runs from the repo root)
#
# Installs Debian's docker-compose (1.29) with apt-get when it is missing and we are root.
# Exit status: 0 when every file (and the cluster override merged onto the base) is valid.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "validate-compose: installing docker-compose with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq docker-compose >/dev/null
  else
    echo "validate-compose: docker-compose is missing and cannot be installed (need root and apt-get)" >&2
    exit 2
  fi
fi

# Interpolation warnings must not depend on the caller's environment.
unset MODELBUS_TAG NATS_HOST_PORT NATS_MONITOR_HOST_PORT || true

status=0
check() {
  echo "validate-compose: docker-compose $* config -q" >&2
  if ! docker-compose "$@" config -q; then
    echo "validate-compose: FAILED: $*" >&2
    status=1
  fi
}

check -f docker-compose.yml
check -f docker-compose.yml -f deploy/nats/cluster/docker-compose.cluster.yml

# Files the compose setup mounts or builds from must exist.
for f in deploy/Dockerfile deploy/nats/cluster/nats-1.conf deploy/nats/cluster/nats-2.conf deploy/nats/cluster/nats-3.conf; do
  if [ ! -f "$f" ]; then
    echo "validate-compose: missing $f" >&2
    status=1
  fi
done

# nats-server configs, when a nats-server is installed (`-t` = test configuration and exit).
if command -v nats-server >/dev/null 2>&1; then
  for f in deploy/nats/single.conf deploy/nats/cluster/nats-1.conf deploy/nats/cluster/nats-2.conf deploy/nats/cluster/nats-3.conf; do
    if ! nats-server -c "$f" -t >/dev/null 2>&1; then
      echo "validate-compose: nats-server -t rejects $f:" >&2
      nats-server -c "$f" -t >&2 || true
      status=1
    fi
  done
fi

[ "$status" -eq 0 ] && echo "validate-compose: ok" >&2
exit "$status"
