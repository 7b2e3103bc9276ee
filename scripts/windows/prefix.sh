# Sourced by the scripts that need the mingw-w64 toolchain prefix (scripts/windows/toolchain.sh
# makes it). A prefix counts when Qt, OpenSSL and c-ares for the target are all in it.

mingw_prefix_candidates() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  echo "$root/../shared/toolchains/mingw-w64 $root/../shared/toolchains $HOME/.cache/poolscope/mingw-w64"
}

mingw_prefix_complete() {
  [[ -d $1/lib/cmake/Qt6 && -f $1/lib/libcares.a && -n $(compgen -G "$1/bin/libssl-3*.dll") ]]
}

# Prints the prefix to use: POOLSCOPE_MINGW_PREFIX if set (complete or not: the user chose it),
# else the first complete candidate. Fails when there is none.
find_mingw_prefix() {
  if [[ -n ${POOLSCOPE_MINGW_PREFIX:-} ]]; then
    mingw_prefix_complete "$POOLSCOPE_MINGW_PREFIX" && (cd "$POOLSCOPE_MINGW_PREFIX" && pwd)
    return
  fi
  local p
  for p in $(mingw_prefix_candidates); do
    if mingw_prefix_complete "$p"; then
      (cd "$p" && pwd)
      return 0
    fi
  done
  return 1
}
