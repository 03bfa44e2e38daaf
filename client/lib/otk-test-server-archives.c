/*
 * The Archives interface of the fake opentokd. Every call is recorded for
 * Test.LastCall, so tests check the exact arguments there; the answers are canned:
 *   an id or session "missing"   -> Error.NotFound, for every method
 *   Start(s, a{sv})              -> a new "started" archive of that session
 *   Get(s)                       -> archive "A2": a sparse one (empty name, no sizes);
 *                                   any other id: a complete "available" archive
 *   List(a{sv})                  -> the complete archive "A1" and "A2", total 7
 *   Stop(s)                      -> the complete archive, "stopped"; "idle" -> Conflict
 *   Delete(s)                    -> nothing; "busy" -> Conflict
 *   SetLayout(s, a{sv})          -> nothing
 *   AddStream(s, s, a{sv})       -> nothing; archive "auto" -> NotAllowed
 *   RemoveStream(s, s)           -> nothing
 */
#include <errno.h>

#include "otk-client-private.h"
#include "otk-test-server.h"

#define OTK_TEST_CREATED_AT INT64_C(1747655658197) /* 2025-05-19T11:54:18Z */

/* the sparse archive the daemon returns when the API leaves most fields out */
static OtkOptions *
otk_test_archive_new_sparse(const char *id, const char *session_id, const char *status)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *a = otk_options_new();

	if (a == NULL || otk_options_set_string(a, "id", id) < 0 ||
	    otk_options_set_string(a, "status", status) < 0 ||
	    otk_options_set_string(a, "name", "") < 0 ||
	    otk_options_set_string(a, "session_id", session_id) < 0 ||
	    otk_options_set_int64(a, "created_at", OTK_TEST_CREATED_AT + 60000) < 0)
		return NULL;
	return otk_steal_pointer(&a);
}

static int
otk_test_archive_add_nested(OtkOptions *a)
{
	OtkOptions *layout = otk_options_new();
	OtkOptions *stream = otk_options_new();

	if (layout == NULL || stream == NULL || otk_options_set_string(layout, "type", "pip") < 0 ||
	    otk_options_set_string(stream, "stream_id", "ST1") < 0 ||
	    otk_options_set_bool(stream, "has_audio", true) < 0) {
		otk_options_free(layout);
		otk_options_free(stream);
		return -ENOMEM;
	}
	if (otk_options_set_dict(a, "layout", layout) < 0)
		return -ENOMEM;
	return otk_options_add_dict_array_item(a, "streams", stream);
}

/* every field an archive can carry, plus one the client does not know */
static OtkOptions *
otk_test_archive_new_full(const char *id, const char *status)
{
	OTK_CLEANUP(otk_options_freep)
	OtkOptions *a = otk_test_archive_new_sparse(id, "S1", status);

	if (a == NULL || otk_options_set_string(a, "name", "Weekly review") < 0 ||
	    otk_options_set_int64(a, "project_id", 123456) < 0 ||
	    otk_options_set_int64(a, "created_at", OTK_TEST_CREATED_AT) < 0 ||
	    otk_options_set_int64(a, "updated_at", OTK_TEST_CREATED_AT + 62000) < 0 ||
	    otk_options_set_int64(a, "duration", 62) < 0 ||
	    otk_options_set_int64(a, "size", 8347554) < 0 ||
	    otk_options_set_bool(a, "has_audio", true) < 0 ||
	    otk_options_set_bool(a, "has_video", false) < 0 ||
	    otk_options_set_string(a, "output_mode", "composed") < 0 ||
	    otk_options_set_string(a, "resolution", "1280x720") < 0 ||
	    otk_options_set_string(a, "stream_mode", "manual") < 0 ||
	    otk_test_archive_add_nested(a) < 0 ||
	    otk_options_set_string(a, "url", "https://media.example/A1.mp4") < 0 ||
	    otk_options_set_string(a, "reason", "user initiated") < 0 ||
	    otk_options_set_string(a, "sha256sum", "9f86d0") < 0)
		return NULL;
	return otk_steal_pointer(&a);
}

