#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to an answer: installs what is missing,
# builds, indexes the bundled corpus and answers a sample query.
# Usage: scripts/run.sh ["query"]       (default query: "DNS abuse")
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh default
export KB_INDEX="${KB_INDEX:-$PWD/var/index}"
build/indexer/kb-index corpus --out "$KB_INDEX"
echo
build/query/kb-query "${1:-DNS abuse}" --limit 5
