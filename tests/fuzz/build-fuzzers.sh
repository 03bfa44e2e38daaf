#!/bin/sh
# Builds the libFuzzer binaries with clang-14 under ASan+UBSan in BUILD_DIR and, when SECONDS
# is given, fuzzes each target for that long, starting from a copy of the committed corpus.
#   tests/fuzz/build-fuzzers.sh BUILD_DIR [SECONDS] [TARGET…]
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 BUILD_DIR [SECONDS] [TARGET...]" >&2
	exit 2
fi
build=$(realpath -m "$1")
seconds=${2:-}
[ $# -ge 2 ] && shift 2 || shift 1
src=$(cd "$(dirname "$0")/../.." && pwd)
targets=${*:-api-json options token config session-answer}

if [ ! -f "$build/build.ninja" ]; then
	# b_lundef=false: clang's sanitizer runtimes are not linked into shared objects
	CC=${CC:-clang-14} meson setup "$build" "$src" \
		-Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false
fi
names=
for t in $targets; do
	names="$names fuzz-$t-libfuzzer"
done
# shellcheck disable=SC2086
meson compile -C "$build" $names

[ -n "$seconds" ] || exit 0

export G_DEBUG=fatal-criticals
export G_SLICE=always-malloc
asan_options=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/fuzz/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
status=0
for t in $targets; do
	corpus="$build/fuzz-corpus/$t"
	artifacts="$build/fuzz-artifacts/$t"
	mkdir -p "$corpus" "$artifacts"
	cp -n "$src/tests/fuzz/$t"/* "$corpus"/ 2>/dev/null || true
	# json-glib leaks are suppressed by a frame the fast unwinder cannot reach through GLib
	# (no frame pointers): the JSON targets pay for the slow unwinder
	case $t in
	api-json | session-answer) ASAN_OPTIONS=$asan_options:fast_unwind_on_malloc=0 ;;
	*) ASAN_OPTIONS=$asan_options ;;
	esac
	export ASAN_OPTIONS
	echo "== $t: ${seconds}s"
	"$build/tests/fuzz/fuzz-$t-libfuzzer" -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
		-artifact_prefix="$artifacts/" "$corpus" 2>&1 | tee "$build/fuzz-$t.log" | tail -n 20 ||
		true
	if ls "$artifacts"/* >/dev/null 2>&1; then
		echo "!! $t: findings in $artifacts" >&2
		status=1
	fi
done
exit $status
