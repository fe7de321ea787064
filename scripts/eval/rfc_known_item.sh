#!/usr/bin/env bash
# kb against SQLite FTS5 on a known-item collection built from the IETF RFC 1-2999 corpus
# (../shared/eval/ietf-rfc): each topic is an RFC's title, the relevant document that RFC,
# the title taken out of the document (see rfc_known_item.py). Nobody tuned on it.
#
#   scripts/eval/rfc_known_item.sh [--every K] [kb-eval options, e.g. --markdown]
#
# --every K keeps every K-th titled RFC from RFC 1000 on as a topic (default 5: 350
# topics; all 2,888 documents are indexed either way). Environment: KB_EVAL (the kb-eval
# binary; default build-rel/, build/), KB_RFC_ARCHIVE (the .tar.xz), KB_RFC_WORK (where
# the TREC files are written; default a temporary folder, removed afterwards).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
source "$repo/scripts/eval/kb_eval_bin.sh"
archive="${KB_RFC_ARCHIVE:-$repo/../shared/eval/ietf-rfc/ietf-rfc-0001-2999.tar.xz}"
[[ -r "$archive" ]] || { echo "rfc_known_item.sh: $archive not found (set KB_RFC_ARCHIVE)" >&2; exit 2; }

every=5 args=()
while (( $# )); do
  case "$1" in
    --every) every="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
work="${KB_RFC_WORK:-}"
if [[ -z "$work" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
python3 "$repo/scripts/eval/rfc_known_item.py" "$work" --archive "$archive" --every "$every"
"$eval_bin" trec --docs "$work/docs.trec" --topics "$work/topics.trec" --qrels "$work/qrels" \
  "${args[@]}"
