#!/usr/bin/env bash
# kb-searchd on an index (the RFC one in scripts/bench/run): time from start to /readyz = 200,
# resident memory idle, and resident and peak memory after 20 s of 8 connections searching
# the 200 RFC queries (wrk), with the requests per second.
#   scripts/bench/searchd_mem.sh INDEX_DIR [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
index="${1:?usage: searchd_mem.sh INDEX_DIR [SECONDS]}"
seconds="${2:-20}"
command -v wrk >/dev/null || { echo "searchd_mem: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[[ -x build/searchd/kb-searchd ]] || scripts/build.sh default
work=$(mktemp -d /tmp/kb-searchd-mem-XXXXXX)
cleanup() {
  [[ -n "${daemon:-}" ]] && kill -TERM "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
now_ms() { date +%s%3N; }
kib() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$daemon/status"; }

start=$(now_ms)
build/searchd/kb-searchd --index "$index" --port 0 --access-log off >"$work/out" 2>"$work/err" &
daemon=$!
port=""
for _ in $(seq 600); do
  port=$(grep -o '127.0.0.1:[0-9]*' "$work/out" 2>/dev/null | head -1 | cut -d: -f2 || true)
  [[ -n "$port" ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break
  sleep 0.02
done
ready=$(($(now_ms) - start))
[[ -n "$port" ]] || { echo "searchd_mem: kb-searchd did not start" >&2; cat "$work/err" >&2; exit 1; }
idle=$(kib VmRSS)

# The 200 RFC queries, URL-encoded, rotated by wrk.
{
  echo 'local paths = {'
  grep -v '^#' scripts/bench/rfc_queries.txt | jq -R -r '"  \"/api/v1/search?q=" + @uri + "\","'
  echo '}'
  echo 'local i = 0'
  echo 'request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end'
} >"$work/rfc.lua"
wrk -t 2 -c 8 -d "${seconds}s" -s "$work/rfc.lua" "http://127.0.0.1:$port" >"$work/wrk.out"
loaded=$(kib VmRSS)
peak=$(kib VmHWM)
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
echo
echo "| kb-searchd on $(basename "$index") | value |"
echo "|---|---:|"
echo "| start to /readyz = 200 | ${ready} ms |"
echo "| RSS idle | $((idle / 1024)) MB |"
echo "| RSS after ${seconds} s at 8 connections | $((loaded / 1024)) MB |"
echo "| peak RSS | $((peak / 1024)) MB |"
echo "| searches per second at 8 connections | ${rps} |"
