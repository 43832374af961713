#!/usr/bin/env bash
# Tooltips, links and ids in the SVG: hostile quotes and names shown as
# text, a javascript: or data: URL refused with a warning, http(s) links
# escaped; the same after `dot -Tsvg` of the DOT text.
set -eu
ergraph=$1 src=$2
py=/usr/bin/python3; [ -x "$py" ] || py=python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
data=$src/tests/data/hostile_quotes.json
"$ergraph" render -q -T svg -o "$tmp/h.svg" "$data" 2>"$tmp/err"
"$py" "$src/tests/scripts/check_svg_links.py" "$tmp/h.svg" "$data"
"$py" "$src/tests/scripts/check_svg_text.py" "$tmp/h.svg" "$data"
grep -q 'warning: source "js": URL "javascript:alert(1)" not linked' "$tmp/err" ||
  { echo "no warning for the javascript: URL:"; cat "$tmp/err"; exit 1; }
grep -q 'warning: source "data": URL "data:text/html' "$tmp/err" ||
  { echo "no warning for the data: URL:"; cat "$tmp/err"; exit 1; }
# Each relationship drawn on its own keeps its own id and link.
"$ergraph" render -q --no-merge -T svg -o "$tmp/m.svg" "$data" 2>/dev/null
"$py" "$src/tests/scripts/check_svg_links.py" "$tmp/m.svg" "$data"
for id in ab1 ab2 ab3 bd; do
  grep -q "<g id=\"r&#45;$id\" class=\"edge tie" "$tmp/m.svg" || { echo "no edge r-$id"; exit 1; }
done
# The DOT text rendered by Graphviz itself says the same.
"$ergraph" dot "$data" 2>/dev/null >"$tmp/h.dot"
dot -Tsvg "$tmp/h.dot" -o "$tmp/h2.svg"
"$py" "$src/tests/scripts/check_svg_links.py" "$tmp/h2.svg" "$data"
# The checker bites: a tampered tooltip and a javascript: link are caught.
sed -e 's/onerror=alert(1)/onerror=alert(2)/' -e 's#xlink:href="https://example.org#xlink:href="javascript:x//#' \
  "$tmp/h.svg" >"$tmp/bad.svg"
if "$py" "$src/tests/scripts/check_svg_links.py" "$tmp/bad.svg" "$data" >"$tmp/out"; then
  echo "the checker missed a tampered SVG"; exit 1
fi
grep -q "tooltip" "$tmp/out" && grep -q "not http" "$tmp/out"
echo "tooltips, links and ids checked"
