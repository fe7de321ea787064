#!/usr/bin/env bash
# Load test of kb-searchd on loopback with wrk: 64 connections for 60 s (bounded), while
# kb-index republishes the index every second. Prints requests, errors, non-2xx and
# latency percentiles, next to the same load on /healthz (a bare endpoint: the HTTP
# layer's ceiling on this machine).
#   scripts/bench/load.sh [SECONDS] [CONNECTIONS]
# Exit status 1 when any socket error or non-2xx response was seen.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
connections="${2:-64}"
threads="${KB_LOAD_THREADS:-$((connections + 8))}"
command -v wrk >/dev/null || { echo "load: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[[ -x build/searchd/kb-searchd ]] || scripts/build.sh default

work=$(mktemp -d /tmp/kb-load-XXXXXX)
cleanup() {
  [[ -n "${republisher:-}" ]] && kill "$republisher" 2>/dev/null || true
  [[ -n "${daemon:-}" ]] && kill -TERM "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

build/indexer/kb-index corpus --out "$work/index" -q >/dev/null
build/searchd/kb-searchd --index "$work/index" --port 0 --threads "$threads" --access-log off >"$work/daemon.out" 2>"$work/daemon.err" &
daemon=$!
for _ in $(seq 100); do grep -q listening "$work/daemon.out" 2>/dev/null && break; sleep 0.05; done
port=$(grep -o ':[0-9]*' "$work/daemon.out" | tail -1 | tr -d :)
url="http://127.0.0.1:$port"

# Republish every second for the whole run.
(
  generations=0
  while true; do
    build/indexer/kb-index corpus --out "$work/index" -q >/dev/null 2>>"$work/republish.err" && generations=$((generations + 1))
    echo "$generations" >"$work/generations"
    sleep 1
  done
) &
republisher=$!

run_wrk() {  # label, extra args...
  local label=$1; shift
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency "$@" >"$work/$label.txt"
}
run_wrk search -s scripts/bench/queries.lua "$url"
kill "$republisher" 2>/dev/null || true; republisher=""
run_wrk healthz "$url/healthz"

summary() {  # label
  local f="$work/$1.txt"
  local requests rps p50 p99 errors non2xx
  requests=$(awk '/requests in/ {print $1}' "$f")
  rps=$(awk '/Requests\/sec/ {print $2}' "$f")
  p50=$(awk '$1=="50%" {print $2}' "$f")
  p99=$(awk '$1=="99%" {print $2}' "$f")
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$f")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$f")
  printf '%-26s %10s %10s %9s %9s %13s %8s\n' "$1" "$requests" "$rps" "$p50" "$p99" "${errors:-0}" "${non2xx:-0}"
}
echo
echo "kb-searchd load: $connections connections, ${seconds}s each, $threads worker threads, index republished every second ($(cat "$work/generations" 2>/dev/null || echo 0) generations)"
printf '%-26s %10s %10s %9s %9s %13s %8s\n' "endpoint" "requests" "req/s" "p50" "p99" "socket errors" "non-2xx"
summary search
summary healthz
bad=$(cat "$work"/search.txt | awk '/Socket errors|Non-2xx/' | wc -l)
if [[ "$bad" -ne 0 ]]; then
  echo "load: FAILED: socket errors or non-2xx responses under load" >&2
  cat "$work/search.txt" >&2
  exit 1
fi
[[ -s "$work/republish.err" ]] && { echo "load: republishing failed:" >&2; cat "$work/republish.err" >&2; exit 1; }
echo "load: no socket errors, no non-2xx"
