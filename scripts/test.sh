#!/usr/bin/env bash
# Installs what is missing, then builds and runs every test suite. CI runs exactly this.
#   1. ThreadSanitizer: the engine, lab and service suites                 (preset tsan)
#   2. libFuzzer: every parser of outside input, 60 s each                   (preset fuzz)
#   3. AddressSanitizer + UndefinedBehaviorSanitizer, warnings as errors:
#      every suite — engine, lab, service, ui, package, bench smoke run      (preset asan)
# Step 3 comes last, so the last thing printed is ctest's summary. Soak tests (label "soak") are
# not part of this run; they need a build without sanitizers (see docs/SOAK.md).
set -euo pipefail
cd "$(dirname "$0")/.."

POOLSCOPE_DEPS_EXTRA=1 ./scripts/install-deps.sh

step() { printf '\n=== %s\n' "$*"; }

step "ThreadSanitizer build (engine, lab, service)"
cmake --preset tsan >/dev/null
cmake --build --preset tsan
ctest --preset tsan

step "libFuzzer targets"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
ctest --preset fuzz

step "AddressSanitizer + UndefinedBehaviorSanitizer build (everything)"
cmake --preset asan >/dev/null
cmake --build --preset asan
exec ctest --preset asan
