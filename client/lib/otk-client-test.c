/*
 * Unit tests: OtkClient against the fake opentokd of otk-test-server.c, served from a
 * thread on a socketpair (or on a listening socket, as a message bus would be).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "otk-client-private.h"
#include "otk-test-server.h"
#include "otk-test.h"

static void
otk_client_create_session_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_AUTOFREE char *id = NULL;
	OTK_AUTOFREE char *plain = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "media_mode", "routed"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "e2ee", true), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_create_session(client, opts, &id, NULL), 0);
	OTK_TEST_ASSERT_CMPSTR(id, "session:{\"media_mode\":\"routed\",\"e2ee\":true}");
	/* no options still sends the (empty) a{sv} the method takes */
	OTK_TEST_ASSERT_CMPINT(otk_client_create_session(client, NULL, &plain, NULL), 0);
	OTK_TEST_ASSERT_CMPSTR(plain, "session:{}");
	otk_test_client_finish(client, &peer);
}

static void
otk_client_generate_token_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_AUTOFREE char *token = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "role", "moderator"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(opts, "expire_time", 1700000000), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_strv_item(opts, "initial_layout_class_list", "full"),
			       0);
	OTK_TEST_ASSERT_CMPINT(otk_client_generate_token(client, "S1", opts, &token, NULL), 0);
	OTK_TEST_ASSERT_CMPSTR(token,
			       "token:S1:{\"role\":\"moderator\",\"expire_time\":1700000000,"
			       "\"initial_layout_class_list\":[\"full\"]}");
	free(token);
	token = NULL;
	OTK_TEST_ASSERT(otk_client_generate_token(client, "bad", NULL, &token, &error) < 0);
	OTK_TEST_ASSERT(token == NULL);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_INVALID_ARGS);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error), "invalid session id 'bad'");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_client_status_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_dict_freep) OtkDict *status = NULL;
	OTK_AUTOFREE char *json = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_ping(client, NULL), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_get_status(client, &status, NULL), 0);
	json = otk_dict_to_json(status, OTK_JSON_FLAG_NONE);
	OTK_TEST_ASSERT_CMPSTR(json,
			       "{\"version\":\"0.1.0-test\",\"api_key\":\"123456\","
			       "\"api_url\":\"http://127.0.0.1:9/api\","
			       "\"plugins\":[\"archives\",\"connections\"]}");
	OTK_TEST_ASSERT(otk_client_reload(client, &error) < 0);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_PERMISSION_DENIED);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "PermissionDenied", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_client_connections_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_dict_freep) OtkDict *list = NULL;
	OTK_AUTOFREE char *json = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_list_connections(client, "S1", &list, NULL), 0);
	json = otk_dict_to_json(list, OTK_JSON_FLAG_NONE);
	OTK_TEST_ASSERT_CMPSTR(
	    json,
	    "{\"items\":[{\"connection_id\":\"c1\",\"connection_state\":"
	    "\"Connected\",\"created_at\":1747655658197},{\"connection_id\":"
	    "\"connection-2\",\"connection_state\":\"Connecting\"}],\"total\":2}");
	OTK_TEST_ASSERT(otk_client_list_connections(client, "missing", &list, &error) < 0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	OTK_TEST_ASSERT_CMPINT(otk_client_force_disconnect(client, "S1", "c1", NULL), 0);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_force_disconnect(client, "S1", "gone", &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error), "connection 'gone' not found");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_client_generic_func(void)
{
	static const char *const args[] = {"first", NULL};
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *dict = NULL;
	OTK_AUTOFREE char *json = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(opts, "count", 3), 0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_client_call_dict(client, "Test", "Dict", args, opts, &dict, NULL), 0);
	json = otk_dict_to_json(dict, OTK_JSON_FLAG_NONE);
	OTK_TEST_ASSERT_CMPSTR(json, "{\"arg\":\"first\",\"count\":3}");

	/* a reply of the wrong type is a local error, not the daemon's */
	OTK_TEST_ASSERT(otk_client_call_dict(client, "Test", "Wrong", NULL, NULL, &dict, &error) <
			0);
	OTK_TEST_ASSERT(strstr(otk_call_error_get_message(error), "signature 'i'") != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NONE);
	otk_test_assert_error(error, "org.freedesktop.DBus.Error.InconsistentMessage", false);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_call(client, "Test", "Nope", NULL, NULL, &error) < 0);
	otk_test_assert_error(error, "org.freedesktop.DBus.Error.UnknownMethod", false);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_call(client, "Bad/Area", "Get", NULL, NULL, &error) == -EINVAL);
	otk_test_assert_error(error, "org.freedesktop.DBus.Error.InvalidArgs", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_client_timeout_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_get_timeout_ms(client), 30000);
	otk_client_set_timeout_ms(client, 200);
	OTK_TEST_ASSERT_CMPINT(otk_client_get_timeout_ms(client), 200);
	OTK_TEST_ASSERT(otk_client_call(client, "Test", "Hang", NULL, NULL, &error) < 0);
	otk_test_assert_error(error, "org.freedesktop.DBus.Error.Timeout", true);
	otk_client_set_timeout_ms(client, 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_get_timeout_ms(client), OTK_CLIENT_DEFAULT_TIMEOUT_MS);
	otk_test_client_finish(client, &peer);
}

