#!/usr/bin/env bash
# Betweenness (raw and normalised), degrees, articulation points, components,
# stats --top and every shortest path against NetworkX on Padgett's
# Florentine families, Davis's Southern Women and Zachary's karate club; the
# GraphML and GEXF 1.2 exports of them read by igraph and NetworkX as
# undirected graphs with the same betweenness.
set -eu
ergraph=$1 src=$2
py=/usr/bin/python3
if ! "$py" -c 'import networkx, igraph' 2>/dev/null; then
  echo "skipped: python3-networkx and python3-igraph are not installed"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exec "$py" "$src/tests/scripts/check_centrality.py" "$ergraph" "$work"
