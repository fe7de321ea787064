#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS]      (default 60 per target; KB_FUZZ_SECONDS also works)
# A crash stops the run with a non-zero exit; its input is saved under
# /tmp/kb-fuzz/artifacts/ — copy it to fuzz/regressions/<target>/ so the unit tests
# replay it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${KB_FUZZ_SECONDS:-60}}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

work=/tmp/kb-fuzz
rm -rf "$work" && mkdir -p "$work/artifacts"
build/indexer/kb-index corpus --out "$work/index" -q >/dev/null 2>&1 ||
  build-fuzz/indexer/kb-index corpus --out "$work/index" -q >/dev/null
export KB_INDEX="$work/index"

run() {  # target, seed folders...
  local target=$1; shift
  mkdir -p "$work/corpus-$target"
  for seeds in "$@"; do
    find "$seeds" -maxdepth 1 -type f -exec cp {} "$work/corpus-$target/" \; 2>/dev/null || true
  done
  cp fuzz/regressions/"$target"/* "$work/corpus-$target/" 2>/dev/null || true
  echo "fuzz: $target for ${seconds}s" >&2
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    build-fuzz/fuzz/kb_fuzz_"$target" "$work/corpus-$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/artifacts/$target-" \
    2>"$work/$target.log" || { tail -60 "$work/$target.log"; echo "fuzz: $target FAILED (input in $work/artifacts)"; exit 1; }
  grep -E "stat::number_of_executed_units|Done" "$work/$target.log" | tail -2 >&2
}
run text corpus/documents tests/fixtures/variants tests/fixtures/layouts fuzz/seeds/text
run documents tests/fixtures/formats tests/fixtures/layouts fuzz/seeds/documents
run xml corpus docs/examples tests/fixtures/broken fuzz/seeds/xml
run query fuzz/seeds/query
echo "fuzz: all targets ran ${seconds}s without a crash"
