#!/bin/bash
# The main job in one go: a private D-Bus, opentok-emulator on 127.0.0.1 as the Video API,
# and opentokd between them, then a short opentokctl walk-through. Nothing leaves the machine.
# Usage: examples/demo.sh   (builds into ./build first if needed; BUILD=dir to change)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
[ -f "$build/build.ninja" ] || meson setup "$build" "$top" >/dev/null
ninja -C "$build" >/dev/null

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# a throwaway secret, readable by its owner only, as opentokd insists
umask 077
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/secret"
echo >> "$work/secret"
umask 022

cat > "$work/bus.conf" <<CONF
<busconfig><type>session</type><listen>unix:path=$work/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*"/><allow receive_sender="*"/>
<allow own="*"/><allow user="*"/></policy></busconfig>
CONF
dbus-daemon --nofork --print-address --config-file="$work/bus.conf" > "$work/address" 2>/dev/null &
pids+=($!)

"$build/emulator/opentok-emulator" --listen 127.0.0.1:0 --api-key 123456 \
  --api-secret-file "$work/secret" --port-file "$work/port" > "$work/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/port" ] && [ -s "$work/address" ] && break; sleep 0.05; done
address=$(head -n1 "$work/address")
url="http://127.0.0.1:$(cat "$work/port")"

mkdir "$work/plugins"
for so in "$build"/plugins/*/*.so; do
  case "$(basename "$so")" in otd-plugin-test*) ;; *) ln -s "$so" "$work/plugins/" ;; esac
done
cat > "$work/opentokd.conf" <<CONF
[API]
Key=123456
SecretFile=$work/secret
Url=$url
CONF
"$build/daemon/opentokd" --bus-address="$address" --config="$work/opentokd.conf" \
  --plugin-dir="$work/plugins" > "$work/opentokd.log" 2>&1 &
pids+=($!)

ctl() { "$build/client/opentokctl/opentokctl" --bus-address="$address" "$@"; }
show() { echo; echo "\$ opentokctl $*"; ctl "$@"; }
for _ in $(seq 100); do timeout 2 "$build/client/opentokctl/opentokctl" --bus-address="$address" \
  status >/dev/null 2>&1 && break; sleep 0.05; done

echo "opentokd is on a private bus; the Video API is opentok-emulator at $url"
show status
echo; echo "\$ opentokctl session create --media-mode routed"
session=$(ctl session create --media-mode routed); echo "$session"
echo; echo "\$ opentokctl token \$SESSION --role publisher --data name=alice"
token=$(ctl token "$session" --role publisher --data name=alice); echo "$token"
echo; echo "# a client joins the emulated session with that token (the emulator checks it)"
join=$(curl -sS -X POST -H 'Content-Type: application/json' \
  -d "{\"token\":\"$token\"}" "$url/_emulator/sessions/$session/clients")
echo "$join"
connection=$(echo "$join" | sed -n 's/.*"connectionId" *: *"\([^"]*\)".*/\1/p')
show connection list "$session"
show --json connection list "$session"
echo; echo "# the client publishes a camera stream, and we record the session"
curl -sS -X POST -H 'Content-Type: application/json' -d '{"videoType":"camera","name":"alice"}' \
  "$url/_emulator/sessions/$session/clients/$connection/streams"; echo
echo; echo "\$ opentokctl archive start \$SESSION --name demo --resolution 1280x720"
archive_json=$(ctl --json archive start "$session" --name demo --resolution 1280x720)
echo "$archive_json"
archive=$(echo "$archive_json" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
show archive stop "$archive"
echo; echo "# the emulator finishes processing the recording"
curl -sS -o /dev/null -X POST -d '{"status":"available"}' "$url/_emulator/archives/$archive/status"
show archive wait "$archive" --status available --timeout 10
show archive list --session "$session"
show connection disconnect "$session" "$connection"
show connection list "$session"
echo; echo "\$ opentokctl token \$SESSION --role boss    # refused locally, exit code 1"
ctl token "$session" --role boss || echo "(exit code $?)"
echo; echo "demo finished: everything ran on this machine"
