/*
 * Broadcasts over HTTP, against the in-process emulator of oem-test-http.c.
 */
#include <string.h>

#include "oem-test-http.h"

#define KEY OEM_TEST_KEY
#define API "/v2/project/" KEY
#define HLS "\"outputs\":{\"hls\":{}}"

/* POST /broadcast with @options after the sessionId; the broadcast when @expected is 200 */
static JsonNode *
oem_test_start(OemFixture *f, const gchar *sid, const gchar *options, guint expected)
{
	g_autofree gchar *body = g_strdup_printf("{\"sessionId\":\"%s\"%s%s}", sid,
						 options[0] != '\0' ? "," : "", options);
	guint status = 0;
	JsonNode *node = oem_test_api(f, "POST", API "/broadcast", body, &status);

	g_test_message("start %s -> %u", options, status);
	g_assert_cmpuint(status, ==, expected);
	return node;
}

static gchar *
oem_test_start_id(OemFixture *f, const gchar *sid, const gchar *options)
{
	g_autoptr(JsonNode) node = oem_test_start(f, sid, options, 200);

	return g_strdup(json_object_get_string_member(json_node_get_object(node), "id"));
}

static JsonNode *
oem_test_on_broadcast(OemFixture *f, const gchar *method, const gchar *id, const gchar *suffix,
		      const gchar *body, guint *ret_status)
{
	g_autofree gchar *path = g_strdup_printf(API "/broadcast/%s%s", id, suffix);

	return oem_test_api(f, method, path, body, ret_status);
}

static JsonNode *
oem_test_get(OemFixture *f, const gchar *id)
{
	guint status = 0;
	JsonNode *node = oem_test_on_broadcast(f, "GET", id, "", NULL, &status);

	g_assert_cmpuint(status, ==, 200);
	return node;
}

static guint
oem_test_stop(OemFixture *f, const gchar *id)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_on_broadcast(f, "POST", id, "/stop", NULL, &status);

	return status;
}

static void
oem_test_assert_error(JsonNode *node, gint64 code, const gchar *needle)
{
	JsonObject *obj = json_node_get_object(node);
	const gchar *message = json_object_get_string_member(obj, "message");

	g_assert_cmpint(json_object_get_int_member(obj, "code"), ==, code);
	g_assert_cmpstr(json_object_get_string_member(obj, "description"), ==, message);
	g_test_message("error: %s", message);
	if (needle != NULL)
		g_assert_nonnull(strstr(message, needle));
}

/* @node without what changes from run to run (ids, times, the HLS URL), as compact JSON */
static gchar *
oem_test_stable_json(JsonNode *node)
{
	g_autofree gchar *text = json_to_string(node, FALSE);
	/* json_node_copy() shares the object: edit a parsed copy instead */
	g_autoptr(JsonNode) copy = json_from_string(text, NULL);
	JsonObject *obj = json_node_get_object(copy);
	JsonArray *streams = json_object_get_array_member(obj, "streams");
	JsonNode *urls = json_object_get_member(obj, "broadcastUrls");
	g_autofree gchar *hls = NULL;

	g_assert_true(g_uuid_string_is_valid(json_object_get_string_member(obj, "id")));
	g_assert_cmpint(json_object_get_int_member(obj, "createdAt"), >, 1600000000000);
	g_assert_cmpint(json_object_get_int_member(obj, "updatedAt"), >=,
			json_object_get_int_member(obj, "createdAt"));
	if (JSON_NODE_HOLDS_OBJECT(urls) &&
	    json_object_has_member(json_node_get_object(urls), "hls")) {
		hls = g_strdup_printf("https://broadcasts.opentok-emulator.invalid/" KEY
				      "/%s/playlist.m3u8",
				      json_object_get_string_member(obj, "id"));
		g_assert_cmpstr(json_object_get_string_member(json_node_get_object(urls), "hls"),
				==, hls);
		json_object_set_string_member(json_node_get_object(urls), "hls", "URL");
	}
	json_object_remove_member(obj, "id");
	json_object_remove_member(obj, "sessionId");
	json_object_remove_member(obj, "createdAt");
	json_object_remove_member(obj, "updatedAt");
	for (guint i = 0; i < json_array_get_length(streams); i++)
		json_object_set_string_member(json_array_get_object_element(streams, i), "streamId",
					      "ST");
	return json_to_string(copy, FALSE);
}

