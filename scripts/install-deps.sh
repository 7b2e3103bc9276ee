#!/usr/bin/env bash
# Installs what PoolScope needs to build, run and test on Debian 12 / Ubuntu 24.04.
# Idempotent: packages already present are skipped; apt-get runs only when something is missing.
# Runs as root, or through sudo when available.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ccache
  qt6-base-dev qt6-base-dev-tools qt6-qpa-plugins qt6-l10n-tools libgl-dev libqt6opengl6-dev
  libssl-dev openssl libc-ares-dev
  libcurl4-openssl-dev curl
  xvfb xauth
  dpkg-dev file lintian desktop-file-utils appstream librsvg2-bin
)
# clang for the fuzz preset (libFuzzer), lld for the test presets' links (POOLSCOPE_LINKER) and
# doxygen for the API reference check (it needs the same LLVM libraries as clang); the test
# script asks for them, running the app does not.
if [[ "${POOLSCOPE_DEPS_EXTRA:-}" == 1 ]]; then
  packages+=(clang lld doxygen)
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    SUDO=(false)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# libFuzzer's runtime ships in libclang-rt-<major>-dev, matching whichever clang the distribution has
# (14 on Debian 12, 18 on Ubuntu 24.04).
install_fuzzer_runtime() {
  [[ "${POOLSCOPE_DEPS_EXTRA:-}" == 1 ]] && command -v clang >/dev/null 2>&1 || return 0
  local major rt
  major=$(clang -dumpversion | cut -d. -f1)
  rt="libclang-rt-${major}-dev"
  if ! dpkg-query -W -f='${Status}' "$rt" 2>/dev/null | grep -q "install ok installed"; then
    echo "install-deps: installing $rt"
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$rt"
  fi
}

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  install_fuzzer_runtime
  exit 0
fi
if [[ "${SUDO[*]}" == false ]]; then
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_fuzzer_runtime
