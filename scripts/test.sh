#!/usr/bin/env bash
# Installs what is missing, then builds and runs every test suite. CI runs exactly this.
#   1. ThreadSanitizer: the engine, lab and service suites                 (preset tsan)
#   2. libFuzzer: every parser of outside input, 30 s each                   (preset fuzz)
#   3. Windows, when a mingw-w64 toolchain prefix is found (scripts/windows/prefix.sh says where it
#      looks; scripts/windows/toolchain.sh builds one): cross-built, the Windows suites and the
#      installer test under Wine                                             (preset windows-mingw)
#   4. AddressSanitizer + UndefinedBehaviorSanitizer, warnings as errors:
#      every suite — engine, lab, service, ui, package, bench smoke run      (preset asan)
# Every stage runs even when an earlier one failed, so one failure never hides another. At the end
# comes one line per stage, then the last stage's ctest summary, so the last line is ctest's; the
# exit code is non-zero if any stage failed. Soak tests (label "soak") are not part of this run;
# they need a build without sanitizers (see docs/SOAK.md).
set -uo pipefail
cd "$(dirname "$0")/.."

POOLSCOPE_DEPS_EXTRA=1 ./scripts/install-deps.sh || exit 1

results=()
failed=0
last_log=

step() { printf '\n=== %s\n' "$*"; }

# run_stage NAME PRESET: configure, build and test one preset; records one line in `results`.
run_stage() {
  local name=$1 preset=$2 log started=$SECONDS
  step "$name (preset $preset)"
  if ! cmake --preset "$preset" >/dev/null; then
    results+=("$name: configure FAILED"); failed=1; return
  fi
  if ! cmake --build --preset "$preset"; then
    results+=("$name: build FAILED"); failed=1; return
  fi
  log=build/$preset/ctest-summary.log
  ctest --preset "$preset" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local summary
  summary=$(grep -E '^[0-9]+% tests passed' "$log" | tail -n 1)
  [[ -n $summary ]] || summary="ctest printed no summary"
  if ((rc == 0)); then
    results+=("$name: passed — $summary ($((SECONDS - started)) s)")
  else
    results+=("$name: FAILED — $summary ($((SECONDS - started)) s)")
    failed=1
    if [[ $preset == windows-mingw ]] && grep -q 'Exception address:' "$log"; then
      # Wine crash reports carry bare addresses: name the module and the nearest export.
      local where
      while IFS= read -r where; do results+=("  crash at $where"); done < <(
        scripts/windows/crash-modules.sh "$log" "build/$preset" "$POOLSCOPE_MINGW_PREFIX/bin" \
          /usr/lib/gcc/x86_64-w64-mingw32 /usr/x86_64-w64-mingw32/lib || true)
    fi
  fi
  last_log=$log
}

run_stage "ThreadSanitizer (engine, lab, service)" tsan
run_stage "libFuzzer targets" fuzz
source scripts/windows/prefix.sh
if POOLSCOPE_MINGW_PREFIX=$(find_mingw_prefix); then
  export POOLSCOPE_MINGW_PREFIX WINEDEBUG=-all
  if scripts/windows/host-packages.sh; then
    run_stage "Windows, cross-built, under Wine (prefix $POOLSCOPE_MINGW_PREFIX)" windows-mingw
  else
    results+=("Windows: FAILED — the cross-build packages did not install"); failed=1
  fi
else
  results+=("Windows: skipped — no toolchain prefix in ${POOLSCOPE_MINGW_PREFIX:-$(mingw_prefix_candidates)}")
fi
run_stage "AddressSanitizer + UndefinedBehaviorSanitizer (everything)" asan

step "results"
printf '%s\n' "${results[@]}"
if [[ -n $last_log ]]; then
  # ctest's own closing lines, as it printed them for the last stage that ran.
  echo
  grep -E '^Total Test time' "$last_log" | tail -n 1
  grep -E '^[0-9]+% tests passed' "$last_log" | tail -n 1
fi
exit "$failed"