static void
oem_test_start_defaults(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *stid = oem_test_publish(f, sid, cid);
	g_autoptr(JsonNode) node = NULL;
	g_autofree gchar *stable = NULL;
	JsonObject *obj, *stream;

	/* what is unset may come as null; unknown members are ignored; Java sends "rtmp":[] */
	node = oem_test_start(f, sid,
			      "\"outputs\":{\"hls\":{},\"rtmp\":[]},\"resolution\":null,"
			      "\"maxDuration\":null,\"maxBitrate\":null,\"layout\":null,"
			      "\"multiBroadcastTag\":\"\",\"notarealproperty\":1",
			      200);
	obj = json_node_get_object(node);
	g_assert_cmpstr(json_object_get_string_member(obj, "sessionId"), ==, sid);
	stream = json_array_get_object_element(json_object_get_array_member(obj, "streams"), 0);
	g_assert_cmpstr(json_object_get_string_member(stream, "streamId"), ==, stid);
	stable = oem_test_stable_json(node);
	g_assert_cmpstr(stable, ==,
			"{\"projectId\":" KEY ",\"partnerId\":" KEY ",\"status\":\"started\","
			"\"maxDuration\":14400,\"resolution\":\"640x480\",\"hasAudio\":true,"
			"\"hasVideo\":true,\"streamMode\":\"auto\",\"streams\":[{\"streamId\":"
			"\"ST\",\"hasAudio\":true,\"hasVideo\":true}],\"event\":\"broadcast\","
			"\"layout\":{\"type\":\"bestFit\"},\"broadcastUrls\":{\"hls\":\"URL\","
			"\"hlsStatus\":\"ready\",\"rtmp\":[]},\"settings\":{\"hls\":{\"dvr\":false,"
			"\"lowLatency\":false}}}");
}

static void
oem_test_start_options(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	g_autoptr(JsonNode) all = NULL, rtmp = NULL, got = NULL;
	g_autofree gchar *s_all = NULL, *s_rtmp = NULL, *s_got = NULL;

	all = oem_test_start(
	    f, sid,
	    "\"outputs\":{\"hls\":{\"dvr\":true,\"lowLatency\":false},\"rtmp\":["
	    "{\"id\":\"foo\",\"serverUrl\":\"rtmp://a.example/live\",\"streamName\":\"s1\"},"
	    "{\"serverUrl\":\"RTMPS://b.example:443/app\",\"streamName\":\"s2\",\"id\":null}]},"
	    "\"maxDuration\":60,\"maxBitrate\":100000,\"resolution\":\"1280x720\","
	    "\"layout\":{\"type\":\"custom\",\"stylesheet\":\"s {}\"},\"streamMode\":\"manual\","
	    "\"multiBroadcastTag\":\"a\",\"hasAudio\":false,\"hasVideo\":true",
	    200);
	s_all = oem_test_stable_json(all);
	g_assert_cmpstr(
	    s_all, ==,
	    "{\"projectId\":" KEY ",\"partnerId\":" KEY ",\"status\":\"started\","
	    "\"maxDuration\":60,\"maxBitrate\":100000,\"resolution\":\"1280x720\","
	    "\"hasAudio\":false,\"hasVideo\":true,\"streamMode\":\"manual\",\"streams\":[],"
	    "\"multiBroadcastTag\":\"a\",\"event\":\"broadcast\",\"layout\":{\"type\":\"custom\","
	    "\"stylesheet\":\"s {}\"},\"broadcastUrls\":{\"hls\":\"URL\",\"hlsStatus\":\"ready\","
	    "\"rtmp\":[{\"id\":\"foo\",\"serverUrl\":\"rtmp://a.example/live\",\"streamName\":"
	    "\"s1\",\"status\":\"connecting\"},{\"serverUrl\":\"RTMPS://b.example:443/app\","
	    "\"streamName\":\"s2\",\"status\":\"connecting\"}]},\"settings\":{\"hls\":{\"dvr\":"
	    "true,\"lowLatency\":false}}}");
	/* RTMP only: no HLS URL, no settings; 36000 s and 6 Mbit/s are the upper bounds */
	rtmp = oem_test_start(f, sid,
			      "\"outputs\":{\"rtmp\":[{\"id\":\"x\",\"serverUrl\":\"rtmps://c/d\","
			      "\"streamName\":\"e\"}]},\"maxDuration\":36000,"
			      "\"maxBitrate\":6000000,\"multiBroadcastTag\":\"b\","
			      "\"resolution\":\"1080x1920\",\"hasVideo\":false,"
			      "\"layout\":{\"type\":\"bestFit\",\"screenshareType\":\"pip\"}",
			      200);
	s_rtmp = oem_test_stable_json(rtmp);
	g_assert_cmpstr(
	    s_rtmp, ==,
	    "{\"projectId\":" KEY ",\"partnerId\":" KEY ",\"status\":\"started\","
	    "\"maxDuration\":36000,\"maxBitrate\":6000000,\"resolution\":\"1080x1920\","
	    "\"hasAudio\":true,\"hasVideo\":false,\"streamMode\":\"auto\",\"streams\":[],"
	    "\"multiBroadcastTag\":\"b\",\"event\":\"broadcast\",\"layout\":{\"type\":"
	    "\"bestFit\",\"screenshareType\":\"pip\"},\"broadcastUrls\":{\"rtmp\":[{\"id\":"
	    "\"x\",\"serverUrl\":\"rtmps://c/d\",\"streamName\":\"e\",\"status\":"
	    "\"connecting\"}]}}");
	/* later answers show the targets live, and the tag is still there */
	got = oem_test_get(f, json_object_get_string_member(json_node_get_object(rtmp), "id"));
	s_got = oem_test_stable_json(got);
	g_assert_nonnull(strstr(s_got, "\"status\":\"live\"}]}}"));
	g_assert_nonnull(strstr(s_got, "\"multiBroadcastTag\":\"b\""));
	g_assert_cmpuint(f->state->broadcast_list->len, ==, 2);
}

