/*
 * The Broadcasts interface of the fake opentokd. Every call is recorded for
 * Test.LastCall. The option dictionaries are also checked against the contract's key
 * table, nested keys included: a key the table lacks, or a value of another D-Bus type
 * (integers must be `x`, as the client's setters send them), is refused with
 * Error.InvalidArgs naming the key ("invalid option 'outputs.hls': …"), so a test sees a
 * wrongly typed option fail. The answers:
 *   an id or session "missing"   -> Error.NotFound, for every method
 *   Start(s, a{sv})              -> a new "started" broadcast "B-new" of that session,
 *                                   with an HLS URL and no RTMP target
 *   Get(s)                       -> broadcast "B2": a stopped one, without URLs; any
 *                                   other id: the complete "started" broadcast
 *   List(a{sv})                  -> the complete "B1" and the stopped "B2", total 4
 *   Stop(s)                      -> the stopped broadcast of that id
 *   SetLayout(s, a{sv})          -> nothing
 *   AddStream(s, s, a{sv})       -> nothing; broadcast "auto" -> NotAllowed
 *   RemoveStream(s, s)           -> nothing
 */
#include <errno.h>
#include <stdio.h>

#include "otk-client-private.h"
#include "otk-test-server.h"

#define OTK_TEST_CREATED_AT INT64_C(1747655658197) /* 2025-05-19T11:54:18Z */

static const OtkTestOptionType otk_test_start_types[] = {
    {"outputs", "a{sv}"},
    {"outputs.hls", "a{sv}"},
    {"outputs.hls.dvr", "b"},
    {"outputs.hls.low_latency", "b"},
    {"outputs.rtmp", "aa{sv}"},
    {"outputs.rtmp.id", "s"},
    {"outputs.rtmp.server_url", "s"},
    {"outputs.rtmp.stream_name", "s"},
    {"layout", "a{sv}"},
    {"layout.type", "s"},
    {"layout.stylesheet", "s"},
    {"layout.screenshare_type", "s"},
    {"max_duration", "x"},
    {"max_bitrate", "x"},
    {"resolution", "s"},
    {"stream_mode", "s"},
    {"multi_broadcast_tag", "s"},
    {"has_audio", "b"},
    {"has_video", "b"},
    {NULL, NULL},
};

static const OtkTestOptionType otk_test_layout_types[] = {
    {"type", "s"},
    {"stylesheet", "s"},
    {"screenshare_type", "s"},
    {NULL, NULL},
};

static const OtkTestOptionType otk_test_stream_types[] = {
    {"has_audio", "b"},
    {"has_video", "b"},
    {NULL, NULL},
};

static const OtkTestOptionType otk_test_filter_types[] = {
    {"offset", "x"},
    {"count", "x"},
    {"session_id", "s"},
    {NULL, NULL},
};

static OtkOptions *
otk_test_rtmp_target(const char *id, const char *url, const char *name, const char *status)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *t = otk_options_new();

	if (t == NULL || (id != NULL && otk_options_set_string(t, "id", id) < 0) ||
	    otk_options_set_string(t, "server_url", url) < 0 ||
	    otk_options_set_string(t, "stream_name", name) < 0 ||
	    otk_options_set_string(t, "status", status) < 0)
		return NULL;
	return otk_steal_pointer(&t);
}

/* broadcast_urls of the complete broadcast: HLS and two targets, one of them without id */
static OtkOptions *
otk_test_broadcast_urls(void)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *urls = otk_options_new();

	if (urls == NULL ||
	    otk_options_set_string(urls, "hls", "https://cdn.example/B1/playlist.m3u8") < 0 ||
	    otk_options_set_string(urls, "hls_status", "ready") < 0 ||
	    otk_options_add_dict_array_item(
		urls,
		"rtmp",
		otk_test_rtmp_target(
		    "yt", "rtmp://a.rtmp.youtube.com/live2", "abcd-1234", "live")) < 0 ||
	    otk_options_add_dict_array_item(
		urls,
		"rtmp",
		otk_test_rtmp_target(NULL, "rtmps://live.example:443/app", "k9", "connecting")) < 0)
		return NULL;
	return otk_steal_pointer(&urls);
}

