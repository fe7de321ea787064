#!/usr/bin/env bash
# Measures ranking variants on both test sets with kb-eval and prints one Markdown
# table row per variant: the bundled-corpus judgments written before tuning (success@1,
# success@5, MRR, nDCG@10) and Cranfield (MAP, P@10, nDCG@10). docs/relevance.md
# explains the choice.
#   scripts/eval/sweep.sh [BUILD_DIR] [CRANFIELD_DIR] [-- "label|flags" ...]
# With no variants after --, runs the list below. Each variant is "label|kb-eval flags".
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build-rel}"
cran="${2:-${KB_CRANFIELD_DIR:-/work/shared/eval/cranfield}}"
shift $(( $# >= 2 ? 2 : $# )) || true
[[ "${1:-}" == "--" ]] && shift
eval_bin="$build/tools/eval/kb-eval"
[[ -x "$eval_bin" ]] || { echo "sweep.sh: $eval_bin not built" >&2; exit 2; }

variants=("$@")
if [[ ${#variants[@]} -eq 0 ]]; then
  variants=(
    "**kb defaults** (k1 1.2, b 0.9, title wdf 5, AND 1, glossary 0.4)|"
    "BM25 k1=1.0 b=0.5 (Xapian's default)|--k1 1.0 --b 0.5"
    "BM25 k1=1.2 b=0.75 (Lucene's)|--b 0.75"
    "BM25 k1=1.0 b=0.9|--k1 1.0"
    "BM25 k1=1.5 b=0.9|--k1 1.5"
    "BM25 k1=1.2 b=1.0|--b 1.0"
    "title wdf 1 (no title boost)|--title-weight 1"
    "title wdf 3 (kb 0.1)|--title-weight 3"
    "title wdf 4|--title-weight 4"
    "title wdf 6|--title-weight 6"
    "inherited titles left out|--inherited-title-weight 0"
    "Porter stemmer instead of Porter2|--stemmer porter"
    "basic stopwords (26, kb 0.1)|--stopwords basic"
    "Lucene stopwords (33)|--stopwords lucene"
    "no AND branch|--and-weight 0"
    "AND branch 0.5|--and-weight 0.5"
    "AND branch 2|--and-weight 2"
    "AND branch requires absent words|--and-requires-absent"
    "glossary expansion: max instead of sum|--expansion-takes-max"
    "exact-form bonus 0.25|--exact-weight 0.25"
    "exact-form bonus 0.5|--exact-weight 0.5"
    "capitalised words unstemmed (STEM_SOME)|--stem-some"
    "no kind weights|--no-kind-weights"
    "glossary 0.6 (kb 0.1)|--kind-factor glossary=0.6"
    "glossary 0.3|--kind-factor glossary=0.3"
    "passages 1.0 (like answers)|--kind-factor passage=1.0"
    "messages and proof points 1.5|--kind-factor message=1.5 --kind-factor proof-point=1.5"
    "messages and proof points 1.1|--kind-factor message=1.1 --kind-factor proof-point=1.1"
    "guidance boost 1 (none)|--guidance-boost 1"
    "guidance boost 5|--guidance-boost 5"
  )
fi

# The queries written before the parameters were chosen: the judgments up to the
# "# --- Held out" line (the held-out ones are reported apart in docs/relevance.md).
tuning="$(mktemp)"
trap 'rm -f "$tuning"' EXIT
sed '/^# --- Held out/,$d' tests/relevance/judgments.tsv > "$tuning"

echo "| variant | success@1 | success@5 | MRR | nDCG@10 | Cranfield MAP | P@10 | nDCG@10 |"
echo "|---|---|---|---|---|---|---|---|"
for v in "${variants[@]}"; do
  label="${v%%|*}"
  read -r -a flags <<< "${v#*|}"
  j=$("$eval_bin" judgments "$tuning" --brief "${flags[@]}" || true)
  c=$("$eval_bin" cranfield "$cran" --no-baseline --brief "${flags[@]}" || true)
  field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<< "$2"; }
  echo "| $label | $(field success@1 "$j") | $(field success@5 "$j") | $(field mrr "$j") | $(field ndcg@10 "$j") | $(field map "$c") | $(field p@10 "$c") | $(field ndcg@10 "$c") |"
done
