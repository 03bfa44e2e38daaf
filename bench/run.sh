#!/bin/bash
# The benchmark of issue 9 (and the load figures of issue 8), in one command:
#
#   bench/run.sh [BUILD_DIR]          everything; prints the table of ratios (~6 min)
#   QUICK=1 bench/run.sh [BUILD_DIR]  fewer and shorter rounds (~2 min), for a smoke run
#   bench/run.sh --load [BUILD_DIR]   only the load run: 50 clients x 200 mixed calls
#   OTD_BENCH_DAEMON_CPUS=1 bench/run.sh  the same with opentokd's threads kept on CPU 1
#                                         (taskset), as a unit's CPUAffinity=1 would; not
#                                         the default, see "Thread hand-offs" in the README
#
# It builds what it needs (meson + ninja in BUILD_DIR, default ./build-bench), installs the
# official Node SDK (opentok@2.23.2) from the npm registry into BUILD_DIR/bench/node-sdk,
# starts a private dbus-daemon, opentok-emulator on 127.0.0.1 and opentokd with every
# plugin and an [Access] policy, runs the C clients, the SDK and the floors side by side
# (repetitions are the outer loop), and stops every process it started, by PID.
# Every line of the table is a ratio of two figures measured in this run.
# As root, the bus clients run as the user otd-bench-caller (created if missing) so that the
# access policy is really consulted; as any other user, they run as that user, which the
# daemon allows without reading the rules (noted in the output).
set -euo pipefail
shopt -s nullglob

only_load=0
if [ "${1:-}" = "--load" ]; then
  only_load=1
  shift
fi
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${1:-$top/build-bench}")
quick=${QUICK:-0}
if [ "$quick" = 1 ]; then rounds=2 n=1500 n_list=500 n_node_list=500 execs=5 token_s=0.5
else rounds=5 n=5000 n_list=2000 n_node_list=1500 execs=10 token_s=1; fi
sdk_version=2.23.2
api_key=123456
caller_user=otd-bench-caller

die() { echo "bench/run.sh: $*" >&2; exit 1; }
note() { echo "# $*" >&2; }

for tool in meson ninja dbus-daemon node npm; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done

# --- build -----------------------------------------------------------------------------------
if [ ! -f "$build/build.ninja" ]; then
  note "configuring $build"
  meson setup "$build" "$top" >/dev/null || die "meson setup failed"
fi
note "building in $build"
ninja -C "$build" >/dev/null || die "the build failed (ninja -C $build)"
bench_bin=$build/bench
ctl=$build/client/opentokctl/opentokctl

# --- the SDK, from the registry, cached in the build folder ----------------------------------
sdk_dir=$build/bench/node-sdk
sdk_installed() {
  node -e 'try { console.log(require(process.argv[1]).version) } catch { console.log("") }' \
    "$1/node_modules/opentok/package.json" 2>/dev/null
}
if [ "$(sdk_installed "$sdk_dir")" != "$sdk_version" ]; then
  note "installing opentok@$sdk_version from the npm registry into $sdk_dir"
  staging=$sdk_dir.staging.$$
  rm -rf "$staging"
  mkdir -p "$staging"
  timeout 300 npm install --no-audit --no-fund --no-update-notifier --prefix "$staging" \
    "opentok@$sdk_version" > "$staging.log" 2>&1 || { tail -n 5 "$staging.log" >&2; die "npm install failed"; }
  [ "$(sdk_installed "$staging")" = "$sdk_version" ] || die "npm installed something else"
  rm -rf "$sdk_dir" "$staging.log"
  mv "$staging" "$sdk_dir"
fi

# --- from here on, loopback only ---------------------------------------------------------------
export no_proxy='*' NO_PROXY='*'
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

work=$(mktemp -d "${TMPDIR:-/tmp}/otd-bench-XXXXXX")
chmod 755 "$work"
pids=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${pids[i]}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  if [ "$status" != 0 ] && [ -s "$work/opentokd.log" ]; then
    echo "===== opentokd log (last 30 lines) =====" >&2
    tail -n 30 "$work/opentokd.log" >&2
  fi
  if [ -n "${OTD_BENCH_KEEP:-}" ]; then note "work folder kept: $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for() {
  local tries=$(($1 * 20))
  shift
  for _ in $(seq "$tries"); do "$@" && return 0; sleep 0.05; done
  return 1
}

# the clients' identity: an ordinary user when we can, so that the policy is consulted
as_caller=()
if [ "$(id -u)" = 0 ]; then
  command -v setpriv >/dev/null 2>&1 || die "setpriv is not installed (util-linux)"
  id "$caller_user" >/dev/null 2>&1 ||
    useradd --system --no-create-home --shell /usr/sbin/nologin "$caller_user" ||
    die "cannot create the user $caller_user"
  as_caller=(setpriv "--reuid=$caller_user" "--regid=$caller_user" --clear-groups)
  caller_note="policy on: the clients run as $caller_user, granted by the last of 50 [Access] rules"
else
  caller_note="policy on, but the clients run as the daemon's own user, which is allowed without reading the rules (run as root for the full check)"
