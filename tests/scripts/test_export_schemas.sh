#!/usr/bin/env bash
# Every GraphML and GEXF export (1.3 and 1.2draft) of the test files and of
# graphs/ is valid against the official schemas (../shared/schemas, see its
# README), checked by xmllint; whole graphs and filtered ones.
set -eu
ergraph=$1 src=$2
schemas="$src/../shared/schemas"
if [ ! -f "$schemas/graphml/graphml.xsd" ]; then
  echo "skipped: the official schemas are not in $schemas"
  exit 77
fi
if ! command -v xmllint >/dev/null; then
  echo "skipped: xmllint (libxml2-utils) is not installed"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0 checked=0
check() { # SCHEMA FILE ARGS...
  local schema=$1 out=$2
  shift 2
  "$ergraph" export "$@" -o "$out"
  if ! xmllint --noout --schema "$schema" "$out" 2>"$work/errors"; then
    echo "INVALID: ergraph export $* (against $schema)"
    head -5 "$work/errors"
    failed=1
  fi
  checked=$((checked + 1))
}
for f in "$src"/tests/data/*.json "$src"/graphs/*.json; do
  for filter in "" "--min-degree 2"; do
    # shellcheck disable=SC2086
    check "$schemas/graphml/graphml.xsd" "$work/x.graphml" -f graphml $filter "$f"
    # shellcheck disable=SC2086
    check "$schemas/gexf-1.3/gexf.xsd" "$work/x.gexf" -f gexf $filter "$f"
    # shellcheck disable=SC2086
    check "$schemas/gexf-1.2draft/gexf.xsd" "$work/x.gexf" -f gexf --gexf 1.2 $filter "$f"
  done
done
[ "$failed" = 0 ] || exit 1
echo "ok: $checked exports valid"
