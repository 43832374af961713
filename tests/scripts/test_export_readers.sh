#!/usr/bin/env bash
# Every export (GraphML, GEXF, Neo4j CSV, Cytoscape.js, json) read back by a
# real client (NetworkX, python-igraph, csv by the Neo4j headers, json) and
# compared, field by field, with the relationship file it came from.
set -eu
ergraph=$1 src=$2
py=/usr/bin/python3
if ! "$py" -c 'import networkx, igraph' 2>/dev/null; then
  echo "skipped: python3-networkx and python3-igraph are not installed"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exec "$py" "$src/tests/scripts/check_exports.py" "$ergraph" "$work" \
  "$src/tests/data/interop.json" "$src/tests/data/small.json" "$src/tests/data/hostile.json" \
  "$src/tests/data/names.json" "$src/tests/data/florentine.json" "$src/tests/data/diamond.json" \
  "$src"/graphs/*.json "$src/graphs/examples/evidence.json"
