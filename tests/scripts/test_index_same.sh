#!/usr/bin/env bash
# issue 21: a corpus (ergraph index) answers every command byte for byte as
# its JSON files do (standard output, standard error, exit status, files
# written), over graphs/, the test graphs, a file with warnings and a
# generated file; and the corpus moved to another address (as when its own
# is taken) answers the same. Also: stale detection, --stale ok, --update,
# --check, a corpus with other files or as '-'.
set -eu
ergraph=$1 src=$2
tmp=$(mktemp -d)
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
gen=$(dirname "$ergraph")/tests/bench/ergraph-gen
fail() { echo "FAIL: $*"; exit 1; }
checks=0

# same CORPUS "FILES" ARGS...: the command with FILES and with CORPUS.
same() {
  local corpus=$1 files=$2; shift 2
  local ra=0 rb=0
  # shellcheck disable=SC2086
  (cd "$tmp" && "$ergraph" "$@" $files >"$tmp/a.out" 2>"$tmp/a.err") || ra=$?
  (cd "$tmp" && "$ergraph" "$@" "$corpus" >"$tmp/b.out" 2>"$tmp/b.err") || rb=$?
  [ "$ra" = "$rb" ] || fail "$* $files: exit $ra from the files, $rb from $corpus; $(head -3 "$tmp/b.err")"
  cmp -s "$tmp/a.out" "$tmp/b.out" || { diff "$tmp/a.out" "$tmp/b.out" | head -5; fail "$*: stdout differs ($corpus)"; }
  cmp -s "$tmp/a.err" "$tmp/b.err" || { diff "$tmp/a.err" "$tmp/b.err" | head -5; fail "$*: stderr differs ($corpus)"; }
  checks=$((checks + 1))
}

# same_file CORPUS "FILES" OUT ARGS...: the file the command writes (-o OUT).
same_file() {
  local corpus=$1 files=$2 out=$3; shift 3
  # shellcheck disable=SC2086
  (cd "$tmp" && "$ergraph" "$@" -o "$tmp/a.$out" $files 2>"$tmp/a.err") || true
  (cd "$tmp" && "$ergraph" "$@" -o "$tmp/b.$out" "$corpus" 2>"$tmp/b.err") || true
  [ -f "$tmp/a.$out" ] || fail "$*: no $out from the files: $(head -3 "$tmp/a.err")"
  cmp -s "$tmp/a.$out" "$tmp/b.$out" || fail "$*: $out differs ($corpus)"
  cmp -s "$tmp/a.err" "$tmp/b.err" || fail "$*: stderr differs ($corpus)"
  rm -f "$tmp/a.$out" "$tmp/b.$out"
  checks=$((checks + 1))
}

