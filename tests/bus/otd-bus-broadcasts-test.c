/* Broadcasts end to end: every method and option through the daemon to the emulator */
#include "config.h"

#include <string.h>

#include "otd-test-env.h"
#include "otk-broadcasts.h"

typedef struct {
	OtdTestEnv *env;
	gchar *session_id;
	gchar *stream_id;
} Fixture;

static gchar *
live_session(OtdTestEnv *env, gboolean routed, gchar **ret_stream)
{
	OtkOptions *o = otk_options_new();
	char *sid = NULL, *token = NULL;
	g_autofree gchar *cid = NULL;
	gchar *result;

	otk_options_set_string(o, "media_mode", routed ? "routed" : "relayed");
	g_assert_cmpint(otk_client_create_session(env->client, o, &sid, NULL), >=, 0);
	otk_options_free(o);
	g_assert_cmpint(otk_client_generate_token(env->client, sid, NULL, &token, NULL), >=, 0);
	g_assert_cmpuint(otd_test_env_join(env, sid, token, &cid), ==, 201);
	free(token);
	if (ret_stream != NULL) {
		g_autofree gchar *path =
		    g_strdup_printf("/_emulator/sessions/%s/clients/%s/streams", sid, cid);
		guint status = 0;
		g_autoptr(JsonNode) answer =
		    otd_test_env_http(env, "POST", path, "{\"videoType\":\"screen\"}", &status);
		g_assert_cmpuint(status, ==, 201);
		*ret_stream = g_strdup(
		    json_object_get_string_member(json_node_get_object(answer), "streamId"));
	}
	result = g_strdup(sid);
	free(sid);
	return result;
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
	f->env = otd_test_env_new(NULL);
	f->session_id = live_session(f->env, TRUE, &f->stream_id);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
	otd_test_env_free(f->env);
	g_free(f->session_id);
	g_free(f->stream_id);
}

static void
assert_json_equal(const gchar *actual, const gchar *expected)
{
	g_autoptr(JsonParser) a = json_parser_new();
	g_autoptr(JsonParser) b = json_parser_new();

	g_assert_true(json_parser_load_from_data(a, actual, -1, NULL));
	g_assert_true(json_parser_load_from_data(b, expected, -1, NULL));
	if (!json_node_equal(json_parser_get_root(a), json_parser_get_root(b)))
		g_error("JSON differs:\n  got      %s\n  expected %s", actual, expected);
}

static OtkOptions *
hls_outputs(OtkOptions *o)
{
	OtkOptions *outputs = otk_options_new();
	otk_options_set_dict(outputs, "hls", otk_options_new());
	otk_options_set_dict(o, "outputs", outputs);
	return o;
}

static OtkDict *
start(Fixture *f, const gchar *sid, OtkOptions *options, OtkCallError **ret_error)
{
	OtkDict *broadcast = NULL;
	otk_client_broadcast_start(f->env->client, sid, options, &broadcast, ret_error);
	otk_options_free(options);
	return broadcast;
}

static OtkOptions *
rtmp_target(const gchar *id, const gchar *url, const gchar *name)
{
	OtkOptions *t = otk_options_new();
	if (id != NULL)
		otk_options_set_string(t, "id", id);
	otk_options_set_string(t, "server_url", url);
	otk_options_set_string(t, "stream_name", name);
	return t;
}

