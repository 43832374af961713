#!/usr/bin/env bash
# `cmake --install` gives a working program, library, headers and ergraph.pc
# under any prefix: a program built with `pkg-config ergraph` loads a graph.
set -eu
ergraph=$1 src=$2
build=$(dirname "$ergraph")
# A program built without the sanitizer cannot load a library built with it
# ("ASan runtime does not come first"): the plain build checks the install.
if ldd "$ergraph" | grep -q 'lib[at]san'; then
  echo "skipped: a sanitizer build"
  exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
"$tmp/prefix/bin/ergraph" --version
cat >"$tmp/use.c" <<'C'
#include <ergraph/ergraph.h>
#include <stdio.h>
int main(int argc, char **argv)
{
    erg_diags *diags = erg_diags_new();
    erg_graph *g = NULL;
    if (erg_graph_load_files(&g, (const char *const *)argv + 1, (size_t)argc - 1, NULL, diags) != ERG_OK)
        return 1;
    printf("%zu entities\n", erg_graph_entity_count(g));
    erg_graph_free(g);
    erg_diags_free(diags);
    return 0;
}
C
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig:$tmp/prefix/lib/x86_64-linux-gnu/pkgconfig"
# A library built with the sanitizers needs them in the program too.
san=""
if ldd "$tmp/prefix/bin/ergraph" | grep -q libasan; then san="-fsanitize=address,undefined"; fi
cc -std=c11 -Wall -Wextra -pedantic -Werror $san "$tmp/use.c" $(pkg-config --cflags --libs ergraph) \
  -Wl,-rpath,"$(pkg-config --variable=libdir ergraph)" -o "$tmp/use"
"$tmp/use" "$src/tests/data/small.json" | grep -qx "7 entities"
