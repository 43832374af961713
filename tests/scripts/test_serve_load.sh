#!/usr/bin/env bash
# A load test of ergraph serve on loopback: 200 requests from 16 concurrent
# clients over a generated 100,000-relationship file (10,000 entities, a
# typical degree of 20); every answer byte-identical to the command line's
# for the same query, the queue bounded (503s counted and retried), no
# crash, the resident memory of the server and its workers after the burst
# within 10% of before.
set -eu
ergraph=$1 src=$2
tmp=$(mktemp -d)
. "$src/tests/scripts/serve_lib.sh"
python3 "$src/tests/scripts/gen_graph.py" 10000 100000 >"$tmp/g.json"
serve_start --workers 2 "$tmp/g.json"
rss=""
if ldd "$ergraph" 2>/dev/null | grep -q libasan; then rss=--no-rss; fi
python3 "$src/tests/scripts/check_serve_load.py" "$ergraph" "$serve_port" "$serve_pid" \
  "$tmp/g.json" 200 16 $rss
kill -0 "$serve_pid"
serve_stop
