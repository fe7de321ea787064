#!/usr/bin/env bash
# What sharding costs a search: kb-searchd over one index, over the same corpus in 2 local
# shards (--shards 2), and over 2 shards each served by xapian-tcpsrv on loopback, in the
# same run, wrk at 1 and 8 connections rotating the 200 RFC queries; ratios to one index.
#   scripts/bench/shards.sh CORPUS_DIR [SECONDS]
# (CORPUS_DIR: e.g. the RFC corpus from scripts/bench/rfc_corpus.sh, or corpus/.)
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus="${1:?usage: shards.sh CORPUS_DIR [SECONDS]}"
seconds="${2:-10}"
for tool in wrk jq xapian-tcpsrv curl; do
  command -v "$tool" >/dev/null || { echo "shards: $tool is missing (scripts/setup.sh --bench)" >&2; exit 2; }
done
[[ -x build/searchd/kb-searchd ]] || scripts/build.sh default
work=$(mktemp -d /tmp/kb-bench-shards-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "-$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "shards: indexing $corpus once and in 2 shards" >&2
build/indexer/kb-index -q --out "$work/one" "$corpus"
build/indexer/kb-index -q --shards 2 --out "$work/two" "$corpus"
generation=$(readlink -f "$work/two/current")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# xapian-tcpsrv signals its whole process group on SIGTERM: each runs in its own (setsid).
remote_flags=()
for k in 0 1; do
  port=$(free_port)
  setsid xapian-tcpsrv --port "$port" "$generation/shard-$k" >"$work/tcpsrv-$k.log" 2>&1 &
  pids+=($!)
  remote_flags+=(--remote-shard "shard-$k=127.0.0.1:$port")
  for _ in $(seq 500); do
    rc=0
    curl -s --max-time 1 "http://127.0.0.1:$port" >/dev/null 2>&1 || rc=$?
    [[ $rc -ne 7 ]] && break  # 7: nothing listens yet
    sleep 0.02
  done
done

{
  echo 'local paths = {'
  grep -v '^#' scripts/bench/rfc_queries.txt | jq -R -r '"  \"/api/v1/search?q=" + @uri + "\","'
  echo '}'
  echo 'local i = 0'
  echo 'request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end'
} >"$work/queries.lua"

# start NAME INDEX [FLAGS...]: a kb-searchd on a free port; prints the port.
start() {
  local name=$1 index=$2
  shift 2
  build/searchd/kb-searchd --index "$index" --port 0 --access-log off --rate-limit 0 "$@" \
    >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  local port=""
  for _ in $(seq 1000); do
    port=$(grep -o '127.0.0.1:[0-9]*' "$work/$name.out" 2>/dev/null | head -1 | cut -d: -f2 || true)
    [[ -n "$port" ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break
    sleep 0.02
  done
  [[ -n "$port" ]] || { echo "shards: kb-searchd $name did not start" >&2; cat "$work/$name.err" >&2; exit 1; }
  echo "$port"
}

declare -A port
port[one]=$(start one "$work/one")
port[local]=$(start local "$work/two")
port[remote]=$(start remote "$work/two" "${remote_flags[@]}")

declare -A rps p50 p99
for conns in 1 8; do
  for name in one local remote; do
    wrk -t "$((conns < 2 ? 1 : 2))" -c "$conns" -d "${seconds}s" --latency -s "$work/queries.lua" \
      "http://127.0.0.1:${port[$name]}" >"$work/wrk-$name-$conns.out"
    rps[$name,$conns]=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$name-$conns.out")
    p50[$name,$conns]=$(awk '$1 == "50%" {print $2}' "$work/wrk-$name-$conns.out")
    p99[$name,$conns]=$(awk '$1 == "99%" {print $2}' "$work/wrk-$name-$conns.out")
    errors=$(grep -c "Non-2xx" "$work/wrk-$name-$conns.out" || true)
    [[ "$errors" == 0 ]] || { echo "shards: $name answered errors:" >&2; cat "$work/wrk-$name-$conns.out" >&2; exit 1; }
  done
done

units=$(curl -s "http://127.0.0.1:${port[one]}/readyz" | jq .units)
echo
echo "$(basename "$corpus"): $units units, ${seconds} s a cell, wrk on the same 2 cores"
echo
echo "| kb-searchd over | conns | searches/s | p50 | p99 | searches/s / one index |"
echo "|---|---:|---:|---:|---:|---:|"
for conns in 1 8; do
  for name in one local remote; do
    label=$([[ $name == one ]] && echo "one index" || ([[ $name == local ]] && echo "2 local shards" || echo "2 xapian-tcpsrv shards"))
    ratio=$(awk -v a="${rps[$name,$conns]}" -v b="${rps[one,$conns]}" 'BEGIN {printf "%.2f", a / b}')
    echo "| $label | $conns | ${rps[$name,$conns]} | ${p50[$name,$conns]} | ${p99[$name,$conns]} | ${ratio}× |"
  done
done
