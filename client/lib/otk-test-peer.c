/*
 * The fake opentokd on a thread of the test itself, and a client connected to it:
 * what the library's unit tests talk to (see otk-test-server.h).
 */
#include <errno.h>
#include <sys/socket.h>

#include "otk-client-private.h"
#include "otk-test-server.h"
#include "otk-test.h"

void *
otk_test_peer_thread(void *data)
{
	OtkTestPeer *peer = data;

	if (peer->listen_fd >= 0) {
		peer->fd = accept4(peer->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (peer->fd < 0) {
			peer->result = -errno;
			return NULL;
		}
	}
	peer->result = otk_test_server_run(peer->fd, peer->listen_fd >= 0);
	return NULL;
}

OtkClient *
otk_test_client_new(OtkTestPeer *peer)
{
	OTK_CLEANUP(sd_bus_unrefp) sd_bus *bus = NULL;
	int fds[2];

	OTK_TEST_ASSERT(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
	peer->fd = fds[1];
	peer->listen_fd = -1;
	OTK_TEST_ASSERT(pthread_create(&peer->thread, NULL, otk_test_peer_thread, peer) == 0);
	OTK_TEST_ASSERT(sd_bus_new(&bus) >= 0);
	OTK_TEST_ASSERT(sd_bus_set_fd(bus, fds[0], fds[0]) >= 0);
	OTK_TEST_ASSERT(sd_bus_start(bus) >= 0);
	return otk_client_new_for_bus(bus);
}

void
otk_test_client_finish(OtkClient *client, OtkTestPeer *peer)
{
	otk_client_free(client);
	OTK_TEST_ASSERT(pthread_join(peer->thread, NULL) == 0);
	OTK_TEST_ASSERT_CMPINT(peer->result, 0);
}

char *
otk_test_client_last_call(OtkClient *client)
{
	char *record = NULL;

	OTK_TEST_ASSERT_CMPINT(
	    otk_client_call_string(client, "Test", "LastCall", NULL, NULL, &record, NULL), 0);
	return record;
}

void
otk_test_assert_error(OtkCallError *error, const char *name, bool unreachable)
{
	OTK_TEST_ASSERT(error != NULL);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_name(error), name);
	OTK_TEST_ASSERT(otk_call_error_is_unreachable(error) == unreachable);
	otk_call_error_free(error);
}
