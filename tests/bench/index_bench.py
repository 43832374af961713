#!/usr/bin/env python3
"""issue 21: what a corpus (ergraph index) buys, as ratios to the naive
jansson load of the same file, measured in the same run.

  tests/bench/index_bench.py [-r RELATIONSHIPS] [-n RUNS] [-d DIR] [--no-cold] [--no-hub] BUILD

BUILD is a build with -DERG_BENCH=ON (Release for figures): its ergraph,
tests/bench/ergraph-gen and tests/bench/ergraph-bench are used. The
generated file (ENTITIES = RELATIONSHIPS / 5, --evidence) is kept in DIR
(default BUILD/index-bench). Every step runs in a child of its own: wall
time, CPU time (user + system, every thread) and peak resident memory
(maximum resident set: for a corpus, the pages of the mapping it touched),
median of RUNS (default 3). Cold: the page cache emptied (echo 3 >
/proc/sys/vm/drop_caches, as root) before each run; warm: after a run.
TYPICAL is the first entity of degree closest to 20, OTHER the next one,
HUB the entity of highest degree (--no-hub: its 2-hop DOT, which takes
minutes past 1M relationships, is left out). serve's first answer: the
median of RUNS starts, at least 5.
"""
import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time


def run(argv, out=subprocess.DEVNULL):
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(argv), err[-2000:]))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def drop_caches():
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def measure(argv, runs, cold=False):
    walls, cpus, peak = [], [], 0.0
    if not cold:
        run(argv)  # warm-up
    for _ in range(runs):
        if cold and not drop_caches():
            return None
        w, c, m = run(argv)
        walls.append(w)
        cpus.append(c)
        peak = max(peak, m)
    return statistics.median(walls), statistics.median(cpus), peak


BASE = None


def row(label, m):
    if m is None:
        print("%-50s %s" % (label, "(not measured: the page cache cannot be emptied)"))
        return
    w, c, p = m
    print("%-50s %8.3f %8.4fx %8.3f %8.4fx %9.0f %7.3fx" % (
        label, w, w / BASE[0], c, c / BASE[1], p, p / BASE[2]))
    sys.stdout.flush()


