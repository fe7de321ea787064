#!/usr/bin/env bash
# How long a fresh request waits while many sockets sit idle or drip bytes (issue 9,
# finding 3). Starts kb-searchd on loopback over the bundled corpus with its default
# settings, opens IDLE sockets that send nothing and DRIPPING sockets that send a partial
# request and then one byte a second (any the server closes is reconnected, so the count
# stays up), then times REQUESTS fresh searches, each on a new connection, each capped at
# KB_BENCH_CAP seconds. Bounded: at most about REQUESTS x KB_BENCH_CAP + 10 seconds.
#   scripts/bench/idle_sockets.sh [IDLE] [DRIPPING] [REQUESTS]     (default 500 500 20)
#   KB_SEARCHD=/path/to/kb-searchd scripts/bench/idle_sockets.sh   (another build)
set -euo pipefail
cd "$(dirname "$0")/../.."
idle="${1:-500}"
dripping="${2:-500}"
requests="${3:-20}"
cap="${KB_BENCH_CAP:-10}"
searchd="${KB_SEARCHD:-build/searchd/kb-searchd}"
indexer="${KB_INDEX_BIN:-build/indexer/kb-index}"
command -v python3 >/dev/null || { echo "idle_sockets: python3 is missing" >&2; exit 2; }
[[ -x "$searchd" && -x "$indexer" ]] || scripts/build.sh default

work=$(mktemp -d /tmp/kb-idle-XXXXXX)
cleanup() {
  [[ -n "${daemon:-}" ]] && kill -KILL "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Both ends hold one descriptor per socket: raise the soft limit to the hard one.
ulimit -n "$(ulimit -Hn)"
"$indexer" corpus --out "$work/index" -q >/dev/null
"$searchd" --index "$work/index" --port 0 --access-log off >"$work/daemon.out" 2>"$work/daemon.err" &
daemon=$!
for _ in $(seq 100); do grep -q listening "$work/daemon.out" 2>/dev/null && break; sleep 0.05; done
port=$(grep -o ':[0-9]*' "$work/daemon.out" | tail -1 | tr -d :)

python3 scripts/bench/fresh_probe.py "$port" "$idle" "$dripping" "$requests" "$cap" /api/v1/search?q=igf
