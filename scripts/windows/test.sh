#!/usr/bin/env bash
# Cross-builds PoolScope for 64-bit Windows, runs its Windows suites under Wine and makes the
# installer; ctest's summary is the last thing printed.
#
#   POOLSCOPE_MINGW_PREFIX=PREFIX scripts/windows/test.sh
#
# PREFIX is what scripts/windows/toolchain.sh builds (or a prebuilt copy of it). Without
# POOLSCOPE_MINGW_PREFIX the first complete one of ../shared/toolchains/mingw-w64 (next to the
# checkout, as CI provides it) and ~/.cache/poolscope/mingw-w64 is used. Uses the windows-mingw
# preset: build/windows-mingw, where package_nsis leaves PoolScope-<version>-win64.exe (installer),
# PoolScope-<version>-win64.zip (portable) and windows-screenshot.png (the installed app under Wine).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=scripts/windows/prefix.sh
source scripts/windows/prefix.sh
if ! POOLSCOPE_MINGW_PREFIX=$(find_mingw_prefix); then
  echo "no Windows toolchain prefix found (looked in: ${POOLSCOPE_MINGW_PREFIX:-} $(mingw_prefix_candidates)):" \
       "run scripts/windows/toolchain.sh first" >&2
  exit 2
fi
export POOLSCOPE_MINGW_PREFIX
echo "[windows] toolchain prefix: $POOLSCOPE_MINGW_PREFIX"
scripts/windows/host-packages.sh
export WINEDEBUG=-all
# One Wine prefix per user, set up once (about 20 s); the suites start faster with it ready.
if [[ ! -d ${WINEPREFIX:-$HOME/.wine}/drive_c ]]; then
  wineboot --init > /dev/null 2>&1 || true
fi
cmake --preset windows-mingw > /dev/null
cmake --build --preset windows-mingw
log=build/windows-mingw/ctest-output.log
status=0
ctest --preset windows-mingw 2>&1 | tee "$log" || status=$?
if ((status != 0)) && grep -q 'Exception address:' "$log"; then
  # A crash under Wine: say in which module (the test's own report has bare addresses), then
  # repeat ctest's closing lines so they stay the last thing printed.
  echo "[windows] crash locations:"
  scripts/windows/crash-modules.sh "$log" build/windows-mingw "$POOLSCOPE_MINGW_PREFIX/bin" \
    /usr/lib/gcc/x86_64-w64-mingw32 /usr/x86_64-w64-mingw32/lib || true
  sed -n '/tests passed, /,$p' "$log"
fi
exit "$status"
