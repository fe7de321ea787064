#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a full test run: installs what is
# missing, builds the normal and the sanitizer (ASan+UBSan) configurations and runs
# every test in both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test

scripts/build.sh default
ctest --preset default -j "$(nproc)"

scripts/build.sh sanitize
ctest --preset sanitize -j "$(nproc)"

# Bounded fuzzing of the importers, the XML formats and query handling.
scripts/fuzz.sh "${KB_FUZZ_SECONDS:-60}"
