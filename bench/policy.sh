#!/bin/bash
# GenerateToken calls/s with the access policy on and off, in one run, against Ping.
# "off": no [Access] section, the caller is root (allowed without looking at rules).
# "on": an [Access] section of 50 rules, the caller an ordinary user granted
# tokens:subscriber by the last one. Needs root (to call as that user).
# Usage: bench/policy.sh [BUILD_DIR] [N]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
n=${2:-5000}
[ "$(id -u)" = 0 ] || { echo "policy.sh needs root"; exit 1; }
ninja -C "$build" >/dev/null
work=$(mktemp -d); chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
id otd-bench-caller >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin otd-bench-caller
umask 077; echo "bench-secret-0123456789abcdef" > "$work/secret"; umask 022
cat > "$work/bus.conf" <<CONF
<busconfig><type>session</type><listen>unix:path=$work/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*"/><allow receive_sender="*"/>
<allow own="*"/><allow user="*"/></policy></busconfig>
CONF
dbus-daemon --nofork --print-address --config-file="$work/bus.conf" > "$work/address" 2>/dev/null &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/address" ] && break; sleep 0.05; done
address=$(head -n1 "$work/address")
session=1_MX4xMjM0NTZ-flNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-MC40OTAxMzAyNX4
run_daemon() {
  "$build/daemon/opentokd" --bus-address="$address" --config="$work/opentokd.conf" \
    --plugin-dir="$work/none" > "$work/opentokd.log" 2>&1 &
  dpid=$!
  for _ in $(seq 100); do "$build/client/opentokctl/opentokctl" --bus-address="$address" status >/dev/null 2>&1 && break; sleep 0.05; done
}
mkdir -p "$work/none"
printf '[API]\nKey=123456\nSecretFile=%s\nUrl=http://127.0.0.1:9\n' "$work/secret" > "$work/opentokd.conf"
run_daemon
echo -n "policy off (root):            "; "$build/bench/otd-bench-calls" "$address" "$session" "$n"
kill $dpid; wait $dpid 2>/dev/null || true
{ echo "[Access]"; for i in $(seq 49); do echo "uid:$((70000 + i))=archives;sessions"; done
  echo "user:otd-bench-caller=tokens:subscriber"; } >> "$work/opentokd.conf"
run_daemon
echo -n "policy on (otd-bench-caller): "
setpriv --reuid=otd-bench-caller --regid=otd-bench-caller --clear-groups \
  "$build/bench/otd-bench-calls" "$address" "$session" "$n"
kill $dpid; wait $dpid 2>/dev/null || true
