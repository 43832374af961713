#!/usr/bin/env bash
# The -T html page in real headless Chromium (Debian's chromium package):
# search for an entity, zoom in, click a tie, read its quote from the
# panel, hide a type with its "of" lines (and under --cluster its ties'
# label nodes); a page of hostile quotes runs no script of theirs. Skips (77)
# when Chromium is not installed.
set -eu
ergraph=$1 src=$2
py=/usr/bin/python3; [ -x "$py" ] || py=python3
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then echo "chromium not installed: skipped"; exit 77; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The page is self-contained: no URL it would load from elsewhere.
"$ergraph" render -q -T html -o "$tmp/all.html" "$src"/graphs/*.json
if grep -Eo '<(script|link|img|iframe)[^>]*(src|href)=' "$tmp/all.html"; then
  echo "the page loads something from elsewhere"; exit 1
fi
# The tie between the FSB and the FBI, and its quotes, from the data.
read -r tie_id quotes_json < <("$py" - "$src"/graphs/*.json <<'PY'
import json, sys, re
rels = []
for f in sys.argv[1:]:
    rels += json.load(open(f, encoding="utf-8"))["relationships"]
ids = [r.get("id") for r in rels]
ties = [r for r in rels if {r["from"], r["to"]} == {"fsb", "fbi"} and r["type"] == "cooperated_with"]
# Ties are drawn as one edge only with the same pen: the same certainty,
# the strongest of their evidence.
order = ["stated", "reported", "alleged", "inferred"]
def certainty(r):
    ev = r.get("evidence", [])
    return min((order.index(e.get("certainty", "stated")) for e in ev), default=3)
first = ties[0]
ties = [r for r in ties if certainty(r) == certainty(first)]
rid = first.get("id") or "#%d" % (rels.index(first) + 1)
sid = "r-" + "".join(c if re.match(r"[A-Za-z0-9-]", c) else "".join("_%02X" % b for b in c.encode()) for c in rid)
print(sid, json.dumps([e["quote"] for r in ties for e in r.get("evidence", []) if e.get("quote")]))
PY
)
mapfile -t quotes < <("$py" -c 'import json,sys; [print(q) for q in json.loads(sys.argv[1])]' "$quotes_json")
"$py" "$src/tests/scripts/drive_html.py" "$chromium" "$tmp/all.html" "FSB" \
  "Federal Security Service" "$tie_id" "${quotes[@]}"

# The drawing aids: hiding people hides their "of" lines (to their
# country) and no other; under --cluster type the tie labels are nodes, and
# a tie's label node and second half hide with it, and select it.
"$py" "$src/tests/scripts/drive_html.py" --hide person "$chromium" "$tmp/all.html" "FSB" \
  "Federal Security Service" "$tie_id" "${quotes[@]}"
"$ergraph" render -q -T html --cluster type -o "$tmp/type.html" "$src"/graphs/*.json
"$py" "$src/tests/scripts/drive_html.py" --hide person --label-nodes "$chromium" "$tmp/type.html" \
  "FSB" "Federal Security Service" "$tie_id" "${quotes[@]}"

# Hostile quotes: shown as text, no script of theirs runs.
"$ergraph" render -q -T html -o "$tmp/h.html" "$src/tests/data/hostile_quotes.json" 2>/dev/null
"$py" "$src/tests/scripts/drive_html.py" "$chromium" "$tmp/h.html" "al&ce" \
  "Alice <img src=x onerror=alert(1)>" "r-ab1" \
  "She said \"<script>alert('q')</script>\" & left \\N \\\\ end" \
  "<img src=x onerror=\"window.pwned=2\"> &amp; &#65;"

# U+FFFE and U+FFFF (which XML cannot hold) in names and quotes: the page
# still shows the diagram, with U+FFFD in their place (issue 14, item 7).
"$ergraph" render -q -T html -o "$tmp/x.html" "$src/tests/data/not_xml_chars.json" 2>/dev/null
"$py" "$src/tests/scripts/drive_html.py" "$chromium" "$tmp/x.html" "Al" \
  $'Al\xef\xbf\xbdice' "r-r1" $'They met \xef\xbf\xbd twice'
