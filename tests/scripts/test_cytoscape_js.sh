#!/usr/bin/env bash
# The Cytoscape.js export read by Cytoscape.js itself (npm, in node): every
# element and field compared with the file, compound nodes with
# --cluster country, and shortest paths against `ergraph path`.
set -eu
ergraph=$1 src=$2
if ! command -v node >/dev/null; then
  echo "skipped: node is not installed"
  exit 77
fi
if [ ! -d "$src/tests/js/node_modules/cytoscape" ]; then
  echo "skipped: Cytoscape.js is not installed (npm ci --prefix tests/js; .ci/setup does it)"
  exit 77
fi
exec node "$src/tests/js/check_cytoscape.js" "$ergraph" "$src"/tests/data/*.json "$src"/graphs/*.json
