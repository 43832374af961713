#!/usr/bin/env bash
# Long work shows a line of progress on standard error when that is a
# terminal (here `script` gives the program one; ERGRAPH_PROGRESS_NOW=1
# shows it without waiting a second), and nothing otherwise.
set -eu
ergraph=$1 src=$2
command -v script >/dev/null || { echo "SKIP: no script(1) to give a terminal"; exit 0; }
py=/usr/bin/python3; [ -x "$py" ] || py=python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$py" "$src/tests/scripts/gen_graph.py" 3000 20000 >"$tmp/g.json"
export ERGRAPH_PROGRESS_NOW=1

# On a terminal: the load's line (file, megabytes, entities, ties), then
# the export's (bytes written), each rewritten in place and taken away.
script -qec "'$ergraph' export -f graphml -o '$tmp/g.graphml' '$tmp/g.json'" /dev/null \
  >"$tmp/tty" </dev/null
tr '\r' '\n' <"$tmp/tty" >"$tmp/lines"
grep -Eq "ergraph: reading $tmp/g.json: [0-9.]+ of [0-9.]+ MB, [0-9]+ entities, [0-9]+ ties" \
  "$tmp/lines" || { echo "no load progress on a terminal:"; cat "$tmp/lines"; exit 1; }
grep -Eq "ergraph: writing $tmp/g.graphml: [0-9.]+ MB" "$tmp/lines" ||
  { echo "no export progress on a terminal:"; cat "$tmp/lines"; exit 1; }
# The line is taken away at the end: the last thing written clears it.
[ "$(tail -c 4 "$tmp/tty" | od -An -c | tr -d ' ')" = '\r033[K' ] ||
  { echo "the progress line is left behind:"; tail -c 40 "$tmp/tty" | od -c; exit 1; }
grep -q "</graphml>" "$tmp/g.graphml"

# Not a terminal: the warnings (the generated ties repeat), no progress.
"$ergraph" export -f graphml -o "$tmp/g2.graphml" "$tmp/g.json" 2>"$tmp/err"
! grep -Eq "reading|writing|$(printf '\033')" "$tmp/err" ||
  { echo "progress on a file:"; cat "$tmp/err"; exit 1; }
cmp -s "$tmp/g.graphml" "$tmp/g2.graphml"
"$ergraph" validate "$tmp/g.json" >/dev/null 2>"$tmp/err"
! grep -Eq "reading|writing|$(printf '\033')" "$tmp/err" ||
  { echo "progress on a file:"; cat "$tmp/err"; exit 1; }
echo "progress shown on a terminal only"
