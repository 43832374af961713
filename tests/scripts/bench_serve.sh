#!/usr/bin/env bash
# The latency of ergraph serve at 1,000,000 relationships (100,000
# entities, a typical degree of 20): the same burst as test_serve_load.sh
# (200 requests, 16 clients), then one request at a time: the filter
# alone (a 1-hop view as JSON, no layout), a 1-hop view as SVG (filter,
# layout, SVG) and a 2-hop view. Not a test.
#   bash tests/scripts/bench_serve.sh build/ergraph [RELATIONSHIPS]
set -eu
ergraph=${1:-build/ergraph}
rels=${2:-1000000}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
. "$src/tests/scripts/serve_lib.sh"
python3 "$src/tests/scripts/gen_graph.py" $((rels / 10)) "$rels" >"$tmp/g.json"
t0=$(date +%s.%N)
serve_start "$tmp/g.json"
echo "loaded $rels relationships and started in $(echo "$(date +%s.%N) - $t0" | bc) s"
python3 "$src/tests/scripts/check_serve_load.py" "$ergraph" "$serve_port" "$serve_pid" \
  "$tmp/g.json" 200 16 --bench
serve_stop