static void
oem_test_start_invalid(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	const gchar *target = "{\"serverUrl\":\"rtmp://h/a\",\"streamName\":\"n\"}";
	g_autofree gchar *six = g_strdup_printf("\"outputs\":{\"rtmp\":[%s,%s,%s,%s,%s,%s]}",
						target, target, target, target, target, target);
	const struct {
		const gchar *options;
		const gchar *field;
	} cases[] = {
	    {"\"sessionId\":5," HLS, "sessionId"},
	    {"\"sessionId\":\"\"," HLS, "sessionId"},
	    {"\"sessionId\":null," HLS, "sessionId"},
	    {"\"maxDuration\":60", "outputs"},
	    {"\"outputs\":null", "outputs"},
	    {"\"outputs\":\"hls\"", "outputs"},
	    {"\"outputs\":{}", "outputs"},
	    {"\"outputs\":{\"hls\":null,\"rtmp\":[]}", "outputs"},
	    {"\"outputs\":{\"hls\":true}", "outputs.hls"},
	    {"\"outputs\":{\"hls\":{\"dvr\":\"yes\"}}", "outputs.hls.dvr"},
	    {"\"outputs\":{\"hls\":{\"lowLatency\":1}}", "outputs.hls.lowLatency"},
	    {"\"outputs\":{\"hls\":{\"dvr\":true,\"lowLatency\":true}}", "lowLatency"},
	    {six, "outputs.rtmp"},
	    {"\"outputs\":{\"rtmp\":{\"serverUrl\":\"rtmp://h/a\",\"streamName\":\"n\"}}",
	     "outputs.rtmp"},
	    {"\"outputs\":{\"rtmp\":[5]}", "outputs.rtmp[0]"},
	    {"\"outputs\":{\"rtmp\":[{\"streamName\":\"n\"}]}", "serverUrl"},
	    {"\"outputs\":{\"rtmp\":[{\"serverUrl\":\"rtmp://h/a\"}]}", "streamName"},
	    {"\"outputs\":{\"rtmp\":[{\"serverUrl\":\"rtmp://h/a\",\"streamName\":\"\"}]}",
	     "streamName"},
	    {"\"outputs\":{\"rtmp\":[{\"serverUrl\":5,\"streamName\":\"n\"}]}", "serverUrl"},
	    {"\"outputs\":{\"rtmp\":[{\"serverUrl\":\"http://h/a\",\"streamName\":\"n\"}]}",
	     "serverUrl"},
	    {"\"outputs\":{\"rtmp\":[{\"serverUrl\":\"rtmp://\",\"streamName\":\"n\"}]}",
	     "serverUrl"},
	    {"\"outputs\":{\"rtmp\":[{\"id\":5,\"serverUrl\":\"rtmp://h/"
	     "a\",\"streamName\":\"n\"}]}",
	     "id"},
	    {"\"outputs\":{\"rtmp\":[{\"id\":\"a\",\"serverUrl\":\"rtmp://h/a\",\"streamName\":"
	     "\"n\"},{\"id\":\"a\",\"serverUrl\":\"rtmp://h/b\",\"streamName\":\"m\"}]}",
	     "outputs.rtmp[1]: id a"},
	    {HLS ",\"maxDuration\":59", "maxDuration"},
	    {HLS ",\"maxDuration\":36001", "maxDuration"},
	    {HLS ",\"maxDuration\":\"600\"", "maxDuration"},
	    {HLS ",\"maxDuration\":600.5", "maxDuration"},
	    {HLS ",\"maxBitrate\":99999", "maxBitrate"},
	    {HLS ",\"maxBitrate\":6000001", "maxBitrate"},
	    {HLS ",\"maxBitrate\":\"200000\"", "maxBitrate"},
	    {HLS ",\"resolution\":\"800x600\"", "resolution"},
	    {HLS ",\"resolution\":640", "resolution"},
	    {HLS ",\"layout\":\"pip\"", "layout"},
	    {HLS ",\"layout\":{\"type\":\"focus\"}", "type"},
	    {HLS ",\"layout\":{\"type\":\"custom\"}", "stylesheet"},
	    {HLS ",\"layout\":{\"type\":\"pip\",\"screenshareType\":\"pip\"}", "screenshareType"},
	    {HLS ",\"streamMode\":\"always\"", "streamMode"},
	    {HLS ",\"multiBroadcastTag\":7", "multiBroadcastTag"},
	    {HLS ",\"hasAudio\":\"yes\"", "hasAudio"},
	    {HLS ",\"hasVideo\":1", "hasVideo"},
	    {HLS ",\"hasAudio\":false,\"hasVideo\":false", "hasVideo"},
	};
	const gchar *bodies[] = {"", "not json", "[]", "{}"};
	guint status = 0;

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(JsonNode) node = oem_test_start(f, sid, cases[i].options, 400);

		oem_test_assert_error(node, -1, cases[i].field);
	}
	for (guint i = 0; i < G_N_ELEMENTS(bodies); i++) {
		g_autoptr(JsonNode) node =
		    oem_test_api(f, "POST", API "/broadcast", bodies[i], &status);

		g_assert_cmpuint(status, ==, 400);
		oem_test_assert_error(node, -1, NULL);
	}
	g_assert_cmpuint(f->state->broadcast_list->len, ==, 0);
}