/* the fields every broadcast of the fake has */
static OtkOptions *
otk_test_broadcast_new(const char *id, const char *session_id, const char *status)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *b = otk_options_new();

	if (b == NULL || otk_options_set_string(b, "id", id) < 0 ||
	    otk_options_set_string(b, "session_id", session_id) < 0 ||
	    otk_options_set_int64(b, "project_id", 123456) < 0 ||
	    otk_options_set_int64(b, "created_at", OTK_TEST_CREATED_AT + 60000) < 0 ||
	    otk_options_set_string(b, "status", status) < 0 ||
	    otk_options_set_string(b, "resolution", "640x480") < 0)
		return NULL;
	return otk_steal_pointer(&b);
}

static int
otk_test_broadcast_add_nested(OtkOptions *b)
{
	OtkOptions *layout = otk_options_new();
	OtkOptions *stream = otk_options_new();
	int r;

	if (layout == NULL || stream == NULL ||
	    otk_options_set_string(layout, "type", "bestFit") < 0 ||
	    otk_options_set_string(layout, "screenshare_type", "pip") < 0 ||
	    otk_options_set_string(stream, "stream_id", "ST1") < 0 ||
	    otk_options_set_bool(stream, "has_video", false) < 0) {
		otk_options_free(layout);
		otk_options_free(stream);
		return -ENOMEM;
	}
	/* each call takes its value, also when it fails */
	r = otk_options_set_dict(b, "layout", layout);
	if (otk_options_add_dict_array_item(b, "streams", stream) < 0)
		r = -ENOMEM;
	if (r < 0)
		return r;
	return otk_options_set_dict(b, "broadcast_urls", otk_test_broadcast_urls());
}

/* every field a broadcast can carry, plus one the client does not know */
static OtkOptions *
otk_test_broadcast_new_full(const char *id)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *b = otk_test_broadcast_new(id, "S1", "started");

	if (b == NULL || otk_options_set_int64(b, "partner_id", 123456) < 0 ||
	    otk_options_set_int64(b, "created_at", OTK_TEST_CREATED_AT) < 0 ||
	    otk_options_set_int64(b, "updated_at", OTK_TEST_CREATED_AT + 500) < 0 ||
	    otk_options_set_int64(b, "max_duration", 7200) < 0 ||
	    otk_options_set_int64(b, "max_bitrate", 2000000) < 0 ||
	    otk_options_set_string(b, "resolution", "1280x720") < 0 ||
	    otk_options_set_bool(b, "has_audio", true) < 0 ||
	    otk_options_set_bool(b, "has_video", true) < 0 ||
	    otk_options_set_string(b, "stream_mode", "manual") < 0 ||
	    otk_options_set_string(b, "multi_broadcast_tag", "main") < 0 ||
	    otk_options_set_string(b, "event", "broadcast") < 0 ||
	    otk_test_broadcast_add_nested(b) < 0 ||
	    otk_options_set_string(b, "region", "eu-west") < 0)
		return NULL;
	return otk_steal_pointer(&b);
}

/* started just now: only an HLS URL so far */
static OtkOptions *
otk_test_broadcast_new_started(const char *session_id)
{
	OTK_CLEANUP(otk_options_freep)
	OtkOptions *b = otk_test_broadcast_new("B-new", session_id, "started");
	OtkOptions *urls = otk_options_new();

	if (urls == NULL ||
	    otk_options_set_string(urls, "hls", "https://cdn.example/B-new/playlist.m3u8") < 0) {
		otk_options_free(urls);
		return NULL;
	}
	/* takes @urls also when it fails, @b being NULL included */
	if (otk_options_set_dict(b, "broadcast_urls", urls) < 0)
		return NULL;
	return otk_steal_pointer(&b);
}

