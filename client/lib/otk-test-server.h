/*
 * A fake opentokd for the client's unit tests: the root, Connections, Archives,
 * Broadcasts, Streams, Signals, Sip, AudioConnector, Captions and Renders interfaces
 * with canned answers, served on one connected socket without any dbus-daemon. Method
 * calls echo or record what they received, so a test can check exactly what the client
 * sent.
 */
#pragma once

#include <pthread.h>
#include <stdbool.h>
#include <systemd/sd-bus.h>

#include "otk-client.h"
#include "otk-options.h"
#include "otk-private.h"
#include "otk-test.h"

/*
 * Serves @fd until the peer hangs up or calls Test.Quit. With @bus_hello the server
 * also answers org.freedesktop.DBus.Hello, so a client that believes it talks to a
 * message bus (opentokctl --bus-address) is satisfied. Returns 0 or a negative errno.
 */
int
otk_test_server_run(int fd, int bus_hello);

/*
 * Remembers the member, signature and arguments of @m for Test.LastCall, which returns
 * them as "Member(signature) <arguments as otk_test_message_dump() writes them>", and
 * rewinds @m for the handler. The record outlives the connection, so a test can ask on
 * a new one.
 */
int
otk_test_server_record(sd_bus_message *m);

/* replies with @dict (taken, NULL meaning out of memory) as the only argument, a{sv} */
int
otk_test_server_reply_dict(sd_bus_message *m, OtkOptions *dict);
/* replies aa{sv}u: @items (all taken, NULL ones meaning out of memory), then @total */
int
otk_test_server_reply_list(sd_bus_message *m, OtkOptions **items, size_t n, uint32_t total);

/* otk-test-server-check.c: one key of an option table and the D-Bus type of its value */
typedef struct {
	const char *path; /* "outputs.rtmp.id": the elements of a list share one path */
	const char *signature;
} OtkTestOptionType;

/*
 * Reads the a{sv} at the current position of @m, nested dictionaries included; a key
 * missing from @types (NULL-terminated), or a value of another type, is refused with
 * Error.InvalidArgs naming the key ("invalid option 'auth.username': must be s, not i")
 */
int
otk_test_server_check_options(sd_bus_message *m,
			      const OtkTestOptionType *types,
			      sd_bus_error *ret_error);
/*
 * Records @m and reads its first argument, a string; "missing" is refused with
 * Error.NotFound ("'missing' not found: 404 <what> not found")
 */
int
otk_test_server_begin(sd_bus_message *m,
		      const char **ret_first,
		      const char *what,
		      sd_bus_error *ret_error);

/* otk-test-server-archives.c: the Archives interface */
int
otk_test_server_add_archives(sd_bus *bus);
/* otk-test-server-broadcasts.c: the Broadcasts interface */
int
otk_test_server_add_broadcasts(sd_bus *bus);
/* otk-test-server-streams.c: the Streams interface */
int
otk_test_server_add_streams(sd_bus *bus);
/* otk-test-server-signals.c: the Signals interface */
int
otk_test_server_add_signals(sd_bus *bus);
/* otk-test-server-sip.c: the Sip and AudioConnector interfaces */
int
otk_test_server_add_sip(sd_bus *bus);
/* otk-test-server-renders.c: the Renders and Captions interfaces */
int
otk_test_server_add_renders(sd_bus *bus);

/* otk-test-peer.c: the server on a thread of the test, and a client talking to it */
typedef struct {
	int fd;
	int listen_fd; /* >= 0: accept one connection on it first */
	int result;
	pthread_t thread;
} OtkTestPeer;

/* the thread's function: serves @data, an OtkTestPeer, and stores the result */
void *
otk_test_peer_thread(void *data);
/* starts the server on a socketpair and returns a client connected to it */
OtkClient *
otk_test_client_new(OtkTestPeer *peer);
/* hangs up, which ends the server, and checks that it ended well */
void
otk_test_client_finish(OtkClient *client, OtkTestPeer *peer);
/* what the server last received (Test.LastCall), asked over @client */
char *
otk_test_client_last_call(OtkClient *client);

#define OTK_TEST_ASSERT_SENT(client, expected)                                                     \
	do {                                                                                       \
		OTK_AUTOFREE char *otk_record_ = otk_test_client_last_call(client);                \
		OTK_TEST_ASSERT_CMPSTR(otk_record_, expected);                                     \
	} while (0)

/* @dict as compact JSON, compared with @expected */
#define OTK_TEST_ASSERT_DICT_JSON(dict, expected)                                                  \
	do {                                                                                       \
		OTK_AUTOFREE char *otk_json_ = otk_dict_to_json(dict, OTK_JSON_FLAG_NONE);         \
		OTK_TEST_ASSERT_CMPSTR(otk_json_, expected);                                       \
	} while (0)

/* checks @error's name and reachability, and frees it */
void
otk_test_assert_error(OtkCallError *error, const char *name, bool unreachable);
