#!/usr/bin/env bash
# Citations only where they tell something, dates in words, short titles:
# one article drawn has no [1] on its labels and a "Source" block without
# a number; dates read as words in the drawing (labels, tooltips, block)
# but stay ISO in the exports; several files with different titles are
# titled "N sources", with one shared title that title, --title wins.
set -u
ergraph=$1 src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
one=$src/graphs/bbc-2003-08-12-old-enemies-unite.json
all=("$src"/graphs/*.json)
texts() { # every text and tooltip of an SVG, one a line
  python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for el in root.iter():
    if el.tag.endswith("}text") and el.text:
        print("text:", el.text)
    for k, v in el.attrib.items():
        if k.endswith("}title"):
            print("tooltip:", v.replace("\n", " / "))
PY
}
"$ergraph" render -q -K dot -o "$tmp/one.svg" "$one" 2>/dev/null || fail "render one"
texts "$tmp/one.svg" >"$tmp/one.txt"
! grep -E '^text: .*\[[0-9]' "$tmp/one.txt" || fail "a citation number with one source"
grep -qx 'text: Source' "$tmp/one.txt" || fail "no Source block"
grep -q '^text: BBC News, 12 Aug 2003, ' "$tmp/one.txt" || fail "the source without its date in words"
! grep -E '(19|20)[0-9]{2}-[0-9]{2}' "$tmp/one.txt" || fail "an ISO date in the drawing"
grep -Eq '^text: .*(Mar|Aug) 2003' "$tmp/one.txt" || fail "no date in words on a label"
# The export keeps them as written.
"$ergraph" export -f json "$one" 2>/dev/null | grep -q '"date": "2003-08-12"' || fail "export date"

# Several sources: numbers, and every number on a label is in the block.
"$ergraph" render -q -o "$tmp/all.svg" "${all[@]}" 2>/dev/null || fail "render all"
texts "$tmp/all.svg" >"$tmp/all.txt"
grep -Eq '^text: .*\[[0-9]+(,[0-9]+)*\]$' "$tmp/all.txt" || fail "no numbers with 4 sources"
grep -qx 'text: Sources' "$tmp/all.txt" || fail "no Sources block"
for n in 1 2 3 4; do grep -q "^text: \[$n\] " "$tmp/all.txt" || fail "[$n] not in the block"; done
! grep -E '^text: .*(19|20)[0-9]{2}-[0-9]{2}' "$tmp/all.txt" || fail "an ISO date in the drawing"
# Titles: four different ones are "4 sources"; --title wins; one shared stays.
grep -qx 'text: 4 sources' "$tmp/all.txt" || fail "the title of 4 files: $(head -3 "$tmp/all.txt")"
"$ergraph" dot --title "The Igla sting" "${all[@]}" 2>/dev/null | grep -q 'label="The Igla sting"' ||
  fail "--title"
"$ergraph" render -q -o "$tmp/all.html" "${all[@]}" 2>/dev/null
grep -q '<title>4 sources</title>' "$tmp/all.html" || fail "the HTML page's title"
for i in 1 2; do
  cat >"$tmp/part$i.json" <<EOF2
{"format": "ergraph/1", "title": "The same story",
 "sources": [{"id": "s$i", "publisher": "P$i", "date": "2001-0$i"}],
 "entities": [{"id": "a$i", "type": "person", "name": "A$i"}, {"id": "b$i", "type": "person", "name": "B$i"}],
 "relationships": [{"from": "a$i", "to": "b$i", "type": "met", "start": "1999", "end": "2001-05-02",
                    "evidence": [{"source": "s$i"}]}]}
EOF2
done
"$ergraph" dot --wrap 0 "$tmp/part1.json" "$tmp/part2.json" >"$tmp/parts.dot" || fail "dot parts"
grep -q 'label="The same story"' "$tmp/parts.dot" || fail "the shared title: $(grep -m1 label "$tmp/parts.dot")"
grep -q 'met 1999 – 2 May 2001 \[1\]' "$tmp/parts.dot" || fail "the period in words"
grep -q '\[2\] P2, Feb 2001' "$tmp/parts.dot" || fail "the source's month in words"
# A saved merge draws the same title as the merge.
"$ergraph" export -f json -o "$tmp/saved.json" "${all[@]}" 2>/dev/null
"$ergraph" dot "$tmp/saved.json" 2>/dev/null | grep -q 'label="4 sources"' || fail "saved merge's title"
echo "titles, citations and dates: ok"
