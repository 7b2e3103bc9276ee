#!/bin/sh
# Instructions per UI-diff apply, counted by callgrind (deterministic where wall-clock times on a
# loaded machine are not). Usage: bench/uicount.sh BUILD_DIR [applies]
#   e.g. cmake --preset release && cmake --build --preset release --target poolscope-uicount
#        bench/uicount.sh build/release
# Prints, per apply of a 10,000-row snapshot with 1,000 rows changed: the model alone, the model
# with the app's sorting proxy sorted by state, their difference (the proxy's share), and the
# pure diff (diffSnapshot) alone.
set -eu
build=${1:?usage: uicount.sh BUILD_DIR [applies]}
applies=${2:-20}
binary="$build/bench/poolscope-uicount"
[ -x "$binary" ] || { echo "uicount.sh: $binary not built (target poolscope-uicount)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "uicount.sh: valgrind is not installed" >&2; exit 2; }
out=$(mktemp "${TMPDIR:-/tmp}/uicount.XXXXXX")
trap 'rm -f "$out"' EXIT
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} \
    valgrind --tool=callgrind --callgrind-out-file="$out" "$binary" "$applies" >/dev/null 2>&1 ||
    { echo "uicount.sh: the harness failed (run $binary $applies)" >&2; exit 1; }
callgrind_annotate --inclusive=yes --threshold=100 "$out" | awk -v n="$applies" '
    function per(name) { if (!(name in ir)) { print "uicount.sh: no count for " name > "/dev/stderr"; exit 1 } return ir[name] / n }
    /poolscope::bench::count(Plain|Sorted)Applies\(|poolscope::bench::countDiffs\(/ {
        value = $1; gsub(",", "", value)
        match($0, /count(PlainApplies|SortedApplies|Diffs)/)
        ir[substr($0, RSTART, RLENGTH)] = value
    }
    END {
        plain = per("countPlainApplies"); sorted = per("countSortedApplies"); diff = per("countDiffs")
        printf "instructions per apply (10,000 rows, 1,000 changed; %d applies)\n", n
        printf "  model alone:                 %12.0f\n", plain
        printf "  with the proxy, by state:    %12.0f\n", sorted
        printf "  the proxy share (difference):%12.0f\n", sorted - plain
        printf "  pure diff (diffSnapshot):    %12.0f\n", diff
    }'
