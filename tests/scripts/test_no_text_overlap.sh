#!/usr/bin/env bash
# Issue 18, item 5: no text overlaps another text or a node it does not
# belong to (tests/scripts/check_pdf_text.py: word boxes from the PDF, node
# outlines from the SVG of the same layout) in any render of graphs/ (each
# file and all merged) with the engine ergraph picks and with dot under
# each --cluster, nor in any README picture that .ci/render draws (its
# render commands are read from .ci/render, PNG made PDF and SVG).
set -eu
ergraph=$1 src=$2
for tool in pdftotext python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check="$src/tests/scripts/check_pdf_text.py"
cd "$src"
files=(graphs/*.json)
failed=0 runs=0
one() { # NAME ARGS...: renders PDF and SVG of the same layout and checks them
  local name=$1; shift
  "$ergraph" render -q -T pdf --page none -o "$tmp/x.pdf" "$@" 2>/dev/null
  "$ergraph" render -q -T svg -o "$tmp/x.svg" "$@" 2>/dev/null
  runs=$((runs + 1))
  if ! python3 "$check" "$tmp/x.pdf" "$tmp/x.svg" >"$tmp/out"; then
    echo "$name: $(head -1 "$tmp/out")"; sed -n '2,6p' "$tmp/out"; failed=1
  fi
}
for f in "${files[@]}" all; do
  if [ "$f" = all ]; then set -- "${files[@]}"; else set -- "$f"; fi
  one "$(basename "$f" .json), engine by size" "$@"
  for c in none type country; do one "$(basename "$f" .json), dot --cluster $c" -K dot --cluster "$c" "$@"; done
done
# The README's pictures, as .ci/render draws them.
python3 - "$src/.ci/render" "${files[@]}" >"$tmp/pictures" <<'PY'
import re, shlex, sys
text = open(sys.argv[1]).read().replace("\\\n", " ")
files = sys.argv[2:]
title = re.search(r'^title="([^"]*)"', text, re.M).group(1)
for line in text.splitlines():
    line = line.strip()
    if not line.startswith("$e render") or "-o $d/" not in line:
        continue
    args = shlex.split(line.replace('"$title"', shlex.quote(title)).replace('"${files[@]}"', " ".join(files)))[2:]
    out, keep, skip = None, [], False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a in ("-o", "-T"):
            if a == "-o":
                out = args[i + 1]
            skip = True
            continue
        if a == "-q":
            continue
        keep.append(a)
    print(out.split("/")[-1] + "\t" + " ".join(shlex.quote(a) for a in keep))
PY
[ "$(wc -l <"$tmp/pictures")" -ge 5 ] || { echo "read too few pictures from .ci/render"; exit 1; }
while IFS=$'\t' read -r name args; do
  eval "set -- $args"
  one "README $name" "$@"
done <"$tmp/pictures"
echo "$runs drawings checked"
exit $failed
