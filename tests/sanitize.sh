#!/bin/bash
# Sanitizer job (STYLE §8, reliability goal M1): builds with ASan+UBSan and runs the unit, fuzz
# and bus suites. The bus tests' daemon and emulator children inherit the environment, so a
# leak or UB in them changes their exit status and the bus test's stop check fails.
# Usage: tests/sanitize.sh [BUILD_DIR] [extra `meson test` arguments]   (default: build-sanitize)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-sanitize}
shift || true
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$top" -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C "$build"
# the system libraries have no frame pointers: without the slow unwinder leak stacks stop at
# g_malloc and no suppression can match them
export ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# GLib < 2.76 keeps its slice allocator unless told otherwise, which hides leaks from LSan
export G_SLICE=always-malloc
# the bus tests' functional time bounds and start-up waits, stretched for the slower build
export OTD_TEST_TIME_FACTOR=${OTD_TEST_TIME_FACTOR:-3}
status=0
meson test -C "$build" --print-errorlogs --num-processes 2 --suite unit --suite fuzz --suite bus \
  --timeout-multiplier 3 "$@" || status=$?
log="$build/meson-logs/testlog.json"
if [ -f "$log" ]; then
  passed=$(grep -c '"result": "OK"' "$log" || true)
  failed=$(grep -c -E '"result": "(FAIL|ERROR|TIMEOUT|UNEXPECTEDPASS)"' "$log" || true)
  skipped=$(grep -c '"result": "SKIP"' "$log" || true)
  echo "sanitize: $passed passed, $failed failed, $skipped skipped"
fi
exit "$status"
