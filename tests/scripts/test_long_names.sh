#!/usr/bin/env bash
# Names of 20,000 letters (Latin, Cyrillic, digits, a signed number, words)
# reach Graphviz and round-trip: `ergraph dot` read by dot itself, the
# render, and the entity ids, relationship label, title and quote too
# (issue 14, item 6: Graphviz 2.42's scanner rejects a token over 16 KB).
set -eu
ergraph=$1 src=$2
py=/usr/bin/python3; [ -x "$py" ] || py=python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$py" - "$tmp/long.json" <<'PY'
import json, sys
n = 20000
names = ["A" * n, "\u0416" * n, "7" * n, "-" + "1" * n, " ".join(["word"] * (n // 5)),
         "x" * (n - 1) + "\\"]
ents = [{"id": "c" * n, "type": "country", "name": "Country " + "C" * n}]
ents += [{"id": ("e%d" % i) * (n // 2), "type": "person", "name": s, "country": "c" * n}
         for i, s in enumerate(names)]
rels = [{"from": ents[i]["id"], "to": ents[i + 1]["id"], "type": "knows"}
        for i in range(1, len(ents) - 1)]
rels[0]["label"] = "L" * n
rels[1]["evidence"] = [{"source": "s", "quote": "Q" * n}]
json.dump({"format": "ergraph/1", "title": "T" * n,
           "sources": [{"id": "s", "title": "S" * n, "url": "https://example.org/" + "p" * n}],
           "entities": ents, "relationships": rels}, open(sys.argv[1], "w"))
PY
for opts in "" "--cluster country"; do
    # shellcheck disable=SC2086
    "$ergraph" dot $opts "$tmp/long.json" >"$tmp/long.dot"
    dot -Tsvg "$tmp/long.dot" -o "$tmp/dot.svg" 2>"$tmp/err"
    if [ -s "$tmp/err" ]; then cat "$tmp/err"; exit 1; fi
    "$py" "$src/tests/scripts/check_svg_text.py" "$tmp/dot.svg" "$tmp/long.json"
    # shellcheck disable=SC2086
    "$ergraph" render -q $opts -T svg -o "$tmp/render.svg" "$tmp/long.json"
    "$py" "$src/tests/scripts/check_svg_text.py" "$tmp/render.svg" "$tmp/long.json"
done
# No line of the DOT is longer than Graphviz reads.
awk 'length($0) > 16384 { print "line " NR " is " length($0) " bytes"; bad = 1 } END { exit bad }' "$tmp/long.dot"
