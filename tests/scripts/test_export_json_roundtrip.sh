#!/usr/bin/env bash
# A filter's result saved with `export -f json` and loaded again draws the
# same DOT, byte for byte, as the filter itself; the file loads without a
# warning (--strict).
set -u
ergraph=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { # FILES-GLOB-EXPANDED... -- FILTER ARGS...
  local files=() args=()
  while [ "$1" != "--" ]; do files+=("$1"); shift; done
  shift
  args=("$@")
  "$ergraph" export -f json "${args[@]}" -o "$work/saved.json" "${files[@]}" 2>"$work/err" || {
    echo "export failed: ${args[*]}"; cat "$work/err"; fail=1; return; }
  "$ergraph" dot "${args[@]}" "${files[@]}" >"$work/want.dot" 2>/dev/null
  if ! "$ergraph" validate --strict "$work/saved.json" >/dev/null 2>"$work/err"; then
    echo "saved file does not load cleanly: ${args[*]}"; cat "$work/err"; fail=1; return
  fi
  "$ergraph" dot "$work/saved.json" >"$work/got.dot"
  if ! cmp -s "$work/want.dot" "$work/got.dot"; then
    echo "DOT differs after the round trip: ${args[*]}"
    diff -u "$work/want.dot" "$work/got.dot" | head -20
    fail=1
  fi
  # Saving the saved file again changes nothing.
  "$ergraph" export -f json -o "$work/again.json" "$work/saved.json"
  if ! cmp -s "$work/saved.json" "$work/again.json"; then
    echo "saving the saved file again changes it: ${args[*]}"; fail=1
  fi
}
g=("$src"/graphs/*.json)
check "${g[@]}" --
check "${g[@]}" -- --type person,agency
check "${g[@]}" -- --since 2004 --dated-only
# A known defect, kept visible: a filtered save that drops the entity a
# quote is attributed to, or one side of a contradiction, loses the
# attribution and the contested mark when read back (the loader says so in
# a note). Each of these must still differ; when one stops differing, the
# defect is fixed and it moves up to the checks above.
known() {
  local before=$fail
  fail=0
  check "$@" >/dev/null 2>&1
  if [ $fail = 0 ]; then
    echo "fixed? the round trip now keeps: ${*}"; fail=1
  else
    echo "known defect, still there: ${*}"; fail=$before
  fi
}
known "${g[@]}" -- --around FSB --depth 2
known "${g[@]}" -- --exclude Russia --min-degree 2
known "${g[@]}" -- --source bbc-2003-08-12-old-enemies-unite
known "${g[@]}" -- --between Lakhani FBI --all-paths --max-length 3
known "${g[@]}" -- --component Lakhani --title "A title of my own"
check "$src/tests/data/small.json" -- --around Essen
check "$src/tests/data/small.json" -- --relation paid,met
check "$src/tests/data/interop.json" -- --around Lakhani
check "$src/tests/data/interop.json" -- --exclude fsb
check "$src/tests/data/hostile.json" --
check "$src/tests/data/small.json" -- --type weapon --drop-isolated
# The evidence model: grades, attributions, dates and a contradiction whose
# two sides are both kept; evidence filters write only the evidence kept.
ev=("$src/graphs/examples/evidence.json")
check "${ev[@]}" --
check "${ev[@]}" -- --contested
check "${ev[@]}" -- --certainty alleged,reported,inferred
check "${ev[@]}" -- --since 2003-08-13 --source bbc-old-enemies,wire-dealer
[ $fail = 0 ] && echo "ok: every filter's saved result draws the same DOT"
exit $fail
