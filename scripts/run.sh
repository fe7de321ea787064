#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to an answer: installs what is missing,
# builds, indexes the bundled corpus and answers a sample query.
#   scripts/run.sh                 index, then answer "DNS abuse"
#   scripts/run.sh "IGF funding"   index, then answer that query
#   scripts/run.sh --serve [PORT]  index, then serve it with kb-searchd (default port 8080)
#   scripts/run.sh --export [DIR]  index, then write the offline bundle (default var/offline):
#                                  open DIR/index.html from file://, no server needed
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The programs only: setup.sh (without --test) installs no test dependencies.
scripts/build.sh default -DKB_BUILD_TESTS=OFF
export KB_INDEX="${KB_INDEX:-$PWD/var/index}"
build/indexer/kb-index corpus --out "$KB_INDEX"
echo
if [[ "${1:-}" == "--serve" ]]; then
  # The search page and widget come from build/share/kb/ui (a link to ui/).
  exec build/searchd/kb-searchd --index "$KB_INDEX" --port "${2:-8080}"
fi
if [[ "${1:-}" == "--export" ]]; then
  exec build/exporter/kb-export "${2:-$PWD/var/offline}" --index "$KB_INDEX"
fi
build/query/kb-query "${1:-DNS abuse}" --limit 5
