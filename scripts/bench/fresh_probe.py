#!/usr/bin/env python3
"""A fresh connection's wait while many sockets sit idle or drip bytes.

Opens IDLE sockets that send nothing and DRIPPING sockets that send a partial request
and then a byte a second (any the server closes is reconnected, so the count stays up),
then times REQUESTS fresh GETs of PATH, each on a new connection, each capped at CAP
seconds. Exit status 1 when any got no answer. Used by scripts/bench/idle_sockets.sh
and scripts/bench/http (KB_PROBE_QUIET=1: the summary lines only).

  fresh_probe.py PORT IDLE DRIPPING REQUESTS CAP [PATH]
"""
import os, selectors, socket, statistics, sys, threading, time

port, n_idle, n_drip, n_requests, cap = (int(a) for a in sys.argv[1:6])
verbose = os.environ.get("KB_PROBE_QUIET") is None
path = sys.argv[6].encode() if len(sys.argv) > 6 else b"/api/v1/search?q=igf"
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
    if unanswered >= 3 and not times:
        break  # starved: the rest would only wait out the cap too
    started = time.monotonic()
    try:
        c = socket.create_connection(address, timeout=cap)
        c.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
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
    if verbose:
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
# One line for scripts/bench/http's table.
median = f"{statistics.median(times) * 1000:.1f}" if times else "-"
worst = f"{max(times) * 1000:.1f}" if times else "-"
print(f"probe answered={len(times)}/{n_requests} median_ms={median} max_ms={worst}")
sys.exit(1 if unanswered else 0)
