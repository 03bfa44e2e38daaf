#!/bin/bash
# Checks the built opentokd.service offline (no running systemd needed), for meson's
# "hardening" suite:
#   1. systemd-analyze security --offline: exposure at most 1.5 (goal H1), and nothing
#      unsatisfied besides the documented residue of a daemon that must reach the Internet;
#   2. the settings of goal H2 (and S2, S3, the issue's unit settings) are really there;
#   3. systemd-analyze verify is clean, with ExecStart= pointing at the freshly built daemon;
#   4. the sysusers.d and tmpfiles.d files parse and the D-Bus activation file names the unit.
# Exit 0 pass, 1 fail, 77 skip (no systemd-analyze).
#
# Usage: check-unit.sh --unit=FILE [--binary=FILE] [--sysusers=FILE] [--tmpfiles=FILE]
#                      [--activation=FILE]
set -u

unit= binary= sysusers= tmpfiles= activation=
for arg in "$@"; do
  case $arg in
    --unit=*) unit=${arg#*=} ;;
    --binary=*) binary=${arg#*=} ;;
    --sysusers=*) sysusers=${arg#*=} ;;
    --tmpfiles=*) tmpfiles=${arg#*=} ;;
    --activation=*) activation=${arg#*=} ;;
    *) echo "usage: $0 --unit=FILE [--binary=FILE] [--sysusers=FILE] [--tmpfiles=FILE]" \
            "[--activation=FILE]" >&2; exit 2 ;;
  esac
done
[ -n "$unit" ] && [ -f "$unit" ] || { echo "no unit file given or found: '$unit'" >&2; exit 2; }

analyze=$(command -v systemd-analyze) || { echo "SKIP: systemd-analyze not found"; exit 77; }
python=$(command -v python3) || { echo "SKIP: python3 not found (needed to read --json)"; exit 77; }

# the threshold is in tenths: 15 means an exposure of 1.5
threshold=15
# what an Internet client cannot avoid (reliability §1.1): no RootDirectory=, AF_UNIX for the
# bus, AF_INET/AF_INET6 for the API, the host network, no IP allow list (the API's addresses
# change), and the char-rtc:r device entry that ProtectClock=yes adds itself
residue="RootDirectoryOrRootImage RestrictAddressFamilies_AF_UNIX
RestrictAddressFamilies_AF_INET_INET6 PrivateNetwork IPAddressDeny DeviceAllow"
# goal H2: these checks must be satisfied (set=true)
required="NoNewPrivileges AmbientCapabilities ProtectSystem PrivateTmp PrivateDevices ProtectHome
RestrictAddressFamilies_AF_PACKET RestrictAddressFamilies_AF_NETLINK RestrictAddressFamilies_OTHER
SystemCallFilter_privileged SystemCallFilter_resources MemoryDenyWriteExecute LockPersonality
UMask UserOrDynamicUser PrivateUsers ProtectKernelTunables ProtectKernelModules ProtectKernelLogs
ProtectControlGroups ProtectClock ProtectHostname ProtectProc ProcSubset RestrictRealtime
RestrictSUIDSGID SystemCallArchitectures"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the unit is judged by its name, so give the copy the installed name
mkdir "$work/unit"
cp "$unit" "$work/unit/opentokd.service"
u=$work/unit/opentokd.service

# 1. the score
"$analyze" security --offline=yes --threshold=$threshold "$u" > "$work/security.txt" 2>&1
rc=$?
summary=$(grep 'Overall exposure level' "$work/security.txt")
echo "systemd-analyze security --offline=yes: ${summary:-no summary line}"
grep '✗' "$work/security.txt" | sed 's/^/  /'
if [ $rc -ne 0 ]; then
  cat "$work/security.txt"
  fail "systemd-analyze security --threshold=$threshold exited $rc (exposure above 1.5?)"
fi
if [ -z "$summary" ]; then
  fail "no 'Overall exposure level' line in the security report"
fi

# 2a. the checks the scorer made, from its JSON
if ! "$analyze" security --offline=yes --json=short "$u" > "$work/security.json" 2>"$work/json.err"; then
  cat "$work/json.err"
  fail "systemd-analyze security --json=short failed"
fi
if ! "$python" - "$work/security.json" "$required" "$residue" <<'PY'
import json, sys
checks = {c["json_field"]: c for c in json.load(open(sys.argv[1]))}
required, residue = sys.argv[2].split(), sys.argv[3].split()
bad = 0
for field in required:
    if field not in checks:
        print(f"FAIL: the scorer has no check {field}")
        bad += 1
    elif checks[field]["set"] is not True:
        print(f"FAIL: H2 setting not satisfied: {checks[field]['name']} "
              f"({checks[field]['description']})")
        bad += 1
caps = [f for f in checks if f.startswith("CapabilityBoundingSet_")]
syscalls = [f for f in checks if f.startswith("SystemCallFilter_")]
namespaces = [f for f in checks if f.startswith("RestrictNamespaces_")]
for field in caps + syscalls + namespaces:
    if checks[field]["set"] is not True:
        print(f"FAIL: not satisfied: {checks[field]['name']} ({checks[field]['description']})")
        bad += 1
