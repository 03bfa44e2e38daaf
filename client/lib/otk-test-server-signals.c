/*
 * The Signals interface of the fake opentokd. Send is recorded for Test.LastCall and
 * checks the signal as the contract pins it, so a test sees the client's keys and types
 * accepted or refused the daemon's way:
 *   session "missing", connection "gone"    -> Error.NotFound
 *   a key other than `type` and `data`, or
 *   a value that is not `s`                 -> Error.InvalidArgs naming the key
 *   neither key                             -> Error.InvalidArgs
 *   a type with other characters than
 *   letters, digits, '-', '_' and '~'       -> Error.InvalidArgs
 *   a type over 128 bytes, data over 8192   -> Error.TooLarge
 *   anything else                           -> nothing
 */
#include <errno.h>

#include "otk-client-private.h"
#include "otk-test-server.h"

#define OTK_TEST_TYPE_CHARS                                                                        \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~"

static int
otk_test_signal_check_value(const char *key, const char *value, sd_bus_error *ret_error)
{
	size_t len = strlen(value);
	bool type = strcmp(key, "type") == 0;

	if (type && strspn(value, OTK_TEST_TYPE_CHARS) != len)
		return sd_bus_error_setf(ret_error,
					 OTK_ERROR_PREFIX "InvalidArgs",
					 "invalid signal 'type': only letters, digits, '-', '_' "
					 "and '~' are allowed");
	if (len > (type ? 128u : 8192u))
		return sd_bus_error_setf(ret_error,
					 OTK_ERROR_PREFIX "TooLarge",
					 "signal '%s' is %zu bytes, over %u",
					 key,
					 len,
					 type ? 128u : 8192u);
	return 0;
}

/* one {sv} entry of the signal */
static int
otk_test_signal_check_entry(sd_bus_message *m, unsigned *ret_seen, sd_bus_error *ret_error)
{
	const char *contents = NULL;
	const char *value;
	const char *key;
	int r = sd_bus_message_read_basic(m, 's', &key);

	if (r >= 0)
		r = sd_bus_message_peek_type(m, NULL, &contents);
	if (r < 0)
		return r;
	if (strcmp(key, "type") != 0 && strcmp(key, "data") != 0)
		return sd_bus_error_setf(
		    ret_error, OTK_ERROR_PREFIX "InvalidArgs", "unknown signal key '%s'", key);
	if (strcmp(contents, "s") != 0)
		return sd_bus_error_setf(ret_error,
					 OTK_ERROR_PREFIX "InvalidArgs",
					 "invalid signal '%s': must be s, not %s",
					 key,
					 contents);
	r = sd_bus_message_read(m, "v", "s", &value);
	if (r < 0)
		return r;
	(*ret_seen)++;
	return otk_test_signal_check_value(key, value, ret_error);
}

static int
otk_test_signal_check(sd_bus_message *m, sd_bus_error *ret_error)
{
	unsigned seen = 0;
	int r = sd_bus_message_enter_container(m, 'a', "{sv}");

	while (r >= 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		r = otk_test_signal_check_entry(m, &seen, ret_error);
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	}
	if (r >= 0)
		r = sd_bus_message_exit_container(m);
	if (r >= 0 && seen == 0)
		return sd_bus_error_set(
		    ret_error, OTK_ERROR_PREFIX "InvalidArgs", "a signal needs a type or data");
	return r;
}

static int
method_send(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *session_id;
	const char *connection_id;
	int r = otk_test_server_record(m);

	if (r >= 0)
		r = sd_bus_message_read(m, "ss", &session_id, &connection_id);
	if (r < 0)
		return r;
	if (strcmp(session_id, "missing") == 0 || strcmp(connection_id, "gone") == 0)
		return sd_bus_error_setf(ret_error,
					 OTK_ERROR_PREFIX "NotFound",
					 "'%s' not found: 404 not found",
					 strcmp(session_id, "missing") == 0 ? session_id
									    : connection_id);
	r = otk_test_signal_check(m, ret_error);
	if (r < 0)
		return r;
	return sd_bus_reply_method_return(m, NULL);
}

static const sd_bus_vtable otk_test_signals_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Send", "ssa{sv}", "", method_send, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

int
otk_test_server_add_signals(sd_bus *bus)
{
	return sd_bus_add_object_vtable(bus,
					NULL,
					OTK_ROOT_PATH "/Signals",
					OTK_ROOT_IFACE ".Signals",
					otk_test_signals_vtable,
					NULL);
}
