#!/bin/bash
# Record a session with opentokctl: create a routed session, mint a publisher token, wait
# until a client publishes a stream, record for a few seconds, stop, and wait until the
# recording is available. opentokd holds the API secret; this script never sees it.
#
# Usage: examples/record-archive.sh [--bus-address=ADDR] [--emulator=URL] [--seconds=N]
#   --bus-address=ADDR  opentokd's bus (default: $OPENTOKD_BUS_ADDRESS, else the system bus)
#   --emulator=URL      the Video API is opentok-emulator at URL (default:
#                       $OPENTOK_EMULATOR_URL): the script then plays the client that joins
#                       and publishes, and the service that finishes the recording, through
#                       the emulator's control API (needs curl)
#   --seconds=N         how long to record (default: 5)
# Without --emulator a real client must join with the token printed and publish within
# 120 s. OPENTOKCTL names the opentokctl to run (default: the one on PATH).
#
# Prints "session: …", "token: …", "archive: ID started|stopped|available" and "url: …".
# Each step is one opentokctl call; with --json their output is documented and stable
# (client/opentokctl/README.md).
set -euo pipefail

bus_address=${OPENTOKD_BUS_ADDRESS:-}
emulator=${OPENTOK_EMULATOR_URL:-}
seconds=5
for arg in "$@"; do
  case "$arg" in
    --bus-address=*) bus_address=${arg#*=} ;;
    --emulator=*) emulator=${arg#*=} ;;
    --seconds=*) seconds=${arg#*=} ;;
    -h|--help) sed -n '2,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "record-archive.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

opentokctl=${OPENTOKCTL:-opentokctl}
bus=(--system)
[ -n "$bus_address" ] && bus=("--bus-address=$bus_address")
ctl() { "$opentokctl" "${bus[@]}" "$@"; }

# one string member of opentokctl's one-line JSON output (jq -r ".$1" does the same)
json_string() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
json_number() { sed -n "s/.*\"$1\":\\([0-9]*\\).*/\\1/p"; }

# the emulator's control API, in place of a real client and of the real service
emulator_post() {
  curl -sSf -X POST -H 'Content-Type: application/json' -d "$2" "$emulator$1"
}

session=$(ctl session create --media-mode routed)
echo "session: $session"
token=$(ctl token "$session" --role publisher --data 'name=camera-1' --expire-in 3600)
echo "token: $token"

if [ -n "$emulator" ]; then
  connection=$(emulator_post "/_emulator/sessions/$session/clients" "{\"token\":\"$token\"}" |
    json_string connectionId)
  emulator_post "/_emulator/sessions/$session/clients/$connection/streams" \
    '{"videoType":"camera","name":"camera-1"}' >/dev/null
fi

# an archive records the streams published in the session: wait for the first one
for _ in $(seq 240); do
  streams=$(ctl --json stream list "$session" | json_number total)
  [ "${streams:-0}" -gt 0 ] && break
  sleep 0.5
done
if [ "${streams:-0}" -eq 0 ]; then
  echo "record-archive.sh: nobody published a stream in the session" >&2
  exit 1
fi

archive=$(ctl --json archive start "$session" --name "record-archive.sh" | json_string id)
echo "archive: $archive started"
sleep "$seconds"
status=$(ctl --json archive stop "$archive" | json_string status)
echo "archive: $archive $status"

# the service now processes the recording; the emulator needs to be told it is done
[ -n "$emulator" ] && emulator_post "/_emulator/archives/$archive/status" \
  '{"status":"available"}' >/dev/null
available=$(ctl --json archive wait "$archive" --status available --timeout 300)
echo "archive: $archive $(echo "$available" | json_string status)"
echo "url: $(echo "$available" | json_string url)"
