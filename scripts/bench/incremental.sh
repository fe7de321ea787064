#!/usr/bin/env bash
# Incremental republishing (issue 15, target 2): on a scratch copy of a corpus (default
# the RFC corpus at /tmp/rfc/corpus), a full build, then one document changed (a
# paragraph with a unique word appended) and republished, timed from starting kb-index to
# kb-query finding the word (until searchable), then one document deleted and
# republished, checking its units are gone. Prints a table.
#   scripts/bench/incremental.sh [CORPUS_DIR]     (KB_BENCH_WORK=/tmp/... for the scratch folder)
set -euo pipefail
cd "$(dirname "$0")/../.."
src="${1:-/tmp/rfc/corpus}"
indexer="${KB_INDEX_BIN:-build/indexer/kb-index}"
query="${KB_QUERY_BIN:-build/query/kb-query}"
[[ -d "$src/documents" ]] || { echo "incremental: $src/documents not found" >&2; exit 2; }
[[ -x "$indexer" && -x "$query" ]] || scripts/build.sh default
command -v jq >/dev/null || { echo "incremental: jq is missing" >&2; exit 2; }

work="${KB_BENCH_WORK:-$(mktemp -d /tmp/kb-incr-XXXXXX)}"
mkdir -p "$work"
rm -rf "$work/corpus" "$work/index"
cp -r "$src" "$work/corpus"
index="$work/index"
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

# Full build.
t0=$(now)
"$indexer" -q --json "$work/corpus" -o "$index" >"$work/full.json"
t1=$(now)
full=$(elapsed "$t0" "$t1")
units=$(jq .units "$work/full.json")
docs=$(jq .documents "$work/full.json")

# One document changed: a unique word appended; timed until kb-query finds it.
changed=$(find "$work/corpus/documents" -type f | sort | sed -n '100p')
word="zqxincremental$RANDOM$RANDOM"
printf '\n\nThis paragraph was added to measure incremental republishing: %s.\n' "$word" >>"$changed"
t0=$(now)
"$indexer" -q --json "$work/corpus" -o "$index" >"$work/update.json"
t1=$(now)
found=$("$query" --index "$index" --json --no-facets "$word" | jq .total)
t2=$(now)
[[ "$found" -ge 1 ]] || { echo "incremental: $word not found after the update" >&2; exit 1; }
update_build=$(jq -r .build "$work/update.json")

# One document deleted.
deleted=$(find "$work/corpus/documents" -type f | sort | sed -n '200p')
deleted_id=$(jq -r --arg f "${deleted#"$work/corpus/"}" '.sources[]? | select(.file == $f) | .id' \
  "$work/update.json" 2>/dev/null || true)
word2="zqxdeleted$RANDOM$RANDOM"
printf '\n\nA paragraph only this document has: %s.\n' "$word2" >>"$deleted"
"$indexer" -q --json "$work/corpus" -o "$index" >/dev/null
before=$("$query" --index "$index" --json --no-facets "$word2" | jq .total)
rm "$deleted"
t3=$(now)
"$indexer" -q --json "$work/corpus" -o "$index" >"$work/delete.json"
t4=$(now)
after=$("$query" --index "$index" --json --no-facets "$word2" | jq .total)
t5=$(now)
delete_build=$(jq -r .build "$work/delete.json")
removed_units=$(jq .units_removed "$work/delete.json")

printf '\n%-44s %10s  %s\n' "step" "seconds" "note"
printf '%-44s %10.2f  %s\n' "full build ($docs documents, $units units)" "$full" "full"
printf '%-44s %10.2f  %s\n' "change 1 document: kb-index" "$(elapsed "$t0" "$t1")" "$update_build, $(jq .units_written "$work/update.json") units written"
printf '%-44s %10.2f  %s\n' "change 1 document: until searchable" "$(elapsed "$t0" "$t2")" "kb-query finds the word: $found hit(s)"
printf '%-44s %10.2f  %s\n' "delete 1 document: kb-index" "$(elapsed "$t3" "$t4")" "$delete_build, $removed_units units removed"
printf '%-44s %10.2f  %s\n' "delete 1 document: until gone" "$(elapsed "$t3" "$t5")" "its word: $before hit(s) before, $after after"
[[ "$before" -ge 1 && "$after" -eq 0 ]] || { echo "incremental: the deleted document's units remain" >&2; exit 1; }
echo "index: $(du -sh "$index/current/" | cut -f1); scratch folder: $work"
