#!/usr/bin/env bash
# Every CLI test case (tests/invalid/*, tests/golden/*) under valgrind's
# memcheck, the layout's child process included: its exact output still,
# 0 errors, and 0 bytes definitely lost but for Graphviz's font caches
# (tests/valgrind/graphviz.supp says which and why). The cases made of
# huge generated inputs (those with max_rss_mb) are left to the normal and
# ASan runs. Skipped without valgrind, and in a sanitizer build.
set -u
ergraph=$1 src=$2
if ! command -v valgrind >/dev/null; then
  echo "skipped: valgrind is not installed"
  exit 77
fi
if ldd "$ergraph" | grep -q 'lib[at]san'; then
  echo "skipped: a sanitizer build"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# run_case.sh runs this in place of the program.
cat >"$tmp/ergraph" <<WRAP
#!/usr/bin/env bash
exec valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite \\
  --show-leak-kinds=definite --error-exitcode=99 \\
  --suppressions="$src/tests/valgrind/graphviz.supp" \\
  --log-file="$tmp/log.%p" "$ergraph" "\$@"
WRAP
chmod +x "$tmp/ergraph"
cases=()
for dir in "$src"/tests/invalid/*/ "$src"/tests/golden/*/; do
  [ -f "$dir/max_rss_mb" ] || cases+=("$dir")
done
# Two at a time; each prints its name and result.
printf '%s\n' "${cases[@]}" | xargs -P 2 -I{} bash -c '
  kind=invalid; case "$1" in */golden/*) kind=golden;; esac
  if out=$(bash "$2/tests/scripts/run_case.sh" "$kind" "$3" "$1" 2>&1); then
    echo "ok   $(basename "$1")"
  else
    echo "FAIL $(basename "$1")"; echo "$out" | sed "s/^/     /"
  fi' _ {} "$src" "$tmp/ergraph" >"$tmp/results"
# No case renders (their output would depend on Graphviz's version): draw
# a few here, through the layout's child process, where Graphviz runs.
mkdir "$tmp/out"
for run in "-T png $src/graphs/bbc-2003-08-12-old-enemies-unite.json" \
           "-T svg $src/tests/data/hostile.json" \
           "-T pdf --around FSB $src/graphs/bbc-2003-08-fsb-cooperation-analysis.json" \
           "-T dot -K neato $src/tests/data/small.json"; do
  # shellcheck disable=SC2086
  if "$tmp/ergraph" render -q -o "$tmp/out/drawing" $run 2>"$tmp/err"; then
    echo "ok   render $run" >>"$tmp/results"
  else
    echo "FAIL render $run: $(cat "$tmp/err")" >>"$tmp/results"
  fi
done
sort -k2 "$tmp/results" | grep -v '^ok' || true
failed=$(grep -c '^FAIL' "$tmp/results")
# Any report at all in a log (with --quiet, a clean run writes nothing).
reports=0
for log in "$tmp"/log.*; do
  if [ -s "$log" ]; then
    reports=$((reports + 1))
    echo "--- $log"
    head -n 60 "$log"
  fi
done
runs=$(ls "$tmp"/log.* | wc -l)
echo "${#cases[@]} cases and 4 renders, $runs processes under memcheck, $failed failed, $reports with reports"
[ "$failed" = 0 ] && [ "$reports" = 0 ]
