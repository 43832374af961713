#!/usr/bin/env bash
# graphs/schema/ergraph-1.schema.json agrees with the loader (--strict).
set -eu
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if ! "$py" -c 'import jsonschema' 2>/dev/null; then
  echo "skipped: python3-jsonschema is not installed"
  exit 77
fi
exec "$py" "$2/tests/scripts/check_schema.py" "$1" "$2"
