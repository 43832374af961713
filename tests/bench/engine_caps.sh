#!/usr/bin/env bash
# Where each layout engine passes a time budget on this machine: renders
# ergraph-gen files of N entities and 3N ties (one seed) to SVG with each
# engine, doubling N until a render takes longer than the budget, and
# prints the seconds of each size. The caps in src/lib/render/render.c
# come from its output (see the README's "Big results").
#   bash tests/bench/engine_caps.sh BUILD_DIR [SECONDS] [ENGINE:START ...]
set -eu
build=${1:?usage: engine_caps.sh BUILD_DIR [SECONDS] [ENGINE:START ...]}
budget=${2:-10}
shift 2 || shift $#
[ $# -gt 0 ] || set -- dot:50 neato:250 sfdp:1000
ergraph=$build/ergraph gen=$build/tests/bench/ergraph-gen
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf '%-6s %8s %8s %8s\n' engine nodes edges seconds
for spec in "$@"; do
  engine=${spec%%:*} n=${spec#*:}
  while :; do
    [ -f "$tmp/$n.json" ] || "$gen" -e "$n" -r $((3 * n)) -o "$tmp/$n.json"
    start=$(date +%s.%N)
    status=0
    "$ergraph" render -q -K "$engine" --max-nodes $((10 * n)) --layout-timeout $((3 * budget)) \
      -T svg -o "$tmp/out.svg" "$tmp/$n.json" 2>/dev/null || status=$?
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    printf '%-6s %8d %8d %8.1f%s\n' "$engine" "$n" $((3 * n)) "$secs" \
      "$([ $status = 0 ] || echo " (exit $status)")"
    if [ "$status" != 0 ] || [ "$(echo "$secs > $budget" | bc)" = 1 ]; then break; fi
    n=$((2 * n))
  done
done