fi

umask 077
printf '%s\n' "bench-secret-0123456789abcdef0123456789" > "$work/secret"
umask 022

# a private bus; 500 calls in flight on one connection need more than the default replies
cat > "$work/bus.conf" <<CONF
<busconfig><type>session</type><listen>unix:path=$work/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*"/><allow receive_sender="*"/>
<allow own="*"/><allow user="*"/></policy>
<limit name="max_replies_per_connection">10000</limit>
<limit name="max_connections_per_user">10000</limit>
<limit name="max_completed_connections">10000</limit></busconfig>
CONF
dbus-daemon --nofork --print-address --config-file="$work/bus.conf" > "$work/address" \
  2> "$work/bus.log" &
pids+=($!)
"$build/emulator/opentok-emulator" --listen 127.0.0.1:0 --api-key "$api_key" \
  --api-secret-file "$work/secret" --port-file "$work/port" > "$work/emulator.out" \
  2> "$work/emulator.log" &
pids+=($!)
wait_for 10 test -s "$work/address" || die "dbus-daemon did not start"
wait_for 10 test -s "$work/port" || die "opentok-emulator did not start"
address=$(head -n 1 "$work/address")
url="http://127.0.0.1:$(cat "$work/port")"

mkdir "$work/plugins"
for so in "$build"/plugins/*/*.so; do
  case "$(basename "$so")" in otd-plugin-test*) ;; *) ln -s "$so" "$work/plugins/" ;; esac
done
{
  printf '[API]\nKey=%s\nSecretFile=%s\nUrl=%s\n[Access]\n' "$api_key" "$work/secret" "$url"
  for i in $(seq 49); do echo "uid:$((70000 + i))=archives;sessions"; done
  echo "user:$caller_user=sessions;tokens:subscriber;archives:read;broadcasts:read;connections:read;streams:read"
} > "$work/opentokd.conf"
id "$caller_user" >/dev/null 2>&1 || sed -i '$d' "$work/opentokd.conf"

daemon_pid=
daemon_cpus=${OTD_BENCH_DAEMON_CPUS:-}
daemon_wrap=()
if [ -n "$daemon_cpus" ]; then
  command -v taskset >/dev/null 2>&1 || die "taskset is not installed (util-linux)"
  daemon_wrap=(taskset -c "$daemon_cpus")
fi
start_daemon() {
  env -u CREDENTIALS_DIRECTORY "${daemon_wrap[@]}" "$build/daemon/opentokd" --bus-address="$address" \
    --config="$work/opentokd.conf" --plugin-dir="$work/plugins" >> "$work/opentokd.log" 2>&1 &
  daemon_pid=$!
  pids+=("$daemon_pid")
  wait_for 10 "$ctl" --bus-address="$address" status >/dev/null 2>&1 || die "opentokd did not start"
}
stop_daemon() {
  kill -TERM "$daemon_pid"
  wait "$daemon_pid" || die "opentokd exited with $? on SIGTERM"
}
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# "OTHER API": the daemon's open fds apart from its connections to the API, and those
fd_usage() {
  local inodes target api=0 other=0
  inodes=$(awk -v port=":$(printf '%04X' "$2")" \
    'NR > 1 && substr($3, length($3) - 4) == port { print $10 }' /proc/net/tcp)
  for fd in "/proc/$1/fd"/*; do
    target=$(readlink "$fd") || continue
    if [[ $target == socket:* ]] && grep -qx "${target//[^0-9]/}" <<< "$inodes"; then
      api=$((api + 1))
    else
      other=$((other + 1))
    fi
  done
  echo "$other $api"
}
start_daemon

# what the list calls find: a routed session with four archives, made with the SDK
read -r seed_session seed_archive < <(node "$top/bench/otd-bench-node.mjs" "$sdk_dir" seed "$url" \
  "$api_key" "$work/secret" | sed 's/session=//; s/archive=//')
[ -n "$seed_archive" ] || die "could not seed the emulator"
session=$seed_session

results=$work/results
: > "$results"
bus() { "${as_caller[@]}" "$bench_bin/otd-bench-bus" "$address" "$session" --archive="$seed_archive" "$@"; }
# the floor client reads the API secret to sign its requests: a copy the caller may read
cp "$work/secret" "$work/secret-floor"
[ "${#as_caller[@]}" = 0 ] || chown "$caller_user" "$work/secret-floor"
floor() {
  "${as_caller[@]}" "$bench_bin/otd-bench-http" "$url/v2/project/$api_key/archive" "$api_key" \
    "$work/secret-floor" --n="$n_list" --bus="$address"
}

# --- item 6: idle RSS against a bare process built by the bench ------------------------------
if [ "$only_load" = 0 ]; then
  sleep 2
  echo "case=rss-daemon-idle kib=$(rss_kib "$daemon_pid")" >> "$results"
  for _ in 1 2 3; do
    "$bench_bin/otd-bench-bare" "$address" > "$work/bare.out" &
    bare=$!
    wait_for 10 test -s "$work/bare.out" || die "otd-bench-bare did not start"
    sleep 2
    echo "case=rss-bare kib=$(rss_kib "$bare")" >> "$results"
    kill "$bare"
    wait "$bare" 2>/dev/null || true
    : > "$work/bare.out"
  done
fi

# --- items 1-4: repetitions as the outer loop --------------------------------------------------
oneshot_js='const OT = require(process.argv[1]); console.log(new OT(process.argv[2], process.argv[3]).generateToken(process.argv[4], { role: "subscriber" }))'
if [ "$only_load" = 0 ]; then
  for r in $(seq "$rounds"); do
    note "round $r of $rounds"
    bus --n="$n" --reps=1 --cpu="dbus:${pids[0]},opentokd:$daemon_pid" \
      ping:1 jwt:1 t1:1 ping:64 jwt:64 t1:64 >> "$results"
    node "$top/bench/otd-bench-node.mjs" "$sdk_dir" tokens "$session" "$token_s" >> "$results"
    "${as_caller[@]}" "$bench_bin/otd-bench-exec" ctl-oneshot "$execs" "$ctl" \
      --bus-address="$address" token "$session" --role=subscriber >> "$results"
    "$bench_bin/otd-bench-exec" node-oneshot "$execs" "$(command -v node)" -e "$oneshot_js" \
      "$sdk_dir/node_modules/opentok" "$api_key" "$(cat "$work/secret")" "$session" >> "$results"
    # sequential REST calls while libsoup holds one connection: the 64-deep runs below would
    # leave 64 idle connections, which libsoup 3.2 probes on every request (see README);
    # the floor (bare GET, Ping) and Archives.List take turns in one process
    "$bench_bin/otd-bench-wake" 500 >> "$results"
    floor >> "$results"
    node "$top/bench/otd-bench-node.mjs" "$sdk_dir" list "$url" "$api_key" "$work/secret" \
      "$n_node_list" 1 >> "$results"
  done
  for r in $(seq "$rounds"); do
    note "round $r of $rounds, 64 REST calls in flight"
    bus --n="$((n_list * 2))" --reps=1 list:64 >> "$results"
    node "$top/bench/otd-bench-node.mjs" "$sdk_dir" list "$url" "$api_key" "$work/secret" \
      "$((n_node_list * 2))" 64 >> "$results"
  done
  floor | sed -n 's/^case=floor-list:1/case=list:1-after-64/p' >> "$results"
fi

# --- item 6 and issue 8: 50 clients x 200 mixed calls ------------------------------------------
note "load: 50 clients x 200 mixed calls"
bus --clients=50 --calls=40 > /dev/null || die "the load warm-up had errors"
sleep 1
port=$(cat "$work/port")
rss_before=$(rss_kib "$daemon_pid")
read -r fds_before api_before < <(fd_usage "$daemon_pid" "$port")
bus --clients=50 --calls=200 | sed 's/^load /case=load /' >> "$results"
sleep 1
read -r fds_after api_after < <(fd_usage "$daemon_pid" "$port")
echo "case=load-after rss_before=$rss_before rss_after=$(rss_kib "$daemon_pid")" \
  "fds_before=$fds_before fds_after=$fds_after api_before=$api_before api_after=$api_after" \
  >> "$results"

# --- item 5: MaxConnections=256, 500 calls on a path delayed by 1 s -----------------------------
if [ "$only_load" = 0 ]; then
  note "500 calls in flight against a path delayed by 1 s"
  stop_daemon
  mkdir -p "$work/opentokd.conf.d"
  printf '[API]\nMaxConnections=256\n' > "$work/opentokd.conf.d/50-bench.conf"
  start_daemon
  bus --n="$n" --reps=1 jwt:1 | sed 's/^case=jwt:1/case=jwt:1-idle/' >> "$results"
  node -e 'fetch(process.argv[1], { method: "POST", headers: { "Content-Type": "application/json" },
      body: process.argv[2] }).then((r) => process.exit(r.status === 201 ? 0 : 1))' \
    "$url/_emulator/faults" "{\"path\":\"/v2/project/$api_key/archive/$seed_archive\",\"delayMs\":1000}" ||
    die "the emulator refused the fault"
  bus --burst=500 --cpu="dbus:${pids[0]},opentokd:$daemon_pid,emulator:${pids[1]}" |
    sed 's/^burst /case=burst /' >> "$results"
  node -e 'fetch(process.argv[1], { method: "DELETE" }).then((r) => process.exit(r.ok ? 0 : 1))' \
    "$url/_emulator/faults" || true
fi
stop_daemon

# --- the table -----------------------------------------------------------------------------------
BENCH_DATE="$(date -u +%Y-%m-%d), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
[ -z "$daemon_cpus" ] || BENCH_DATE="$BENCH_DATE; opentokd kept on CPU $daemon_cpus (OTD_BENCH_DAEMON_CPUS)"
export BENCH_CALLER_NOTE=$caller_note BENCH_DATE
awk -f "$top/bench/table.awk" "$results"
[ -n "${OTD_BENCH_RAW:-}" ] && cat "$results"
exit 0