static void
otk_client_disconnected_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_call(client, "Test", "Quit", NULL, NULL, NULL), 0);
	OTK_TEST_ASSERT(pthread_join(peer.thread, NULL) == 0);
	OTK_TEST_ASSERT(otk_client_ping(client, &error) < 0);
	OTK_TEST_ASSERT(error != NULL);
	if (!otk_call_error_is_unreachable(error))
		otk_test_fail(__FILE__,
			      __LINE__,
			      "%s should mean unreachable",
			      otk_call_error_get_name(error));
	otk_call_error_free(error);
	otk_client_free(client);
}

/* the path a message-bus client takes: connect to an address, say Hello, then call */
static void
otk_client_address_func(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	OTK_AUTOFREE char *address = NULL;
	OTK_AUTOFREE char *id = NULL;
	OtkTestPeer peer = {.fd = -1};
	OtkCallError *error = NULL;
	OtkClient *client;
	char dir[] = "/tmp/otk-client-test-XXXXXX";

	OTK_TEST_ASSERT(mkdtemp(dir) != NULL);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/bus", dir);
	peer.listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	OTK_TEST_ASSERT(peer.listen_fd >= 0);
	OTK_TEST_ASSERT(bind(peer.listen_fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	OTK_TEST_ASSERT(listen(peer.listen_fd, 4) == 0);
	OTK_TEST_ASSERT(pthread_create(&peer.thread, NULL, otk_test_peer_thread, &peer) == 0);
	OTK_TEST_ASSERT(asprintf(&address, "unix:path=%s", sa.sun_path) > 0);
	client = otk_client_new_address(address, &error);
	OTK_TEST_ASSERT(client != NULL && error == NULL);
	OTK_TEST_ASSERT_CMPINT(otk_client_create_session(client, NULL, &id, NULL), 0);
	OTK_TEST_ASSERT_CMPSTR(id, "session:{}");
	otk_test_client_finish(client, &peer);
	close(peer.listen_fd);
	unlink(sa.sun_path);
	rmdir(dir);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/client/create-session", otk_client_create_session_func},
	    {"/otk/client/generate-token", otk_client_generate_token_func},
	    {"/otk/client/status", otk_client_status_func},
	    {"/otk/client/connections", otk_client_connections_func},
	    {"/otk/client/generic", otk_client_generic_func},
	    {"/otk/client/timeout", otk_client_timeout_func},
	    {"/otk/client/disconnected", otk_client_disconnected_func},
	    {"/otk/client/address", otk_client_address_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
