#!/usr/bin/env bash
# Each public header compiles on its own, as C11 and as C++, without a warning.
set -eu
src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for h in "$src"/include/ergraph/*.h; do
  name=$(basename "$h")
  printf '#include <ergraph/%s>\n#include <ergraph/%s>\n' "$name" "$name" >"$tmp/t.c"
  cc -std=c11 -Wall -Wextra -pedantic -Werror -I"$src/include" -c "$tmp/t.c" -o "$tmp/t.o"
  if command -v c++ >/dev/null; then
    c++ -x c++ -Wall -Wextra -pedantic -Werror -I"$src/include" -c "$tmp/t.c" -o "$tmp/t.o"
  fi
done
echo "$(ls "$src"/include/ergraph/*.h | wc -l) headers compile alone"