static void
test_start_every_option(Fixture *f, gconstpointer data)
{
	OtkOptions *o = otk_options_new(), *outputs = otk_options_new(), *hls = otk_options_new();
	OtkOptions *layout = otk_options_new();
	OtkCallError *error = NULL;
	OtkDict *b;
	const OtkDict *urls;
	const OtkValue *rtmp;
	g_autoptr(JsonObject) request = NULL;
	g_autofree gchar *expected = NULL;

	otk_options_set_bool(hls, "dvr", true);
	otk_options_set_dict(outputs, "hls", hls);
	otk_options_add_dict_array_item(outputs, "rtmp",
					rtmp_target("yt", "rtmp://a.rtmp.youtube.com/live2", "k-1"));
	otk_options_add_dict_array_item(outputs, "rtmp",
					rtmp_target(NULL, "rtmps://live.example.com/app", "k-2"));
	otk_options_set_dict(o, "outputs", outputs);
	otk_options_set_string(layout, "type", "verticalPresentation");
	otk_options_set_dict(o, "layout", layout);
	otk_options_set_int64(o, "max_duration", 3600);
	otk_options_set_int64(o, "max_bitrate", 3000000);
	otk_options_set_string(o, "resolution", "1080x1920");
	otk_options_set_string(o, "stream_mode", "manual");
	otk_options_set_string(o, "multi_broadcast_tag", "main");
	otk_options_set_bool(o, "has_audio", true);
	otk_options_set_bool(o, "has_video", true);
	b = start(f, f->session_id, o, &error);
	g_assert_null(error);
	request = otd_test_env_last_request(f->env);
	g_assert_cmpstr(json_object_get_string_member(request, "path"), ==,
			"/v2/project/" OTD_TEST_KEY "/broadcast");
	expected = g_strdup_printf(
	    "{\"sessionId\":\"%s\",\"outputs\":{\"hls\":{\"dvr\":true},\"rtmp\":[{\"id\":\"yt\","
	    "\"serverUrl\":\"rtmp://a.rtmp.youtube.com/live2\",\"streamName\":\"k-1\"},"
	    "{\"serverUrl\":\"rtmps://live.example.com/app\",\"streamName\":\"k-2\"}]},"
	    "\"layout\":{\"type\":\"verticalPresentation\"},\"maxDuration\":3600,"
	    "\"maxBitrate\":3000000,\"resolution\":\"1080x1920\",\"streamMode\":\"manual\","
	    "\"multiBroadcastTag\":\"main\",\"hasAudio\":true,\"hasVideo\":true}",
	    f->session_id);
	assert_json_equal(json_object_get_string_member(request, "body"), expected);
	g_assert_cmpstr(otk_dict_get_string(b, "status"), ==, "started");
	g_assert_cmpstr(otk_dict_get_string(b, "resolution"), ==, "1080x1920");
	urls = otk_dict_get_dict(b, "broadcast_urls");
	g_assert_nonnull(urls);
	g_assert_nonnull(otk_dict_get_string(urls, "hls"));
	rtmp = otk_dict_lookup(urls, "rtmp");
	g_assert_cmpuint(otk_value_get_length(rtmp), ==, 2);
	g_assert_cmpstr(otk_dict_get_string(otk_value_get_dict(otk_value_get_element(rtmp, 0)),
					    "server_url"),
			==, "rtmp://a.rtmp.youtube.com/live2");
	otk_dict_free(b);

	/* a second broadcast of the session without a tag of its own: the API's 409 */
	b = start(f, f->session_id, hls_outputs(otk_options_new()), &error);
	g_assert_null(b);
	otd_test_assert_error(error, "Conflict", "409");
	otk_call_error_free(error);
}

static void
expect_refused(Fixture *f, OtkOptions *o, const gchar *needle)
{
	OtkCallError *error = NULL;
	guint before = otd_test_env_request_count(f->env);

	g_assert_null(start(f, f->session_id, o, &error));
	otd_test_assert_error(error, "InvalidArgs", needle);
	otk_call_error_free(error);
	g_assert_cmpuint(otd_test_env_request_count(f->env), ==, before);
}

