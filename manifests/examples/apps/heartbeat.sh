#!/usr/bin/env bash
# Example non-Node app: a bash script that reports the time every few seconds.
set -euo pipefail
trap 'echo "heartbeat: stopping"; exit 0' INT TERM
while true; do
  echo "heartbeat: $(date -u +%H:%M:%S)"
  sleep "${HEARTBEAT_SECONDS:-5}" &
  wait $!
done
