#!/usr/bin/env bash
# --connect with many names stops by itself with a clear refusal (exit 2,
# nothing on standard output): refused at once when the names make more
# searches (one per pair) than the budget has steps, else when the ties
# its searches look at use the budget up; fewer names still connect
# (issue 14, item 8: 5,000 names ran for ever).
set -eu
ergraph=$1
py=/usr/bin/python3; [ -x "$py" ] || py=python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# A random graph of 6,000 entities and 18,000 ties (fixed seed).
"$py" - "$tmp/g.json" <<'PY'
import json, random, sys
rnd = random.Random(14)
n = 6000
ents = [{"id": "e%d" % i, "type": "person", "name": "Person %d" % i} for i in range(n)]
pairs = set()
while len(pairs) < 3 * n:
    a, b = rnd.randrange(n), rnd.randrange(n)
    if a != b:
        pairs.add((min(a, b), max(a, b)))
rels = [{"from": "e%d" % a, "to": "e%d" % b, "type": "knows"} for a, b in sorted(pairs)]
json.dump({"format": "ergraph/1", "entities": ents, "relationships": rels}, open(sys.argv[1], "w"))
PY
names() { seq 0 "$2" $(($1 * $2 - 1)) | sed 's/^/e/'; }
refused() { # NAMES STRIDE: --connect of that many names is refused
  local status=0
  # shellcheck disable=SC2046
  timeout 300 "$ergraph" list entities --connect $(names "$1" "$2") "$tmp/g.json" \
    >"$tmp/out" 2>"$tmp/err" || status=$?
  if [ "$status" != 2 ]; then echo "$1 names: exit $status, expected 2"; cat "$tmp/err"; exit 1; fi
  if [ -s "$tmp/out" ]; then echo "$1 names: output despite the refusal"; exit 1; fi
  pairs=$(($1 * ($1 - 1) / 2))
  grep -q "^ergraph: --connect: more than 10000000 steps without finishing ($1 names make $pairs searches, one per pair); name fewer entities, or lower --max-length$" "$tmp/err" ||
    { echo "$1 names: not the refusal expected:"; cat "$tmp/err"; exit 1; }
}
refused 5000 1   # 12,497,500 searches: refused before the first
refused 1000 6   # 499,500 searches, each looking at hundreds of ties
# 60 names (1,770 searches) connect.
# shellcheck disable=SC2046
"$ergraph" list entities --connect $(names 60 97) "$tmp/g.json" >"$tmp/out"
[ "$(wc -l <"$tmp/out")" -gt 60 ] || { echo "60 names: too few entities kept"; exit 1; }
