#!/usr/bin/env bash
# Cross-builds PoolScope for 64-bit Windows and runs the suites ported so far under Wine; ctest's
# summary is the last thing printed.
#
#   POOLSCOPE_MINGW_PREFIX=PREFIX scripts/windows/test.sh     (default ~/.cache/poolscope/mingw-w64)
#
# PREFIX is what scripts/windows/toolchain.sh builds (or a prebuilt copy of it). Uses the
# windows-mingw preset: build/windows-mingw. What builds so far: the engine, the lab and the
# service; the UI, the app and the installer do not yet (see README, Platform).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export POOLSCOPE_MINGW_PREFIX=${POOLSCOPE_MINGW_PREFIX:-$HOME/.cache/poolscope/mingw-w64}
if [[ ! -d $POOLSCOPE_MINGW_PREFIX/lib/cmake/Qt6 ]]; then
  echo "no Windows toolchain in $POOLSCOPE_MINGW_PREFIX: run scripts/windows/toolchain.sh first" >&2
  exit 2
fi
wine=$(command -v wine || command -v wine64 || ls /usr/lib/wine/wine64 2>/dev/null || true)
if [[ -z $wine ]]; then
  echo "wine is not installed (Debian: apt-get install wine)" >&2
  exit 2
fi
export WINEDEBUG=-all
# One Wine prefix per user, set up once (about 20 s); the suites start faster with it ready.
if [[ ! -d ${WINEPREFIX:-$HOME/.wine}/drive_c ]]; then
  wineboot --init > /dev/null 2>&1 || true
fi
cd "$root"
cmake --preset windows-mingw > /dev/null
cmake --build --preset windows-mingw
ctest --preset windows-mingw
