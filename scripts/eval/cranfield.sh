#!/usr/bin/env bash
# kb against SQLite FTS5 bm25() on the Cranfield 1400 collection, in one kb-eval run:
# MAP, P@10 and nDCG@10 (trec_eval definitions, TCD grades, top 1000) side by side.
#
#   scripts/eval/cranfield.sh                   print the table
#   scripts/eval/cranfield.sh --markdown        print it as Markdown
#   scripts/eval/cranfield.sh --update-docs     also write it into docs/relevance.md
#   scripts/eval/cranfield.sh --check           exit 1 unless kb >= FTS5 on MAP and nDCG@10
#                                               and kb's MAP >= the published Lucene BM25 0.4258
#
# Environment: KB_EVAL (the kb-eval binary; default build-rel/, build/), KB_CRANFIELD_DIR
# (default ../shared/eval/cranfield next to the repository). Other arguments go to kb-eval.
# Needs a build with libsqlite3-dev (Debian package) for the baseline.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
source "$repo/scripts/eval/kb_eval_bin.sh"
data="${KB_CRANFIELD_DIR:-$repo/../shared/eval/cranfield}"
for f in cran.all.1400 cran.qry cranqrel; do
  [[ -r "$data/$f" ]] || { echo "cranfield.sh: $data/$f not found (set KB_CRANFIELD_DIR)" >&2; exit 2; }
done

update_docs=0 markdown=0 args=()
for a in "$@"; do
  case "$a" in
    --update-docs) update_docs=1 ;;
    --markdown) markdown=1 ;;
    --check) args+=(--require-baseline --require-published) ;;
    *) args+=("$a") ;;
  esac
done

if (( update_docs )); then
  table="$("$eval_bin" cranfield "$data" --markdown "${args[@]}")"
  doc="$repo/docs/relevance.md"
  begin='<!-- cranfield-table: begin (scripts/eval/cranfield.sh --update-docs) -->'
  end='<!-- cranfield-table: end -->'
  grep -qF "$begin" "$doc" || { echo "cranfield.sh: no table markers in $doc" >&2; exit 2; }
  tmp="$(mktemp)"
  awk -v b="$begin" -v e="$end" -v t="$table" '
    $0 == b { print; print t; skip = 1; next }
    $0 == e { skip = 0 }
    !skip { print }' "$doc" > "$tmp"
  mv "$tmp" "$doc"
  echo "$table"
  echo "(written to docs/relevance.md)"
elif (( markdown )); then
  exec "$eval_bin" cranfield "$data" --markdown "${args[@]}"
else
  exec "$eval_bin" cranfield "$data" "${args[@]}"
fi
