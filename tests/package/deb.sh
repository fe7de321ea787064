#!/usr/bin/env bash
# The Debian package, as an operator gets it: cpack builds the .deb from the build tree,
# dpkg-deb checks and unpacks it into a scratch root, the installed kb-index indexes the
# installed corpus, and the installed kb-searchd, given only --index and --port, serves
# the search page, the widget and searches (the UI found beside the program).
# Usage: deb.sh BUILD_DIR
source "$(dirname "$0")/lib.sh"
build=$(cd "$1" && pwd)

echo "== cpack -G DEB"
check "cpack builds the package" cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/pkg" \
  >"$scratch/cpack.log" 2>&1 || { cat "$scratch/cpack.log"; exit 1; }
debs=("$scratch"/pkg/kb_*.deb)
[[ -f "${debs[0]}" ]] || fail "no kb_*.deb in $scratch/pkg: $(ls "$scratch/pkg")"
deb=${debs[0]}
echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"

echo "== control"
dpkg-deb -f "$deb" Package Version Architecture Depends | tee "$scratch/control"
[[ $(dpkg-deb -f "$deb" Package) == kb ]] || fail "package name is not kb"
depends=$(dpkg-deb -f "$deb" Depends)
# dpkg-shlibdeps names Debian packages for the libraries the programs link.
for lib in libxapian30 libpoppler-cpp0v5 libzip4 libgumbo1 libhunspell libstdc++6 libc6 adduser; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
dpkg-deb -e "$deb" "$scratch/control.d"
grep -qx /etc/kb/kb.conf "$scratch/control.d/conffiles" || fail "kb.conf is not a conffile"
grep -q "adduser --system" "$scratch/control.d/postinst" || fail "postinst does not create the kb user"
[[ -x "$scratch/control.d/postinst" ]] || fail "postinst is not executable"

echo "== dpkg-deb -x"
root="$scratch/root"
dpkg-deb -x "$deb" "$root"
for f in usr/bin/kb-index usr/bin/kb-query usr/bin/kb-searchd usr/bin/kb-export \
         usr/share/kb/ui/index.html usr/share/kb/ui/widget.js usr/share/kb/ui/app.js \
         usr/share/kb/ui/offline.js usr/share/kb/ui/sw.js usr/share/kb/ui/manifest.webmanifest \
         usr/share/man/man1/kb-export.1.gz \
         usr/share/kb/corpus/catalog.xml usr/share/kb/nginx/kb.conf \
         usr/share/man/man1/kb-index.1.gz usr/share/man/man1/kb-query.1.gz \
         usr/share/man/man1/kb-searchd.1.gz usr/share/doc/kb/deployment.md \
         etc/kb/kb.conf lib/systemd/system/kb-searchd.service \
         lib/systemd/system/kb-index.service lib/systemd/system/kb-index.path \
         lib/systemd/system/kb-index.timer; do
  [[ -e "$root/$f" ]] || fail "the package lacks /$f"
done
# Nothing of the build machine leaks in: the units name the installed programs.
grep -q "^ExecStart=/usr/bin/kb-searchd --config /etc/kb/kb.conf$" \
  "$root/lib/systemd/system/kb-searchd.service" || fail "kb-searchd.service ExecStart"
if grep -rlF "$build" "$root/etc" "$root/lib" "$root/usr/share/kb/nginx" >/dev/null; then
  fail "installed files name the build folder $build"
fi
man_text=$(zcat "$root/usr/share/man/man1/kb-searchd.1.gz")
[[ "$man_text" == *'\-\-no\-ui'* ]] || fail "kb-searchd(1) does not document --no-ui"  # roff's --no-ui

echo "== installed kb-index on the installed corpus"
"$root/usr/bin/kb-index" --version
"$root/usr/bin/kb-index" --quiet "$root/usr/share/kb/corpus" --out "$scratch/index" >"$scratch/index.log" 2>&1 ||
  fail "installed kb-index failed: $(tail "$scratch/index.log")"

echo "== installed kb-export: the offline bundle from the shipped UI"
"$root/usr/bin/kb-export" --index "$scratch/index" "$scratch/bundle" >"$scratch/export.log" 2>&1 ||
  fail "installed kb-export failed: $(tail "$scratch/export.log")"
for f in index.html brief.html app.js offline.js offline/kb-data.js; do
  [[ -s "$scratch/bundle/$f" ]] || fail "the exported bundle lacks $f"
done

echo "== installed kb-searchd --index --port"
start_searchd "$scratch/searchd.log" "$root/usr/bin/kb-searchd" --index "$scratch/index"
grep -q "UI $root/usr/share/kb/ui" "$scratch/searchd.log" ||
  fail "kb-searchd did not take the installed UI: $(cat "$scratch/searchd.log")"
base="http://127.0.0.1:$port"
page=$(curl -sf "$base/") || fail "GET / failed"
[[ "$page" == *"<html"* ]] || fail "GET / is not the search page"
cmp -s <(curl -sf "$base/widget.js") "$root/usr/share/kb/ui/widget.js" ||
  fail "GET /widget.js is not the installed widget.js"
results=$(curl -sf "$base/api/v1/search?q=DNS+abuse") || fail "search failed"
python3 - "$results" <<'PY' || fail "search for DNS abuse found no DNS-abuse unit"
import json, sys
r = json.loads(sys.argv[1])
hits = r["hits"]
assert r["total"] > 0 and hits, r
assert any("DNS abuse" in (h.get("title", "") + h.get("text", "")) for h in hits[:5]), hits[:5]
PY
curl -sf "$base/readyz" >/dev/null || fail "readyz is not 200"

echo "== --no-ui serves the API only"
start_searchd "$scratch/searchd-no-ui.log" "$root/usr/bin/kb-searchd" --index "$scratch/index" --no-ui
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/widget.js")
[[ "$status" == 404 ]] || fail "--no-ui: /widget.js answered $status, not 404"
curl -sf "http://127.0.0.1:$port/api/v1/search?q=DNS+abuse" >/dev/null || fail "--no-ui: search failed"
echo "PASS"
