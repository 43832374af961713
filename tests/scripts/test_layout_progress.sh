#!/usr/bin/env bash
# A layout past one second shows the engine, the time so far and the time
# limit on standard error when that is a terminal (`script` gives the
# program one), rewritten in place and taken away at the end; nothing when
# it is not a terminal. No test knob: the graph takes over a second.
set -eu
ergraph=$1 src=$2
command -v script >/dev/null || { echo "SKIP: no script(1) to give a terminal"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
unset ERGRAPH_PROGRESS_NOW
python3 "$src/tests/scripts/gen_graph.py" 1500 4500 >"$tmp/g.json" 2>/dev/null
start=$(date +%s.%N)
script -qec "'$ergraph' render -q -K sfdp --layout-timeout 90 -o '$tmp/g.svg' '$tmp/g.json'" \
  /dev/null >"$tmp/tty" </dev/null
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
echo "the layout took $took s"
tr '\r' '\n' <"$tmp/tty" >"$tmp/lines"
if awk -v t="$took" 'BEGIN { exit !(t > 1.5) }'; then
  grep -Eq "^.\[Kergraph: laying out with sfdp: [0-9]+\.[0-9] s \(time limit 90 s\)$" "$tmp/lines" ||
    { echo "no layout progress on a terminal:"; head -c 600 "$tmp/lines"; exit 1; }
  # Never before a second.
  ! grep -Eq "laying out with sfdp: 0\.[0-9] s" "$tmp/lines" ||
    { echo "progress before one second"; exit 1; }
  echo "$(grep -c 'laying out' "$tmp/lines") progress updates"
else
  echo "the layout took under 1.5 s here: only the rest is checked"
fi
# Taken away at the end: the last thing written clears the line.
[ "$(tail -c 4 "$tmp/tty" | od -An -c | tr -d ' ')" = '\r033[K' ] ||
  { echo "the progress line is left behind:"; tail -c 40 "$tmp/tty" | od -c; exit 1; }
grep -q '</svg>' "$tmp/g.svg"
# Not a terminal: nothing of it.
"$ergraph" render -q -K sfdp -o "$tmp/g2.svg" "$tmp/g.json" 2>"$tmp/err"
! grep -Eq "laying out|$(printf '\033')" "$tmp/err" || { echo "progress on a file:"; cat "$tmp/err"; exit 1; }
echo "layout progress on a terminal only"
