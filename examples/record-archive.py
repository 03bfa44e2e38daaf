#!/usr/bin/python3
"""Record a session through opentokd from Python, with Gio's D-Bus client (python3-gi).

Creates a routed session, mints a publisher token, waits until a client publishes a
stream, records for a few seconds and stops. opentokd holds the API secret; this program
never sees it, and needs nothing but python3-gi.

Usage: examples/record-archive.py [--bus-address ADDR] [--emulator URL] [--seconds N]

  --bus-address ADDR  opentokd's bus (default: $OPENTOKD_BUS_ADDRESS, else the system bus)
  --emulator URL      the Video API is opentok-emulator at URL (default:
                      $OPENTOK_EMULATOR_URL): the program then plays the client that joins
                      and publishes, through the emulator's control API
  --seconds N         how long to record (default: 5)

Without --emulator a real client must join with the token printed and publish within
120 s. Prints "session: ...", "token: ...", "archive: ID started" and "archive: ID stopped".

The calls here are synchronous for brevity; an application with a user interface makes
the same calls with Gio.DBusConnection.call() and a callback, so its main loop never
blocks. Errors from opentokd arrive as GLib.Error; their D-Bus names are
org.opentokd.OpenTok1.Error.<Name> (see the D-Bus XML in dbus/).
"""

import argparse
import json
import os
import sys
import time
import urllib.request

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402 (after require_version)

BUS_NAME = "org.opentokd.OpenTok1"
ROOT_PATH = "/org/opentokd/OpenTok1"
ARCHIVES_PATH = ROOT_PATH + "/Archives"
STREAMS_PATH = ROOT_PATH + "/Streams"


class OpenTokd:
    """The few opentokd calls this example makes, each one D-Bus method call."""

    def __init__(self, bus_address):
        if bus_address:
            self.bus = Gio.DBusConnection.new_for_address_sync(
                bus_address,
                Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
                | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
                None,
                None,
            )
        else:
            self.bus = Gio.bus_get_sync(Gio.BusType.SYSTEM, None)

    def call(self, path, interface, method, args, reply_type):
        # -1: the default timeout (25 s), above opentokd's own 20 s deadline
        reply = self.bus.call_sync(
            BUS_NAME, path, interface, method, args,
            GLib.VariantType.new(reply_type), Gio.DBusCallFlags.NONE, -1, None,
        )
        return reply.unpack()

    def create_session(self, media_mode):
        options = {"media_mode": GLib.Variant("s", media_mode)}
        (session_id,) = self.call(
            ROOT_PATH, BUS_NAME, "CreateSession",
            GLib.Variant("(a{sv})", (options,)), "(s)",
        )
        return session_id

    def generate_token(self, session_id, role, data, expire_in):
        options = {
            "role": GLib.Variant("s", role),
            "data": GLib.Variant("s", data),
            "expire_time": GLib.Variant("x", int(time.time()) + expire_in),
        }
        (token,) = self.call(
            ROOT_PATH, BUS_NAME, "GenerateToken",
            GLib.Variant("(sa{sv})", (session_id, options)), "(s)",
        )
        return token

    def list_streams(self, session_id):
        items, total = self.call(
            STREAMS_PATH, BUS_NAME + ".Streams", "List",
            GLib.Variant("(s)", (session_id,)), "(aa{sv}u)",
        )
        return items, total

    def start_archive(self, session_id, name):
        options = {"name": GLib.Variant("s", name)}
        (archive,) = self.call(
            ARCHIVES_PATH, BUS_NAME + ".Archives", "Start",
            GLib.Variant("(sa{sv})", (session_id, options)), "(a{sv})",
        )
        return archive

    def stop_archive(self, archive_id):
        (archive,) = self.call(
            ARCHIVES_PATH, BUS_NAME + ".Archives", "Stop",
            GLib.Variant("(s)", (archive_id,)), "(a{sv})",
        )
        return archive


def emulator_post(emulator, path, body):
    """A call to the emulator's control API, in place of a real client."""
    request = urllib.request.Request(
        emulator + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def error_text(error):
    """'Name: message' for an error from opentokd, as opentokctl prints it."""
    name = Gio.DBusError.get_remote_error(error)
    if name is None:
        return error.message
    # GDBus puts "GDBus.Error:<name>: " before the message the daemon sent
    message = error.message
    prefix = "GDBus.Error:%s: " % name
    if message.startswith(prefix):
        message = message[len(prefix):]
    return "%s: %s" % (name.rsplit(".", 1)[-1], message)


def record(opentokd, emulator, seconds):
    session_id = opentokd.create_session("routed")
    print("session:", session_id, flush=True)
    token = opentokd.generate_token(session_id, "publisher", "name=camera-1", 3600)
    print("token:", token, flush=True)

    if emulator:
        client = emulator_post(
            emulator, "/_emulator/sessions/%s/clients" % session_id, {"token": token}
        )
        emulator_post(
            emulator,
            "/_emulator/sessions/%s/clients/%s/streams" % (session_id, client["connectionId"]),
            {"videoType": "camera", "name": "camera-1"},
        )

    # an archive records the streams published in the session: wait for the first one
    deadline = time.monotonic() + 120
    while opentokd.list_streams(session_id)[1] == 0:
        if time.monotonic() > deadline:
            raise SystemExit("record-archive.py: nobody published a stream in the session")
        time.sleep(0.5)

    archive = opentokd.start_archive(session_id, "record-archive.py")
    print("archive: %s %s" % (archive["id"], archive["status"]), flush=True)
    time.sleep(seconds)
    archive = opentokd.stop_archive(archive["id"])
    print("archive: %s %s" % (archive["id"], archive["status"]), flush=True)


def main():
    parser = argparse.ArgumentParser(
        description="Record a session through opentokd (Gio D-Bus client)."
    )
    parser.add_argument(
        "--bus-address", metavar="ADDR", default=os.environ.get("OPENTOKD_BUS_ADDRESS"),
        help="opentokd's bus (default: $OPENTOKD_BUS_ADDRESS, else the system bus)",
    )
    parser.add_argument(
        "--emulator", metavar="URL", default=os.environ.get("OPENTOK_EMULATOR_URL"),
        help="play the client through opentok-emulator's control API at this URL",
    )
    parser.add_argument(
        "--seconds", metavar="N", type=float, default=5,
        help="how long to record (default: 5)",
    )
    args = parser.parse_args()

    try:
        record(OpenTokd(args.bus_address), args.emulator, args.seconds)
    except GLib.Error as error:
        print("record-archive.py:", error_text(error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
