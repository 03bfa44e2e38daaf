#!/bin/bash
# Builds opentokd with warnings as errors and runs the whole test suite (unit, then bus).
# Usage: tests/run.sh [BUILD_DIR]   (default: build)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" -Dwerror=true
fi
ninja -C "$build"
meson test -C "$build" --print-errorlogs --num-processes 2
