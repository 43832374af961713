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
  [load]="load.c jsonpos.c loader.c resolve.c date.c text.c diag.c json_arena.c"
  [roundtrip]="graphviz.c graphviz_ids.c drawing.c labels.c dotlabel.c"
  [names]="filter.c walk.c resolve.c selection.c"
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
