#!/usr/bin/env bash
# Builds scripts/windows/toolchain-check against the prefix toolchain.sh filled and runs it under
# Wine. Usage: scripts/windows/check-toolchain.sh [PREFIX]   (default ~/.cache/poolscope/mingw-w64)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
prefix="${1:-$HOME/.cache/poolscope/mingw-w64}"
[ -d "$prefix/lib/cmake/Qt6" ] || { echo "no Qt for Windows in $prefix: run scripts/windows/toolchain.sh first" >&2; exit 2; }
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
POOLSCOPE_MINGW_PREFIX="$prefix" cmake -S "$here/toolchain-check" -B "$build" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/mingw-w64.cmake" -DCMAKE_BUILD_TYPE=Release \
  -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake > "$build/configure.log" \
  || { cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" > "$build/build.log" || { cat "$build/build.log" >&2; exit 1; }
# The DLLs: Qt and OpenSSL from the prefix, the C++ runtime from mingw-w64 (posix threads).
export WINEDEBUG=-all
gccdir="$(dirname "$(x86_64-w64-mingw32-g++-posix -print-libgcc-file-name)")"
export WINEPATH="$prefix/bin;$gccdir;/usr/x86_64-w64-mingw32/lib"
wine "$build/toolchain_check.exe"
