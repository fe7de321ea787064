#!/usr/bin/env bash
# Configures and builds one preset (default: "default"; "sanitize" for ASan+UBSan).
# Further arguments go to the configure step, e.g. -DKB_BUILD_TESTS=OFF (scripts/run.sh:
# the programs only, with no test dependencies installed).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
shift || true
cmake --preset "$preset" "$@" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
