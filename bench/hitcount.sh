#!/bin/sh
# Instructions per hit-path cycle, counted by callgrind (deterministic where wall-clock times on a
# loaded machine are not). Usage: bench/hitcount.sh BUILD_DIR [cycles]
#   e.g. cmake --preset release && cmake --build --preset release --target poolscope-hitcount
#        bench/hitcount.sh build/release
# Prints, per cycle: the pool's acquire + release (lease API, with its one liveness check), the
# engine's liveness check alone, their difference (the pool's own bookkeeping), and the naive
# mutex + hash-map pool without checks (its bookkeeping); and the pool's cycle when the dials take
# turns between two keys.
set -eu
build=${1:?usage: hitcount.sh BUILD_DIR [cycles]}
cycles=${2:-20000}
binary="$build/bench/poolscope-hitcount"
[ -x "$binary" ] || { echo "hitcount.sh: $binary not built (target poolscope-hitcount)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "hitcount.sh: valgrind is not installed" >&2; exit 2; }
out=$(mktemp "${TMPDIR:-/tmp}/hitcount.XXXXXX")
trap 'rm -f "$out"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out" "$binary" "$cycles" >/dev/null 2>&1 ||
    { echo "hitcount.sh: the harness failed (run $binary $cycles)" >&2; exit 1; }
callgrind_annotate --inclusive=yes --threshold=100 "$out" | awk -v n="$cycles" '
    function per(name) { if (!(name in ir)) { print "hitcount.sh: no count for " name > "/dev/stderr"; exit 1 } return ir[name] / n }
    /poolscope::bench::count(Pool|TwoKey|Check|Baseline)Cycles\(/ {
        value = $1; gsub(",", "", value)
        match($0, /count(Pool|TwoKey|Check|Baseline)Cycles/)
        ir[substr($0, RSTART, RLENGTH)] = value
    }
    END {
        pool = per("countPoolCycles"); twoKeys = per("countTwoKeyCycles"); check = per("countCheckCycles"); base = per("countBaselineCycles")
        printf "instructions per cycle (%d cycles)\n", n
        printf "  pool, acquire + release (one check): %7.0f\n", pool
        printf "  liveness check alone:                %7.0f\n", check
        printf "  pool bookkeeping (difference):       %7.0f\n", pool - check
        printf "  naive baseline, no check:            %7.0f\n", base
        printf "  pool, two keys taking turns:         %7.0f\n", twoKeys
    }'
