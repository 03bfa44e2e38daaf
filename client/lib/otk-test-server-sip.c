/*
 * The Sip and AudioConnector interfaces of the fake opentokd. Every call is recorded for
 * Test.LastCall, and option dictionaries are checked against the contract's key table
 * with their D-Bus types (otk_test_server_check_options()), so a `headers` sent as
 * anything but `a{ss}`, or an `auth` that is not an `a{sv}`, is refused naming the key.
 * The answers:
 *   session "missing"                  -> Error.NotFound, for every method
 *   session "relayed"                  -> Error.Conflict, for Dial and Connect
 *   Sip.Dial(s, s, s, a{sv})           -> the SIP call "SIP1" of that session
 *   Sip.PlayDtmf(s, s, s)              -> nothing; connection "gone" -> NotFound;
 *                                         digits other than 0-9 * # p -> InvalidArgs
 *   AudioConnector.Connect(s, s, s, a{sv}) -> connector "AC1", connection "C-ws"
 */
#include <errno.h>

#include "otk-client-private.h"
#include "otk-test-server.h"

#define OTK_TEST_CREATED_AT INT64_C(1747655658197) /* 2025-05-19T11:54:18Z */

static const OtkTestOptionType otk_test_dial_types[] = {
    {"from", "s"},
    {"headers", "a{ss}"},
    {"auth", "a{sv}"},
    {"auth.username", "s"},
    {"auth.password", "s"},
    {"secure", "b"},
    {"video", "b"},
    {"observe_force_mute", "b"},
    {"streams", "as"},
    {NULL, NULL},
};

static const OtkTestOptionType otk_test_connect_types[] = {
    {"streams", "as"},
    {"headers", "a{ss}"},
    {"audio_rate", "x"},
    {"bidirectional", "b"},
    {NULL, NULL},
};

/* records the call, reads the session, token and URI, and checks the options */
static int
otk_test_sip_begin(sd_bus_message *m,
		   const OtkTestOptionType *types,
		   const char **ret_session_id,
		   sd_bus_error *ret_error)
{
	const char *token;
	const char *uri;
	int r = otk_test_server_begin(m, ret_session_id, "session", ret_error);

	if (r >= 0)
		r = sd_bus_message_read(m, "ss", &token, &uri);
	if (r >= 0)
		r = otk_test_server_check_options(m, types, ret_error);
	if (r < 0)
		return r;
	if (strcmp(*ret_session_id, "relayed") == 0)
		return sd_bus_error_set(ret_error,
					OTK_ERROR_PREFIX "Conflict",
					"session 'relayed' is not routed: 409 conflict");
	return 0;
}

static OtkOptions *
otk_test_sip_call_new(const char *session_id)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *call = otk_options_new();

	if (call == NULL || otk_options_set_string(call, "id", "SIP1") < 0 ||
	    otk_options_set_string(call, "project_id", "123456") < 0 ||
	    otk_options_set_string(call, "session_id", session_id) < 0 ||
	    otk_options_set_string(call, "connection_id", "C-sip") < 0 ||
	    otk_options_set_string(call, "stream_id", "ST-sip") < 0 ||
	    otk_options_set_int64(call, "created_at", OTK_TEST_CREATED_AT) < 0 ||
	    otk_options_set_int64(call, "updated_at", OTK_TEST_CREATED_AT + 100) < 0)
		return NULL;
	return otk_steal_pointer(&call);
}

static int
method_dial(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *session_id;
	int r = otk_test_sip_begin(m, otk_test_dial_types, &session_id, ret_error);

	if (r < 0)
		return r;
	return otk_test_server_reply_dict(m, otk_test_sip_call_new(session_id));
}

static int
method_play_dtmf(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *session_id;
	const char *connection_id;
	const char *digits;
	int r = otk_test_server_begin(m, &session_id, "session", ret_error);

	if (r >= 0)
		r = sd_bus_message_read(m, "ss", &connection_id, &digits);
	if (r < 0)
		return r;
	if (strcmp(connection_id, "gone") == 0)
		return sd_bus_error_set(ret_error,
					OTK_ERROR_PREFIX "NotFound",
					"connection 'gone' not found: 404 not connected");
	if (digits[0] == '\0' || strspn(digits, "0123456789*#p") != strlen(digits))
		return sd_bus_error_set(ret_error,
					OTK_ERROR_PREFIX "InvalidArgs",
					"invalid digits: only 0-9, '*', '#' and 'p' are allowed");
	return sd_bus_reply_method_return(m, NULL);
}

static int
method_connect(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtkOptions *connection = otk_options_new();
	const char *session_id;
	int r = otk_test_sip_begin(m, otk_test_connect_types, &session_id, ret_error);

	if (r >= 0 && (connection == NULL || otk_options_set_string(connection, "id", "AC1") < 0 ||
		       otk_options_set_string(connection, "connection_id", "C-ws") < 0))
		r = -ENOMEM;
	if (r < 0) {
		otk_options_free(connection);
		return r;
	}
	return otk_test_server_reply_dict(m, connection);
}

static const sd_bus_vtable otk_test_sip_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Dial", "sssa{sv}", "a{sv}", method_dial, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("PlayDtmf", "sss", "", method_play_dtmf, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

static const sd_bus_vtable otk_test_audio_connector_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Connect", "sssa{sv}", "a{sv}", method_connect, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

int
otk_test_server_add_sip(sd_bus *bus)
{
	int r = sd_bus_add_object_vtable(bus,
					 NULL,
					 OTK_ROOT_PATH "/Sip",
					 OTK_ROOT_IFACE ".Sip",
					 otk_test_sip_vtable,
					 NULL);
	if (r < 0)
		return r;
	return sd_bus_add_object_vtable(bus,
					NULL,
					OTK_ROOT_PATH "/AudioConnector",
					OTK_ROOT_IFACE ".AudioConnector",
					otk_test_audio_connector_vtable,
					NULL);
}
