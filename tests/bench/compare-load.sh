#!/usr/bin/env bash
# The load of this tree against the load of an older commit, in the same run.
#
#   tests/bench/compare-load.sh [-b BASE] [-n RUNS] [-r RELATIONSHIPS] [-e ENTITIES] [-d DIR]
#
# Builds both (Release, in DIR, default build-compare/ at the top of the
# tree; BASE is extracted with git archive, the clone is not touched), writes
# two ergraph-gen files (with and without --evidence) and times
# `ergraph validate` on them, the two builds alternating (ABBA, so that
# neither always runs first), RUNS rounds after one warm-up round each.
# Prints, for each file and build, the median wall time, CPU time
# (user + system) and peak resident memory, and the new build's ratio to the
# base. BASE cannot read --evidence files, so the evidence file is timed
# with the new build and compared with the base on the plain file (what the
# new fields cost), and the base also reads the plain file.
#
# The default BASE, c70958c, is the lead's main just before issue 16 (the
# evidence model): both its branches (2338226, 877e842) start there.
set -euo pipefail

base=c70958c
runs=5
rels=1000000
ents=200000
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/build-compare
while [ $# -gt 0 ]; do
    case $1 in
    -b) base=$2; shift 2 ;;
    -n) runs=$2; shift 2 ;;
    -r) rels=$2; shift 2 ;;
    -e) ents=$2; shift 2 ;;
    -d) dir=$2; shift 2 ;;
    *) echo "usage: $0 [-b BASE] [-n RUNS] [-r RELATIONSHIPS] [-e ENTITIES] [-d DIR]" >&2; exit 2 ;;
    esac
done
jobs=${JOBS:-2}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

build() { # SRC BUILD TARGETS...
    local src=$1 out=$2
    shift 2
    cmake -S "$src" -B "$out" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DERG_BENCH=ON >/dev/null
    cmake --build "$out" -j"$jobs" --target "$@" >/dev/null
}

rev=$(git -C "$top" rev-parse --verify "$base^{commit}")
if [ ! -f "$dir/base-src/.rev" ] || [ "$(cat "$dir/base-src/.rev")" != "$rev" ]; then
    rm -rf "$dir/base-src" "$dir/base"
    mkdir -p "$dir/base-src"
    git -C "$top" archive "$rev" | tar -x -C "$dir/base-src"
    echo "$rev" >"$dir/base-src/.rev"
fi
echo "building the base ($(git -C "$top" log -1 --format='%h %s' "$rev" | cut -c1-60)...)" >&2
build "$dir/base-src" "$dir/base" ergraph_cli
echo "building this tree ($(git -C "$top" log -1 --format=%h HEAD)$(git -C "$top" diff --quiet HEAD || echo ' + changes'))" >&2
build "$top" "$dir/new" ergraph_cli ergraph-gen
old_cli=$dir/base/ergraph
new_cli=$dir/new/ergraph
gen=$dir/new/tests/bench/ergraph-gen

plain=$dir/plain-$rels.json
evid=$dir/evidence-$rels.json
[ -s "$plain" ] || "$gen" -e "$ents" -r "$rels" -o "$plain"
[ -s "$evid" ] || "$gen" -e "$ents" -r "$rels" --evidence -o "$evid"

# One timed run: appends "wall cpu maxrss_kb" to the file LOG.
timed() { # LOG CLI FILE
    local t
    t=$(mktemp)
    if ! /usr/bin/time -f '%e %U %S %M' -o "$t" "$2" validate "$3" >/dev/null 2>"$t.err"; then
        echo "$2 validate $3 failed:" >&2
        head -5 "$t.err" >&2
        rm -f "$t" "$t.err"
        exit 1
    fi
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$t" >>"$1"
    rm -f "$t" "$t.err"
}

logs=$dir/logs
rm -rf "$logs"
mkdir -p "$logs"
# Warm-up (page cache), not counted.
timed /dev/null "$old_cli" "$plain"
timed /dev/null "$new_cli" "$plain"
timed /dev/null "$new_cli" "$evid"
for ((i = 0; i < runs; i++)); do
    echo "round $((i + 1))/$runs" >&2
    if ((i % 2 == 0)); then
        timed "$logs/base-plain" "$old_cli" "$plain"
        timed "$logs/new-plain" "$new_cli" "$plain"
        timed "$logs/new-evidence" "$new_cli" "$evid"
    else
        timed "$logs/new-evidence" "$new_cli" "$evid"
        timed "$logs/new-plain" "$new_cli" "$plain"
        timed "$logs/base-plain" "$old_cli" "$plain"
    fi
done

median() { # LOG COLUMN
    cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf '%s relationships, %s entities; plain file %d MB, --evidence file %d MB; median of %s runs\n' \
    "$rels" "$ents" $(($(stat -c %s "$plain") / 1000000)) $(($(stat -c %s "$evid") / 1000000)) "$runs"
printf '%-34s %9s %7s %9s %7s %9s %7s\n' "ergraph validate" "wall (s)" "x base" "cpu (s)" "x base" "peak (MB)" "x base"
bw=$(median "$logs/base-plain" 1)
bc=$(median "$logs/base-plain" 2)
bm=$(median "$logs/base-plain" 3)
for run in base-plain new-plain new-evidence; do
    w=$(median "$logs/$run" 1)
    c=$(median "$logs/$run" 2)
    m=$(median "$logs/$run" 3)
    case $run in
    base-plain) name="base $(git -C "$top" rev-parse --short "$rev"), plain file" ;;
    new-plain) name="this tree, plain file" ;;
    new-evidence) name="this tree, --evidence file" ;;
    esac
    awk -v n="$name" -v w="$w" -v c="$c" -v m="$m" -v bw="$bw" -v bc="$bc" -v bm="$bm" \
        'BEGIN { printf "%-34s %9.2f %6.3fx %9.2f %6.3fx %9.0f %6.3fx\n", n, w, w / bw, c, c / bc, m / 1024, m / bm }'
done
echo "each run (wall s, cpu s, peak kB) in $logs/" >&2
