#!/usr/bin/env bash
# Installs the Debian packages a Windows cross build needs on the build machine, whatever the
# state of the toolchain prefix: the cross compiler, Wine (runs the suites and the installer), NSIS
# (makes the installer), icoutils (the .ico), the host Qt tools of the target's version (moc, rcc,
# uic, lrelease), rsvg-convert (icons). Needs root (or sudo) when something is missing.
set -euo pipefail
need=(mingw-w64 g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix wine wine64 nsis icoutils
      dpkg-dev cmake ninja-build perl zstd qt6-base-dev qt6-base-dev-tools qt6-l10n-tools
      librsvg2-bin zip ${POOLSCOPE_WINDOWS_EXTRA_PACKAGES:-})
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
SUDO=()
[[ $(id -u) -eq 0 ]] || SUDO=(sudo)
echo "[windows] installing ${missing[*]}"
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
