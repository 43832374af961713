#!/usr/bin/env bash
# Issue 18, item 4: an entity's country, when both are drawn, --cluster
# country is off and no drawn tie joins them, gets a light dashed "of" line
# (a drawing aid: in no list, statistic or export); entities left with no
# line are packed in rows (invisible edges), not stacked in one column.
set -eu
ergraph=$1 src=$2
py=/usr/bin/python3; [ -x "$py" ] || py=python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$src"
files=(graphs/*.json)
"$ergraph" dot "${files[@]}" >"$tmp/all.dot"
# Which "of" lines the files call for, worked out from the files.
"$py" - "${files[@]}" >"$tmp/want" <<'PY'
import json, sys
ents, rels = {}, []
for p in sys.argv[1:]:
    d = json.load(open(p))
    for e in d["entities"]:
        ents[e["id"]] = e
    rels += d["relationships"]
joined = {frozenset((r["from"], r["to"])) for r in rels}
for i, e in sorted(ents.items()):
    c = e.get("country")
    if c and c != i and c in ents and frozenset((i, c)) not in joined:
        print(i)
PY
grep -o 'id="of-[^"]*"' "$tmp/all.dot" | sed 's/id="of-//; s/"$//' | sort >"$tmp/got"
sort -o "$tmp/want" "$tmp/want"
[ -s "$tmp/want" ] || fail "the files call for no \"of\" line: the test tests nothing"
diff "$tmp/want" "$tmp/got" || fail "the \"of\" lines are not those the files call for"
grep -q 'tooltip="Shin Bet: country Israel"' "$tmp/all.dot" || fail "Shin Bet floats alone"
# Dashed, light, labelled, in the legend.
grep -A6 'id="of-shin-bet"' "$tmp/all.dot" | grep -q 'style=dashed' || fail "of: not dashed"
grep -q "of: an entity's country" "$tmp/all.dot" || fail "of: not in the legend"
# Not with --cluster country: the box says it.
"$ergraph" dot --cluster country "${files[@]}" | grep -q 'class=of' && fail "of lines with --cluster country"
# Not a tie: stats, list and exports are the same as without it.
n=$("$ergraph" stats "${files[@]}" | head -1)
m=$("$py" -c 'import json,sys; print(sum(len(json.load(open(p))["relationships"]) for p in sys.argv[1:]))' "${files[@]}")
case "$n" in *" $m relationships,"*) ;; *) fail "stats: $n, want $m relationships" ;; esac
"$ergraph" export -q -f graphml -o "$tmp/g.graphml" "${files[@]}"
[ "$(grep -c '<edge ' "$tmp/g.graphml")" = "$m" ] || fail "graphml: not $m edges"
# No filter counts it: --drop-isolated drops an entity whose only line is "of".
"$ergraph" list entities --format tsv --drop-isolated "${files[@]}" | cut -f1 | grep -qx shin-bet &&
    fail "--drop-isolated kept Shin Bet (its only line is an \"of\")"
# Entities without any line: in rows of about sqrt(n), chained invisibly.
"$ergraph" dot --keep-isolated --source bbc-2003-08-12-old-enemies-unite "${files[@]}" >"$tmp/iso.dot"
packs=$(grep -c 'class=pack' "$tmp/iso.dot" || :)
[ "$packs" -gt 10 ] || fail "isolated entities are not packed ($packs invisible edges)"
# The SVG of the render: every "of" line is there, with its tooltip.
"$ergraph" render -q -T svg -o "$tmp/all.svg" "${files[@]}"
[ "$(grep -c 'id="of&#45;' "$tmp/all.svg")" -ge "$(wc -l <"$tmp/want")" ] || fail "SVG: of lines missing"
echo ok
