/*
 * A fake opentokd for the client's unit tests: the root and Connections interfaces
 * with canned answers, served on one connected socket without any dbus-daemon. Method
 * calls echo what they received, so a test can check exactly what the client sent.
 */
#pragma once

/*
 * Serves @fd until the peer hangs up or calls Test.Quit. With @bus_hello the server
 * also answers org.freedesktop.DBus.Hello, so a client that believes it talks to a
 * message bus (opentokctl --bus-address) is satisfied. Returns 0 or a negative errno.
 */
int
otk_test_server_run(int fd, int bus_hello);
