#!/usr/bin/env bash
# U+FFFE and U+FFFF, which XML 1.0 cannot hold, are drawn as U+FFFD with a
# warning naming each entity, relationship and source (and the title) that
# holds one: the SVG parses with xmllint, so does dot's SVG of the DOT, and
# the HTML page holds neither (issue 14, item 7; test_html_page.sh shows
# the page's diagram in Chromium).
set -eu
ergraph=$1 src=$2
command -v xmllint >/dev/null || { echo "xmllint not installed: skipped"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
in=$src/tests/data/not_xml_chars.json
"$ergraph" render -q -T svg -o "$tmp/x.svg" "$in" 2>"$tmp/err"
xmllint --noout "$tmp/x.svg"
cat >"$tmp/want" <<'TXT'
ergraph: warning: the title holds U+FFFE, which SVG and HTML cannot hold: drawn as U+FFFD
ergraph: warning: entity "alice" holds U+FFFF, which SVG and HTML cannot hold: drawn as U+FFFD
ergraph: warning: entity "bob" holds U+FFFE, which SVG and HTML cannot hold: drawn as U+FFFD
ergraph: warning: relationship "r1" holds U+FFFE, which SVG and HTML cannot hold: drawn as U+FFFD
ergraph: warning: source "s1" holds U+FFFF, which SVG and HTML cannot hold: drawn as U+FFFD
TXT
diff -u "$tmp/want" "$tmp/err"
# Replaced visibly: U+FFFD where the name had U+FFFF.
grep -q $'>Al\xef\xbf\xbdice<' "$tmp/x.svg" || { echo "U+FFFD not drawn"; exit 1; }
"$ergraph" dot "$in" 2>/dev/null | dot -Tsvg -o "$tmp/d.svg"
xmllint --noout "$tmp/d.svg"
"$ergraph" render -q -T html -o "$tmp/x.html" "$in" 2>/dev/null
for f in "$tmp/x.svg" "$tmp/d.svg" "$tmp/x.html"; do
  if grep -q $'\xef\xbf\xbe\|\xef\xbf\xbf' "$f"; then echo "$f holds U+FFFE or U+FFFF"; exit 1; fi
done
