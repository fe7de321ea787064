#!/usr/bin/env bash
# Queries in process: kb's search (facets, snippets, spelling) next to raw Xapian's
# Enquire::get_mset top 10 with snippets on the same index (tools/bench/kb-bench-query),
# on the Cranfield queries and on 200 fixed RFC queries.
#   scripts/bench/query.sh RFC_INDEX_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
index="${1:?usage: query.sh RFC_INDEX_DIR (a kb-index -o DIR of the RFC corpus)}"
[[ -x build/tools/bench/kb-bench-query ]] || cmake --build build --target kb-bench-query
build/tools/bench/kb-bench-query --cranfield ../shared/eval/cranfield --runs 3
build/tools/bench/kb-bench-query --index "$index" --queries scripts/bench/rfc_queries.txt --runs 3
echo
echo "Target: kb ≤ 2× raw Xapian, median and p99. Above exact_count_limit (1,000) matches"
echo "kb's facet counts come from a sample of 500 to 1,000 and say so (facets_exact: false)."
