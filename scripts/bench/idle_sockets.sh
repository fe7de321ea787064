#!/usr/bin/env bash
# How long a fresh request waits while many sockets sit idle or drip bytes (issue 9,
# finding 3). Starts kb-searchd on loopback over the bundled corpus with its default
# settings, opens IDLE sockets that send nothing and DRIPPING sockets that send a partial
# request and then one byte a second (any the server closes is reconnected, so the count
# stays up), then times REQUESTS fresh searches, each on a new connection, each capped at
# KB_BENCH_CAP seconds. Bounded: at most about REQUESTS x KB_BENCH_CAP + 10 seconds.
#   scripts/bench/idle_sockets.sh [IDLE] [DRIPPING] [REQUESTS]     (default 500 500 20)
#   KB_SEARCHD=/path/to/kb-searchd scripts/bench/idle_sockets.sh   (another build)
set -euo pipefail
cd "$(dirname "$0")/../.."
idle="${1:-500}"
dripping="${2:-500}"
requests="${3:-20}"
cap="${KB_BENCH_CAP:-10}"
searchd="${KB_SEARCHD:-build/searchd/kb-searchd}"
indexer="${KB_INDEX_BIN:-build/indexer/kb-index}"
command -v python3 >/dev/null || { echo "idle_sockets: python3 is missing" >&2; exit 2; }
[[ -x "$searchd" && -x "$indexer" ]] || scripts/build.sh default

work=$(mktemp -d /tmp/kb-idle-XXXXXX)
cleanup() {
  [[ -n "${daemon:-}" ]] && kill -KILL "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Both ends hold one descriptor per socket: raise the soft limit to the hard one.
ulimit -n "$(ulimit -Hn)"
"$indexer" corpus --out "$work/index" -q >/dev/null
"$searchd" --index "$work/index" --port 0 --access-log off >"$work/daemon.out" 2>"$work/daemon.err" &
daemon=$!
for _ in $(seq 100); do grep -q listening "$work/daemon.out" 2>/dev/null && break; sleep 0.05; done
port=$(grep -o ':[0-9]*' "$work/daemon.out" | tail -1 | tr -d :)

python3 - "$port" "$idle" "$dripping" "$requests" "$cap" <<'EOF'
import selectors, socket, statistics, sys, threading, time

port, n_idle, n_drip, n_requests, cap = (int(a) for a in sys.argv[1:6])
address = ("127.0.0.1", port)
DRIP_START = b"GET /api/v1/search?q=drip HTTP/1.1\r\nHost: x\r\nX-Drip: "

def connect(kind):
    s = socket.create_connection(address)
    s.setblocking(False)
    if kind == "drip":
        s.send(DRIP_START)
    return s

sockets = {}  # socket -> kind
for i in range(n_idle):
    sockets[connect("idle")] = "idle"
for i in range(n_drip):
    sockets[connect("drip")] = "drip"
stop = threading.Event()
reconnects = 0

def keep_up():
    # One byte a second on every dripping socket; reconnect whatever the server closed.
    global reconnects
    sel = selectors.DefaultSelector()
    for s in sockets:
        sel.register(s, selectors.EVENT_READ)
    next_drip = time.monotonic()
    while not stop.is_set():
        for key, _ in sel.select(timeout=0.05):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if data:
                continue  # an answer (408): the close follows
            kind = sockets.pop(s)
            sel.unregister(s)
            s.close()
            try:
                fresh = connect(kind)
            except OSError:
                continue
            sockets[fresh] = kind
            sel.register(fresh, selectors.EVENT_READ)
            reconnects += 1
        if time.monotonic() >= next_drip:
            next_drip += 1.0
            for s, kind in list(sockets.items()):
                if kind == "drip":
                    try:
                        s.send(b"a")
                    except OSError:
                        pass

keeper = threading.Thread(target=keep_up, daemon=True)
keeper.start()
time.sleep(1.0)  # let the server take all of them in

times, unanswered = [], 0
for i in range(n_requests):
    started = time.monotonic()
    try:
        c = socket.create_connection(address, timeout=cap)
        c.sendall(b"GET /api/v1/search?q=igf HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = b""
        while True:
            chunk = c.recv(65536)
            if not chunk:
                break
            reply += chunk
        c.close()
        ok = reply.startswith(b"HTTP/1.1 200")
    except OSError:
        ok = False
    elapsed = time.monotonic() - started
    if ok:
        times.append(elapsed)
    else:
        unanswered += 1
    print(f"request {i + 1:2d}: {'%.1f ms' % (elapsed * 1000) if ok else 'no answer within %d s' % cap}", flush=True)

stop.set()
keeper.join()
open_now = len(sockets)
print(f"\n{n_idle} idle + {n_drip} dripping sockets held open ({open_now} open at the end, {reconnects} reconnected)")
if times:
    print(f"fresh search answered {len(times)}/{n_requests}: median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms")
if unanswered:
    print(f"{unanswered}/{n_requests} fresh searches got no answer within {cap} s")
sys.exit(1 if unanswered else 0)
EOF
