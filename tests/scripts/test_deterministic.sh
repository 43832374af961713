#!/usr/bin/env bash
# The same input gives byte-identical DOT and SVG, run after run.
set -eu
ergraph=$1 src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
files=("$src"/graphs/*.json "$src/tests/data/hostile.json")
for i in 1 2 3; do
  "$ergraph" dot "${files[@]}" >"$tmp/dot$i"
  "$ergraph" render -q -T svg "${files[@]}" >"$tmp/svg$i"
done
cmp "$tmp/dot1" "$tmp/dot2" && cmp "$tmp/dot1" "$tmp/dot3"
cmp "$tmp/svg1" "$tmp/svg2" && cmp "$tmp/svg1" "$tmp/svg3"
