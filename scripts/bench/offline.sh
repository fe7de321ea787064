#!/usr/bin/env bash
# The offline bundle (kb-export, docs/offline.md): its size and, in headless chromium, the
# time to first result of a fresh page opened from file:// with the network off, and the
# search latency in the page next to kb-searchd answering the same searches (same run),
# on the bundled corpus and on the first N RFCs of ../shared/eval/ietf-rfc (default 300).
#   scripts/bench/offline.sh [N]      (KB_BENCH_WORK=DIR keeps the scratch folder there)
set -euo pipefail
cd "$(dirname "$0")/../.."
rfcs="${1:-300}"
[[ -x build/exporter/kb-export && -x build/searchd/kb-searchd ]] || scripts/build.sh default
[[ -d tests/browser/node_modules/playwright-core ]] || npm ci --prefix tests/browser >/dev/null
work="${KB_BENCH_WORK:-}"
if [[ -z "$work" ]]; then
  work=$(mktemp -d /tmp/kb-bench-offline-XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# bench NAME CORPUS: index, export, serve, measure.
bench() {
  local name=$1 corpus=$2
  rm -rf "$work/$name-index" "$work/$name-bundle"
  build/indexer/kb-index "$corpus" --out "$work/$name-index" -q >/dev/null
  build/exporter/kb-export "$work/$name-bundle" --index "$work/$name-index" --ui ui -q
  # --port 0 and the port from the listening line, as the other benchmarks start it.
  build/searchd/kb-searchd --index "$work/$name-index" --port 0 --bind 127.0.0.1 --ui ui \
    --access-log off >"$work/$name-searchd.log" 2>&1 &
  local pid=$! port="" ready=""
  for _ in $(seq 500); do
    port=$(grep -o '127.0.0.1:[0-9]*' "$work/$name-searchd.log" 2>/dev/null | head -1 | cut -d: -f2 || true)
    [[ -n "$port" ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && { ready=1; break; }
    sleep 0.02
  done
  [[ -n "$ready" ]] || { echo "offline: kb-searchd did not start" >&2; cat "$work/$name-searchd.log" >&2; kill "$pid"; return 1; }
  node scripts/bench/offline.mjs "$name" "$work/$name-bundle" "http://127.0.0.1:$port" || { kill "$pid"; return 1; }
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

echo "| corpus | units | bundle | loaded first | first result (ms from navigation) | from DOMContentLoaded | offline search ms median / p95 | kb-searchd ms median / p95 |"
echo "|---|---|---|---|---|---|---|---|"
bench bundled corpus
if [[ "$rfcs" != 0 ]]; then
  rm -rf "$work/rfc"
  scripts/bench/rfc_corpus.sh "$work/rfc-all" 2>/dev/null
  mkdir -p "$work/rfc/documents"
  # The first N by name; sed reads all of its input, so no SIGPIPE under pipefail.
  find "$work/rfc-all/documents" -name '*.md' | sort | sed -n "1,${rfcs}p" |
    xargs -I{} mv {} "$work/rfc/documents/"
  rm -rf "$work/rfc-all"
  bench "rfc-1-$rfcs" "$work/rfc"
fi
