#!/usr/bin/env bash
# Names full of Graphviz escapes, markup, quotes and Unicode are drawn
# literally in the SVG, which stays well-formed XML without script.
set -eu
ergraph=$1 src=$2
py=/usr/bin/python3; [ -x "$py" ] || py=python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$ergraph" render -q -T svg -o "$tmp/h.svg" "$src/tests/data/hostile.json"
"$py" "$src/tests/scripts/check_svg_text.py" "$tmp/h.svg" "$src/tests/data/hostile.json"
# The DOT text reads back with dot itself, with no warning.
"$ergraph" dot "$src/tests/data/hostile.json" >"$tmp/h.dot"
dot -Tsvg "$tmp/h.dot" -o "$tmp/h2.svg" 2>"$tmp/err"
if [ -s "$tmp/err" ]; then cat "$tmp/err"; exit 1; fi
"$py" "$src/tests/scripts/check_svg_text.py" "$tmp/h2.svg" "$src/tests/data/hostile.json"
