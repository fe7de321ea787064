#!/usr/bin/env bash
# PDF text extraction: kb's in-process Poppler (libpoppler-cpp, what kb-index uses) against
# pdftotext -layout as a subprocess (poppler-utils; the alternative issue 14 names), on
# the same PDF in the same run. kb's side is `kb-index --explain`, which also imports the
# text into units, so the ratio is an upper bound of what the library costs.
#   scripts/bench/pdf_extract.sh [PDF] [RUNS]   (default: the seed framework fixture, 50)
set -euo pipefail
cd "$(dirname "$0")/../.."
pdf="${1:-tests/fixtures/formats/wsis20-messaging-framework.pdf}"
runs="${2:-50}"
kb_index=build/indexer/kb-index
[ -x "$kb_index" ] || { echo "build first: scripts/build.sh default" >&2; exit 2; }
command -v pdftotext >/dev/null || { echo "needs pdftotext (apt-get install poppler-utils)" >&2; exit 2; }
seconds() {  # command... : wall seconds for $runs runs
  local start end
  start=$(date +%s.%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
kb=$(seconds "$kb_index" --explain "$pdf" corpus --json)
peer=$(seconds pdftotext -layout "$pdf" -)
printf 'PDF %s, %d runs each\n' "$pdf" "$runs"
printf '  kb-index --explain (Poppler in process, + import): %.1f ms/run\n' "$(echo "$kb * 1000 / $runs" | bc -l)"
printf '  pdftotext -layout (subprocess, text only):         %.1f ms/run\n' "$(echo "$peer * 1000 / $runs" | bc -l)"
printf '  ratio kb / pdftotext: %.2f\n' "$(echo "$kb / $peer" | bc -l)"
