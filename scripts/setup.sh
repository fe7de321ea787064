#!/usr/bin/env bash
# Installs the Debian packages kb needs to build and test, if any are missing.
# Usage: scripts/setup.sh [--test|--bench]   (--test adds what the test suite needs,
# --bench what scripts/bench/ needs)
set -euo pipefail

packages=(build-essential cmake ninja-build pkg-config
          libxapian-dev libpugixml-dev nlohmann-json3-dev libcpp-httplib-dev libcli11-dev libutf8proc-dev
          libhunspell-dev hunspell-en-us hunspell-en-gb
          libpoppler-cpp-dev libzip-dev libgumbo-dev libxxhash-dev zlib1g-dev libbrotli-dev libjemalloc-dev
          help2man)
if [[ "${1:-}" == "--bench" ]]; then
  # scripts/bench/: the peers (Xapian's omindex and xapian-tcpsrv, SQLite), wrk, and the
  # tools the scripts use.
  packages+=(xapian-omega xapian-tools sqlite3 wrk jq bc time python3 curl)
fi
if [[ "${1:-}" == "--test" ]]; then
  packages+=(libgtest-dev googletest curl clang libclang-rt-14-dev chromium wrk libsqlite3-dev
             python3 clang-format-14 poppler-utils
             pandoc qpdf xapian-tools nginx openssl systemd man-db file)
  # Debian's node 18 is enough; a node installed another way is used as it is.
  command -v node >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
