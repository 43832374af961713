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
grep -q -- '--bind takes an IPv4 address' "$tmp/err"
echo ok
