#!/usr/bin/env bash
# ergraph's DOT for every file in graphs/, and for all of them merged, is
# read by the real `dot -Tsvg` without a single warning.
set -eu
ergraph=$1 src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
shopt -s nullglob
files=("$src"/graphs/*.json)
[ ${#files[@]} -gt 0 ] || { echo "no graphs"; exit 1; }
check() {
  "$ergraph" dot "$@" >"$tmp/g.dot"
  dot -Tsvg "$tmp/g.dot" -o "$tmp/g.svg" 2>"$tmp/err"
  if [ -s "$tmp/err" ]; then echo "dot warned on $*:"; cat "$tmp/err"; exit 1; fi
  [ -s "$tmp/g.svg" ] || { echo "no SVG for $*"; exit 1; }
}
for f in "${files[@]}"; do check "$f"; done
check "${files[@]}"
echo "${#files[@]} files and their merge render cleanly"