for field, c in sorted(checks.items()):
    if c["set"] is not True and field not in residue and field not in required + caps + syscalls + namespaces:
        print(f"FAIL: not satisfied and not part of the documented residue: {c['name']} "
              f"({c['description']})")
        bad += 1
print(f"{len(checks)} checks read; {len(caps)} capability, {len(syscalls)} system call and "
      f"{len(namespaces)} namespace checks all satisfied" if bad == 0 else f"{bad} check(s) failed")
sys.exit(1 if bad else 0)
PY
then
  failures=$((failures + 1))
fi

# 2b. settings the scorer does not weigh, read from the unit itself (no drop-ins apply here)
before=$failures
setting() { sed -n "s/^$1=//p" "$u"; }
expect() {  # expect KEY VALUE: some assignment of KEY equals VALUE exactly
  setting "$1" | grep -qxF -- "$2" || fail "$1=$2 missing from the unit"
}
expect Type dbus
expect BusName org.opentokd.OpenTok1
expect User opentokd
expect Restart on-failure
expect ProtectSystem strict
expect CapabilityBoundingSet ""
expect LimitCORE 0
expect UMask 0077
# GLib probes sched_setattr() (~@resources): with the default action it dies of SIGSYS
expect SystemCallErrorNumber EPERM
setting LoadCredential | grep -qE '^opentokd\.api-secret(:|$)' ||
  setting LoadCredentialEncrypted | grep -qE '^opentokd\.api-secret(:|$)' ||
  fail "no LoadCredential=/LoadCredentialEncrypted= for opentokd.api-secret"
setting DynamicUser | grep -qiE '^(yes|true|on|1)$' &&
  fail "DynamicUser= cannot own a D-Bus name; use the sysusers.d user"
# the environment and SetCredential= are readable by any local user over D-Bus
for key in Environment EnvironmentFile PassEnvironment SetCredential; do
  [ -z "$(setting $key)" ] || fail "$key= in the unit: the environment and literal credentials are world-readable"
done
[ $failures -eq $before ] && echo "unit settings: Type=dbus, BusName, static User, LoadCredential, Restart=on-failure, LimitCORE=0, SystemCallErrorNumber=EPERM present; no Environment="

# 3. verify, against the built daemon (verify insists that ExecStart= exists)
if [ -n "$binary" ]; then
  mkdir "$work/verify"
  sed -E "s|^ExecStart=[^ ]+|ExecStart=$binary|" "$u" > "$work/verify/opentokd.service"
  "$analyze" verify --man=no "$work/verify/opentokd.service" > "$work/verify.txt" 2>&1
  rc=$?
  if [ $rc -ne 0 ] || [ -s "$work/verify.txt" ]; then
    sed 's/^/  /' "$work/verify.txt"
    fail "systemd-analyze verify exited $rc or printed messages"
  else
    echo "systemd-analyze verify: clean (rc 0, no messages)"
  fi
else
  echo "systemd-analyze verify: not run (no --binary)"
fi

# 4. the companions of the unit
if [ -n "$sysusers" ]; then
  if command -v systemd-sysusers > /dev/null; then
    mkdir -p "$work/root/etc"
    if systemd-sysusers --root="$work/root" "$(realpath "$sysusers")" > "$work/sysusers.txt" 2>&1 &&
       grep -qE "^opentokd:x:[0-9]+:[0-9]+:[^:]*:/:[^:]*nologin\$" "$work/root/etc/passwd" &&
       grep -q '^opentokd:x:' "$work/root/etc/group"; then
      echo "sysusers.d: creates user and group opentokd (no shell, home /)"
    else
      cat "$work/sysusers.txt" "$work/root/etc/passwd" 2>/dev/null
      fail "sysusers.d file does not create user and group opentokd with nologin"
    fi
  else
    echo "sysusers.d: not checked (no systemd-sysusers)"
  fi
fi
if [ -n "$tmpfiles" ]; then
  if command -v systemd-tmpfiles > /dev/null; then
    mkdir -p "$work/root/etc"
    if systemd-tmpfiles --root="$work/root" --create "$(realpath "$tmpfiles")" > "$work/tmpfiles.txt" 2>&1 &&
       made=$(cd "$work/root" && find . -type d -name opentokd.conf.d | sed 's/^\.//') &&
       [ -n "$made" ]; then
      echo "tmpfiles.d: creates $made"
    else
      cat "$work/tmpfiles.txt"
      fail "tmpfiles.d file does not create <sysconfdir>/opentokd/opentokd.conf.d cleanly"
    fi
  else
    echo "tmpfiles.d: not checked (no systemd-tmpfiles)"
  fi
fi
if [ -n "$activation" ]; then
  bus_name=$(setting BusName)
  if grep -qxF '[D-BUS Service]' "$activation" &&
     grep -qxF "Name=$bus_name" "$activation" &&
     grep -qxF 'SystemdService=opentokd.service' "$activation" &&
     grep -qxF 'User=root' "$activation"; then
    echo "activation file: Name=$bus_name, SystemdService=opentokd.service"
  else
    fail "the D-Bus activation file must name $bus_name and SystemdService=opentokd.service"
  fi
fi

[ $failures -eq 0 ] && { echo "PASS"; exit 0; }
echo "$failures failure(s)"
exit 1
