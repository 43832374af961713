#!/usr/bin/env bash
# Out of memory while writing DOT (issue 14, item 2): under `ulimit -v`
# the file loads, then cgraph runs out in the DOT writer's process; that is
# "out of memory", exit 3, and nothing is left (no output, no temporary
# file), instead of SIGSEGV inside cgraph. Plain build only: an
# AddressSanitizer build cannot start under a memory limit.
set -eu
ergraph=$1
if ldd "$ergraph" | grep -q 'lib[at]san'; then
  echo "AddressSanitizer cannot run under ulimit -v: skipped"; exit 77
fi
gen=$(dirname "$ergraph")/tests/bench/ergraph-gen
[ -x "$gen" ] || { echo "no ergraph-gen beside $ergraph: skipped"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$gen" -e 30000 -r 90000 -o "$tmp/g.json"
# Where the limit falls depends on the machine: at each, the command
# either writes the whole file or fails cleanly; at one limit at least the
# load fits and the DOT does not.
dot_failed=0
for limit in 170000 200000 220000; do
  status=0
  (ulimit -v $limit; exec "$ergraph" dot -o "$tmp/out.dot" "$tmp/g.json") 2>"$tmp/err" || status=$?
  grep -v ': warning: \|more warnings not shown' "$tmp/err" >"$tmp/errors" || true
  if [ "$status" = 0 ]; then
    [ "$(tail -n 1 "$tmp/out.dot")" = "}" ] || { echo "ulimit -v $limit: a partial file"; exit 1; }
    rm "$tmp/out.dot"
    continue
  fi
  if [ "$status" != 3 ] || [ "$(cat "$tmp/errors")" != "ergraph: out of memory" ]; then
    echo "ulimit -v $limit: exit $status, expected 3 and 'out of memory' only; stderr:"
    cat "$tmp/errors"; exit 1
  fi
  left=$(find "$tmp" -name '*out.dot*')
  if [ -n "$left" ]; then echo "ulimit -v $limit: left behind: $left"; exit 1; fi
  if (ulimit -v $limit; "$ergraph" validate "$tmp/g.json" >/dev/null 2>&1); then
    dot_failed=$((dot_failed + 1))
    # To standard output: the same status, and no partial DOT.
    status=0
    (ulimit -v $limit; exec "$ergraph" dot "$tmp/g.json") >"$tmp/stdout" 2>/dev/null || status=$?
    [ "$status" = 3 ] || { echo "ulimit -v $limit, to standard output: exit $status"; exit 1; }
    [ ! -s "$tmp/stdout" ] || { echo "ulimit -v $limit: DOT on standard output"; exit 1; }
  fi
done
echo "the DOT writer ran out of memory under $dot_failed of the limits"
[ "$dot_failed" -gt 0 ] || { echo "no limit reached the DOT writer: change the limits"; exit 1; }
# With room, the same command writes the file.
"$ergraph" dot -o "$tmp/out.dot" "$tmp/g.json" 2>/dev/null
[ "$(tail -n 1 "$tmp/out.dot")" = "}" ]
