#!/usr/bin/env bash
# Runs one test case directory.
#   invalid: runs `ergraph $(cat args)` (default: validate input.json) in the
#            case directory; expects exit status `status` (default 1) and
#            standard error exactly as in `expected`.
#   golden:  the same with `expected` compared against standard output,
#            status 0 by default.
# A mismatch prints a unified diff.
set -u
kind=$1 ergraph=$2 dir=$3
cd "$dir" || exit 1
args="validate input.json"
[ -f args ] && args=$(cat args)
want_status=1
[ "$kind" = golden ] && want_status=0
[ -f status ] && want_status=$(cat status)
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
stdin=/dev/null
[ -f stdin ] && stdin=stdin
# shellcheck disable=SC2086
"$ergraph" $args <"$stdin" >"$out" 2>"$err"
status=$?
fail=0
if [ "$status" != "$want_status" ]; then
  echo "exit status $status, expected $want_status"
  fail=1
fi
if [ "$kind" = invalid ]; then actual=$err; else actual=$out; fi
if ! diff -u expected "$actual"; then
  fail=1
fi
if [ "$fail" != 0 ]; then
  echo "--- stderr:"; cat "$err"
fi
exit $fail
