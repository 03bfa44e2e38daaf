/*
 * The fake opentokd of the unit tests (see otk-test-server.h). Its answers:
 *   CreateSession(a{sv})        -> "session:" + the options as JSON
 *   GenerateToken(s, a{sv})     -> "token:<session>:" + the options as JSON;
 *                                  session "bad" -> Error.InvalidArgs
 *   Reload()                    -> Error.PermissionDenied
 *   Connections.List(s)         -> two connections, total 2; session "missing" -> NotFound
 *   Connections.ForceDisconnect -> nothing; connection "gone" -> NotFound
 *   Archives.*                  -> see otk-test-server-archives.c
 *   Broadcasts.*                -> see otk-test-server-broadcasts.c
 *   Streams.*                   -> see otk-test-server-streams.c
 *   Signals.Send                -> see otk-test-server-signals.c
 *   Sip.*, AudioConnector.*     -> see otk-test-server-sip.c
 *   Renders.*, Captions.*       -> see otk-test-server-renders.c
 *   Test.Dict(s, a{sv})         -> the options plus "arg": s
 *   Test.LastCall()             -> the last call recorded with otk_test_server_record()
 *   Test.Wrong()                -> an `i`, where the client expects something else
 *   Test.Hang()                 -> never answers
 *   Test.Quit()                 -> answers, then the server stops
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "otk-client-private.h"
#include "otk-test-server.h"
#include "otk-test.h"

typedef struct {
	bool quit;
} OtkTestServer;

/* process-wide: the ctl test asks for it on a later connection than the call's */
static char *otk_test_server_last_call = NULL;

int
otk_test_server_record(sd_bus_message *m)
{
	OTK_AUTOFREE char *args = otk_test_message_dump(m);
	char *record = NULL;

	if (args == NULL || asprintf(&record,
				     "%s(%s) %s",
				     sd_bus_message_get_member(m),
				     sd_bus_message_get_signature(m, 1),
				     args) < 0)
		return -ENOMEM;
	free(otk_test_server_last_call);
	otk_test_server_last_call = record;
	return sd_bus_message_rewind(m, 1);
}

int
otk_test_server_reply_dict(sd_bus_message *m, OtkOptions *dict)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *owned = dict;
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	int r;

	if (owned == NULL)
		return -ENOMEM;
	r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = otk_options_append(owned, reply);
	if (r < 0)
		return r;
	return sd_bus_send(NULL, reply, NULL);
}

static int
otk_test_server_append_list(sd_bus_message *reply, OtkOptions **items, size_t n, uint32_t total)
{
	int r = sd_bus_message_open_container(reply, 'a', "a{sv}");

	for (size_t i = 0; r >= 0 && i < n; i++)
		r = items[i] != NULL ? otk_options_append(items[i], reply) : -ENOMEM;
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r >= 0)
		r = sd_bus_message_append_basic(reply, 'u', &total);
	return r;
}

int
otk_test_server_reply_list(sd_bus_message *m, OtkOptions **items, size_t n, uint32_t total)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	int r = sd_bus_message_new_method_return(m, &reply);

	if (r >= 0)
		r = otk_test_server_append_list(reply, items, n, total);
	for (size_t i = 0; i < n; i++)
		otk_options_free(items[i]);
	if (r < 0)
		return r;
	return sd_bus_send(NULL, reply, NULL);
}

static int
method_test_last_call(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *record = otk_test_server_last_call;
	return sd_bus_reply_method_return(m, "s", record != NULL ? record : "");
}

/* the a{sv} at the current position of @m, as compact JSON */
static char *
otk_test_server_options_json(sd_bus_message *m)
{
	OTK_CLEANUP(otk_dict_freep) OtkDict *dict = NULL;

	if (otk_dict_read(m, &dict) < 0)
		return NULL;
	return otk_dict_to_json(dict, OTK_JSON_FLAG_NONE);
}