/* records the call and reads its first string; "missing" is refused for every method */
static int
otk_test_archives_begin(sd_bus_message *m, const char **ret_first, sd_bus_error *ret_error)
{
	int r = otk_test_server_record(m);

	if (r >= 0)
		r = sd_bus_message_read_basic(m, 's', ret_first);
	if (r < 0)
		return r;
	if (strcmp(*ret_first, "missing") == 0)
		return sd_bus_error_set(ret_error,
					OTK_ERROR_PREFIX "NotFound",
					"'missing' not found: 404 resource does not exist");
	return 0;
}

static int
method_start(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *session_id;
	int r = otk_test_archives_begin(m, &session_id, ret_error);

	if (r < 0)
		return r;
	return otk_test_server_reply_dict(m,
				      otk_test_archive_new_sparse("A-new", session_id, "started"));
}

static int
method_get(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *id;
	int r = otk_test_archives_begin(m, &id, ret_error);

	if (r < 0)
		return r;
	if (strcmp(id, "A2") == 0)
		return otk_test_server_reply_dict(m,
						  otk_test_archive_new_sparse(id, "S1", "started"));
	return otk_test_server_reply_dict(m, otk_test_archive_new_full(id, "available"));
}

static int
method_stop(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *id;
	int r = otk_test_archives_begin(m, &id, ret_error);

	if (r < 0)
		return r;
	if (strcmp(id, "idle") == 0)
		return sd_bus_error_set(ret_error,
					OTK_ERROR_PREFIX "Conflict",
					"archive 'idle' is not recording: 409 conflict");
	return otk_test_server_reply_dict(m, otk_test_archive_new_full(id, "stopped"));
}

static int
method_list(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtkOptions *items[] = {
	    otk_test_archive_new_full("A1", "available"),
	    otk_test_archive_new_sparse("A2", "S1", "started"),
	};
	int r = otk_test_server_record(m);

	if (r < 0) {
		for (size_t i = 0; i < OTK_N_ELEMENTS(items); i++)
			otk_options_free(items[i]);
		return r;
	}
	return otk_test_server_reply_list(m, items, OTK_N_ELEMENTS(items), 7);
}

/* Delete, SetLayout, AddStream and RemoveStream: no result */
static int
method_no_result(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *member = sd_bus_message_get_member(m);
	const char *id;
	int r = otk_test_archives_begin(m, &id, ret_error);

	if (r < 0)
		return r;
	if (strcmp(member, "Delete") == 0 && strcmp(id, "busy") == 0)
		return sd_bus_error_set(ret_error,
					OTK_ERROR_PREFIX "Conflict",
					"archive 'busy' is still recording: 409 conflict");
	if (strcmp(member, "AddStream") == 0 && strcmp(id, "auto") == 0)
		return sd_bus_error_set(
		    ret_error,
		    OTK_ERROR_PREFIX "NotAllowed",
		    "archive 'auto' selects its streams itself: 405 not allowed");
	return sd_bus_reply_method_return(m, NULL);
}

static const sd_bus_vtable otk_test_archives_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Start", "sa{sv}", "a{sv}", method_start, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Get", "s", "a{sv}", method_get, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("List", "a{sv}", "aa{sv}u", method_list, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Stop", "s", "a{sv}", method_stop, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Delete", "s", "", method_no_result, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("SetLayout", "sa{sv}", "", method_no_result, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("AddStream", "ssa{sv}", "", method_no_result, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("RemoveStream", "ss", "", method_no_result, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

int
otk_test_server_add_archives(sd_bus *bus)
{
	return sd_bus_add_object_vtable(bus,
					NULL,
					OTK_ROOT_PATH "/Archives",
					OTK_ROOT_IFACE ".Archives",
					otk_test_archives_vtable,
					NULL);
}