def serve_first_answer(ergraph, corpus):
    """Milliseconds from starting `ergraph serve` to its first answer."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    t0 = time.monotonic()
    p = subprocess.Popen([ergraph, "serve", "--port", str(port), corpus],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.monotonic() - t0 < 60:
            try:
                c = socket.create_connection(("127.0.0.1", port), timeout=5)
            except OSError:
                time.sleep(0.001)
                continue
            c.sendall(b"GET /api/summary HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            data = b""
            while True:
                chunk = c.recv(65536)
                if not chunk:
                    break
                data += chunk
            c.close()
            if data.startswith(b"HTTP/1.") and b" 200 " in data[:20]:
                return (time.monotonic() - t0) * 1000
            time.sleep(0.001)
        return None
    finally:
        p.terminate()
        p.wait()


def main():
    global BASE
    ap = argparse.ArgumentParser()
    ap.add_argument("-r", type=int, default=1000000)
    ap.add_argument("-n", type=int, default=3)
    ap.add_argument("-d")
    ap.add_argument("--no-cold", action="store_true")
    ap.add_argument("--no-hub", action="store_true")
    ap.add_argument("build")
    a = ap.parse_args()
    b = os.path.abspath(a.build)
    ergraph = os.path.join(b, "ergraph")
    gen = os.path.join(b, "tests/bench/ergraph-gen")
    bench = os.path.join(b, "tests/bench/ergraph-bench")
    d = a.d or os.path.join(b, "index-bench")
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, "g%d.json" % a.r)
    corpus = os.path.join(d, "g%d.ergi" % a.r)
    if not os.path.exists(src):
        subprocess.run([gen, "-e", str(a.r // 5), "-r", str(a.r), "--evidence", "-o", src],
                       check=True)
    size = os.path.getsize(src)
    print("index_bench: %s, %.1f MB, %d relationships; median of %d runs; cpu = user + system;"
          % (src, size / 1e6, a.r, a.n))
    print("peak = maximum resident set; ratios to the naive load of the same file, this run\n")
    out = subprocess.run([bench, "--runs", str(a.n), "--naive-only", src], check=True,
                         capture_output=True, text=True).stdout
    m = re.search(r"naive: jansson json_load_file \+ walk\s+([\d.]+)\s+\S+\s+([\d.]+)\s+\S+\s+([\d.]+)",
                  out)
    BASE = (float(m.group(1)), float(m.group(2)), float(m.group(3)))
    print("%-50s %8s %9s %8s %9s %9s %8s" % ("step", "wall (s)", "x naive", "cpu (s)", "x naive",
                                             "peak (MB)", "x naive"))
    row("naive: jansson json_load_file + walk", BASE)
    load = measure([ergraph, "validate", src], a.n)
    row("ergraph validate FILE (the load)", load)
    idx = measure([ergraph, "index", src, "-o", corpus], a.n)
    row("ergraph index FILE -o CORPUS", idx)
    csize = os.path.getsize(corpus)

    # The entities the queries start from.
    listing = subprocess.run([ergraph, "list", "entities", "--format", "tsv", corpus], check=True,
                             capture_output=True, text=True).stdout.splitlines()[1:]
    deg = [(l.split("\t")[0], int(l.split("\t")[4])) for l in listing]
    hub = max(deg, key=lambda x: x[1])
    near = sorted(deg, key=lambda x: abs(x[1] - 20))
    typical, other = near[0], near[1]
    T, O, H = typical[0], other[0], hub[0]
    queries = [
        ("dot --around TYPICAL --depth 2", ["dot", "--around", T, "--depth", "2"]),
        ("path TYPICAL OTHER", ["path", T, O]),
        ("show TYPICAL", ["show", T]),
        ("neighbors TYPICAL", ["neighbors", T]),
        ("list entities --around TYPICAL --depth 2", ["list", "entities", "--around", T,
                                                       "--depth", "2"]),
    ]
    for label, args in queries:
        row(label + ", warm", measure([ergraph] + args + [corpus], a.n))
        if not a.no_cold:
            row(label + ", cold", measure([ergraph] + args + [corpus], a.n, cold=True))
    row("dot --around TYPICAL --depth 2, the JSON file", measure(
        [ergraph, "dot", "--around", T, "--depth", "2", src], 1))
    dot_bytes = None
    if not a.no_hub:
        hubm = measure([ergraph, "dot", "--around", H, "--depth", "2", corpus], 1)
        row("dot --around HUB --depth 2, warm", hubm)
        dot_bytes = len(subprocess.run([ergraph, "dot", "--around", H, "--depth", "2", corpus],
                                       check=True, capture_output=True).stdout)
    firsts = [serve_first_answer(ergraph, corpus) for _ in range(max(a.n, 5))]
    firsts = [f for f in firsts if f is not None]

    print()
    print("TYPICAL %s (degree %d), OTHER %s (degree %d), HUB %s (degree %d%s)"
          % (T, typical[1], O, other[1], H, hub[1],
             ", DOT %.1f MB" % (dot_bytes / 1e6) if dot_bytes is not None else ""))
    print("index: %.2fx the load's wall time, %.2fx its CPU time" % (idx[0] / load[0],
                                                                     idx[1] / load[1]))
    print("corpus: %.1f MB, %.2fx the JSON; %.0f bytes per relationship on disk (JSON: %.0f)"
          % (csize / 1e6, csize / size, csize / a.r, size / a.r))
    if firsts:
        print("serve: first answer (/api/summary) %.0f ms after starting (median of %d; %s)"
              % (statistics.median(firsts), len(firsts),
                 " ".join("%.0f" % f for f in sorted(firsts))))


if __name__ == "__main__":
    main()
