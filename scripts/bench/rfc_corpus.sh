#!/usr/bin/env bash
# Unpacks the IETF RFC 1-2999 corpus (../shared/eval/ietf-rfc, 2,888 documents, 127 MiB)
# into DIR/documents as a kb corpus folder, for the benchmarks.
#   scripts/bench/rfc_corpus.sh DIR [RFC_TAR]
# kb-index refuses text files holding NUL bytes (binary until proven otherwise); a few old
# RFCs carry stray NULs from their conversion, so they are removed here and counted.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${1:?usage: rfc_corpus.sh DIR [RFC_TAR]}"
tar_file="${2:-../shared/eval/ietf-rfc/ietf-rfc-0001-2999.tar.xz}"
[[ -f "$tar_file" ]] || { echo "rfc_corpus: $tar_file not found" >&2; exit 2; }
mkdir -p "$dir/documents"
unpack=$(mktemp -d "$dir/.unpack-XXXXXX")
tar -xJf "$tar_file" -C "$unpack"
mv "$unpack"/ietf-rfc-0001-2999/*.md "$dir/documents/"
rm -rf "$unpack"
nul_files=$(python3 - "$dir/documents" <<'PY'
import pathlib, sys
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.md")):
    data = f.read_bytes()
    if b"\0" in data:
        f.write_bytes(data.replace(b"\0", b""))
        print(f.name)
PY
)
echo "rfc_corpus: $(ls "$dir/documents" | wc -l) documents in $dir/documents; removed NUL bytes from $(echo "$nul_files" | grep -c . || true) file(s)" >&2
