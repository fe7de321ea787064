# Shared by the package tests: a scratch folder removed on exit, failures that say what,
# processes stopped on exit, a kb-searchd started on a free port.
set -euo pipefail

scratch=$(mktemp -d "${TMPDIR:-/tmp}/kb-package-test.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

check() {  # check "what" command...: runs the command, fails the test naming what if it fails
  local what=$1
  shift
  "$@" || fail "$what"
}

# start_searchd LOG ARGS...: starts kb-searchd with --port 0 and sets $port to the port it
# prints; fails if it exits first.
start_searchd() {
  local log=$1
  shift
  "$@" --port 0 >"$log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  port=""
  for _ in $(seq 1 600); do
    port=$(sed -n 's|^kb-searchd: listening on http://[^:]*:\([0-9]*\) .*|\1|p' "$log")
    [[ -n "$port" ]] && return 0
    kill -0 "$pid" 2>/dev/null || fail "kb-searchd exited: $(cat "$log")"
    sleep 0.1
  done
  fail "kb-searchd printed no port: $(cat "$log")"
}

# free_port: a port nothing listens on now (the kernel's pick, released).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_http URL: until URL answers at all (any status), or fail.
wait_http() {
  for _ in $(seq 1 600); do
    curl -sk -o /dev/null "$1" && return 0
    sleep 0.1
  done
  fail "nothing answers at $1"
}
