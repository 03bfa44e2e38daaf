#!/bin/bash
# Peer tests: the official Node SDK (opentok@2.23.2 from the npm registry) against
# opentok-emulator, side by side with opentokd + opentokctl on a private bus.
#
# Run by meson (`meson test -C build --suite peer`), which sets:
#   OTD_PEER_DAEMON, OTD_PEER_EMULATOR, OTD_PEER_CTL  the built programs
#   OTD_PEER_PLUGINS   ':'-separated plugin modules for opentokd (test plugins are left out)
#   OTD_PEER_SDK_DIR   scratch folder for the npm install, kept between runs as a cache
#   OTD_PEER_TEST_DIR  the folder holding the *.test.mjs files
# Exit status: the first failing node --test's, else 0; 77 (skipped) when node, npm or the
# registry is missing.
# OTD_PEER_KEEP=1 keeps the work folder (logs, config) for a look afterwards.
# shellcheck disable=SC2317 # cleanup, daemon_up: called from the EXIT trap and wait_for
set -uo pipefail

SDK_VERSION=2.23.2
API_KEY=123456
# the fixture secret of the SDKs' own tests (reference, top); only ever on loopback
API_SECRET=1234567890abcdef1234567890abcdef1234567890

skip() {
  echo "SKIP: $*"
  exit 77
}
fail() {
  echo "run-peer.sh: $*" >&2
  exit 1
}

for v in OTD_PEER_DAEMON OTD_PEER_EMULATOR OTD_PEER_CTL OTD_PEER_PLUGINS OTD_PEER_SDK_DIR \
         OTD_PEER_TEST_DIR; do
  [ -n "${!v:-}" ] || fail "$v is not set: run the peer tests through meson test --suite peer"
done

# --- node and npm ---------------------------------------------------------------------------
command -v node >/dev/null 2>&1 ||
  skip "node is not installed (Debian: apt-get install nodejs npm); the peer tests need Node.js >= 18"
command -v npm >/dev/null 2>&1 ||
  skip "npm is not installed (Debian: apt-get install npm); it fetches opentok@$SDK_VERSION"
command -v dbus-daemon >/dev/null 2>&1 || fail "dbus-daemon is not installed"
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 18 ] 2>/dev/null ||
  skip "node $(node --version 2>/dev/null) is too old: node:test and fetch need Node.js >= 18"

# --- the SDK, from the registry, cached in the build folder ---------------------------------
sdk_dir=$OTD_PEER_SDK_DIR
installed_version() {
  node -e 'try { console.log(require(process.argv[1]).version) } catch { console.log("") }' \
    "$1/node_modules/opentok/package.json" 2>/dev/null
}
if [ "$(installed_version "$sdk_dir")" = "$SDK_VERSION" ]; then
  echo "opentok@$SDK_VERSION: reusing $sdk_dir"
else
  echo "opentok@$SDK_VERSION: installing from the npm registry into $sdk_dir"
  staging="$sdk_dir.staging.$$"
  rm -rf "$staging"
  mkdir -p "$staging"
  # into a staging folder first, so that an interrupted install is never taken for the cache
  if ! timeout 150 npm install --no-audit --no-fund --no-update-notifier \
      --fetch-retries=1 --fetch-timeout=30000 --prefix "$staging" "opentok@$SDK_VERSION" \
      > "$staging.log" 2>&1; then
    reason=$(grep -E 'npm (ERR|error)' "$staging.log" | grep -v -E '^npm (ERR|error) +at ' | head -n 6)
    [ -n "$reason" ] || reason=$(tail -n 6 "$staging.log")
    rm -rf "$staging" "$staging.log"
    skip "npm could not install opentok@$SDK_VERSION (registry unreachable?):"$'\n'"$reason"
  fi
  [ "$(installed_version "$staging")" = "$SDK_VERSION" ] ||
    { rm -rf "$staging" "$staging.log"; fail "npm installed something other than opentok@$SDK_VERSION"; }
  rm -rf "$sdk_dir" "$staging.log"
  mv "$staging" "$sdk_dir"
fi

# --- from here on, loopback only --------------------------------------------------------------
export no_proxy='*' NO_PROXY='*'
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

