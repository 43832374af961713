#!/usr/bin/env bash
# Nothing lost: whatever stops ergraph (a signal during a load or a layout,
# a layout past its time limit, a Graphviz crash, a full disk, a folder that
# is read-only or missing, -o naming an input), the target is left as it was
# (no file, or the old one), no temporary file stays behind, no input is
# touched, and the exit status says what happened.
set -u
ergraph=$1 src=$2
tmp=$(mktemp -d)
bg=()
cleanup() {
  for p in "${bg[@]}"; do kill "$p" 2>/dev/null; done
  chmod -R u+w "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The entries of a folder, hidden ones included, one a line.
entries() { ls -A "$1"; }
expect_entries() { # DIR WANT...
  local dir=$1; shift
  local got want
  got=$(entries "$dir" | tr '\n' ' ')
  want=$(printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' ')
  [ "$got" = "$want" ] || fail "$dir holds '$got', expected '$want'"
}
# Runs ergraph; checks its exit status and that stderr contains a phrase.
expect() { # STATUS PHRASE ARGS...
  local want=$1 phrase=$2; shift 2
  "$ergraph" "$@" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  [ "$status" = "$want" ] || fail "ergraph $*: exit status $status, expected $want: $(cat "$tmp/err")"
  grep -qF -- "$phrase" "$tmp/err" || fail "ergraph $*: no '$phrase' in: $(cat "$tmp/err")"
}
# Waits up to 10 s for a command to succeed.
wait_for() {
  for _ in $(seq 100); do "$@" && return 0; sleep 0.1; done
  return 1
}

small=$src/tests/data/small.json
graph=$src/graphs/bbc-2003-08-12-old-enemies-unite.json

# A graph whose layout with dot takes minutes (300 nodes, 1500 random edges;
# past dot's cap, which --max-nodes 500 raises to 500 nodes and 1500 edges).
awk 'BEGIN {
  srand(7); printf "{\"format\": \"ergraph/1\", \"entities\": [";
  for (i = 0; i < 300; i++) printf "%s{\"id\": \"e%d\", \"type\": \"person\", \"name\": \"Entity %d\"}", i ? "," : "", i, i;
  printf "], \"relationships\": [";
  for (i = 0; i < 1500; i++) printf "%s{\"from\": \"e%d\", \"to\": \"e%d\", \"type\": \"knows\"}", i ? "," : "", int(rand() * 300), int(rand() * 300);
  print "]}" }' >"$tmp/dense.json"

# --- SIGINT during a load: the input is a FIFO whose writer never ends.
mkdir "$tmp/int"
mkfifo "$tmp/int/in.json"
sleep 60 >"$tmp/int/in.json" &
bg+=($!)
env --default-signal=INT "$ergraph" dot -o "$tmp/int/out.dot" "$tmp/int/in.json" 2>"$tmp/int.err" &
pid=$!
# The temporary file exists while the load waits.
wait_for sh -c "ls -A '$tmp/int' | grep -q '^\.out\.dot\.'" || fail "no temporary file during the load"
kill -INT "$pid"
wait "$pid"
status=$?
[ "$status" = 130 ] || fail "SIGINT during a load: exit status $status, expected 130"
grep -qF "interrupted; no output written" "$tmp/int.err" || fail "SIGINT: no message: $(cat "$tmp/int.err")"
expect_entries "$tmp/int" in.json

# --- SIGTERM during a layout: no file, and the layout process ends too.
mkdir "$tmp/term"
echo old >"$tmp/term/out.svg"
"$ergraph" render -q -K dot --max-nodes 500 -o "$tmp/term/out.svg" "$tmp/dense.json" 2>"$tmp/term.err" &
pid=$!
wait_for pgrep -P "$pid" >/dev/null || fail "no layout process"
child=$(pgrep -P "$pid" | head -1)
kill -TERM "$pid"
wait "$pid"
status=$?
[ "$status" = 143 ] || fail "SIGTERM during a layout: exit status $status, expected 143"
[ "$(cat "$tmp/term/out.svg")" = old ] || fail "SIGTERM: the old file was changed"
expect_entries "$tmp/term" out.svg
if [ -n "$child" ] && ! wait_for sh -c "! kill -0 $child 2>/dev/null"; then
  fail "the layout process $child outlived ergraph"
  kill -KILL "$child" 2>/dev/null
