#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a full test run: installs what is
# missing, builds the normal and the sanitizer (ASan+UBSan) configurations, runs every
# test in both (the browser tests of ui/ in the normal one), then fuzzes for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
# Browser test dependencies (playwright-core, axe-core) from the lockfile; playwright-core
# downloads no browser: the tests drive Debian's /usr/bin/chromium.
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

scripts/build.sh default
ctest --preset default -j "$(nproc)"

scripts/build.sh sanitize
ctest --preset sanitize -j "$(nproc)"

# Bounded fuzzing of the importers, the XML formats and query handling.
scripts/fuzz.sh "${KB_FUZZ_SECONDS:-60}"