static void
oem_test_start_refused(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *relayed = oem_test_new_session(f, TRUE);
	g_autofree gchar *empty = oem_test_new_session(f, FALSE);
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *other = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *cid = oem_test_join(f, relayed, "publisher");
	g_autofree gchar *first = NULL, *tagged = NULL, *elsewhere = NULL;
	g_autofree gchar *archive = g_strdup_printf("{\"sessionId\":\"%s\"}", sid);
	g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL, g = NULL, h = NULL;
	g_autoptr(JsonNode) recording = NULL;
	guint status = 0;

	/* the body is checked before the session */
	a = oem_test_start(f, "1_MX4xMjM0NTZ-fg", "", 400);
	g_clear_pointer(&a, json_node_unref);
	a = oem_test_start(f, "1_MX4xMjM0NTZ-fg", HLS, 404);
	oem_test_assert_error(a, -1, NULL);
	b = oem_test_start(f, relayed, HLS, 409);
	oem_test_assert_error(b, 15008, NULL);
	g_assert_cmpstr(json_object_get_string_member(json_node_get_object(b), "message"), ==,
			"Only routed sessions are allowed to initiate broadcasts.");
	c = oem_test_start(f, empty, HLS, 404);
	g_assert_cmpstr(json_object_get_string_member(json_node_get_object(c), "message"), ==,
			"No clients are actively connected to the OpenTok session.");

	/* an archive of the session is no obstacle */
	recording = oem_test_api(f, "POST", API "/archive", archive, &status);
	g_assert_cmpuint(status, ==, 200);
	/* one broadcast per session at a time, unless both have their own tag */
	first = oem_test_start_id(f, sid, HLS);
	elsewhere = oem_test_start_id(f, other, HLS);
	d = oem_test_start(f, sid, HLS, 409);
	oem_test_assert_error(d, -1, NULL);
	e = oem_test_start(f, sid, HLS ",\"multiBroadcastTag\":\"x\"", 409);
	g_assert_cmpuint(oem_test_stop(f, first), ==, 200);
	tagged = oem_test_start_id(f, sid, HLS ",\"multiBroadcastTag\":\"x\"");
	g_clear_pointer(&a, json_node_unref);
	a = oem_test_start(f, sid, HLS ",\"multiBroadcastTag\":\"y\"", 200);
	g = oem_test_start(f, sid, HLS ",\"multiBroadcastTag\":\"x\"", 409);
	h = oem_test_start(f, sid, HLS ",\"multiBroadcastTag\":\"\"", 409);
	g_assert_cmpuint(f->state->broadcast_list->len, ==, 4);
}

static JsonArray *
oem_test_rtmp_of(JsonNode *node)
{
	JsonObject *urls =
	    json_object_get_object_member(json_node_get_object(node), "broadcastUrls");

	return json_object_get_array_member(urls, "rtmp");
}

static const gchar *
oem_test_target_status(JsonNode *node, guint index)
{
	JsonObject *target = json_array_get_object_element(oem_test_rtmp_of(node), index);

	return json_object_get_string_member(target, "status");
}

static guint
oem_test_set_rtmp(OemFixture *f, const gchar *id, const gchar *body)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/broadcasts/%s/rtmp", id);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "POST", path, body, &status);

	g_test_message("rtmp %s -> %u", body, status);
	return status;
}

/* the one broadcast in the control view */
static JsonNode *
oem_test_control_view(OemFixture *f)
{
	guint status = 0;
	g_autoptr(JsonNode) list =
	    oem_test_control(f, "GET", "/_emulator/broadcasts", NULL, &status);

	g_assert_cmpuint(status, ==, 200);
	g_assert_cmpuint(json_array_get_length(json_node_get_array(list)), ==, 1);
	return json_node_copy(json_array_get_element(json_node_get_array(list), 0));
}