fi

# --- A layout past --layout-timeout is stopped and leaves no file.
mkdir "$tmp/timeout"
expect 3 "layout with dot did not finish in 0.5 s" \
  render -q -K dot --max-nodes 500 --layout-timeout 0.5 -o "$tmp/timeout/out.svg" "$tmp/dense.json"
expect_entries "$tmp/timeout"

# --- A Graphviz crash in the child (here SIGXCPU from a CPU time limit that
# the child inherits) is an ergraph error, not a crash of ergraph.
mkdir "$tmp/crash"
(
  ulimit -t 2
  "$ergraph" render -q -K dot --max-nodes 500 -o "$tmp/crash/out.svg" "$tmp/dense.json" >"$tmp/out" 2>"$tmp/err"
)
status=$?
[ "$status" = 3 ] || fail "Graphviz crash: exit status $status, expected 3: $(cat "$tmp/err")"
grep -qF "Graphviz crashed (signal" "$tmp/err" || fail "Graphviz crash: $(cat "$tmp/err")"
expect_entries "$tmp/crash"

# --- Graphviz failing (no layout plugins) is an error and leaves no file.
mkdir "$tmp/gvfail" "$tmp/noplugins"
GVBINDIR=$tmp/noplugins expect 3 "Graphviz:" render -q -o "$tmp/gvfail/out.svg" "$small"
expect_entries "$tmp/gvfail"

# --- A full disk: /dev/full of our own (needs CAP_MKNOD), and a regular file
# that reaches the file size limit, as on a full disk.
mkdir "$tmp/full"
if mknod "$tmp/full/full" c 1 7 2>/dev/null; then
  expect 3 "full: cannot write: No space left on device" render -q -o "$tmp/full/full" "$graph"
  expect_entries "$tmp/full" full
else
  echo "mknod not permitted: /dev/full case skipped"
fi
mkdir "$tmp/fsize"
echo old >"$tmp/fsize/out.svg"
# No `trap '' XFSZ` here: the program itself must not die of SIGXFSZ.
(
  ulimit -f 4 # blocks of 1024 bytes: the SVG is larger
  "$ergraph" render -q -o "$tmp/fsize/out.svg" "$graph" >"$tmp/out" 2>"$tmp/err"
)
status=$?
[ "$status" = 3 ] || fail "file size limit: exit status $status, expected 3"
grep -qF "out.svg: cannot write: File too large" "$tmp/err" || fail "file size limit: $(cat "$tmp/err")"
[ "$(cat "$tmp/fsize/out.svg")" = old ] || fail "file size limit: the old file was changed"
expect_entries "$tmp/fsize" out.svg

