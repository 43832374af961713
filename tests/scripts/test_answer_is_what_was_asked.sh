#!/usr/bin/env bash
# Issue 18, item 4: an entity whose ties the filters of ties all drop goes,
# in list, stats, the exports and the pictures alike, unless a structural
# filter names it or --keep-isolated is given; an entity with no tie in the
# input stays (only --drop-isolated drops it).
set -eu
ergraph=$1 src=$2
py=/usr/bin/python3; [ -x "$py" ] || py=python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$src"
files=(graphs/*.json)
one=bbc-2003-08-12-old-enemies-unite

# What the article's ties join, worked out from the files themselves.
"$py" - "$one" "${files[@]}" >"$tmp/want" <<'PY'
import json, sys
src, paths = sys.argv[1], sys.argv[2:]
ends, lonely, ids = set(), set(), set()
tied = set()
for p in paths:
    d = json.load(open(p))
    for e in d["entities"]:
        ids.add(e["id"])
    for r in d["relationships"]:
        tied.update((r["from"], r["to"]))
        if any(ev.get("source") == src for ev in r.get("evidence", [])):
            ends.update((r["from"], r["to"]))
print(" ".join(sorted(ends | (ids - tied))))
PY
"$ergraph" list entities --format tsv --source "$one" "${files[@]}" >"$tmp/list"
cut -f1 "$tmp/list" | tail -n +2 | sort | tr '\n' ' ' | sed 's/ $//' >"$tmp/got"
echo >>"$tmp/got"
diff "$tmp/want" "$tmp/got" || fail "list --source: not the entities of its ties"
n=$(wc -w <"$tmp/want")
all=$("$ergraph" list entities --format tsv "${files[@]}" | tail -n +2 | wc -l)
[ "$n" -lt "$all" ] || fail "the case does not test anything ($n of $all)"

"$ergraph" stats --source "$one" "${files[@]}" | head -1 | grep -q "^$n entities," ||
    fail "stats --source does not count $n entities"
"$ergraph" export -q -f graphml -o "$tmp/one.graphml" --source "$one" "${files[@]}"
got=$(grep -c '<node ' "$tmp/one.graphml" || :)
[ "$got" = "$n" ] || fail "export graphml --source: $got entities, want $n"
"$ergraph" dot --source "$one" "${files[@]}" >"$tmp/one.dot"
drawn=$(grep -o '\bid="e-[^"]*"' "$tmp/one.dot" | sort -u | wc -l)
[ "$drawn" = "$n" ] || fail "dot --source draws $drawn entities, want $n"

# --keep-isolated: every entity, as before.
k=$("$ergraph" list entities --format tsv --keep-isolated --source "$one" "${files[@]}" | tail -n +2 | wc -l)
[ "$k" = "$all" ] || fail "--keep-isolated keeps $k of $all"
# A name given to --around stays though its ties are all filtered out.
"$ergraph" list entities --format tsv --around FSB --since 2090 --dated-only "${files[@]}" \
    >"$tmp/around" 2>"$tmp/around.err"
[ "$(tail -n +2 "$tmp/around" | cut -f1)" = fsb ] || fail "--around FSB with no tie left: not FSB alone"
# Everything gone: a note says why, exit 0.
"$ergraph" stats --relation met --since 2000 --dated-only --exclude g tests/data/small.json \
    >"$tmp/out" 2>"$tmp/err" ||
    fail "an empty answer is not an error"
grep -q "nothing is left after the relationship filters" "$tmp/err" || fail "no note: $(cat "$tmp/err")"
echo ok
