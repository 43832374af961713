#!/usr/bin/env bash
# Runs one test case directory.
#   invalid: runs `ergraph $(cat args)` (default: validate input.json) in the
#            case directory; expects exit status `status` (default 1) and
#            standard error exactly as in `expected`.
#   golden:  the same with `expected` compared against standard output,
#            status 0 by default.
# A case with a `generate` script runs in a scratch folder instead, after
# `bash generate` has made its inputs there (huge or special files that are
# never committed: a 100 MB string, a FIFO); ERG_SOURCE_DIR is the source
# tree. With `max_rss_mb`, the program's peak memory must stay below that
# many MB (not checked in a sanitizer build, whose memory is not the
# program's).
# A mismatch prints a unified diff.
set -u
kind=$1 ergraph=$2 dir=$3
dir=$(cd "$dir" && pwd) || exit 1
out=$(mktemp) err=$(mktemp) work=
trap 'rm -f "$out" "$err"; [ -n "$work" ] && rm -rf "$work"' EXIT
cd "$dir" || exit 1
if [ -f generate ]; then
  work=$(mktemp -d)
  cd "$work" || exit 1
  ERG_SOURCE_DIR=$(cd "$dir/../../.." && pwd) bash "$dir/generate" || {
    echo "generate failed"
    exit 1
  }
fi
args="validate input.json"
[ -f "$dir/args" ] && args=$(cat "$dir/args")
want_status=1
[ "$kind" = golden ] && want_status=0
[ -f "$dir/status" ] && want_status=$(cat "$dir/status")
stdin=/dev/null
[ -f "$dir/stdin" ] && stdin=$dir/stdin
measure=()
if [ -f "$dir/max_rss_mb" ] && ! ldd "$ergraph" | grep -q 'lib[at]san'; then
  # Runs the command and prints its peak RSS in MB to fd 3.
  measure=(python3 -c '
import resource, subprocess, sys
status = subprocess.call(sys.argv[1:])
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
with open(3, "w") as f:
    f.write(str(rss))
sys.exit(status)')
fi
# shellcheck disable=SC2086
"${measure[@]}" "$ergraph" $args <"$stdin" >"$out" 2>"$err" 3>"$out.rss"
status=$?
fail=0
if [ "$status" != "$want_status" ]; then
  echo "exit status $status, expected $want_status"
  fail=1
fi
if [ "$kind" = invalid ]; then actual=$err; else actual=$out; fi
if ! diff -u "$dir/expected" "$actual"; then
  fail=1
fi
if [ ${#measure[@]} -gt 0 ]; then
  rss=$(cat "$out.rss")
  echo "peak memory: $rss MB (limit $(cat "$dir/max_rss_mb") MB)"
  if [ "$rss" -gt "$(cat "$dir/max_rss_mb")" ]; then
    echo "peak memory $rss MB is over the limit"
    fail=1
  fi
fi
rm -f "$out.rss"
if [ "$fail" != 0 ]; then
  echo "--- stderr:"; cat "$err"
fi
exit $fail
