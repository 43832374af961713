#!/usr/bin/env bash
# -G, -N and -E set Graphviz attributes over ergraph's defaults and per-type
# styles (for dot and render), values quoted by cgraph; a bad or reserved
# name is exit 2; --dpi scales a PNG and is refused for other formats.
set -u
ergraph=$1 src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
f=$src/graphs/examples/evidence.json
all=("$src"/graphs/*.json)
fail() { echo "FAIL: $*"; exit 1; }
status() { "$@" >"$tmp/out" 2>"$tmp/err"; echo $?; }

# -Nfontname=Serif: Serif on every node of the SVG, the legend's included,
# where each entity type has a font of its own otherwise.
"$ergraph" render -q -K dot -Nfontname=Serif -Ecolor=blue -Gbgcolor=lightyellow \
  -o "$tmp/a.svg" "${all[@]}" 2>/dev/null || fail "render -N -E -G"
python3 - "$tmp/a.svg" <<'PY' || exit 1
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
nodes = edges = 0
for g in root.iter("{http://www.w3.org/2000/svg}g"):
    cls = g.get("class", "")
    if cls.startswith("node"):
        for t in g.iter("{http://www.w3.org/2000/svg}text"):
            nodes += 1
            if t.get("font-family") != "Serif":
                sys.exit("FAIL: node %s text in %s" % (g.get("id"), t.get("font-family")))
    if cls.startswith("edge"):
        for p in g.iter("{http://www.w3.org/2000/svg}path"):
            edges += 1
            if p.get("stroke") != "blue":
                sys.exit("FAIL: edge %s stroke %s" % (g.get("id"), p.get("stroke")))
bg = root.find("s:g/s:polygon", ns)
if bg is None or bg.get("fill") != "lightyellow":
    sys.exit("FAIL: background %s" % (bg.get("fill") if bg is not None else None))
if nodes < 100 or edges < 100:
    sys.exit("FAIL: only %d node texts and %d edge paths" % (nodes, edges))
print("Serif on %d node texts, blue on %d edge paths" % (nodes, edges))
PY
# Without it, the default theme's fonts are not Serif (so the check above means something).
"$ergraph" render -q -K dot -o "$tmp/b.svg" "$f" || fail "plain render"
grep -q 'font-family="Serif"' "$tmp/b.svg" && fail "Serif without -Nfontname"

# The same for dot, and a value that needs quoting survives cgraph's quoting.
"$ergraph" dot '-Nfontname=Se"ri\f' -Grankdir=TB -Earrowsize=2 "$f" >"$tmp/c.dot" || fail "dot -N"
dot -Tcanon "$tmp/c.dot" >"$tmp/c2.dot" 2>"$tmp/err" || fail "dot could not read it: $(cat "$tmp/err")"
python3 - "$tmp/c.dot" <<'PY' || exit 1
import re, sys
text = open(sys.argv[1]).read()
names = re.findall(r'fontname="((?:[^"\\]|\\.)*)"', text)
# Every node's own fontname is the one given (the edges and graph keep theirs).
node_values = set(re.findall(r'\bn\d+\s*\[[^\]]*?fontname="((?:[^"\\]|\\.)*)"', text, re.S))
if node_values != {'Se\\"ri\\f'}:
    sys.exit("FAIL: node fontnames %r" % node_values)
if "rankdir=TB" not in text or "arrowsize=2" not in text:
    sys.exit("FAIL: -Grankdir=TB or -Earrowsize=2 missing")
print("dot: fontname quoted as", node_values.pop())
PY

# Bad names: exit 2 with the closest name; reserved ones too; both commands.
for cmd in dot render; do
  [ "$(status "$ergraph" $cmd -Nfontnmae=Serif "$f")" = 2 ] || fail "$cmd -Nfontnmae not exit 2"
  grep -q "did you mean 'fontname'" "$tmp/err" || fail "$cmd: $(cat "$tmp/err")"
  [ "$(status "$ergraph" $cmd -Gnosuchthing=1 "$f")" = 2 ] || fail "$cmd -Gnosuchthing"
  [ "$(status "$ergraph" $cmd -Eshape=box "$f")" = 2 ] || fail "$cmd -Eshape (a node attribute)"
  [ "$(status "$ergraph" $cmd -Nid=x "$f")" = 2 ] || fail "$cmd -Nid (reserved)"
  [ "$(status "$ergraph" $cmd -N=x "$f")" = 2 ] || fail "$cmd -N=x (no name)"
done

# --dpi: a PNG of twice the pixels at 192 dpi as at 96 (Graphviz's default).
size() { python3 -c "
import struct,sys
d=open(sys.argv[1],'rb').read(24)
print(*struct.unpack('>II', d[16:24]))" "$1"; }
"$ergraph" render -q -o "$tmp/96.png" "$f" || fail "png"
"$ergraph" render -q --dpi 192 -o "$tmp/192.png" "$f" || fail "--dpi 192"
"$ergraph" render -q -Gdpi=192 -o "$tmp/g192.png" "$f" || fail "-Gdpi=192"
read -r w1 h1 <<<"$(size "$tmp/96.png")"
read -r w2 h2 <<<"$(size "$tmp/192.png")"
read -r w3 h3 <<<"$(size "$tmp/g192.png")"
echo "96 dpi: ${w1}x$h1, --dpi 192: ${w2}x$h2, -Gdpi=192: ${w3}x$h3"
[ $((w2 - 2 * w1)) -ge -2 ] && [ $((w2 - 2 * w1)) -le 2 ] && [ $((h2 - 2 * h1)) -ge -2 ] &&
  [ $((h2 - 2 * h1)) -le 2 ] || fail "--dpi 192 is not twice 96"
[ "${w2}x$h2" = "${w3}x$h3" ] || fail "-Gdpi=192 differs from --dpi 192"
for t in svg pdf html dot; do
  [ "$(status "$ergraph" render -T $t --dpi 300 -o "$tmp/x" "$f")" = 2 ] || fail "--dpi with $t"
done
grep -q 'is for PNG' "$tmp/err" || fail "--dpi message: $(cat "$tmp/err")"
for bad in 0 35 1201 abc 96.5; do
  [ "$(status "$ergraph" render --dpi $bad -o "$tmp/x.png" "$f")" = 2 ] || fail "--dpi $bad"
done
[ ! -e "$tmp/x.png" ] || fail "a refused --dpi wrote x.png"
[ "$(status "$ergraph" dot --dpi 300 "$f")" = 2 ] || fail "dot --dpi"
echo "graphviz attributes and --dpi: ok"
