#!/usr/bin/env bash
# Indexing and query benchmark on the IETF RFC 1-2999 corpus (133 MB, 2,888 documents,
# ../shared/eval/ietf-rfc), kb next to SQLite FTS5 (porter) in the same run.
#   scripts/bench/index_rfc.sh [RFC_TAR]
# Prints: index build time and size for both, and median query latency over a fixed
# query set (in-process for kb via kb-query's own timing of the whole command, and the
# sqlite3 CLI for FTS5: both include process start, so a no-op run of each is subtracted).
set -euo pipefail
cd "$(dirname "$0")/../.."
tar_file="${1:-../shared/eval/ietf-rfc/ietf-rfc-0001-2999.tar.xz}"
[[ -f "$tar_file" ]] || { echo "bench: $tar_file not found" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 is missing (apt-get install sqlite3)" >&2; exit 2; }
[[ -x build/indexer/kb-index ]] || scripts/build.sh default

work=$(mktemp -d /tmp/kb-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
scripts/bench/rfc_corpus.sh "$work/corpus" "$tar_file"
docs=$(ls "$work/corpus/documents" | wc -l)
bytes=$(du -sb "$work/corpus/documents" | cut -f1)

now() { date +%s.%N; }
t0=$(now)
build/indexer/kb-index "$work/corpus" --out "$work/kb-index" -q --json >"$work/kb-summary.json"
t1=$(now)
kb_units=$(python3 -c "import json,sys; print(json.load(open('$work/kb-summary.json'))['units'])")

# FTS5: one row per document, porter stemmer, bm25 ranking.
{
  echo "CREATE VIRTUAL TABLE docs USING fts5(name, body, tokenize='porter unicode61');"
  echo "BEGIN;"
  for f in "$work"/corpus/documents/*.md; do
    printf "INSERT INTO docs VALUES('%s', readfile('%s'));\n" "$(basename "$f")" "$f"
  done
  echo "COMMIT;"
} >"$work/load.sql"
t2=$(now)
sqlite3 "$work/fts5.db" <"$work/load.sql"
t3=$(now)

kb_size=$(du -sb "$work/kb-index" | cut -f1)
fts_size=$(du -sb "$work/fts5.db" | cut -f1)

queries=("domain name system" "congestion control" "routing protocol security" "internet registry allocation"
         "mail transfer" "root name server operations" "standards process" "ipv6 address architecture"
         "telnet option negotiation" "network time protocol")
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_cmd() {  # prints wall seconds of one run
  local s e; s=$(now); "$@" >/dev/null; e=$(now); echo "$e - $s" | bc -l
}
kb_times=(); fts_times=()
for q in "${queries[@]}"; do
  for _ in 1 2 3; do
    kb_times+=("$(time_cmd build/query/kb-query --index "$work/kb-index" --json --limit 10 --no-facets "$q")")
    fts_times+=("$(time_cmd sqlite3 "$work/fts5.db" "SELECT name FROM docs WHERE docs MATCH '$(echo "$q" | sed "s/ / OR /g")' ORDER BY bm25(docs) LIMIT 10;")")
  done
done
kb_noop=$(for _ in 1 2 3 4 5; do time_cmd build/query/kb-query --help; done | median)
fts_noop=$(for _ in 1 2 3 4 5; do time_cmd sqlite3 "$work/fts5.db" "SELECT 1;"; done | median)
kb_med=$(printf '%s\n' "${kb_times[@]}" | median)
fts_med=$(printf '%s\n' "${fts_times[@]}" | median)

echo
echo "RFC 1-2999: $docs documents, $((bytes / 1048576)) MiB; kb cut them into $kb_units units"
printf '%-22s %12s %12s %22s\n' "engine" "build (s)" "size (MiB)" "query, median (ms)"
printf '%-22s %12.1f %12.1f %22.1f\n' "kb (Xapian)" "$(echo "$t1 - $t0" | bc -l)" "$(echo "$kb_size / 1048576" | bc -l)" \
  "$(echo "($kb_med - $kb_noop) * 1000" | bc -l)"
printf '%-22s %12.1f %12.1f %22.1f\n' "SQLite FTS5 (porter)" "$(echo "$t3 - $t2" | bc -l)" "$(echo "$fts_size / 1048576" | bc -l)" \
  "$(echo "($fts_med - $fts_noop) * 1000" | bc -l)"
echo "(query time: median of $(( ${#queries[@]} * 3 )) runs of the whole command minus a no-op run of the same tool:"
echo " kb includes opening the index and facet-free ranking with snippets; FTS5 ranks with bm25, no snippets)"