static void
oem_test_rtmp_status(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	g_autoptr(JsonNode) started = NULL, got = NULL, list = NULL, moved = NULL, view = NULL;
	g_autoptr(JsonNode) stopped = NULL;
	JsonObject *urls;
	const gchar *id;
	guint status = 0;

	started =
	    oem_test_start(f, sid,
			   "\"outputs\":{\"hls\":{},\"rtmp\":["
			   "{\"id\":\"a\",\"serverUrl\":\"rtmp://h/a\",\"streamName\":\"n\"},"
			   "{\"id\":\"b\",\"serverUrl\":\"rtmp://h/b\",\"streamName\":\"m\"}]}",
			   200);
	id = json_object_get_string_member(json_node_get_object(started), "id");
	g_assert_cmpstr(oem_test_target_status(started, 0), ==, "connecting");
	g_assert_cmpstr(oem_test_target_status(started, 1), ==, "connecting");
	got = oem_test_get(f, id);
	g_assert_cmpstr(oem_test_target_status(got, 0), ==, "live");
	list = oem_test_api(f, "GET", API "/broadcast", NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	g_clear_pointer(&got, json_node_unref);
	got = json_node_copy(json_array_get_element(
	    json_object_get_array_member(json_node_get_object(list), "items"), 0));
	g_assert_cmpstr(oem_test_target_status(got, 1), ==, "live");

	/* the test may move one target or all of them */
	g_assert_cmpuint(oem_test_set_rtmp(f, id, "{\"status\":\"offline\",\"id\":\"b\"}"), ==,
			 200);
	g_clear_pointer(&got, json_node_unref);
	got = oem_test_get(f, id);
	g_assert_cmpstr(oem_test_target_status(got, 0), ==, "live");
	g_assert_cmpstr(oem_test_target_status(got, 1), ==, "offline");
	g_assert_cmpuint(oem_test_set_rtmp(f, id, "{\"status\":\"connecting\"}"), ==, 200);
	moved = oem_test_get(f, id);
	g_assert_cmpstr(oem_test_target_status(moved, 0), ==, "connecting");
	g_assert_cmpstr(oem_test_target_status(moved, 1), ==, "connecting");
	g_assert_cmpuint(oem_test_set_rtmp(f, id, "{\"status\":\"started\"}"), ==, 400);
	g_assert_cmpuint(oem_test_set_rtmp(f, id, "{\"status\":\"live\",\"id\":5}"), ==, 400);
	g_assert_cmpuint(oem_test_set_rtmp(f, id, "not json"), ==, 400);
	g_assert_cmpuint(oem_test_set_rtmp(f, id, "{\"status\":\"live\",\"id\":\"c\"}"), ==, 404);
	g_assert_cmpuint(oem_test_set_rtmp(f, "nothing", "{\"status\":\"live\"}"), ==, 404);

	/* after stop the API forgets the URLs; the control view shows the targets offline */
	g_assert_cmpuint(oem_test_stop(f, id), ==, 200);
	stopped = oem_test_get(f, id);
	g_assert_true(JSON_NODE_HOLDS_NULL(
	    json_object_get_member(json_node_get_object(stopped), "broadcastUrls")));
	view = oem_test_control_view(f);
	g_assert_cmpstr(oem_test_target_status(view, 0), ==, "offline");
	g_assert_cmpstr(oem_test_target_status(view, 1), ==, "offline");
	urls = json_object_get_object_member(json_node_get_object(view), "broadcastUrls");
	g_assert_cmpstr(json_object_get_string_member(urls, "hlsStatus"), ==, "ended");
	g_assert_cmpuint(oem_test_set_rtmp(f, id, "{\"status\":\"live\"}"), ==, 409);
}

static void
oem_test_stop_rules(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *id = oem_test_start_id(f, sid, HLS);
	g_autoptr(JsonNode) stopped = NULL, again = NULL, unknown = NULL, got = NULL;
	g_autofree gchar *stid = NULL;
	JsonObject *obj;
	guint status = 0;

	/* Node sends {} */
	stopped = oem_test_on_broadcast(f, "POST", id, "/stop", "{}", &status);
	g_assert_cmpuint(status, ==, 200);
	obj = json_node_get_object(stopped);
	g_assert_cmpstr(json_object_get_string_member(obj, "status"), ==, "stopped");
	g_assert_true(JSON_NODE_HOLDS_NULL(json_object_get_member(obj, "broadcastUrls")));
	g_assert_cmpstr(json_object_get_string_member(obj, "event"), ==, "broadcast");
	again = oem_test_on_broadcast(f, "POST", id, "/stop", NULL, &status);
	g_assert_cmpuint(status, ==, 409);
	oem_test_assert_error(again, -1, "already stopped");
	unknown = oem_test_on_broadcast(f, "POST", "4bbb5f2d-7a7b-4b7b-9b1e-3f1c5e2a0b6c", "/stop",
					NULL, &status);
	g_assert_cmpuint(status, ==, 404);
	oem_test_assert_error(unknown, -1, NULL);
	/* a stopped broadcast no longer follows the session */
	stid = oem_test_publish(f, sid, cid);
	got = oem_test_get(f, id);
	obj = json_node_get_object(got);
	g_assert_cmpstr(json_object_get_string_member(obj, "status"), ==, "stopped");
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(obj, "streams")), ==,
			 0);
}

/* GET /broadcast with @query: the ids of the page, and the total in @ret_count */
static GStrv
oem_test_list(OemFixture *f, const gchar *query, gint64 *ret_count)
{
	g_autofree gchar *path = g_strdup_printf(API "/broadcast%s", query);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_api(f, "GET", path, NULL, &status);
	g_autoptr(GStrvBuilder) ids = g_strv_builder_new();
	JsonArray *items;

	g_assert_cmpuint(status, ==, 200);
	*ret_count = json_object_get_int_member(json_node_get_object(node), "count");
	items = json_object_get_array_member(json_node_get_object(node), "items");
	for (guint i = 0; i < json_array_get_length(items); i++)
		g_strv_builder_add(ids, json_object_get_string_member(
					    json_array_get_object_element(items, i), "id"));
	return g_strv_builder_end(ids);
}