# --- A read-only folder (as another user when root, who may write anyway).
mkdir "$tmp/ro"
cp "$small" "$tmp/ro/in.json"
chmod 555 "$tmp/ro"
as_user=()
program=$ergraph
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$tmp"
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
  # That user may not reach the build folder (a clone under /root, or in a
  # folder of mode 700): the program and its library go where it can.
  mkdir "$tmp/bin"
  cp "$ergraph" "$tmp/bin/"
  lib=$(ldd "$ergraph" | awk '/libergraph/ { print $3 }')
  [ -z "$lib" ] || cp -L "$lib" "$tmp/bin/"
  chmod -R a+rX "$tmp/bin"
  program=$tmp/bin/$(basename "$ergraph")
  as_user+=(env "LD_LIBRARY_PATH=$tmp/bin${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
fi
"${as_user[@]}" "$program" dot -o "$tmp/ro/out.dot" "$tmp/ro/in.json" >"$tmp/out" 2>"$tmp/err"
status=$?
[ "$status" = 3 ] || fail "read-only folder: exit status $status, expected 3: $(cat "$tmp/err")"
grep -qF "out.dot: cannot create a file in $tmp/ro: Permission denied" "$tmp/err" ||
  fail "read-only folder: $(cat "$tmp/err")"
expect_entries "$tmp/ro" in.json
chmod 755 "$tmp/ro"

# --- A missing folder is reported before the input is read: here the input
# is invalid too, and only the output's error shows.
expect 3 "missing/out.svg: cannot create a file in $tmp/missing: No such file or directory" \
  render -q -o "$tmp/missing/out.svg" "$src/tests/invalid/syntax-missing-comma/input.json"
grep -qF "input.json" "$tmp/err" && fail "the input was read before the output was checked"

# --- -o naming an input, under another name (a hard link, a symbolic link,
# a path through ..): refused before anything is read; the input unchanged.
mkdir "$tmp/same"
cp "$small" "$tmp/same/in.json"
ln "$tmp/same/in.json" "$tmp/same/hard.json"
ln -s in.json "$tmp/same/sym.json"
sum=$(cksum <"$tmp/same/in.json")
for out in "$tmp/same/in.json" "$tmp/same/hard.json" "$tmp/same/sym.json" "$tmp/same/../same/in.json"; do
  expect 2 "refusing to overwrite the input file $tmp/same/in.json" dot -o "$out" "$tmp/same/in.json"
  expect 2 "refusing to overwrite the input file" render -q -T png -o "$out" "$small" "$tmp/same/in.json"
done
# Standard input is an input too: the file the shell opened there.
for out in "$tmp/same/in.json" /dev/stdin; do
  "$ergraph" dot -o "$out" - <"$tmp/same/in.json" >"$tmp/out" 2>"$tmp/err"
  status=$?
  [ "$status" = 2 ] || fail "dot -o $out - < in.json: exit status $status, expected 2"
  grep -qF "refusing to overwrite the input file read from standard input" "$tmp/err" ||
    fail "dot -o $out - < in.json: $(cat "$tmp/err")"
done
"$ergraph" dot -o /dev/stdin "$tmp/same/in.json" <"$tmp/same/in.json" >"$tmp/out" 2>"$tmp/err"
[ $? = 2 ] || fail "dot -o /dev/stdin in.json < in.json: not refused: $(cat "$tmp/err")"
[ "$(cksum <"$tmp/same/in.json")" = "$sum" ] || fail "an input was changed"
expect_entries "$tmp/same" in.json hard.json sym.json
# So is the theme: every file the command reads.
cp "$src/graphs/themes/print.theme" "$tmp/same/my.theme"
expect 2 "refusing to overwrite the input file $tmp/same/my.theme" \
  render -q --theme "$tmp/same/my.theme" -o "$tmp/same/my.theme" "$small"
expect 2 "refusing to overwrite the input file" dot --theme "$tmp/same/my.theme" -o "$tmp/same/my.theme" "$small"
cmp -s "$tmp/same/my.theme" "$src/graphs/themes/print.theme" || fail "the theme was changed"
expect_entries "$tmp/same" in.json hard.json sym.json my.theme

# --- An empty -o is a usage error; nothing is created.
mkdir "$tmp/empty"
(cd "$tmp/empty" && "$ergraph" dot -o "" "$small" >"$tmp/out" 2>"$tmp/err")
[ $? = 2 ] || fail "-o '': not a usage error: $(cat "$tmp/err")"
grep -qF "the output file name is empty" "$tmp/err" || fail "-o '': $(cat "$tmp/err")"
expect_entries "$tmp/empty"

# --- Standard output that cannot be written (help, a listing) is an error.
if [ -w /dev/full ]; then
  "$ergraph" --help >/dev/full 2>"$tmp/err"
  [ $? = 3 ] || fail "--help > /dev/full: exit status not 3"
  grep -qF "standard output: cannot write: No space left on device" "$tmp/err" ||
    fail "--help > /dev/full: $(cat "$tmp/err")"
  "$ergraph" list entities "$small" >/dev/full 2>"$tmp/err"
  [ $? = 3 ] || fail "list > /dev/full: exit status not 3: $(cat "$tmp/err")"
fi

# --- And when all goes well: the file, and nothing else.
mkdir "$tmp/ok"
"$ergraph" render -q -o "$tmp/ok/out.svg" "$graph" || fail "render failed"
expect_entries "$tmp/ok" out.svg

[ "$failures" = 0 ] || { echo "$failures failures"; exit 1; }
echo "nothing lost: every case passed"