static void
test_start_refusals(Fixture *f, gconstpointer data)
{
	OtkOptions *o, *outputs, *hls;

	expect_refused(f, otk_options_new(), "'outputs'");
	o = otk_options_new();
	otk_options_set_dict(o, "outputs", otk_options_new());
	expect_refused(f, o, "'outputs'");
	o = otk_options_new();
	outputs = otk_options_new();
	hls = otk_options_new();
	otk_options_set_bool(hls, "dvr", true);
	otk_options_set_bool(hls, "low_latency", true);
	otk_options_set_dict(outputs, "hls", hls);
	otk_options_set_dict(o, "outputs", outputs);
	expect_refused(f, o, "'outputs.hls.low_latency'");
	o = otk_options_new();
	outputs = otk_options_new();
	for (guint i = 0; i < 6; i++) {
		g_autofree gchar *name = g_strdup_printf("s%u", i);
		otk_options_add_dict_array_item(outputs, "rtmp",
						rtmp_target(NULL, "rtmp://h.example/app", name));
	}
	otk_options_set_dict(o, "outputs", outputs);
	expect_refused(f, o, "'outputs.rtmp'");
	o = otk_options_new();
	outputs = otk_options_new();
	otk_options_add_dict_array_item(outputs, "rtmp",
					rtmp_target(NULL, "https://h.example/app", "x"));
	otk_options_set_dict(o, "outputs", outputs);
	expect_refused(f, o, "server_url");
	o = hls_outputs(otk_options_new());
	otk_options_set_int64(o, "max_duration", 59);
	expect_refused(f, o, "'max_duration'");
	o = hls_outputs(otk_options_new());
	otk_options_set_int64(o, "max_bitrate", 99999);
	expect_refused(f, o, "'max_bitrate'");
	o = hls_outputs(otk_options_new());
	otk_options_set_string(o, "resolution", "320x240");
	expect_refused(f, o, "'resolution'");
	o = hls_outputs(otk_options_new());
	otk_options_set_bool(o, "has_audio", false);
	otk_options_set_bool(o, "has_video", false);
	expect_refused(f, o, "'has_audio'");
}

static void
test_lifecycle(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	OtkOptions *o = otk_options_new(), *outputs = otk_options_new();
	OtkDict *b, *got = NULL, *stopped = NULL, *list = NULL;
	g_autofree gchar *id = NULL;
	const OtkValue *rtmp;
	OtkOptions *filter = otk_options_new();
	int64_t total = 0;

	otk_options_add_dict_array_item(outputs, "rtmp",
					rtmp_target("t1", "rtmp://h.example/app", "n1"));
	otk_options_set_dict(o, "outputs", outputs);
	b = start(f, f->session_id, o, &error);
	g_assert_null(error);
	id = g_strdup(otk_dict_get_string(b, "id"));
	otk_dict_free(b);
	g_usleep(G_USEC_PER_SEC / 10);
	g_assert_cmpint(otk_client_broadcast_get(f->env->client, id, &got, &error), >=, 0);
	rtmp = otk_dict_lookup(otk_dict_get_dict(got, "broadcast_urls"), "rtmp");
	g_assert_cmpstr(otk_dict_get_string(otk_value_get_dict(otk_value_get_element(rtmp, 0)),
					    "id"),
			==, "t1");
	otk_dict_free(got);
	otk_options_set_string(filter, "session_id", f->session_id);
	g_assert_cmpint(otk_client_broadcast_list(f->env->client, filter, &list, &error), >=, 0);
	g_assert_true(otk_dict_get_int64(list, "total", &total));
	g_assert_cmpint(total, ==, 1);
	otk_dict_free(list);
	otk_options_free(filter);
	g_assert_cmpint(otk_client_broadcast_stop(f->env->client, id, &stopped, &error), >=, 0);
	g_assert_cmpstr(otk_dict_get_string(stopped, "status"), ==, "stopped");
	/* broadcastUrls is null once stopped: left out */
	g_assert_null(otk_dict_lookup(stopped, "broadcast_urls"));
	otk_dict_free(stopped);
	g_assert_cmpint(otk_client_broadcast_stop(f->env->client, id, &stopped, &error), <, 0);
	g_assert_nonnull(error);
	g_assert_true(g_str_has_suffix(otk_call_error_get_name(error), "Conflict") ||
		      g_str_has_suffix(otk_call_error_get_name(error), "NotFound"));
	otk_call_error_free(g_steal_pointer(&error));
	g_assert_cmpint(otk_client_broadcast_get(f->env->client, "nope", &got, &error), <, 0);
	otd_test_assert_error(error, "NotFound", "404");
	otk_call_error_free(error);
}

