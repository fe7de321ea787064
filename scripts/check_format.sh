#!/usr/bin/env bash
# Checks that every C++ file is formatted as .clang-format says (exit 1 and the files
# that are not, with a diff of the first), or formats them in place with --fix.
# Usage: scripts/check_format.sh [--fix]
set -euo pipefail
cd "$(dirname "$0")/.."
# The version is pinned: another clang-format release formats some constructs differently.
format=$(command -v clang-format-14 || true)
if [[ -z "$format" ]]; then
  echo "check_format: clang-format-14 is missing (scripts/setup.sh --test installs it)" >&2
  exit 2
fi
mapfile -t files < <(find core api searchd query indexer exporter tools tests fuzz \
                       -path tests/browser -prune -o \( -name '*.cpp' -o -name '*.h' \) -print 2>/dev/null | sort)
if [[ "${1:-}" == "--fix" ]]; then
  "$format" -i --style=file "${files[@]}"
  echo "check_format: formatted ${#files[@]} files"
  exit 0
fi
# One run over all files; its warnings name each file that would change.
rc=0
report=$("$format" --style=file --dry-run --Werror "${files[@]}" 2>&1) || rc=$?
mapfile -t bad < <(sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' <<<"$report" | sort -u)
if ((rc != 0 && ${#bad[@]} == 0)); then
  echo "check_format: clang-format failed (exit $rc):" >&2
  head -20 <<<"$report" >&2
  exit 2
fi
if ((${#bad[@]} > 0)); then
  echo "check_format: ${#bad[@]} of ${#files[@]} files are not formatted (scripts/check_format.sh --fix):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  diff -u "${bad[0]}" <("$format" --style=file "${bad[0]}") | head -40 >&2 || true
  exit 1
fi
echo "check_format: ${#files[@]} files formatted as .clang-format says"
