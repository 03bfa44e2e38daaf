#!/bin/bash
# Builds the Debian packages (Debian 12) and checks them; exits non-zero on any problem.
#
#   1. copies the source tree (what git tracks, plus new files it does not ignore) into a
#      scratch directory with packaging/debian/ as debian/, and runs
#      dpkg-buildpackage -us -uc -b there (with nocheck unless CHECK=1 is set: CI runs the
#      tests on their own);
#   2. lintian on the .changes: no error and no warning;
#   3. extracts every package into one tree (dpkg-deb -x) and checks that each file is where
#      systemd, dbus-daemon, man, bash-completion and pkg-config look for it, that the unit,
#      the bus policy, the activation file and sysusers.d agree, and that the programs run;
#   4. systemd-analyze verify --root=<tree> on the unit: no output at all.
#
# Usage: packaging/build-deb.sh OUTDIR
# OUTDIR receives the .deb, .changes and .buildinfo files, lintian.txt and contents.txt.
# Needs: dpkg-dev, debhelper, lintian, the Build-Depends of packaging/debian/control, systemd.
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
step() { echo "== $*"; }

# the package version must be the project's: the man pages and --version print the latter
version=$(dpkg-parsechangelog -l "$top/packaging/debian/changelog" -S Version)
project_version=$(sed -n "s/^  version: '\([^']*\)',\$/\1/p" "$top/meson.build" | head -n1)
if [ "${version%%-*}" != "$project_version" ]; then
	echo "FAIL: packaging/debian/changelog has $version, meson.build $project_version" >&2
	exit 1
fi

step "copying the source tree"
src=$work/opentokd-$project_version
mkdir "$src"
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# tracked and new files, not what .gitignore names (build directories); a tracked file
	# deleted in the work tree is left out
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done |
		tar --null -T - -cf -) | tar -C "$src" -xf -
else
	tar -C "$top" --exclude=./.git --exclude='./build*' --exclude='./obj-*' -cf - . |
		tar -C "$src" -xf -
fi
rm -rf "$src/debian"
cp -a "$top/packaging/debian" "$src/debian"

step "dpkg-buildpackage -us -uc -b"
options="${DEB_BUILD_OPTIONS:-} parallel=$(nproc)"
profiles=${DEB_BUILD_PROFILES:-}
if [ "${CHECK:-0}" != 1 ]; then
	# the option skips the tests, the profile their Build-Depends
	options="$options nocheck"
	profiles="$profiles nocheck"
fi
start=$(date +%s)
# no empty words: dpkg warns about each
read -r -a words <<<"$options"
options=${words[*]}
read -r -a words <<<"$profiles"
profiles=${words[*]-}
if ! (cd "$src" && DEB_BUILD_OPTIONS=$options DEB_BUILD_PROFILES=$profiles \
	dpkg-buildpackage -us -uc -b) \
	>"$out/build.log" 2>&1; then
	# the compiler lines of a verbose build are long: the end of each line is enough
	tail -n 40 "$out/build.log" | cut -c1-400 >&2
	echo "FAIL: dpkg-buildpackage (the whole log is $out/build.log)" >&2
	exit 1