/* records the call and reads its first string; "missing" is refused for every method */
static int
otk_test_broadcasts_begin(sd_bus_message *m, const char **ret_first, sd_bus_error *ret_error)
{
	int r = otk_test_server_record(m);

	if (r >= 0)
		r = sd_bus_message_read_basic(m, 's', ret_first);
	if (r < 0)
		return r;
	if (strcmp(*ret_first, "missing") == 0)
		return sd_bus_error_set(ret_error,
					OTK_ERROR_PREFIX "NotFound",
					"'missing' not found: 404 broadcast not found");
	return 0;
}

static int
method_start(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *session_id;
	int r = otk_test_broadcasts_begin(m, &session_id, ret_error);

	if (r >= 0)
		r = otk_test_server_check_options(m, otk_test_start_types, ret_error);
	if (r < 0)
		return r;
	return otk_test_server_reply_dict(m, otk_test_broadcast_new_started(session_id));
}

static int
method_get(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *id;
	int r = otk_test_broadcasts_begin(m, &id, ret_error);

	if (r < 0)
		return r;
	if (strcmp(id, "B2") == 0)
		return otk_test_server_reply_dict(m, otk_test_broadcast_new(id, "S1", "stopped"));
	return otk_test_server_reply_dict(m, otk_test_broadcast_new_full(id));
}

static int
method_stop(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *id;
	int r = otk_test_broadcasts_begin(m, &id, ret_error);

	if (r < 0)
		return r;
	return otk_test_server_reply_dict(m, otk_test_broadcast_new(id, "S1", "stopped"));
}

static int
method_list(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtkOptions *items[] = {
	    otk_test_broadcast_new_full("B1"),
	    otk_test_broadcast_new("B2", "S1", "stopped"),
	};
	int r = otk_test_server_record(m);

	if (r >= 0)
		r = otk_test_server_check_options(m, otk_test_filter_types, ret_error);
	if (r < 0) {
		for (size_t i = 0; i < OTK_N_ELEMENTS(items); i++)
			otk_options_free(items[i]);
		return r;
	}
	return otk_test_server_reply_list(m, items, OTK_N_ELEMENTS(items), 4);
}

/* SetLayout, AddStream and RemoveStream: their options checked, no result */
static int
method_no_result(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *member = sd_bus_message_get_member(m);
	bool add = strcmp(member, "AddStream") == 0;
	const char *stream_id;
	const char *id;
	int r = otk_test_broadcasts_begin(m, &id, ret_error);

	if (r >= 0 && strcmp(member, "SetLayout") == 0)
		r = otk_test_server_check_options(m, otk_test_layout_types, ret_error);
	if (r >= 0 && add)
		r = sd_bus_message_read_basic(m, 's', &stream_id);
	if (r >= 0 && add)
		r = otk_test_server_check_options(m, otk_test_stream_types, ret_error);
	if (r < 0)
		return r;
	if (add && strcmp(id, "auto") == 0)
		return sd_bus_error_set(
		    ret_error,
		    OTK_ERROR_PREFIX "NotAllowed",
		    "broadcast 'auto' selects its streams itself: 405 not allowed");
	return sd_bus_reply_method_return(m, NULL);
}

static const sd_bus_vtable otk_test_broadcasts_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Start", "sa{sv}", "a{sv}", method_start, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Get", "s", "a{sv}", method_get, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("List", "a{sv}", "aa{sv}u", method_list, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("Stop", "s", "a{sv}", method_stop, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("SetLayout", "sa{sv}", "", method_no_result, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("AddStream", "ssa{sv}", "", method_no_result, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_METHOD("RemoveStream", "ss", "", method_no_result, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

int
otk_test_server_add_broadcasts(sd_bus *bus)
{
	return sd_bus_add_object_vtable(bus,
					NULL,
					OTK_ROOT_PATH "/Broadcasts",
					OTK_ROOT_IFACE ".Broadcasts",
					otk_test_broadcasts_vtable,
					NULL);
}