static void
oem_test_list_paging(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *a = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *b = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *query = g_strdup_printf("?count=10&sessionId=%s", b);
	const gchar *bad[] = {"?count=1001", "?count=-1", "?count=abc", "?offset=-1", "?offset=x"};
	gchar *ids[5];
	g_auto(GStrv) all = NULL, page = NULL, none = NULL, of_b = NULL, artefacts = NULL;
	g_auto(GStrv) max = NULL, empty = NULL;
	gint64 count = 0;
	guint status = 0;

	empty = oem_test_list(f, "", &count);
	g_assert_cmpint(count, ==, 0);
	for (guint i = 0; i < 5; i++) {
		ids[i] = oem_test_start_id(f, i < 3 ? a : b, HLS);
		g_assert_cmpuint(oem_test_stop(f, ids[i]), ==, 200);
	}
	all = oem_test_list(f, "", &count);
	g_assert_cmpint(count, ==, 5);
	for (guint i = 0; i < 5; i++)
		g_assert_cmpstr(all[i], ==, ids[4 - i]);
	page = oem_test_list(f, "?offset=1&count=2", &count);
	g_assert_cmpint(count, ==, 5);
	g_assert_cmpuint(g_strv_length(page), ==, 2);
	g_assert_cmpstr(page[0], ==, ids[3]);
	g_assert_cmpstr(page[1], ==, ids[2]);
	none = oem_test_list(f, "?offset=10", &count);
	g_assert_cmpint(count, ==, 5);
	g_assert_cmpuint(g_strv_length(none), ==, 0);
	of_b = oem_test_list(f, query, &count);
	g_assert_cmpint(count, ==, 2);
	g_assert_cmpstr(of_b[0], ==, ids[4]);
	g_assert_cmpstr(of_b[1], ==, ids[3]);
	artefacts = oem_test_list(f, "?offset=0&&count=1&sessionId=", &count);
	g_assert_cmpint(count, ==, 5);
	g_assert_cmpuint(g_strv_length(artefacts), ==, 1);
	max = oem_test_list(f, "?count=1000", &count);
	g_assert_cmpuint(g_strv_length(max), ==, 5);

	/* createdAt decides first: the oldest, moved into the future, comes first */
	oem_state_lookup_broadcast(f->state, ids[0])->created_at += 60000;
	g_clear_pointer(&all, g_strfreev);
	all = oem_test_list(f, "", &count);
	g_assert_cmpstr(all[0], ==, ids[0]);
	g_assert_cmpstr(all[1], ==, ids[4]);
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree gchar *path = g_strdup_printf(API "/broadcast%s", bad[i]);
		g_autoptr(JsonNode) node = oem_test_api(f, "GET", path, NULL, &status);

		g_test_message("%s", bad[i]);
		g_assert_cmpuint(status, ==, 400);
		oem_test_assert_error(node, -1, NULL);
	}
	for (guint i = 0; i < 5; i++)
		g_free(ids[i]);
}

static void
oem_test_layout_rules(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *id = oem_test_start_id(f, sid, HLS);
	const gchar *good[] = {
	    "{\"type\":\"pip\"}",
	    "{\"type\":\"bestFit\",\"screenshareType\":\"verticalPresentation\"}",
	    "{\"type\":\"custom\",\"stylesheet\":\"b {}\"}"};
	const gchar *bad[] = {"{\"type\":\"custom\"}",
			      "{\"type\":\"pip\",\"stylesheet\":\"b {}\"}",
			      "{\"type\":\"pip\",\"screenshareType\":\"pip\"}",
			      "{\"type\":\"focus\"}",
			      "{}",
			      "not json"};
	g_autoptr(JsonNode) got = NULL, unknown = NULL, stopped = NULL;
	JsonObject *layout;
	guint status = 0;

	for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
		g_autoptr(JsonNode) node =
		    oem_test_on_broadcast(f, "PUT", id, "/layout", good[i], &status);

		g_assert_cmpuint(status, ==, 200);
		g_assert_cmpuint(json_object_get_size(json_node_get_object(node)), ==, 0);
	}
	got = oem_test_get(f, id);
	layout = json_object_get_object_member(json_node_get_object(got), "layout");
	g_assert_cmpstr(json_object_get_string_member(layout, "type"), ==, "custom");
	g_assert_cmpstr(json_object_get_string_member(layout, "stylesheet"), ==, "b {}");
	g_assert_false(json_object_has_member(layout, "screenshareType"));
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(JsonNode) node =
		    oem_test_on_broadcast(f, "PUT", id, "/layout", bad[i], &status);

		g_test_message("%s", bad[i]);
		g_assert_cmpuint(status, ==, 400);
		oem_test_assert_error(node, -1, NULL);
	}
	unknown = oem_test_on_broadcast(f, "PUT", "nothing", "/layout", good[0], &status);
	g_assert_cmpuint(status, ==, 404);
	g_assert_cmpuint(oem_test_stop(f, id), ==, 200);
	stopped = oem_test_on_broadcast(f, "PUT", id, "/layout", good[0], &status);
	g_assert_cmpuint(status, ==, 409);
	oem_test_assert_error(stopped, -1, NULL);
}

static guint
oem_test_patch(OemFixture *f, const gchar *id, const gchar *body)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_on_broadcast(f, "PATCH", id, "/streams", body, &status);

	g_test_message("PATCH %s -> %u", body, status);
	return status;
}

