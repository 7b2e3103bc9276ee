#!/usr/bin/env bash
# Installs what PoolScope needs to build, run and test on Debian 12 / Ubuntu 24.04.
# Idempotent: packages already present are skipped; apt-get runs only when something is missing.
# Runs as root, or through sudo when available.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ccache
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev qt6-qpa-plugins libgl-dev
  libssl-dev openssl libc-ares-dev
  libcurl4-openssl-dev curl
  xvfb xauth
  dpkg-dev file lintian desktop-file-utils appstream librsvg2-bin
)
# Extra tools for the sanitizer/fuzz presets; harmless when unused.
if [[ "${POOLSCOPE_DEPS_EXTRA:-}" == 1 ]]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
