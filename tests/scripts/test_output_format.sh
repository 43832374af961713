#!/usr/bin/env bash
# The output's extension decides render's format when -T is absent; -T and
# a known extension that disagree are exit 2 with nothing written; no
# extension, an unknown one or a non-regular output leave it to -T (SVG
# when absent); `ergraph dot` refuses a name made for another format.
set -u
ergraph=$1 src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
f=$src/graphs/examples/evidence.json
fail() { echo "FAIL: $*"; exit 1; }
# The first bytes each format starts with (SVG: the XML declaration).
magic() {
  case $1 in
    svg) head -c 5 "$2" | grep -q '^<?xml' && grep -q '<svg' "$2" ;;
    png) [ "$(head -c 8 "$2" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ;;
    pdf) [ "$(head -c 5 "$2")" = "%PDF-" ] ;;
    html) [ "$(head -c 15 "$2")" = "<!DOCTYPE html>" ] ;;
    dot) head -c 20 "$2" | grep -Eq '^(strict )?(di)?graph' ;;
  esac
}
for pair in svg:svg png:png pdf:pdf html:html htm:html dot:dot gv:dot PNG:png Pdf:pdf; do
  ext=${pair%%:*} fmt=${pair##*:}
  "$ergraph" render -q -o "$tmp/a.$ext" "$f" || fail "render -o a.$ext exited $?"
  magic "$fmt" "$tmp/a.$ext" || fail "a.$ext is not $fmt"
  # The same -T as the extension is fine.
  "$ergraph" render -q -T "$fmt" -o "$tmp/b.$ext" "$f" || fail "-T $fmt -o b.$ext exited $?"
  magic "$fmt" "$tmp/b.$ext" || fail "b.$ext (-T $fmt) is not $fmt"
done
# Disagreement: exit 2, a message naming both, nothing written, an old file kept.
echo old >"$tmp/c.png"
"$ergraph" render -q -T svg -o "$tmp/c.png" "$f" 2>"$tmp/err"
[ $? -eq 2 ] || fail "-T svg -o c.png did not exit 2"
grep -q -- '-T svg' "$tmp/err" && grep -q '\.png' "$tmp/err" || fail "message: $(cat "$tmp/err")"
[ "$(cat "$tmp/c.png")" = old ] || fail "c.png was overwritten"
"$ergraph" render -q -T pdf -o "$tmp/d.html" "$f" 2>/dev/null
[ $? -eq 2 ] || fail "-T pdf -o d.html did not exit 2"
[ ! -e "$tmp/d.html" ] || fail "d.html written"
# -T view has no extension of its own: .json is not a known one.
"$ergraph" render -q -T view -o "$tmp/v.json" "$f" || fail "-T view -o v.json"
# No extension or an unknown one: -T decides, SVG without it.
"$ergraph" render -q -o "$tmp/noext" "$f" && magic svg "$tmp/noext" || fail "no extension: not SVG"
"$ergraph" render -q -o "$tmp/x.out" "$f" && magic svg "$tmp/x.out" || fail ".out: not SVG"
"$ergraph" render -q -T png -o "$tmp/y.out" "$f" && magic png "$tmp/y.out" || fail "-T png .out"
"$ergraph" render -q -T png -o "$tmp/.png" "$f" && magic png "$tmp/.png" || fail "-T png .png"
# A non-regular output: its name says nothing.
mkfifo "$tmp/fifo.png"
cat "$tmp/fifo.png" >"$tmp/from-fifo" &
"$ergraph" render -q -o "$tmp/fifo.png" "$f" || fail "render to a FIFO named .png"
wait
magic svg "$tmp/from-fifo" || fail "the FIFO named .png did not get SVG"
"$ergraph" render -q -T pdf -o /dev/stdout "$f" >"$tmp/stdout.bin" || fail "-T pdf to /dev/stdout"
magic pdf "$tmp/stdout.bin" || fail "/dev/stdout: not PDF"
"$ergraph" render -q -o /dev/stdout "$f" >"$tmp/stdout.bin" || fail "to /dev/stdout"
magic svg "$tmp/stdout.bin" || fail "/dev/stdout without -T: not SVG"
# --page needs PDF: the extension gives it.
"$ergraph" render -q --page a4 -o "$tmp/p.pdf" "$f" || fail "--page a4 -o p.pdf"
magic pdf "$tmp/p.pdf" || fail "p.pdf"
# ergraph dot writes DOT only.
"$ergraph" dot -o "$tmp/e.gv" "$f" && magic dot "$tmp/e.gv" || fail "dot -o e.gv"
"$ergraph" dot -o "$tmp/e.png" "$f" 2>"$tmp/err"
[ $? -eq 2 ] && [ ! -e "$tmp/e.png" ] || fail "dot -o e.png: not refused"
grep -q "ergraph render" "$tmp/err" || fail "dot -o e.png: $(cat "$tmp/err")"
echo "output formats by extension: ok"