static guint
oem_test_stream_count(OemFixture *f, const gchar *id)
{
	g_autoptr(JsonNode) node = oem_test_get(f, id);

	return json_array_get_length(
	    json_object_get_array_member(json_node_get_object(node), "streams"));
}

static void
oem_test_stream_rules(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *st1 = oem_test_publish(f, sid, cid);
	g_autofree gchar *st2 = oem_test_publish(f, sid, cid);
	g_autofree gchar *id = oem_test_start_id(f, sid, HLS ",\"streamMode\":\"manual\"");
	g_autofree gchar *other = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *automatic = oem_test_start_id(f, other, HLS);
	g_autofree gchar *add1 = g_strdup_printf("{\"addStream\":\"%s\"}", st1);
	g_autofree gchar *add2 =
	    g_strdup_printf("{\"addStream\":\"%s\",\"hasAudio\":false,\"hasVideo\":true}", st2);
	g_autofree gchar *remove1 = g_strdup_printf("{\"removeStream\":\"%s\"}", st1);
	g_autofree gchar *mute =
	    g_strdup_printf("{\"addStream\":\"%s\",\"hasAudio\":false,\"hasVideo\":false}", st1);
	g_autoptr(JsonNode) got = NULL;
	JsonObject *stream;

	g_assert_cmpuint(oem_test_stream_count(f, id), ==, 0);
	g_assert_cmpuint(oem_test_patch(f, id, add1), ==, 204);
	g_assert_cmpuint(oem_test_patch(f, id, add2), ==, 204);
	got = oem_test_get(f, id);
	stream = json_array_get_object_element(
	    json_object_get_array_member(json_node_get_object(got), "streams"), 1);
	g_assert_cmpstr(json_object_get_string_member(stream, "streamId"), ==, st2);
	g_assert_false(json_object_get_boolean_member(stream, "hasAudio"));
	g_assert_cmpuint(oem_test_patch(f, id, remove1), ==, 204);
	g_assert_cmpuint(oem_test_stream_count(f, id), ==, 1);
	g_assert_cmpuint(oem_test_patch(f, id, remove1), ==, 404);
	g_assert_cmpuint(oem_test_patch(f, id, "{\"addStream\":\"nothing\"}"), ==, 404);
	g_assert_cmpuint(oem_test_patch(f, id, "{}"), ==, 400);
	g_assert_cmpuint(oem_test_patch(f, id, "{\"addStream\":5}"), ==, 400);
	g_assert_cmpuint(oem_test_patch(f, id, mute), ==, 400);
	g_assert_cmpuint(oem_test_patch(f, "nothing", add1), ==, 404);
	g_assert_cmpuint(oem_test_patch(f, automatic, add1), ==, 405);
	/* an unpublished stream leaves the broadcast */
	oem_test_unpublish(f, sid, cid, st2);
	g_assert_cmpuint(oem_test_stream_count(f, id), ==, 0);
	g_assert_cmpuint(oem_test_stop(f, id), ==, 200);
	g_assert_cmpuint(oem_test_patch(f, id, add1), ==, 409);
}

static void
oem_test_auto_streams(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *id = oem_test_start_id(f, sid, HLS ",\"hasVideo\":false");
	g_autofree gchar *st1 = oem_test_publish(f, sid, cid);
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients/%s", sid, cid);
	g_autoptr(JsonNode) got = oem_test_get(f, id);
	JsonObject *stream = json_array_get_object_element(
	    json_object_get_array_member(json_node_get_object(got), "streams"), 0);

	/* a stream joins with the broadcast's flags, and leaves with its client */
	g_assert_cmpstr(json_object_get_string_member(stream, "streamId"), ==, st1);
	g_assert_true(json_object_get_boolean_member(stream, "hasAudio"));
	g_assert_false(json_object_get_boolean_member(stream, "hasVideo"));
	oem_test_control_delete(f, path);
	g_assert_cmpuint(oem_test_stream_count(f, id), ==, 0);
}

static guint
oem_test_options(OemFixture *f, const gchar *body)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "POST", "/_emulator/options", body, &status);

	return status;
}

