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

# CMake: find_package(ergraph) against the installed copy.
mkdir -p "$tmp/cmake-user"
cp "$tmp/use.c" "$tmp/cmake-user/use.c"
cat >"$tmp/cmake-user/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.18)
project(use_ergraph LANGUAGES C)
find_package(ergraph 0.1 REQUIRED)
add_executable(use use.c)
target_link_libraries(use PRIVATE ergraph::ergraph)
set_target_properties(use PROPERTIES BUILD_RPATH "${ergraph_DIR}/../..")
CMAKE
cmake -S "$tmp/cmake-user" -B "$tmp/cmake-user/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cmake-user/build" >/dev/null
"$tmp/cmake-user/build/use" "$src/tests/data/small.json" | grep -qx "7 entities"

# ergraph.pc under /usr, whose LIBDIR is lib/x86_64-linux-gnu: configured
# for that prefix, then placed where such an install puts it.
cmake -S "$src" -B "$tmp/usr-build" -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF >/dev/null
libdir=$(sed -n 's/^libdir=\${prefix}\///p' "$tmp/usr-build/ergraph.pc")
mkdir -p "$tmp/usr/$libdir/pkgconfig"
cp "$tmp/usr-build/ergraph.pc" "$tmp/usr/$libdir/pkgconfig/"
got_lib=$(PKG_CONFIG_PATH="$tmp/usr/$libdir/pkgconfig" pkg-config --variable=libdir ergraph)
got_inc=$(PKG_CONFIG_PATH="$tmp/usr/$libdir/pkgconfig" pkg-config --variable=includedir ergraph)
[ "$(realpath -m "$got_lib")" = "$tmp/usr/$libdir" ] || { echo "libdir $got_lib, expected $tmp/usr/$libdir"; exit 1; }
[ "$(realpath -m "$got_inc")" = "$tmp/usr/include" ] || { echo "includedir $got_inc, expected $tmp/usr/include"; exit 1; }
echo "installed: program, library, headers; pkg-config and find_package(ergraph) both build against it; ergraph.pc right under /usr ($libdir)"
