#!/usr/bin/env bash
# The systemd units as installed (cmake --install --prefix /usr into a scratch root, as the
# package has them): `systemd-analyze verify` passes on each, and fails on a copy with an
# error, so the check can fail. Usage: systemd_units.sh BUILD_DIR
source "$(dirname "$0")/lib.sh"
build=$1
root="$scratch/root"
DESTDIR="$root" cmake --install "$build" --prefix /usr >"$scratch/install.log" 2>&1 ||
  fail "cmake --install: $(tail "$scratch/install.log")"
units="$root/lib/systemd/system"
for unit in kb-searchd.service kb-index.service kb-index.path kb-index.timer; do
  [[ -f "$units/$unit" ]] || fail "not installed: /lib/systemd/system/$unit"
done
grep -q "^ProtectSystem=strict$" "$units/kb-searchd.service" || fail "kb-searchd: ProtectSystem"
grep -q "^NoNewPrivileges=yes$" "$units/kb-searchd.service" || fail "kb-searchd: NoNewPrivileges"
grep -q "^MemoryMax=" "$units/kb-searchd.service" || fail "kb-searchd: MemoryMax"
grep -q "^User=kb$" "$units/kb-searchd.service" || fail "kb-searchd: User"
grep -q "^Restart=on-failure$" "$units/kb-searchd.service" || fail "kb-searchd: Restart"
grep -q "^ReadOnlyPaths=/var/lib/kb$" "$units/kb-searchd.service" || fail "kb-searchd: index read-only"

echo "== systemd-analyze verify"
# --root: units, programs and man pages (Documentation=man:...) are looked up in the
# scratch root, where kb is installed; the base system's targets and the one coreutils
# program a unit runs (sleep) are copied in, as a Debian system has them.
mkdir -p "$root/usr/lib/systemd/system" "$root/bin"
cp -a /usr/lib/systemd/system/*.target "$root/usr/lib/systemd/system/"
cp /bin/sleep "$root/bin/sleep"
verify() {
  MANPATH="$root/usr/share/man" SYSTEMD_LOG_LEVEL=notice \
    systemd-analyze verify --root="$root" "$@" 2>&1
}
for unit in kb-searchd.service kb-index.service kb-index.path kb-index.timer; do
  out=$(verify "/lib/systemd/system/$unit") || fail "$unit: $out"
  # Warnings are failures too (an unknown key is only a warning to systemd).
  [[ -z "$out" ]] || fail "$unit: $out"
  echo "$unit: ok"
done

echo "== a broken unit is refused"
sed 's|^ExecStart=/usr/bin/kb-searchd|ExecStart=/usr/bin/kb-searchd-missing|' \
  "$units/kb-searchd.service" >"$units/kb-broken.service"
if out=$(verify /lib/systemd/system/kb-broken.service) && [[ -z "$out" ]]; then
  fail "systemd-analyze verify accepted a unit whose program does not exist"
fi
echo "broken unit refused: $out"
echo "PASS"
