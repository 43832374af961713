#!/usr/bin/env bash
# Prints how long `ergraph dot` takes on random graphs of growing size
# (no layout), and how long a refused render takes to say so: the figures
# behind "writing DOT of a large result stays fast". Not a test.
#   bash tests/scripts/bench_draw.sh build/ergraph
set -eu
ergraph=${1:-build/ergraph}
src=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3; [ -x "$py" ] || py=python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '%8s %8s %10s %10s %12s\n' nodes edges "dot (s)" "MB out" "refusal (s)"
for n in 1000 10000 50000 100000; do
  m=$((n * 3))
  "$py" "$src/tests/scripts/gen_graph.py" "$n" "$m" >"$tmp/g.json"
  t0=$(date +%s.%N)
  "$ergraph" dot "$tmp/g.json" >"$tmp/g.dot"
  t1=$(date +%s.%N)
  "$ergraph" render -q -K dot -o "$tmp/g.svg" "$tmp/g.json" 2>/dev/null || true
  t2=$(date +%s.%N)
  printf '%8d %8d %10.2f %10.1f %12.2f\n' "$n" "$m" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "$(stat -c %s "$tmp/g.dot") / 1048576" | bc -l)" "$(echo "$t2 - $t1" | bc)"
done
