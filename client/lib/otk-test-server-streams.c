/*
 * The Streams interface of the fake opentokd. Every call is recorded for
 * Test.LastCall, so tests check the exact arguments there; the answers are canned:
 *   a session or stream "missing"  -> Error.NotFound, for every method
 *   Get(s, s)                      -> stream "ST2": a screen share with an empty name and
 *                                     no class (an empty `av`, as the daemon turns an
 *                                     empty JSON array); any other id: a camera stream
 *                                     with the classes "full" and "focus"
 *   List(s)                        -> "ST1" (the camera) and "ST2", total 2
 *   SetLayoutClasses(s, a{sas})    -> nothing; an empty map -> Error.InvalidArgs
 *   ForceMute(s, s)                -> nothing
 *   ForceMuteAll(s, as)            -> nothing
 *   DisableForceMute(s)            -> nothing
 */
#include <errno.h>

#include "otk-client-private.h"
#include "otk-test-server.h"

/* one stream as its a{sv} */
static int
otk_test_stream_append(sd_bus_message *reply, const char *id)
{
	if (strcmp(id, "ST2") == 0)
		return sd_bus_message_append(reply,
					     "a{sv}",
					     4,
					     "id", "s", id,
					     "video_type", "s", "screen",
					     "name", "s", "",
					     "layout_class_list", "av", 0);
	return sd_bus_message_append(reply,
				     "a{sv}",
				     4,
				     "id", "s", id,
				     "video_type", "s", "camera",
				     "name", "s", "Alice",
				     "layout_class_list", "as", 2, "full", "focus");
}

/* records the call and reads its first @n strings; "missing" is refused in any of them */
static int
otk_test_streams_begin(sd_bus_message *m, const char **ids, size_t n, sd_bus_error *ret_error)
{
	int r = otk_test_server_record(m);

	for (size_t i = 0; r >= 0 && i < n; i++) {
		r = sd_bus_message_read_basic(m, 's', &ids[i]);
		if (r >= 0 && strcmp(ids[i], "missing") == 0)
			return sd_bus_error_setf(ret_error,
						 OTK_ERROR_PREFIX "NotFound",
						 "'%s' not found: 404 %s not found",
						 ids[i],
						 i == 0 ? "session" : "stream");
	}
	return r;
}

static int
method_get(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	const char *ids[2];
	int r = otk_test_streams_begin(m, ids, 2, ret_error);

	if (r >= 0)
		r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = otk_test_stream_append(reply, ids[1]);
	if (r < 0)
		return r;
	return sd_bus_send(NULL, reply, NULL);
}

static int
method_list(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
	const char *ids[1];
	uint32_t total = 2;
	int r = otk_test_streams_begin(m, ids, 1, ret_error);

	if (r >= 0)
		r = sd_bus_message_new_method_return(m, &reply);
	if (r >= 0)
		r = sd_bus_message_open_container(reply, 'a', "a{sv}");
	if (r >= 0)
		r = otk_test_stream_append(reply, "ST1");
	if (r >= 0)
		r = otk_test_stream_append(reply, "ST2");
	if (r >= 0)
		r = sd_bus_message_close_container(reply);
	if (r >= 0)
		r = sd_bus_message_append_basic(reply, 'u', &total);
	if (r < 0)
		return r;
	return sd_bus_send(NULL, reply, NULL);
}

static int
method_set_layout_classes(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *ids[1];
	int r = otk_test_streams_begin(m, ids, 1, ret_error);

	if (r >= 0)
		r = sd_bus_message_enter_container(m, 'a', "{sas}");
	if (r >= 0)
		r = sd_bus_message_at_end(m, false);
	if (r < 0)
		return r;
	if (r > 0)
		return sd_bus_error_set(
		    ret_error, OTK_ERROR_PREFIX "InvalidArgs", "invalid 'classes': no stream");
	return sd_bus_reply_method_return(m, NULL);
}

/* ForceMute, ForceMuteAll and DisableForceMute: recorded, ids checked, no result */
static int
method_no_result(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *ids[2];
	size_t n = strcmp(sd_bus_message_get_member(m), "ForceMute") == 0 ? 2 : 1;
	int r = otk_test_streams_begin(m, ids, n, ret_error);

	if (r < 0)
		return r;
	return sd_bus_reply_method_return(m, NULL);
}

static const sd_bus_vtable otk_test_streams_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Get", "ss", "a{sv}", method_get, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("List", "s", "aa{sv}u", method_list, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("SetLayoutClasses",
		  "sa{sas}",
		  "",
		  method_set_layout_classes,
		  SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("ForceMute", "ss", "", method_no_result, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("ForceMuteAll", "sas", "", method_no_result, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("DisableForceMute", "s", "", method_no_result, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

int
otk_test_server_add_streams(sd_bus *bus)
{
	return sd_bus_add_object_vtable(bus,
					NULL,
					OTK_ROOT_PATH "/Streams",
					OTK_ROOT_IFACE ".Streams",
					otk_test_streams_vtable,
					NULL);
}
