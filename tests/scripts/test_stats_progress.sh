#!/usr/bin/env bash
# stats on a big graph: the betweenness walk (O(n m)) shows how far it is
# and the time left on a terminal (script(1) gives the program one;
# ERGRAPH_PROGRESS_NOW=1 shows it without waiting a second), and nothing on
# a file; the answer is the same either way.
set -eu
ergraph=$1 src=$2
command -v script >/dev/null || { echo "skipped: no script(1) to give a terminal"; exit 77; }
py=/usr/bin/python3; [ -x "$py" ] || py=python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$py" "$src/tests/scripts/gen_graph.py" 3000 12000 >"$tmp/g.json"
ERGRAPH_PROGRESS_NOW=1 script -qec "'$ergraph' stats --format json -o '$tmp/tty.json' '$tmp/g.json'" \
  /dev/null >"$tmp/tty" </dev/null
tr '\r' '\n' <"$tmp/tty" >"$tmp/lines"
grep -Eq "ergraph: betweenness: [0-9]+ of 3000 entities, about [0-9]+ (s|min) left" "$tmp/lines" ||
  { echo "no betweenness progress on a terminal:"; cat "$tmp/lines"; exit 1; }
ERGRAPH_PROGRESS_NOW=1 "$ergraph" stats --format json -o "$tmp/file.json" "$tmp/g.json" 2>"$tmp/err"
! grep -q "betweenness" "$tmp/err" || { echo "progress on a file:"; cat "$tmp/err"; exit 1; }
cmp "$tmp/tty.json" "$tmp/file.json"
echo "ok: betweenness progress on a terminal only"
