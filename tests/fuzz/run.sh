#!/usr/bin/env bash
# Builds the libFuzzer fuzzers (clang, ASan, UBSan) and runs each for a
# bounded time, two at a time, on a scratch copy of its corpus; the
# checked-in corpora are only read.
#   bash tests/fuzz/run.sh [SECONDS] [FUZZER...]     (default: 60, all)
# A crash leaves its input in the work folder (crash-*, leak-*, timeout-*,
# oom-*) and fails the run: add it to tests/fuzz/corpora/<fuzzer>/ as a
# regression case, named after what it found, once fixed.
# Environment: ERG_FUZZ_BUILD (default build-fuzz), ERG_FUZZ_WORK (default
# $ERG_FUZZ_BUILD/work), ERG_FUZZ_JOBS (default 2), ERG_FUZZ_TIMEOUT (seconds
# one input may take, default 10; a long run beside other work takes more,
# so that a process starved of the processor is not reported as a hang).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
fuzzers=("$@")
[ ${#fuzzers[@]} -gt 0 ] || fuzzers=(load roundtrip names split query index)
build=${ERG_FUZZ_BUILD:-build-fuzz}
work=${ERG_FUZZ_WORK:-$build/work}
jobs=${ERG_FUZZ_JOBS:-2}
timeout=${ERG_FUZZ_TIMEOUT:-10}

CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DERG_FUZZ=ON \
  -DERG_SANITIZE=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0

run_one() {
  local name=$1 dir=$work/$1
  mkdir -p "$dir/corpus"
  # -rss_limit_mb: memory must stay proportional to the input, and the
  # inputs are small (-max_len: the largest seed, 32 KB).
  if "$build/tests/fuzz/${name}_fuzzer" -max_total_time="$seconds" -timeout="$timeout" \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$dir/" \
      "$dir/corpus" "tests/fuzz/corpora/$name" >"$dir/log" 2>&1; then
    echo "fuzz $name: $(grep -E '^stat::number_of_executed_units' "$dir/log" | awk '{print $2}') executions," \
         "$(grep DONE "$dir/log" | grep -oE 'cov: [0-9]+ ft: [0-9]+' | tail -1)," \
         "corpus $(ls "$dir/corpus" | wc -l) inputs"
  else
    echo "fuzz $name: FAILED; the end of $dir/log:"
    tail -n 40 "$dir/log"
    ls "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* 2>/dev/null || true
    return 1
  fi
}

status=0
pids=()
for name in "${fuzzers[@]}"; do
  run_one "$name" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
exit $status
