#!/usr/bin/env bash
# Every drawing option renders every file of graphs/ and their merge, with
# dot and sfdp, and its DOT text is read by the real `dot` without a
# warning. (--cluster once crashed Graphviz 2.42 when its dot layout was
# freed: a double free in the layout child.)
set -eu
ergraph=$1 src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
files=("$src"/graphs/*.json)
optsets=("--cluster country" "--cluster type" "--citations full" "--citations none --no-legend"
         "--no-merge --wrap 0" "--wrap 8 --cluster country")
n=0
for opts in "${optsets[@]}"; do
  for f in "${files[@]}" ALL; do
    if [ "$f" = ALL ]; then set -- "${files[@]}"; else set -- "$f"; fi
    for engine in dot sfdp; do
      # shellcheck disable=SC2086
      "$ergraph" render -q -K "$engine" -T svg $opts -o "$tmp/g.svg" "$@" ||
        { echo "render -K $engine $opts $* failed"; exit 1; }
      n=$((n + 1))
    done
    # shellcheck disable=SC2086
    "$ergraph" dot $opts "$@" >"$tmp/g.dot"
    dot -Tsvg "$tmp/g.dot" -o "$tmp/g2.svg" 2>"$tmp/err"
    if [ -s "$tmp/err" ]; then echo "dot warned on $opts $*:"; cat "$tmp/err"; exit 1; fi
  done
done
echo "$n renders and their DOT checked"
