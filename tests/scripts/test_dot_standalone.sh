#!/usr/bin/env bash
# Issue 18, item 6: `ergraph dot ... | dot -Tpng` (and neato, sfdp) draws a
# legend and a sources block that overlap nothing: one node "legend" and one
# node "legend_sources" (HTML-like tables) placed by the engine, with no
# edge; a long list of sources is split into several nodes so that no token
# passes Graphviz's 16 KB, each entry cut at 300 characters.
set -eu
ergraph=$1 src=$2
command -v dot >/dev/null || { echo "dot is missing"; exit 77; }
py=/usr/bin/python3; [ -x "$py" ] || py=python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$src"
check_svg() { # SVG: the legend and sources nodes meet no other node
  "$py" - "$1" <<'PY'
import re, sys
import xml.etree.ElementTree as ET
S = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
boxes = {}
for g in root.iter(S + "g"):
    if "node" not in (g.get("class") or "").split():
        continue
    name = g.find(S + "title").text
    xs, ys = [], []
    for el in g.iter():
        for a in ("points", "d"):
            if el.get(a):
                v = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", el.get(a))]
                xs += v[0::2]; ys += v[1::2]
        if el.tag == S + "ellipse":
            cx, cy, rx, ry = (float(el.get(k)) for k in ("cx", "cy", "rx", "ry"))
            xs += [cx - rx, cx + rx]; ys += [cy - ry, cy + ry]
        if el.tag == S + "text":
            x, y = float(el.get("x")), float(el.get("y"))
            xs.append(x); ys.append(y)
    if xs:
        boxes[name] = (min(xs), min(ys), max(xs), max(ys))
annex = [n for n in boxes if n == "legend" or n.startswith("legend_sources")]
if "legend" not in annex or "legend_sources" not in annex:
    sys.exit(f"{sys.argv[1]}: no legend or sources node: {sorted(boxes)[:5]}")
bad = []
for a in annex:
    ax0, ay0, ax1, ay1 = boxes[a]
    for b, (bx0, by0, bx1, by1) in boxes.items():
        if b != a and ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
            bad.append(f"{a} overlaps {b}")
if bad:
    sys.exit(f"{sys.argv[1]}: " + "; ".join(bad[:5]))
print(f"{sys.argv[1]}: {len(boxes)} nodes, legend and sources clear")
PY
}
"$ergraph" dot --around Lakhani graphs/*.json >"$tmp/l.dot"
[ "$(grep -c '^	legend	\[' "$tmp/l.dot")" = 1 ] || fail "not one legend node"
grep -q -- '-> *legend\|legend[a-z_0-9]* *->' "$tmp/l.dot" && fail "an edge touches the legend"
for k in dot neato sfdp; do
  dot -K$k -Tsvg "$tmp/l.dot" -o "$tmp/l-$k.svg" 2>"$tmp/err" || fail "$k: $(cat "$tmp/err")"
  [ ! -s "$tmp/err" ] || fail "$k warns: $(head -c 300 "$tmp/err")"
  check_svg "$tmp/l-$k.svg" >/dev/null || fail "$k: the legend or sources overlap"
done
# Shapes a table cell cannot draw are named beside their swatch.
grep -q 'person (ellipse)' "$tmp/l.dot" || fail "the legend does not name the person's shape"

# 120 sources of 2,000 characters each: several source nodes, each entry
# cut, every token under 16 KB, and dot reads it.
"$py" - "$tmp/many.json" <<'PY'
import json, sys
srcs = [{"id": f"s{i}", "title": f"Title {i} " + "word & <b> " * 200} for i in range(120)]
ents = [{"id": "a", "type": "person", "name": "A"}, {"id": "b", "type": "person", "name": "B"}]
rels = [{"from": "a", "to": "b", "type": "knows", "evidence": [{"source": s["id"]} for s in srcs]}]
json.dump({"format": "ergraph/1", "sources": srcs, "entities": ents, "relationships": rels},
          open(sys.argv[1], "w"))
PY
"$ergraph" dot "$tmp/many.json" >"$tmp/many.dot"
n=$(grep -c '^	legend_sources[0-9]*	\[' "$tmp/many.dot" || :)
[ "$n" -gt 1 ] || fail "120 long sources in $n node"
"$py" - "$tmp/many.dot" <<'PY' || fail "a label of 16 KB or more"
import re, sys
text = open(sys.argv[1]).read()
longest = max(len(m) for m in re.findall(r"label=<.*?>,?\n", text, re.S))
sys.exit(0 if longest < 16000 else 1)
PY
grep -q 'Title 119 ' "$tmp/many.dot" || fail "the last source is missing"
grep -q '…' "$tmp/many.dot" || fail "no entry was cut"
dot -Tsvg "$tmp/many.dot" -o "$tmp/many.svg" 2>"$tmp/err" || fail "dot: $(cat "$tmp/err")"
echo ok
