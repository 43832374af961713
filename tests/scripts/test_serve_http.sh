#!/usr/bin/env bash
# ergraph serve's HTTP interface on loopback: every endpoint, the answers
# byte-identical to the command line's, the 400s with the query key named,
# 421 for a foreign Host, 405, the loopback default, limits, a clean stop
# on SIGTERM with every worker reaped.
set -eu
ergraph=$1 src=$2
tmp=$(mktemp -d)
. "$src/tests/scripts/serve_lib.sh"
serve_start --workers 2 "$src"/graphs/*.json
grep -q '^ergraph: serving .* at http://127.0.0.1:[0-9]*/' "$tmp/serve.out"
workers=$(pgrep -P "$serve_pid" | wc -l)
[ "$workers" -eq 2 ] || { echo "expected 2 workers, found $workers"; exit 1; }
python3 "$src/tests/scripts/check_serve_http.py" "$ergraph" "$serve_port" "$tmp" \
  "$src"/graphs/*.json
children=$(pgrep -P "$serve_pid" | tr '\n' ' ')
serve_stop
for c in $children; do
  if kill -0 "$c" 2>/dev/null; then echo "worker $c still there after the stop"; exit 1; fi
done
grep -q 'stopped (terminated)' "$tmp/serve.err"

# SIGINT stops it too.
serve_start --workers 1 "$src"/graphs/*.json
kill -INT "$serve_pid"
for i in $(seq 100); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
wait "$serve_pid"
serve_pid=""
grep -q 'stopped (interrupt)' "$tmp/serve.err"

# Usage errors.
if "$ergraph" serve --port 70000 x.json 2>"$tmp/err"; then exit 1; fi
grep -q -- '--port takes a number' "$tmp/err"
if "$ergraph" serve --port 0 --bind not-an-address "$src"/graphs/*.json >/dev/null 2>"$tmp/err"; then
  exit 1
fi
grep -q -- '--bind takes an IPv4 or IPv6 address' "$tmp/err"

# Filters on the command line: the page's first view (/api/summary's
# query); an unknown name is said at the start.
if "$ergraph" serve --port 0 --around Nobody "$src"/graphs/*.json >/dev/null 2>"$tmp/err"; then
  exit 1
fi
grep -q 'no entity is called "Nobody"' "$tmp/err"
# The engine and time limit reach every layout.
serve_start --workers 1 -K neato --layout-timeout 30 --around FSB --depth 2 \
  --between fsb 'Federal Bureau of Investigation' --certainty stated,reported "$src"/graphs/*.json
python3 - "$serve_port" "$ergraph" "$src" <<'PY'
import http.client, json, subprocess, sys, glob
port, ergraph, src = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def get(path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", path)
    r = c.getresponse()
    return r.status, r.read()
status, body = get("/api/summary")
q = json.loads(body)["query"]
assert q == ("around=FSB&depth=2&between=fsb&between=Federal%20Bureau%20of%20Investigation"
             "&certainty=stated,reported"), q
status, body = get("/api/view?" + q)
assert status == 200 and json.loads(body)["engine"] == "neato", body[:200]
status, body = get("/api/view?around=fsb&format=svg")
want = subprocess.run([ergraph, "render", "-q", "-K", "neato", "--around", "fsb", "-o", "-"] +
                      sorted(glob.glob(src + "/graphs/*.json")), stdout=subprocess.PIPE).stdout
assert status == 200 and body == want, "the svg of neato"
PY
serve_stop

# IPv6 loopback: --bind ::1, answering to [::1] and localhost.
if python3 -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
  "$ergraph" serve --port 0 --bind ::1 --workers 1 "$src"/graphs/*.json >"$tmp/serve6.out" 2>"$tmp/serve6.err" &
  serve_pid=$!
  for i in $(seq 100); do grep -q 'http://' "$tmp/serve6.out" && break; sleep 0.1; done
  grep -q 'at http://\[::1\]:[0-9]*/' "$tmp/serve6.out"
  ! grep -q WARNING "$tmp/serve6.err"
  port6=$(grep -o '\]:[0-9]*/' "$tmp/serve6.out" | tr -d ']:/')
  python3 - "$port6" <<'PY'
import http.client, sys
port = int(sys.argv[1])
for host, want in (("[::1]:%d" % port, 200), ("localhost:%d" % port, 200), ("[::1]", 200),
                   ("127.0.0.1:%d" % port, 200), ("evil.example:%d" % port, 421),
                   ("[::2]:%d" % port, 421)):
    c = http.client.HTTPConnection("::1", port, timeout=30)
    c.putrequest("GET", "/api/search?q=fs", skip_host=True)
    c.putheader("Host", host)
    c.endheaders()
    r = c.getresponse()
    r.read()
    assert r.status == want, (host, r.status)
PY
  serve_stop
else
  echo "no IPv6 loopback here: --bind ::1 not tried"
fi
echo ok
