#!/usr/bin/env bash
# The neo4j-admin command that the Neo4j export prints, and the README's,
# parsed as neo4j-admin 5.19+ parses its documented synopsis (Neo4j cannot
# run here): database before the files, the delimiter the files use,
# multiline fields; the README's command is the one ergraph prints.
set -eu
ergraph=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exec /usr/bin/python3 "$src/tests/scripts/check_neo4j_command.py" "$ergraph" "$src" "$work"