# every NAME "FILES" A B: every command, on FILES indexed as NAME.ergi;
# A and B are entities of the graph.
every() {
  local name=$1 files=$2 a=$3 b=$4
  # shellcheck disable=SC2086
  "$ergraph" index $files -o "$tmp/$name.ergi" >/dev/null 2>"$tmp/index.err" ||
    fail "index $name: $(head -3 "$tmp/index.err")"
  for corpus in "$tmp/$name.ergi" "moved:$tmp/$name.ergi"; do
    local c=$corpus
    if [ "${corpus#moved:}" != "$corpus" ]; then
      c=${corpus#moved:}
      export ERGRAPH_INDEX_RELOCATE=1
    fi
    same "$c" "$files" validate
    same "$c" "$files" validate --strict
    same "$c" "$files" validate --format json
    same "$c" "$files" stats
    same "$c" "$files" stats --format json
    same "$c" "$files" list entities
    same "$c" "$files" list relationships
    same "$c" "$files" list entities --around "$a" --depth 2
    same "$c" "$files" dot
    same "$c" "$files" dot --around "$a" --depth 2
    same "$c" "$files" show "$a"
    same "$c" "$files" show --format json "$b"
    same "$c" "$files" path "$a" "$b"
    same "$c" "$files" neighbors "$a"
    same "$c" "$files" neighbors --depth 2 "$b"
    mkdir -p "$tmp/texts"
    same "$c" "$files" verify --texts "$tmp/texts"
    for f in graphml gexf cytoscape json neo4j; do
      same "$c" "$files" export -f "$f"
    done
    if [ -z "${SKIP_RENDER:-}" ]; then
      same_file "$c" "$files" svg render -T svg
    fi
    unset ERGRAPH_INDEX_RELOCATE
  done
}

every graphs "$(ls "$src"/graphs/*.json | tr '\n' ' ')" israel russia
for f in small diamond florentine hostile names interop; do
  cp "$src/tests/data/$f.json" "$tmp/$f.json"
done
first() { "$ergraph" list entities "$1" | awk 'NR == 2 {print $1}'; }
last() { "$ergraph" list entities "$1" | awk 'END {print $1}'; }
for f in small diamond florentine hostile names; do
  every "$f" "$tmp/$f.json" "$(first "$tmp/$f.json")" "$(last "$tmp/$f.json")"
done
python3 - "$src/tests/data/small.json" "$tmp/warn.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["entities"][0]["zzz_unknown"] = 1
d["bogus_top"] = 2
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
every warn "$tmp/warn.json" a b
if [ -x "$gen" ]; then
  "$gen" -e 3000 -r 9000 --evidence -o "$tmp/gen.json"
  SKIP_RENDER=1 every gen "$tmp/gen.json" "$(first "$tmp/gen.json")" "$(last "$tmp/gen.json")"
  # serve's summary of a corpus big enough to be counted by two threads,
  # against the same counts made here from the JSON.
  "$ergraph" index "$tmp/gen.json" -o "$tmp/gensum.ergi" >/dev/null
  "$ergraph" serve --port 0 "$tmp/gensum.ergi" >"$tmp/serve.out" 2>"$tmp/serve.err" &
  serve_pid=$!
  for _ in $(seq 100); do grep -q 'http://' "$tmp/serve.out" && break; sleep 0.1; done
  port=$(grep -o 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out" | grep -o ':[0-9][0-9]*/' | tr -d :/)
  [ -n "$port" ] || fail "serve on the generated corpus did not start: $(cat "$tmp/serve.err")"
  python3 - "$port" "$tmp/gen.json" <<'PY' || fail "serve's summary of the generated corpus"
import collections, json, re, sys, urllib.request
got = json.loads(urllib.request.urlopen("http://127.0.0.1:%s/api/summary" % sys.argv[1]).read())
d = json.load(open(sys.argv[2]))
ties, periods, certainty = d["relationships"], collections.Counter(), collections.Counter()
for t in ties:
    for e in t.get("evidence", []):
        certainty[e.get("certainty", "stated")] += 1
    if not t.get("evidence"):
        certainty["inferred"] += 1
    when = t.get("date") or t.get("start") or t.get("end")
    m = re.match(r"(\d{4})(-\d\d)?", when or "")
    if m:
        periods[m.group(0)] += 1
want = {
    "entity_types": collections.Counter(e["type"] for e in d["entities"]),
    "relation_types": collections.Counter(t["type"] for t in ties),
    "certainties": certainty,
}
bad = [k for k in want if got[k] != dict(want[k])]
dates = got["dates"]
if dates["ties"] != dict(periods) or dates["dated"] != sum(periods.values()) or \
        dates["undated"] != len(ties) - sum(periods.values()) or \
        dates["first"] != min(periods) or dates["last"] != max(periods):
    bad.append("dates")
if got["relationships"] != len(ties) or len(ties) < 4096:
    bad.append("relationships")
if bad:
    sys.exit("differs: %s" % bad)
PY
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""
fi

# serve answers the same from a corpus.
"$ergraph" serve --port 0 "$tmp/small.ergi" >"$tmp/serve.out" 2>"$tmp/serve.err" &
serve_pid=$!
for _ in $(seq 100); do grep -q 'http://' "$tmp/serve.out" && break; sleep 0.1; done
port=$(grep -o 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out" | grep -o ':[0-9][0-9]*/' | tr -d :/)
[ -n "$port" ] || fail "serve on a corpus did not start: $(cat "$tmp/serve.err")"
python3 - "$port" >"$tmp/serve.b" <<'PY'
import sys, urllib.request
for p in ["/api/stats", "/api/entity?name=a", "/api/view?format=json", "/api/search?q=b"]:
    print(urllib.request.urlopen("http://127.0.0.1:%s%s" % (sys.argv[1], p)).read().decode())
PY
"$ergraph" show --format json a "$tmp/small.json" >"$tmp/show.json"
grep -qF "$(head -1 "$tmp/show.json")" "$tmp/serve.b" || fail "serve's entity card differs"
"$ergraph" stats --format json "$tmp/small.json" >"$tmp/stats.json"
grep -qF "$(head -1 "$tmp/stats.json")" "$tmp/serve.b" || fail "serve's stats differ"
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""

# Stale: touched, then --stale ok, then --update (content unchanged: no load).
c=$tmp/small.ergi
"$ergraph" stats "$c" >/dev/null || fail "fresh corpus refused"
touch -d '2001-01-01' "$tmp/small.json"
st=0; "$ergraph" stats "$c" >/dev/null 2>"$tmp/err" || st=$?
[ "$st" = 1 ] || fail "stale corpus: exit $st, expected 1"
grep -q "small.ergi: the corpus is stale: .*small.json changed (it was modified since)" "$tmp/err" ||
  fail "stale message: $(cat "$tmp/err")"
"$ergraph" stats --stale ok "$c" >/dev/null 2>"$tmp/err" || fail "--stale ok refused"
grep -q "warning: the corpus is stale" "$tmp/err" || fail "--stale ok: no warning"
"$ergraph" --stale=ok stats "$c" >/dev/null 2>&1 || fail "--stale=ok refused"
st=0; "$ergraph" stats --stale maybe "$c" >/dev/null 2>&1 || st=$?
[ "$st" = 2 ] || fail "--stale maybe: exit $st, expected 2"
st=0; "$ergraph" index --check "$c" >/dev/null 2>&1 || st=$?
[ "$st" = 1 ] || fail "--check on a stale corpus: exit $st"
"$ergraph" index --update -o "$c" >"$tmp/out" || fail "--update"
grep -q "up to date" "$tmp/out" || fail "--update of unchanged content rebuilt: $(cat "$tmp/out")"
"$ergraph" stats "$c" >/dev/null || fail "still stale after --update"
"$ergraph" index --check "$c" >/dev/null || fail "--check after --update"
# A real change: --update rebuilds, and answers follow the new content.
python3 - "$tmp/small.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["entities"].append({"id": "zz", "type": "person", "name": "Zed"})
json.dump(d, open(sys.argv[1], "w"))
PY
st=0; "$ergraph" stats "$c" >/dev/null 2>&1 || st=$?
[ "$st" = 1 ] || fail "changed content: exit $st"
"$ergraph" index --update -o "$c" >"$tmp/out" || fail "--update after a change"
grep -q "8 entities" "$tmp/out" || fail "--update did not rebuild: $(cat "$tmp/out")"
same "$c" "$tmp/small.json" stats
# A removed input is stale too.
cp "$tmp/diamond.json" "$tmp/gone.json"
"$ergraph" index "$tmp/gone.json" -o "$tmp/gone.ergi" >/dev/null
rm "$tmp/gone.json"
st=0; "$ergraph" stats "$tmp/gone.ergi" >/dev/null 2>"$tmp/err" || st=$?
[ "$st" = 1 ] && grep -q "gone.json changed (it is gone" "$tmp/err" || fail "removed input: $st $(cat "$tmp/err")"

# A corpus stands alone; '-' is not indexed; errors write nothing.
st=0; "$ergraph" stats "$c" "$tmp/diamond.json" >/dev/null 2>"$tmp/err" || st=$?
[ "$st" = 1 ] && grep -q "a corpus stands alone" "$tmp/err" || fail "corpus with a file: $st"
st=0; "$ergraph" stats - <"$c" >/dev/null 2>"$tmp/err" || st=$?
[ "$st" = 1 ] && grep -q "this is an ergraph corpus, not a relationship file" "$tmp/err" ||
  fail "a corpus as standard input: $st $(cat "$tmp/err")"
st=0; "$ergraph" index - -o "$tmp/x.ergi" <"$tmp/diamond.json" >/dev/null 2>&1 || st=$?
[ "$st" = 2 ] && [ ! -e "$tmp/x.ergi" ] || fail "index of standard input: $st"
echo '{"format": "ergraph/1", "entities": [{"id": 1}]}' >"$tmp/bad.json"
st=0; "$ergraph" index "$tmp/bad.json" -o "$tmp/x.ergi" >/dev/null 2>"$tmp/err" || st=$?
[ "$st" = 1 ] && [ ! -e "$tmp/x.ergi" ] || fail "index of a bad file: $st"
"$ergraph" validate "$tmp/bad.json" 2>"$tmp/err2" >/dev/null || true
cmp -s "$tmp/err" "$tmp/err2" || fail "index's errors are not validate's"
[ -z "$(find "$tmp" -name '*.tmp*' -o -name '.*x.ergi*')" ] || fail "a temporary file was left"
st=0; "$ergraph" index --strict "$tmp/warn.json" -o "$tmp/x.ergi" >/dev/null 2>&1 || st=$?
[ "$st" = 1 ] && [ ! -e "$tmp/x.ergi" ] || fail "index --strict with warnings: $st"
st=0; "$ergraph" index "$tmp/warn.json" -o "$tmp/warn.json" >/dev/null 2>&1 || st=$?
[ "$st" = 2 ] || fail "index over its own input: $st"
echo "ok: $checks comparisons"