static void
test_rtmp_object_form(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	OtkDict *got = NULL;
	const OtkValue *rtmp;
	const OtkDict *first;

	otd_test_env_fault(f->env,
			   "{\"method\":\"GET\",\"path\":\"/v2/project/*/broadcast/fixture\","
			   "\"status\":200,\"body\":{\"id\":\"fixture\",\"status\":\"started\","
			   "\"broadcastUrls\":{\"hls\":\"https://h/p.m3u8\",\"rtmp\":{\"foo\":"
			   "{\"serverUrl\":\"rtmps://myfooserver/myfooapp\",\"streamName\":"
			   "\"myfoostream1\",\"status\":\"started\"}}}}}");
	g_assert_cmpint(otk_client_broadcast_get(f->env->client, "fixture", &got, &error), >=, 0);
	g_assert_null(error);
	rtmp = otk_dict_lookup(otk_dict_get_dict(got, "broadcast_urls"), "rtmp");
	g_assert_cmpint(otk_value_get_kind(rtmp), ==, OTK_VALUE_KIND_ARRAY);
	g_assert_cmpuint(otk_value_get_length(rtmp), ==, 1);
	first = otk_value_get_dict(otk_value_get_element(rtmp, 0));
	g_assert_cmpstr(otk_dict_get_string(first, "id"), ==, "foo");
	g_assert_cmpstr(otk_dict_get_string(first, "stream_name"), ==, "myfoostream1");
	otk_dict_free(got);
}

static void
test_layout_and_streams(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	OtkOptions *o = hls_outputs(otk_options_new());
	OtkOptions *layout = otk_options_new();
	OtkDict *b;
	g_autoptr(JsonObject) request = NULL;
	g_autofree gchar *id = NULL;
	g_autofree gchar *expected = NULL;

	otk_options_set_string(o, "stream_mode", "manual");
	b = start(f, f->session_id, o, &error);
	g_assert_null(error);
	id = g_strdup(otk_dict_get_string(b, "id"));
	otk_dict_free(b);
	otk_options_set_string(layout, "type", "bestFit");
	otk_options_set_string(layout, "screenshare_type", "horizontalPresentation");
	g_assert_cmpint(otk_client_broadcast_set_layout(f->env->client, id, layout, &error), >=, 0);
	g_assert_null(error);
	request = otd_test_env_last_request(f->env);
	g_assert_cmpstr(json_object_get_string_member(request, "method"), ==, "PUT");
	assert_json_equal(json_object_get_string_member(request, "body"),
			  "{\"type\":\"bestFit\",\"screenshareType\":\"horizontalPresentation\"}");
	otk_options_free(layout);
	g_assert_cmpint(otk_client_broadcast_add_stream(f->env->client, id, f->stream_id, NULL,
							&error),
			>=, 0);
	g_assert_null(error);
	g_clear_pointer(&request, json_object_unref);
	request = otd_test_env_last_request(f->env);
	expected = g_strdup_printf("{\"addStream\":\"%s\"}", f->stream_id);
	assert_json_equal(json_object_get_string_member(request, "body"), expected);
	g_assert_cmpint(otk_client_broadcast_remove_stream(f->env->client, id, f->stream_id,
							   &error),
			>=, 0);
	g_assert_null(error);
}

static void
test_relayed_refused(Fixture *f, gconstpointer data)
{
	g_autofree gchar *relayed = live_session(f->env, FALSE, NULL);
	OtkCallError *error = NULL;

	g_assert_null(start(f, relayed, hls_outputs(otk_options_new()), &error));
	otd_test_assert_error(error, "Conflict", "409");
	otk_call_error_free(error);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(path, fn)                                                                              \
	g_test_add("/otd/bus/broadcasts/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
	ADD("start-every-option", test_start_every_option);
	ADD("start-refusals", test_start_refusals);
	ADD("lifecycle", test_lifecycle);
	ADD("rtmp-object-form", test_rtmp_object_form);
	ADD("layout-and-streams", test_layout_and_streams);
	ADD("relayed-refused", test_relayed_refused);
	return g_test_run();
}
