#!/usr/bin/env bash
# Installs what is missing, builds PoolScope with warnings as errors, and runs every test suite.
# The last thing it prints is ctest's summary. Soak tests (label "soak") are not part of this run:
# `ctest --preset ci -L soak` runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset ci
cmake --build --preset ci
# Serial on purpose: several suites measure cancellation and time-outs in milliseconds, and the
# lab servers share the machine's two cores with the clients.
exec ctest --preset ci --label-exclude soak