work=$(mktemp -d "${TMPDIR:-/tmp}/otd-peer-XXXXXX") || fail "mktemp failed"
pids=()
alive() { kill -0 "$1" 2>/dev/null; }
dump_logs() {
  for f in opentokd.log emulator.log; do
    [ -s "$work/$f" ] || continue
    echo "===== $f (last 60 lines) ====="
    tail -n 60 "$work/$f"
  done >&2
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # the newest first: opentokd leaves before its bus and its API go away
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    p=${pids[i]}
    kill -TERM "$p" 2>/dev/null || continue
    for _ in $(seq 50); do alive "$p" || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
  done
  wait 2>/dev/null
  if [ "$status" != 0 ] && [ "$status" != 77 ]; then dump_logs; fi
  if [ -n "${OTD_PEER_KEEP:-}" ]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for SECONDS COMMAND...: poll every 50 ms, never forever
wait_for() {
  local tries=$(($1 * 20))
  shift
  for _ in $(seq "$tries"); do
    "$@" && return 0
    sleep 0.05
  done
  return 1
}

umask 077
printf '%s\n' "$API_SECRET" > "$work/secret"
umask 022

cat > "$work/bus.conf" <<CONF
<busconfig><type>session</type><listen>unix:path=$work/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*"/><allow receive_sender="*"/>
<allow own="*"/><allow user="*"/></policy></busconfig>
CONF
dbus-daemon --nofork --print-address --config-file="$work/bus.conf" > "$work/address" \
  2> "$work/bus.log" &
bus_pid=$!
pids+=("$bus_pid")

"$OTD_PEER_EMULATOR" --listen 127.0.0.1:0 --api-key "$API_KEY" --api-secret-file "$work/secret" \
  --port-file "$work/port" > "$work/emulator.out" 2> "$work/emulator.log" &
emulator_pid=$!
pids+=("$emulator_pid")

wait_for 10 test -s "$work/address" || fail "dbus-daemon did not print its address within 10 s"
wait_for 10 test -s "$work/port" || { dump_logs; fail "opentok-emulator did not listen within 10 s"; }
alive "$bus_pid" || fail "dbus-daemon exited"
alive "$emulator_pid" || fail "opentok-emulator exited"
address=$(head -n 1 "$work/address")
url="http://127.0.0.1:$(cat "$work/port")"

mkdir "$work/plugins"
IFS=: read -r -a plugin_list <<< "$OTD_PEER_PLUGINS"
for so in "${plugin_list[@]}"; do
  case "$(basename "$so")" in otd-plugin-test*) ;; *) ln -s "$so" "$work/plugins/" ;; esac
done
cat > "$work/opentokd.conf" <<CONF
[API]
Key=$API_KEY
SecretFile=$work/secret
Url=$url
CONF
env -u CREDENTIALS_DIRECTORY "$OTD_PEER_DAEMON" --bus-address="$address" \
  --config="$work/opentokd.conf" --plugin-dir="$work/plugins" --verbose \
  > "$work/opentokd.log" 2>&1 &
daemon_pid=$!
pids+=("$daemon_pid")

daemon_up() {
  alive "$daemon_pid" || return 1
  timeout 2 "$OTD_PEER_CTL" --bus-address="$address" status > "$work/status" 2>/dev/null
}
wait_for 10 daemon_up || fail "opentokd did not answer on the bus within 10 s"
echo "emulator $url, opentokd on $address, $(grep -i plugins "$work/status")"

# --- the tests ------------------------------------------------------------------------------
export OTD_PEER_API_KEY=$API_KEY OTD_PEER_API_SECRET_FILE=$work/secret \
  OTD_PEER_EMULATOR_URL=$url OTD_PEER_BUS_ADDRESS=$address NODE_NO_WARNINGS=1
shopt -s nullglob
files=("$OTD_PEER_TEST_DIR"/*.test.mjs)
[ "${#files[@]}" -gt 0 ] || fail "no *.test.mjs in $OTD_PEER_TEST_DIR"
# one file at a time (node --test runs several files side by side): the files share one emulator,
# and its request log and request counts are part of what they check
status=0
for f in "${files[@]}"; do
  echo "# ---- $(basename "$f")"
  timeout --kill-after=5 120 node --test "$f"
  rc=$?
  [ "$rc" = 124 ] && echo "run-peer.sh: $(basename "$f") took longer than 120 s" >&2
  [ "$status" = 0 ] && status=$rc
done
exit "$status"
