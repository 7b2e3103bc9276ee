#!/usr/bin/env bash
# Builds what PoolScope needs to cross-compile for 64-bit Windows, from Debian's own source packages:
# OpenSSL 3 (shared, so the engine and Qt's TLS backend use one copy), c-ares (static) and Qt 6 qtbase
# (Core, Gui, Widgets, Network, Concurrent, Test and the platform, style, image-format and TLS plugins).
#
#   scripts/windows/toolchain.sh [PREFIX]      default: ~/.cache/poolscope/mingw-w64
#
# Idempotent: each part is built once (a stamp under PREFIX/.stamps records it) and a second run with
# the prefix complete does nothing. The first run takes about two hours on two cores; run it in the
# background. Sources and build trees go to POOLSCOPE_MINGW_WORK (default: PREFIX-work), which can be
# deleted afterwards. Needs root (or sudo) for apt-get.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=${1:-${POOLSCOPE_MINGW_PREFIX:-$HOME/.cache/poolscope/mingw-w64}}
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
work=${POOLSCOPE_MINGW_WORK:-$prefix-work}
jobs=${POOLSCOPE_JOBS:-$(nproc)}
stamps=$prefix/.stamps
triple=x86_64-w64-mingw32

log() { printf '[toolchain %(%H:%M:%S)T] %s\n' -1 "$*"; }

if [[ -f $stamps/complete ]]; then
  log "prefix $prefix is complete; nothing to do"
  exit 0
fi
mkdir -p "$stamps" "$work"

SUDO=()
[[ $(id -u) -eq 0 ]] || SUDO=(sudo)

# --- Debian packages: the cross compiler, Wine, NSIS, host Qt tools (moc, rcc, uic of the same version)
"$here/host-packages.sh"

# apt-get source needs a deb-src entry for the same archive the machine installs from.
src_list=/etc/apt/sources.list.d/poolscope-deb-src.sources
added_src=0
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | "${SUDO[@]}" tee "$src_list" >/dev/null
  elif [[ -f /etc/apt/sources.list.d/ubuntu.sources ]]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/ubuntu.sources | "${SUDO[@]}" tee "$src_list" >/dev/null
  else
    grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | "${SUDO[@]}" tee "${src_list%.sources}.list" >/dev/null
  fi
  added_src=1
fi
if ((added_src)); then
  log "apt-get update"
  "${SUDO[@]}" apt-get update -qq
fi

# Unpacks Debian's source package $1 into $work/src-$1 (once) and sets $src to its source directory.
# The archive may list a version whose files are gone (a security update superseded on the mirror), so
# every listed version is tried, newest first.
fetch_source() {
  local pkg=$1 dir=$work/src-$1 v
  if [[ ! -f $dir/.unpacked ]]; then
    local ok=0
    for v in $(apt-cache showsrc "$pkg" | awk '/^Version:/ {print $2}' | sort -rV | uniq); do
      rm -rf "$dir"
      mkdir -p "$dir"
      if (cd "$dir" && apt-get source -qq "$pkg=$v" >"$dir.log" 2>&1); then ok=1; break; fi
      log "source $pkg $v not fetchable; trying an older one"
    done
    ((ok)) || { echo "toolchain: no source of $pkg could be fetched (see $dir.log)" >&2; exit 1; }
    touch "$dir/.unpacked"
  fi
  src=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [[ -n $src ]] || { echo "toolchain: $pkg unpacked to nothing" >&2; exit 1; }
}

toolchain_file=$root/cmake/toolchains/mingw-w64.cmake
export POOLSCOPE_MINGW_PREFIX=$prefix

# --- OpenSSL 3: shared, so one copy serves the engine and Qt's TLS plugin
if [[ ! -f $stamps/openssl ]]; then
  fetch_source openssl
  log "building OpenSSL from $(basename "$src") (about 25 minutes)"
  b=$work/build-openssl
  rm -rf "$b"
  cp -a "$src" "$b"
  (
    cd "$b"
    CC=gcc-posix CXX=g++-posix ./Configure mingw64 --cross-compile-prefix=$triple- \
      --prefix="$prefix" --libdir=lib shared no-tests >/dev/null
    make -s -j"$jobs" build_libs >"$work/openssl.log" 2>&1
    make -s install_dev install_runtime_libs >>"$work/openssl.log" 2>&1
  )
  touch "$stamps/openssl"
fi

# --- c-ares: static (its pkg-config file then adds -DCARES_STATICLIB for users). 1.18.1 uses the
# Unix-only INADDRSZ in inet_net_pton.c; on Windows it is NS_INADDRSZ's value, 4.
if [[ ! -f $stamps/c-ares ]]; then
  fetch_source c-ares
  log "building c-ares from $(basename "$src")"
  b=$work/build-c-ares
  rm -rf "$b"
  cmake -S "$src" -B "$b" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain_file" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_C_FLAGS="-DINADDRSZ=4" \
    -DCARES_STATIC=ON -DCARES_SHARED=OFF -DCARES_BUILD_TOOLS=OFF -DCARES_BUILD_TESTS=OFF >"$work/c-ares.log"
  cmake --build "$b" -j "$jobs" >>"$work/c-ares.log"
  cmake --install "$b" >>"$work/c-ares.log"
  touch "$stamps/c-ares"
fi

# --- Qt 6 qtbase, the same version as the host's moc/rcc/uic
if [[ ! -f $stamps/qtbase ]]; then
  fetch_source qt6-base
  log "building Qt from $(basename "$src") (about 1 h 45 min on two cores)"
  b=$work/build-qtbase
  mkdir -p "$b"
  if [[ ! -f $b/build.ninja ]]; then
    # Debian's tarball drops src/3rdparty/wintab, hence no tablet events. OpenGL, D-Bus, SQL and
    # print support are not used by PoolScope.
    (cd "$b" && "$src/configure" -prefix "$prefix" -release -xplatform win32-g++ -qt-host-path /usr \
      -nomake examples -nomake tests -no-opengl -no-dbus -no-icu -no-feature-tabletevent \
      -no-feature-sql -no-feature-printsupport -openssl-linked \
      -qt-zlib -qt-libpng -qt-libjpeg -qt-pcre -qt-harfbuzz -qt-freetype \
      -- -DCMAKE_TOOLCHAIN_FILE="$toolchain_file" \
      -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
      -DOPENSSL_ROOT_DIR="$prefix" >"$work/qtbase-configure.log" 2>&1) || {
        tail -n 60 "$work/qtbase-configure.log" >&2
        exit 1
      }
  fi
  cmake --build "$b" -j "$jobs" >"$work/qtbase-build.log" 2>&1 || { tail -n 60 "$work/qtbase-build.log" >&2; exit 1; }
  cmake --install "$b" >"$work/qtbase-install.log" 2>&1
  touch "$stamps/qtbase"
fi

# Stripped DLLs are about a third smaller and load faster under Wine.
find "$prefix" -name '*.dll' -exec $triple-strip --strip-unneeded {} + 2>/dev/null || true
touch "$stamps/complete"
log "done: $prefix"
