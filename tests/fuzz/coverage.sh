#!/usr/bin/env bash
# The library's line and branch coverage by each fuzzer's corpus: builds the
# replay programs with clang's source-based coverage, replays
# tests/fuzz/corpora/<fuzzer> (and WORK/<fuzzer>/corpus, what a run of
# tests/fuzz/run.sh found, when WORK is given), and prints llvm-cov's report
# for src/lib, per fuzzer and for all three together.
#   bash tests/fuzz/coverage.sh [WORK]
# Environment: ERG_COV_BUILD (default build-cov).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-}
build=${ERG_COV_BUILD:-build-cov}
flags="-fprofile-instr-generate -fcoverage-mapping"
CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DERG_WERROR=OFF \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
  -DCMAKE_SHARED_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$build" -j"$(nproc)" --target replay_load replay_roundtrip replay_names >/dev/null
lib=$(ls "$build"/libergraph.so.*.* | head -n 1)
# The library's files each fuzzer is for.
declare -A aims=(
  [load]="load/load.c load/jsonpos.c load/loader.c load/resolve.c util/date.c util/text.c util/diag.c load/json_arena.c"
  [roundtrip]="graphviz/graphviz.c graphviz/ids.c draw/drawing.c draw/labels.c draw/dotlabel.c"
  [names]="query/filter.c model/walk.c load/resolve.c model/selection.c"
)
rm -rf "$build/cov"
mkdir -p "$build/cov"
for name in load roundtrip names; do
  dirs=("tests/fuzz/corpora/$name")
  [ -n "$work" ] && [ -d "$work/$name/corpus" ] && dirs+=("$work/$name/corpus")
  LLVM_PROFILE_FILE="$build/cov/$name.profraw" "$build/tests/fuzz/replay_$name" "${dirs[@]}" >/dev/null
  llvm-profdata merge -o "$build/cov/$name.profdata" "$build/cov/$name.profraw"
  echo "== $name: $(ls "${dirs[@]}" | wc -l) inputs; the files it aims at"
  targets=()
  for f in ${aims[$name]}; do targets+=("$PWD/src/lib/$f"); done
  llvm-cov report "$lib" -instr-profile="$build/cov/$name.profdata" "${targets[@]}" |
    awk 'NR > 2 && !/^-/ {printf "%-14s lines %6s of %5s, branches %6s\n", $1, $10, $8, $13}'
done
llvm-profdata merge -o "$build/cov/all.profdata" "$build"/cov/*.profraw
echo "== all three, per file"
llvm-cov report "$lib" -instr-profile="$build/cov/all.profdata" "$PWD/src/lib"
