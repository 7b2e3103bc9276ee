#!/usr/bin/env bash
# Installs what is missing, builds PoolScope and starts the monitor on its embedded lab (demo mode).
# With no display it runs the demo offscreen, writes poolscope-screenshot.png and prints a summary.
# Extra arguments go to poolscope (see `poolscope --help`).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target poolscope

app=build/release/app/poolscope
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
  exec "$app" --demo "$@"
fi
echo "run: no display found; running the demo offscreen for a few seconds"
QT_QPA_PLATFORM=offscreen exec "$app" --demo --screenshot poolscope-screenshot.png --quit-after 5 "$@"
