#!/usr/bin/env bash
# A result too big to lay out in reasonable time with the chosen engine is
# refused at once, saying its size and what to do, instead of hanging;
# --max-nodes raises the cap; `ergraph dot` writes it without a layout.
set -eu
ergraph=$1 src=$2
py=/usr/bin/python3; [ -x "$py" ] || py=python3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$py" "$src/tests/scripts/gen_graph.py" 600 900 >"$tmp/big.json"
status=0
timeout 20 "$ergraph" render -q -K dot -o "$tmp/big.svg" "$tmp/big.json" 2>"$tmp/err" || status=$?
cat "$tmp/err"
[ "$status" = 2 ] || { echo "exit status $status, expected 2"; exit 1; }
for part in "600 nodes and 900 edges" "dot lays out" "--max-nodes 600" "-K sfdp" "narrower filter"; do
  grep -qF -- "$part" "$tmp/err" || { echo "message lacks: $part"; exit 1; }
done
[ ! -e "$tmp/big.svg" ] || { echo "an output was written"; exit 1; }
# A narrower filter gets through; so does a higher cap (with a short time
# limit, which is what stops it then).
"$ergraph" render -q -K dot --around e1 -o "$tmp/small.svg" "$tmp/big.json"
status=0
"$ergraph" render -q -K dot --max-nodes 600 --layout-timeout 0.5 -o "$tmp/big.svg" "$tmp/big.json" \
  2>"$tmp/err" || status=$?
[ "$status" = 0 ] || grep -q "did not finish in 0.5 s" "$tmp/err" ||
  { echo "--max-nodes did not raise the cap:"; cat "$tmp/err"; exit 1; }
# By size, sfdp is chosen, whose cap is far higher.
"$ergraph" render -q -o "$tmp/big.svg" "$tmp/big.json"
# DOT needs no layout: no cap.
"$ergraph" dot "$tmp/big.json" >"$tmp/big.dot"
grep -q "n600" "$tmp/big.dot"
echo "big results refused with advice, DOT written"
# Advice that fits the engine: a layout already with sfdp that runs out of
# time is not told to try sfdp.
"$py" "$src/tests/scripts/gen_graph.py" 20000 60000 >"$tmp/huge.json"
status=0
"$ergraph" render -q -K sfdp --max-nodes 20000 --layout-timeout 0.1 -o "$tmp/huge.svg" "$tmp/huge.json" \
  2>"$tmp/err" || status=$?
grep -q "layout with sfdp did not finish in 0.1 s (20000 nodes, [0-9]* edges); try a smaller selection, or a longer time limit" "$tmp/err" ||
  { echo "sfdp past its time limit (exit $status):"; cat "$tmp/err"; exit 1; }
# Past every engine's cap (the caps: tests/bench/engine_caps.sh), the
# default engine refuses at once, and does not advise sfdp, which is in use.
status=0
start=$(date +%s)
timeout 20 "$ergraph" render -q -o "$tmp/huge.svg" "$tmp/huge.json" 2>"$tmp/err" || status=$?
[ "$status" = 2 ] || { echo "20000 nodes by default: exit $status, expected 2"; cat "$tmp/err"; exit 1; }
grep -q "more than sfdp lays out in reasonable time (3000 nodes, 9000 edges)" "$tmp/err" ||
  { echo "no sfdp cap in:"; cat "$tmp/err"; exit 1; }
if grep -q -- "-K sfdp" "$tmp/err"; then echo "advises the engine in use:"; cat "$tmp/err"; exit 1; fi
[ $(($(date +%s) - start)) -lt 10 ] || { echo "refused only after $(($(date +%s) - start)) s"; exit 1; }
[ ! -e "$tmp/huge.svg" ] || { echo "an output was written"; exit 1; }
# neato's cap is below sfdp's: past it, sfdp is advised.
"$py" "$src/tests/scripts/gen_graph.py" 1500 2000 >"$tmp/mid.json"
status=0
"$ergraph" render -q -K neato -o "$tmp/mid.svg" "$tmp/mid.json" 2>"$tmp/err" || status=$?
[ "$status" = 2 ] && grep -q -- "-K sfdp" "$tmp/err" ||
  { echo "neato past its cap (exit $status):"; cat "$tmp/err"; exit 1; }
echo "engine caps refuse at once, with advice that fits the engine"
# `dot` writes any size, and says when no engine would lay it out within
# its cap; not for a result some engine takes.
"$ergraph" dot -o "$tmp/huge.dot" "$tmp/huge.json" 2>"$tmp/err"
grep -q "note: 20000 nodes and [0-9]* edges are past every layout engine's cap (the largest: 3000 nodes, 9000 edges)" "$tmp/err" ||
  { echo "no note past the caps:"; cat "$tmp/err"; exit 1; }
"$ergraph" dot -o "$tmp/mid.dot" "$tmp/mid.json" 2>"$tmp/err"
if grep -q "past every" "$tmp/err"; then echo "a note for 1500 nodes, which sfdp takes"; exit 1; fi
echo "dot notes a result past every engine's cap"