fi
echo "built in $(($(date +%s) - start)) s"
changes=$(ls "$work"/opentokd_*.changes)
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
mv "$work"/*.deb "$work"/*.buildinfo "$changes" "$out/"
changes=$out/$(basename "$changes")

step "lintian"
# every tag is shown, informational and overridden (O:) ones included; an error (E:) or a
# warning (W:) fails the build (--fail-on would count the overridden ones too)
lintian --display-info --show-overrides --fail-on none "$changes" >"$out/lintian.txt" 2>&1 ||
	fail "lintian did not run"
cat "$out/lintian.txt"
if grep -qE '^[EW]: ' "$out/lintian.txt"; then
	fail "lintian reports errors or warnings"
fi

step "contents"
root=$work/root
mkdir "$root"
: >"$out/contents.txt"
for deb in "$out"/*.deb; do
	echo "# $(basename "$deb")" >>"$out/contents.txt"
	dpkg-deb -c "$deb" | awk '{ print $1, $6, $7, $8 }' >>"$out/contents.txt"
	dpkg-deb -x "$deb" "$root"
done
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
pkgdir=usr/lib/$triplet/opentokd
# [package, path] where the systemd, D-Bus, man, completion and pkg-config tools look
expected="opentokd usr/sbin/opentokd
opentokd lib/systemd/system/opentokd.service
opentokd usr/lib/sysusers.d/opentokd.conf
opentokd usr/lib/tmpfiles.d/opentokd.conf
opentokd etc/opentokd/opentokd.conf
opentokd usr/share/dbus-1/system.d/org.opentokd.OpenTok1.conf
opentokd usr/share/dbus-1/system-services/org.opentokd.OpenTok1.service
opentokd usr/share/dbus-1/interfaces/org.opentokd.OpenTok1.xml
opentokd usr/share/dbus-1/interfaces/org.opentokd.OpenTok1.Archives.xml
opentokd $pkgdir/libotd-plugin.so
opentokd usr/share/man/man8/opentokd.8.gz
opentokd usr/share/man/man5/opentokd.conf.5.gz
opentokd usr/share/doc/opentokd/dbus-api.html
opentokd usr/share/doc/opentokd/copyright
libopentokd-client0 usr/lib/$triplet/libopentokd-client.so.0
libopentokd-client-dev usr/lib/$triplet/libopentokd-client.so
libopentokd-client-dev usr/lib/$triplet/pkgconfig/opentokd-client.pc
libopentokd-client-dev usr/include/opentokd-1/otk-client.h
opentokctl usr/bin/opentokctl
opentokctl usr/share/man/man1/opentokctl.1.gz
opentokctl usr/share/bash-completion/completions/opentokctl
opentok-emulator usr/bin/opentok-emulator
opentok-emulator usr/share/man/man1/opentok-emulator.1.gz"
for plugin in archives audio-connector broadcasts captions connections renders signals sip streams; do
	expected+=$'\n'"opentokd $pkgdir/plugins/$plugin.so"
done
while read -r package path; do
	deb=$(ls "$out/${package}_"*.deb)
	if ! dpkg-deb -c "$deb" | awk '{ print $6 }' | grep -qx "\./$path"; then
		fail "$package does not ship /$path"
	fi
done <<<"$expected"
# the shipped configuration is a conffile; the maintainer scripts create the user and the
# directories, and register the unit
dpkg-deb -e "$(ls "$out"/opentokd_*.deb)" "$work/control"
grep -qx /etc/opentokd/opentokd.conf "$work/control/conffiles" 2>/dev/null ||
	fail "/etc/opentokd/opentokd.conf is not a conffile"
for what in systemd-sysusers systemd-tmpfiles deb-systemd-helper; do
	grep -q "$what" "$work/control/postinst" || fail "opentokd's postinst does not run $what"
done

step "the unit, the bus files and sysusers.d agree"
unit=$root/lib/systemd/system/opentokd.service
activation=$root/usr/share/dbus-1/system-services/org.opentokd.OpenTok1.service
policy=$root/usr/share/dbus-1/system.d/org.opentokd.OpenTok1.conf
# (a file missing was reported above; what can still be compared is)
exec_start=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit" 2>/dev/null || true)
if [ -z "$exec_start" ] || [ ! -x "$root$exec_start" ]; then
	fail "ExecStart=$exec_start is not in the packages"
fi
grep -qsx 'BusName=org.opentokd.OpenTok1' "$unit" || fail "the unit has no BusName=org.opentokd.OpenTok1"
grep -qsx 'Name=org.opentokd.OpenTok1' "$activation" || fail "the activation file names another bus name"
grep -qsx 'SystemdService=opentokd.service' "$activation" || fail "the activation file names another unit"
user=$(sed -n 's/^User=//p' "$unit" 2>/dev/null || true)
if [ -z "$user" ] || ! grep -qs "<policy user=\"$user\">" "$policy"; then
	fail "the bus policy has no rule for the unit's User=$user"
fi
systemd-sysusers --root="$root" >/dev/null 2>&1 || fail "systemd-sysusers --root failed"
grep -q "^$user:" "$root/etc/passwd" 2>/dev/null || fail "sysusers.d does not create the user $user"
systemd-tmpfiles --root="$root" --create opentokd.conf >/dev/null 2>&1 ||
	fail "systemd-tmpfiles --root --create opentokd.conf failed"
[ -d "$root/etc/opentokd/opentokd.conf.d" ] || fail "tmpfiles.d does not create /etc/opentokd/opentokd.conf.d"

step "the programs run from the packages"
export LD_LIBRARY_PATH=$root/usr/lib/$triplet:$root/$pkgdir
for program in usr/sbin/opentokd usr/bin/opentokctl usr/bin/opentok-emulator; do
	got=$("$root/$program" --version 2>&1) || true
	[ "$got" = "$(basename "$program") $project_version" ] ||
		fail "/$program --version says '$got'"
done
# the default configuration and plugin directory are the installed ones
help=$("$root/usr/sbin/opentokd" --help 2>&1) || true
[[ $help == *'(default /etc/opentokd/opentokd.conf)'* ]] ||
	fail "opentokd's default configuration is not /etc/opentokd/opentokd.conf"
grep -qa "/$pkgdir/plugins" "$root/$pkgdir/libotd-plugin.so" "$root/usr/sbin/opentokd" ||
	fail "opentokd does not look for plugins in /$pkgdir/plugins"
# a program of one's own against the -dev package: headers, pkg-config file, library
cat >"$work/client.c" <<'EOF'
#include <otk-client.h>
#include <stdio.h>

int
main(void)
{
	OtkCallError *error = NULL;
	OtkClient *client = otk_client_new_address("unix:path=/nonexistent/bus", &error);

	if (client != NULL || error == NULL)
		return 1;
	printf("%s\n", otk_call_error_get_short_name(error));
	otk_call_error_free(error);
	return 0;
}
EOF
export PKG_CONFIG_SYSROOT_DIR=$root
export PKG_CONFIG_LIBDIR=$root/usr/lib/$triplet/pkgconfig:/usr/lib/$triplet/pkgconfig:/usr/share/pkgconfig
flags=$(pkg-config --cflags --libs opentokd-client) || fail "pkg-config finds no opentokd-client"
read -r -a flags <<<"$flags"
if ! gcc -Wall -Werror -o "$work/client" "$work/client.c" "${flags[@]}" ||
	! "$work/client" >/dev/null; then
	fail "a client program does not build or run against libopentokd-client-dev"
fi
unset PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR LD_LIBRARY_PATH

step "systemd-analyze verify --root"
# the tree is the packages on a Debian 12 system with systemd: add the files of the host's
# systemd and D-Bus packages (opentokd depends on them), which verify looks for there: the
# units the service needs (dbus.socket, sysinit.target) and the busctl of ExecReload=
for package in systemd dbus dbus-daemon dbus-system-bus-common; do
	dpkg -L "$package" 2>/dev/null || true
done | while IFS= read -r f; do
	if [ ! -d "$f" ] && { [ -f "$f" ] || [ -L "$f" ]; }; then printf '%s\n' "${f#/}"; fi
done | tar -C / --no-recursion -T - -cf - | tar -C "$root" --skip-old-files -xf -
if ! verify=$(systemd-analyze verify --root="$root" opentokd.service 2>&1) || [ -n "$verify" ]; then
	fail "systemd-analyze verify --root: ${verify:-exit status non-zero}"
else
	echo "systemd-analyze verify --root=<tree> opentokd.service: clean"
fi

echo
echo "packages in $out:"
ls -l "$out"/*.deb
if [ "$failures" -gt 0 ]; then
	echo "$failures problems" >&2
	exit 1
fi
echo "all checks passed"
