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
status=0
meson test -C "$build" --print-errorlogs --num-processes 2 || status=$?
# one plain closing line, counted from meson's own log
log="$build/meson-logs/testlog.json"
if [ -f "$log" ]; then
  passed=$(grep -c '"result": "OK"' "$log" || true)
  failed=$(grep -c -E '"result": "(FAIL|ERROR|TIMEOUT|UNEXPECTEDPASS)"' "$log" || true)
  skipped=$(grep -c '"result": "SKIP"' "$log" || true)
  echo "$passed passed, $failed failed, $skipped skipped"
fi
exit "$status"
