#!/usr/bin/env bash
# A file that becomes shorter while the command reads it (issue 14, item
# 1), at the command line: a preloaded shim truncates the input the first
# time the loader lets go of pages behind its cursor (madvise DONTNEED),
# so the cut falls in the middle of the load, every run. validate and
# export -o must say the file became shorter, exit 3, never die of SIGBUS,
# and write nothing. Skipped without a C compiler, and under
# AddressSanitizer (whose own madvise calls would meet the shim).
set -eu
ergraph=$1
cc=$(command -v cc || command -v gcc || true)
[ -n "$cc" ] || { echo "no C compiler for the shim: skipped"; exit 77; }
if ldd "$ergraph" | grep -q 'lib[at]san'; then echo "sanitizer build: skipped"; exit 77; fi
gen=$(dirname "$ergraph")/tests/bench/ergraph-gen
[ -x "$gen" ] || { echo "no ergraph-gen beside $ergraph: skipped"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/shim.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
int madvise(void *addr, size_t len, int advice)
{
    static int (*real)(void *, size_t, int);
    static int done;
    const char *path = getenv("SHRINK_FILE");
    if (real == NULL)
        real = (int (*)(void *, size_t, int))dlsym(RTLD_NEXT, "madvise");
    if (advice == MADV_DONTNEED && !done && path != NULL) {
        done = 1;
        if (truncate(path, 100) != 0)
            abort();
    }
    return real(addr, len, advice);
}
C
"$cc" -shared -fPIC -o "$tmp/shim.so" "$tmp/shim.c" -ldl
"$gen" -e 20000 -r 60000 -o "$tmp/orig.json"
for cmd in "validate" "export -f graphml -o $tmp/out.graphml"; do
  cp "$tmp/orig.json" "$tmp/t.json"
  status=0
  # shellcheck disable=SC2086
  SHRINK_FILE=$tmp/t.json LD_PRELOAD=$tmp/shim.so "$ergraph" $cmd "$tmp/t.json" \
    >/dev/null 2>"$tmp/err" || status=$?
  [ "$(stat -c %s "$tmp/t.json")" = 100 ] || { echo "$cmd: the shim did not cut the file"; exit 1; }
  grep -v ': warning: \|more warnings not shown' "$tmp/err" >"$tmp/errors" || true
  want="$tmp/t.json: cannot read: the file became shorter while it was read"
  if [ "$status" != 3 ] || ! grep -qF "$want" "$tmp/errors"; then
    echo "$cmd: exit $status, expected 3 and '$want'; stderr:"; cat "$tmp/errors"; exit 1
  fi
  left=$(find "$tmp" -name '*out.graphml*')
  [ -z "$left" ] || { echo "$cmd: left behind: $left"; exit 1; }
done