static void
oem_test_object_form(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	const gchar *outputs =
	    "\"outputs\":{\"rtmp\":["
	    "{\"id\":\"foo\",\"serverUrl\":\"rtmps://h/a\",\"streamName\":\"n\"},"
	    "{\"serverUrl\":\"rtmp://h/b\",\"streamName\":\"m\"}]}";
	g_autoptr(JsonNode) started = NULL, got = NULL, shown = NULL, back = NULL, view = NULL;
	g_autofree gchar *text = NULL;
	JsonObject *rtmp, *foo;
	guint status = 0;

	g_assert_cmpuint(oem_test_options(f, "{\"rtmpObjectForm\":true}"), ==, 200);
	shown = oem_test_control(f, "GET", "/_emulator/options", NULL, &status);
	g_assert_true(
	    json_object_get_boolean_member(json_node_get_object(shown), "rtmpObjectForm"));
	started = oem_test_start(f, sid, outputs, 200);
	rtmp = json_object_get_object_member(
	    json_object_get_object_member(json_node_get_object(started), "broadcastUrls"), "rtmp");
	foo = json_object_get_object_member(rtmp, "foo");
	g_assert_cmpstr(json_object_get_string_member(foo, "serverUrl"), ==, "rtmps://h/a");
	g_assert_cmpstr(json_object_get_string_member(foo, "status"), ==, "connecting");
	g_assert_false(json_object_has_member(foo, "id"));
	/* a target without an id is keyed by its position */
	g_assert_cmpstr(
	    json_object_get_string_member(json_object_get_object_member(rtmp, "1"), "streamName"),
	    ==, "m");
	got = oem_test_get(f, json_object_get_string_member(json_node_get_object(started), "id"));
	text = json_to_string(json_object_get_member(json_node_get_object(got), "broadcastUrls"),
			      FALSE);
	g_assert_cmpstr(text, ==,
			"{\"rtmp\":{\"foo\":{\"serverUrl\":\"rtmps://h/a\",\"streamName\":\"n\","
			"\"status\":\"live\"},\"1\":{\"serverUrl\":\"rtmp://h/b\",\"streamName\":"
			"\"m\",\"status\":\"live\"}}}");
	/* the control view keeps the service's form */
	view = oem_test_control_view(f);
	g_assert_cmpuint(json_array_get_length(oem_test_rtmp_of(view)), ==, 2);

	g_assert_cmpuint(oem_test_options(f, "{\"rtmpObjectForm\":5}"), ==, 400);
	g_assert_cmpuint(oem_test_options(f, "{\"rtmpObjectFrom\":false}"), ==, 400);
	g_assert_cmpuint(oem_test_options(f, "not json"), ==, 400);
	g_assert_true(f->state->rtmp_object_form);
	g_assert_cmpuint(oem_test_options(f, "{\"rtmpObjectForm\":false}"), ==, 200);
	back = oem_test_get(f, json_object_get_string_member(json_node_get_object(started), "id"));
	g_assert_cmpuint(json_array_get_length(oem_test_rtmp_of(back)), ==, 2);
}

static void
oem_test_auth_and_routes(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *body = g_strdup_printf("{\"sessionId\":\"%s\"," HLS "}", sid);
	g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL;
	guint status = 0;

	a = oem_test_call(f, "POST", API "/broadcast", body, FALSE, &status);
	g_assert_cmpuint(status, ==, 403);
	b = oem_test_api(f, "POST", "/v2/project/654321/broadcast", body, &status);
	g_assert_cmpuint(status, ==, 403);
	c = oem_test_api(f, "PUT", API "/broadcast", body, &status);
	g_assert_cmpuint(status, ==, 405);
	d = oem_test_api(f, "GET", API "/broadcast/nothing", NULL, &status);
	g_assert_cmpuint(status, ==, 404);
	oem_test_assert_error(d, -1, NULL);
	e = oem_test_api(f, "DELETE", API "/broadcast/nothing", NULL, &status);
	g_assert_cmpuint(status, ==, 405);
	g_assert_cmpuint(f->state->broadcast_list->len, ==, 0);
}

static void
oem_test_partner_id_text(void)
{
	g_autoptr(JsonNode) body =
	    json_from_string("{\"sessionId\":\"S\",\"outputs\":{\"hls\":{}}}", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(OemBroadcast) broadcast =
	    oem_broadcast_new_from_json(json_node_get_object(body), &error);
	g_autoptr(JsonNode) node = NULL;
	JsonObject *obj;

	/* a key that is not a number stays a string */
	g_assert_no_error(error);
	node = oem_broadcast_to_json(broadcast, "acme", OEM_BROADCAST_JSON_DEFAULT);
	obj = json_node_get_object(node);
	g_assert_cmpstr(json_object_get_string_member(obj, "partnerId"), ==, "acme");
	g_assert_cmpstr(json_object_get_string_member(obj, "projectId"), ==, "acme");
}

int
main(int argc, char **argv)
{
	struct {
		const gchar *path;
		void (*func)(OemFixture *, gconstpointer);
	} cases[] = {
	    {"/oem/broadcasts/start-defaults", oem_test_start_defaults},
	    {"/oem/broadcasts/start-options", oem_test_start_options},
	    {"/oem/broadcasts/start-invalid", oem_test_start_invalid},
	    {"/oem/broadcasts/start-refused", oem_test_start_refused},
	    {"/oem/broadcasts/rtmp-status", oem_test_rtmp_status},
	    {"/oem/broadcasts/stop", oem_test_stop_rules},
	    {"/oem/broadcasts/list", oem_test_list_paging},
	    {"/oem/broadcasts/layout", oem_test_layout_rules},
	    {"/oem/broadcasts/streams", oem_test_stream_rules},
	    {"/oem/broadcasts/auto-streams", oem_test_auto_streams},
	    {"/oem/broadcasts/object-form", oem_test_object_form},
	    {"/oem/broadcasts/auth-routes", oem_test_auth_and_routes},
	};

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/oem/broadcasts/partner-id-text", oem_test_partner_id_text);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add(cases[i].path, OemFixture, NULL, oem_fixture_setup, cases[i].func,
			   oem_fixture_teardown);
	return g_test_run();
}