static int
method_create_session(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OTK_AUTOFREE char *json = otk_test_server_options_json(m);
	OTK_AUTOFREE char *id = NULL;

	if (json == NULL || asprintf(&id, "session:%s", json) < 0)
		return -ENOMEM;
	return sd_bus_reply_method_return(m, "s", id);
}

static int
method_generate_token(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OTK_AUTOFREE char *json = NULL;
	OTK_AUTOFREE char *token = NULL;
	const char *session_id;
	int r = sd_bus_message_read(m, "s", &session_id);

	if (r < 0)
		return r;
	if (strcmp(session_id, "bad") == 0)
		return sd_bus_error_setf(ret_error,
					 OTK_ERROR_PREFIX "InvalidArgs",
					 "invalid session id '%s'",
					 session_id);
	json = otk_test_server_options_json(m);
	if (json == NULL || asprintf(&token, "token:%s:%s", session_id, json) < 0)
		return -ENOMEM;
	return sd_bus_reply_method_return(m, "s", token);
}

static int
method_reload(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return sd_bus_error_set(ret_error,
				OTK_ERROR_PREFIX "PermissionDenied",
				"caller uid 1001 lacks 'admin'");
}

static int
property_get_plugins(sd_bus *bus,
		     const char *path,
		     const char *interface,
		     const char *property,
		     sd_bus_message *reply,
		     void *userdata,
		     sd_bus_error *ret_error)
{
	return sd_bus_message_append(reply, "as", 2, "archives", "connections");
}

static int
property_get_string(sd_bus *bus,
		    const char *path,
		    const char *interface,
		    const char *property,
		    sd_bus_message *reply,
		    void *userdata,
		    sd_bus_error *ret_error)
{
	const char *value = strcmp(property, "Version") == 0  ? "0.1.0-test"
			    : strcmp(property, "ApiKey") == 0 ? "123456"
							      : "http://127.0.0.1:9/api";
	return sd_bus_message_append(reply, "s", value);
}

static int
method_list_connections(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *session_id;
	int r = sd_bus_message_read(m, "s", &session_id);

	if (r < 0)
		return r;
	if (strcmp(session_id, "missing") == 0)
		return sd_bus_error_set(ret_error,
					OTK_ERROR_PREFIX "NotFound",
					"session 'missing' not found: 404 session not found");
	return sd_bus_reply_method_return(m,
					  "aa{sv}u",
					  2,
					  3,
					  "connection_id", "s", "c1",
					  "connection_state", "s", "Connected",
					  "created_at", "x", INT64_C(1747655658197),
					  2,
					  "connection_id", "s", "connection-2",
					  "connection_state", "s", "Connecting",
					  2);
}

static int
method_force_disconnect(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *session_id;
	const char *connection_id;
	int r = sd_bus_message_read(m, "ss", &session_id, &connection_id);

	if (r < 0)
		return r;
	if (strcmp(connection_id, "gone") == 0)
		return sd_bus_error_setf(ret_error,
					 OTK_ERROR_PREFIX "NotFound",
					 "connection '%s' not found",
					 connection_id);
	return sd_bus_reply_method_return(m, NULL);
}

static int
method_test_dict(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	const char *arg;
	int r = sd_bus_message_read(m, "s", &arg);

	if (r >= 0)
		r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'a', "{sv}");
	if (r >= 0)
		r = sd_bus_message_append(reply, "{sv}", "arg", "s", arg);
	if (r >= 0)
		r = sd_bus_message_enter_container(m, 'a', "{sv}");
	if (r >= 0)
		r = sd_bus_message_copy(reply, m, 1);
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r < 0)
		return r;
	return sd_bus_send(NULL, reply, NULL);
}

static int
method_test_wrong(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return sd_bus_reply_method_return(m, "i", 42);
}

static int
method_test_hang(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return 1; /* handled, never answered */
}

