#!/usr/bin/env bash
# -o OUT for the text commands (show, path, neighbors, stats, list, validate,
# verify), with the rules of every output: the same bytes as standard
# output; never over an input; an existing OUT kept as it was when the
# command fails; a full device reported; a missing folder reported before
# any work.
set -u
ergraph=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
small=$src/tests/data/small.json
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

commands=(
  "show Anna $small"
  "path a d $small"
  "neighbors --depth 2 c $small"
  "stats --top 3 $small"
  "list entities --format json $small"
  "list relationships --format tsv $small"
  "validate --format json $small"
  "validate $small"
)
for c in "${commands[@]}"; do
  # shellcheck disable=SC2086
  "$ergraph" $c >"$work/stdout" || fail "$c: exit $?"
  # shellcheck disable=SC2086
  "$ergraph" $c -o "$work/out" || fail "$c -o: exit $?"
  cmp -s "$work/stdout" "$work/out" || fail "$c: -o differs from standard output"
  [ -s "$work/out" ] || fail "$c: -o wrote nothing"
done

# Never over an input: refused before anything is read, the input unchanged.
cp "$small" "$work/in.json"
before=$(sha256sum <"$work/in.json")
"$ergraph" stats "$work/in.json" -o "$work/in.json" 2>"$work/err"
[ $? = 2 ] || fail "stats -o INPUT: not a usage error"
[ "$(sha256sum <"$work/in.json")" = "$before" ] || fail "stats -o INPUT changed the input"
grep -q "in.json" "$work/err" || fail "stats -o INPUT: the message does not name it: $(cat "$work/err")"

# An existing output is kept when the command fails (an unknown entity, bad
# input), and nothing else is left in the folder.
echo "keep me" >"$work/kept"
"$ergraph" show Nobody "$small" -o "$work/kept" 2>/dev/null
[ $? = 2 ] || fail "show Nobody: not a usage error"
[ "$(cat "$work/kept")" = "keep me" ] || fail "a failed show replaced its -o file"
printf '{"format": "ergraph/1", "entities": [' >"$work/bad.json"
"$ergraph" list entities "$work/bad.json" -o "$work/kept" 2>/dev/null
[ $? = 1 ] || fail "list of a bad file: not a data error"
[ "$(cat "$work/kept")" = "keep me" ] || fail "a failed list replaced its -o file"
leftovers=$(find "$work" -maxdepth 1 -name '*.tmp*' -o -maxdepth 1 -name '.*' -type f | wc -l)
[ "$leftovers" = 0 ] || fail "temporary files left: $(ls -a "$work")"

# validate and verify write their JSON answer for bad input too (exit 1).
"$ergraph" validate --format json "$work/bad.json" -o "$work/v.json"
[ $? = 1 ] || fail "validate --format json of a bad file: not exit 1"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["valid"] is False and d["diagnostics"][0]["line"] >= 1' \
  "$work/v.json" || fail "validate --format json -o: not the diagnostics"

# A missing folder: reported before any work, exit 3.
"$ergraph" stats "$small" -o "$work/no/such/out" 2>"$work/err"
[ $? = 3 ] || fail "stats -o into a missing folder: not exit 3"
[ -s "$work/err" ] || fail "stats -o into a missing folder: no message"

# A full device is written in place and its failure reported.
if mknod "$work/full" c 1 7 2>/dev/null; then
  "$ergraph" stats "$small" -o "$work/full" 2>"$work/err"
  [ $? = 3 ] || fail "stats -o FULL: not exit 3"
  grep -qi "space" "$work/err" || fail "stats -o FULL: $(cat "$work/err")"
  [ -c "$work/full" ] || fail "stats -o FULL replaced the device"
else
  echo "note: no mknod here; the full-device case is not run"
fi
[ "$fails" = 0 ] || exit 1
echo "ok: -o for the text commands"
