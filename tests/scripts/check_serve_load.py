#!/usr/bin/env python3
"""A burst of requests at a running `ergraph serve` on 127.0.0.1 from
concurrent clients; every answer compared with the command line's for the
same query; 503s (a full layout queue) counted and retried; the resident
memory of the server and its workers before and after.
    check_serve_load.py ERGRAPH PORT PID FILE REQUESTS CLIENTS [--bench]
With --bench: the latency (median, 95th percentile) of each kind of
request, nothing compared."""
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

ergraph, port, pid, graph = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
total, clients = int(sys.argv[5]), int(sys.argv[6])
bench = "--bench" in sys.argv[7:]


def rss_kb():
    """Resident memory of the server and its workers, in kB."""
    pids = [pid] + [int(p) for p in open("/proc/%d/task/%d/children" % (pid, pid)).read().split()]
    kb = 0
    each = []
    for p in pids:
        for line in open("/proc/%d/status" % p):
            if line.startswith("VmRSS:"):
                kb += int(line.split()[1])
                each.append(int(line.split()[1]))
    print("  resident kB, server then workers:", each)
    return kb


def get(path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, r.getheader("Retry-After"), body


# Entities of degree about 20 (the generator's e<N>, ties spread evenly).
entities = ["e%d" % k for k in (7, 1234, 4242, 777, 99, 3141, 2718, 5000)]
kinds = {
    "filter (json export of a 1-hop view)": [
        ("/api/view?" + urllib.parse.urlencode({"around": e, "format": "json"}),
         ["export", "-f", "json", "--around", e]) for e in entities],
    "1-hop view, svg": [
        ("/api/view?" + urllib.parse.urlencode({"around": e, "format": "svg"}),
         ["render", "-q", "-T", "svg", "-o", "-", "--around", e]) for e in entities],
    "2-hop view, svg": [
        ("/api/view?" + urllib.parse.urlencode({"around": e, "depth": 2, "format": "svg"}),
         ["render", "-q", "-T", "svg", "-o", "-", "--around", e, "--depth", "2"])
        for e in entities[:2]],
    "entity card": [
        ("/api/entity?" + urllib.parse.urlencode({"name": e}), ["show", "--format", "json", e])
        for e in entities[:4]],
}
queries = [q for k in kinds.values() for q in k]
expected = {}
if not bench:
    for path, args in queries:
        p = subprocess.run([ergraph] + args + [graph], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        assert p.returncode == 0, (args, p.stderr)
        expected[path] = p.stdout
    # Warm-up: each query once, so that the workers' first allocations are
    # counted before, not as growth.
    for path, _ in queries:
        assert get(path)[0] == 200, path

before = rss_kb()
lock = threading.Lock()
counts = {"ok": 0, "mismatch": 0, "503": 0, "other": 0}
latency = {k: [] for k in kinds}
kind_of = {path: k for k, qs in kinds.items() for path, _ in qs}
next_request = [0]


def client():
    while True:
        with lock:
            i = next_request[0]
            if i >= total:
                return
            next_request[0] += 1
        path = queries[i % len(queries)][0]
        deadline = time.monotonic() + 600  # a 503 is retried, not forever
        for attempt in range(1000000):
            t0 = time.monotonic()
            status, retry, body = get(path)
            dt = time.monotonic() - t0
            if status != 503 or time.monotonic() > deadline:
                break
            with lock:
                counts["503"] += 1
            assert retry is not None, "503 without Retry-After"
            time.sleep(0.05 * (1 + attempt % 4))
        with lock:
            if status != 200:
                counts["other"] += 1
                print("status %d for %s: %s" % (status, path, body[:200]), file=sys.stderr)
            elif not bench and body != expected[path]:
                counts["mismatch"] += 1
                print("differs from the command line: " + path, file=sys.stderr)
            else:
                counts["ok"] += 1
                latency[kind_of[path]].append(dt)


t0 = time.monotonic()
threads = [threading.Thread(target=client) for _ in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - t0
after = rss_kb()
print("%d requests from %d clients in %.1f s: %d answered as the command line, %d 503s "
      "(retried), %d differing, %d other" % (total, clients, elapsed, counts["ok"], counts["503"],
                                             counts["mismatch"], counts["other"]))
print("resident memory of the server and its workers: %d kB before, %d kB after (%+.1f%%)"
      % (before, after, 100.0 * (after - before) / before))
for k, v in latency.items():
    if v:
        v.sort()
        print("  %-40s median %6.0f ms, 95th percentile %6.0f ms (%d answers, under load)"
              % (k, 1000 * statistics.median(v), 1000 * v[int(0.95 * (len(v) - 1))], len(v)))
if bench:
    # Alone: one request at a time, the latency a person sees.
    print("one request at a time:")
    for k, qs in kinds.items():
        v = []
        for _ in range(3):
            for path, _ in qs:
                t = time.monotonic()
                status, _, _ = get(path)
                v.append(time.monotonic() - t)
                assert status == 200, path
        v.sort()
        print("  %-40s median %6.0f ms, 95th percentile %6.0f ms (%d answers)"
              % (k, 1000 * statistics.median(v), 1000 * v[int(0.95 * (len(v) - 1))], len(v)))
# Under AddressSanitizer (its quarantine keeps freed memory) the resident
# memory says nothing: --no-rss.
ok = counts["ok"] == total and ("--no-rss" in sys.argv[7:] or after <= before * 1.10)
sys.exit(0 if ok or bench else 1)