static int
method_test_quit(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtkTestServer *server = userdata;
	server->quit = true;
	return sd_bus_reply_method_return(m, NULL);
}

static int
method_hello(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return sd_bus_reply_method_return(m, "s", ":1.42");
}

static const sd_bus_vtable otk_test_root_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_PROPERTY("Version", "s", property_get_string, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("ApiKey", "s", property_get_string, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("ApiUrl", "s", property_get_string, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_PROPERTY("Plugins", "as", property_get_plugins, 0, SD_BUS_VTABLE_PROPERTY_CONST),
    SD_BUS_METHOD("CreateSession", "a{sv}", "s", method_create_session, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("GenerateToken",
		  "sa{sv}",
		  "s",
		  method_generate_token,
		  SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Reload", "", "", method_reload, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

static const sd_bus_vtable otk_test_connections_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("List", "s", "aa{sv}u", method_list_connections, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("ForceDisconnect", "ss", "", method_force_disconnect, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

static const sd_bus_vtable otk_test_test_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Dict", "sa{sv}", "a{sv}", method_test_dict, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("LastCall", "", "s", method_test_last_call, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Wrong", "", "i", method_test_wrong, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Hang", "", "", method_test_hang, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Quit", "", "", method_test_quit, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

static const sd_bus_vtable otk_test_hello_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Hello", "", "s", method_hello, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

static int
otk_test_server_add_objects(sd_bus *bus, OtkTestServer *server, int bus_hello)
{
	int r = sd_bus_add_object_vtable(bus,
					 NULL,
					 OTK_ROOT_PATH,
					 OTK_ROOT_IFACE,
					 otk_test_root_vtable,
					 server);
	if (r >= 0)
		r = sd_bus_add_object_vtable(bus,
					     NULL,
					     OTK_ROOT_PATH "/Connections",
					     OTK_ROOT_IFACE ".Connections",
					     otk_test_connections_vtable,
					     server);
	if (r >= 0)
		r = otk_test_server_add_archives(bus);
	if (r >= 0)
		r = otk_test_server_add_broadcasts(bus);
	if (r >= 0)
		r = otk_test_server_add_streams(bus);
	if (r >= 0)
		r = otk_test_server_add_signals(bus);
	if (r >= 0)
		r = otk_test_server_add_sip(bus);
	if (r >= 0)
		r = otk_test_server_add_renders(bus);
	if (r >= 0)
		r = sd_bus_add_object_vtable(bus,
					     NULL,
					     OTK_ROOT_PATH "/Test",
					     OTK_ROOT_IFACE ".Test",
					     otk_test_test_vtable,
					     server);
	if (r >= 0 && bus_hello)
		r = sd_bus_add_object_vtable(bus,
					     NULL,
					     "/org/freedesktop/DBus",
					     "org.freedesktop.DBus",
					     otk_test_hello_vtable,
					     server);
	return r;
}

int
otk_test_server_run(int fd, int bus_hello)
{
	OTK_CLEANUP(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
	OtkTestServer server = {false};
	sd_id128_t id =
	    SD_ID128_MAKE(0d, 7e, 57, 5e, 4e, 7e, 4c, 11, 9a, 6e, 3a, 1f, 2b, 0c, 9d, 01);
	int r = sd_bus_new(&bus);

	if (r >= 0)
		r = sd_bus_set_fd(bus, fd, fd);
	if (r >= 0)
		r = sd_bus_set_server(bus, 1, id);
	if (r >= 0)
		r = otk_test_server_add_objects(bus, &server, bus_hello);
	if (r >= 0)
		r = sd_bus_start(bus);
	while (r >= 0 && !server.quit) {
		r = sd_bus_process(bus, NULL);
		if (r == 0)
			r = sd_bus_wait(bus, UINT64_MAX);
	}
	/* the peer hanging up is how a test normally ends */
	return r == -ECONNRESET || r == -ENOTCONN || r >= 0 ? 0 : r;
}
