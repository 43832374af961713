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
# A filtered save keeps what its evidence refers to though the filters
# leave it out: the entity a quote is attributed to, the other side of a
# contradiction (with its ends). The file loads without a warning, and the
# same filters on it give the same DOT (attributions and contested marks
# included) as on the files it came from.
refilter() { # FILES... -- FILTER ARGS...
  local files=()
  while [ "$1" != "--" ]; do files+=("$1"); shift; done
  shift
  "$ergraph" export -f json "$@" -o "$work/saved.json" "${files[@]}" 2>"$work/err" || {
    echo "export failed: $*"; cat "$work/err"; fail=1; return; }
  if ! "$ergraph" validate --strict "$work/saved.json" >/dev/null 2>"$work/err"; then
    echo "saved file does not load cleanly: $*"; cat "$work/err"; fail=1; return
  fi
  "$ergraph" dot "$@" "${files[@]}" >"$work/want.dot" 2>/dev/null
  "$ergraph" dot "$@" "$work/saved.json" >"$work/got.dot" 2>"$work/err"
  if ! cmp -s "$work/want.dot" "$work/got.dot"; then
    echo "the same filters on the saved file draw another DOT: $*"
    diff -u "$work/want.dot" "$work/got.dot" | head -20
    fail=1
  fi
  "$ergraph" export -f json -o "$work/again.json" "$work/saved.json" 2>/dev/null
  if ! cmp -s "$work/saved.json" "$work/again.json"; then
    echo "saving the saved file again changes it: $*"; fail=1
  fi
}
refilter "${g[@]}" -- --around FSB --depth 2
refilter "${g[@]}" -- --source bbc-2003-08-12-old-enemies-unite
refilter "${g[@]}" -- --between Lakhani FBI --all-paths --max-length 3
refilter "${g[@]}" -- --component Lakhani --title "A title of my own"
# Filters that name an entity left out of the file (--exclude Russia), or
# count degrees (which the ties left out change), cannot be applied again;
# there, leaving out again what the file adds gives the same DOT.
extras_excluded() { # FILES... -- FILTER ARGS...
  local files=() extra=()
  while [ "$1" != "--" ]; do files+=("$1"); shift; done
  shift
  "$ergraph" export -f json "$@" -o "$work/saved.json" "${files[@]}" 2>/dev/null || {
    echo "export failed: $*"; fail=1; return; }
  if ! "$ergraph" validate --strict "$work/saved.json" >/dev/null 2>"$work/err"; then
    echo "saved file does not load cleanly: $*"; cat "$work/err"; fail=1; return
  fi
  "$ergraph" list entities --format tsv "$@" "${files[@]}" 2>/dev/null | cut -f1 | sort >"$work/view"
  "$ergraph" list entities --format tsv "$work/saved.json" | cut -f1 | sort >"$work/file"
  while read -r id; do extra+=(--exclude "$id"); done < <(comm -13 "$work/view" "$work/file")
  if [ ${#extra[@]} = 0 ]; then
    echo "expected the file to add an entity (an attribution or a contradiction's end): $*"
    fail=1; return
  fi
  "$ergraph" dot "$@" "${files[@]}" >"$work/want.dot" 2>/dev/null
  "$ergraph" dot "${extra[@]}" "$work/saved.json" >"$work/got.dot" 2>/dev/null
  if ! cmp -s "$work/want.dot" "$work/got.dot"; then
    echo "the saved file without what it adds draws another DOT: $*"
    diff -u "$work/want.dot" "$work/got.dot" | head -20
    fail=1
  fi
}
extras_excluded "${g[@]}" -- --exclude Russia --min-degree 2
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
