/* Archives end to end: every method and option through the daemon to the emulator */
#include "config.h"

#include <string.h>

#include "otd-test-env.h"
#include "otk-archives.h"

typedef struct {
	OtdTestEnv *env;
	gchar *session_id;
	gchar *connection_id;
	gchar *stream_id;
} Fixture;

static gchar *
publish(OtdTestEnv *env, const gchar *sid, const gchar *cid)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients/%s/streams", sid,
						 cid);
	guint status = 0;
	g_autoptr(JsonNode) answer = otd_test_env_http(
	    env, "POST", path, "{\"videoType\":\"camera\",\"name\":\"cam\"}", &status);

	g_assert_cmpuint(status, ==, 201);
	return g_strdup(json_object_get_string_member(json_node_get_object(answer), "streamId"));
}

/* a routed session with one client publishing one stream */
static void
live_session(OtdTestEnv *env, gboolean routed, gchar **ret_sid, gchar **ret_cid,
	     gchar **ret_stream)
{
	OtkOptions *o = otk_options_new();
	char *sid = NULL, *token = NULL;
	gchar *cid = NULL;

	otk_options_set_string(o, "media_mode", routed ? "routed" : "relayed");
	g_assert_cmpint(otk_client_create_session(env->client, o, &sid, NULL), >=, 0);
	otk_options_free(o);
	g_assert_cmpint(otk_client_generate_token(env->client, sid, NULL, &token, NULL), >=, 0);
	g_assert_cmpuint(otd_test_env_join(env, sid, token, &cid), ==, 201);
	free(token);
	*ret_sid = g_strdup(sid);
	free(sid);
	if (ret_stream != NULL)
		*ret_stream = publish(env, *ret_sid, cid);
	if (ret_cid != NULL)
		*ret_cid = cid;
	else
		g_free(cid);
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
	f->env = otd_test_env_new(NULL);
	live_session(f->env, TRUE, &f->session_id, &f->connection_id, &f->stream_id);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
	otd_test_env_free(f->env);
	g_free(f->session_id);
	g_free(f->connection_id);
	g_free(f->stream_id);
}

static JsonObject *
last_request(Fixture *f)
{
	return otd_test_env_last_request(f->env);
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

static OtkDict *
start(Fixture *f, const gchar *sid, OtkOptions *options, OtkCallError **ret_error)
{
	OtkDict *archive = NULL;
	otk_client_archive_start(f->env->client, sid, options, &archive, ret_error);
	otk_options_free(options);
	return archive;
}

static void
test_start_every_option(Fixture *f, gconstpointer data)
{
	OtkOptions *o = otk_options_new();
	OtkOptions *layout = otk_options_new();
	OtkCallError *error = NULL;
	OtkDict *archive;
	g_autoptr(JsonObject) request = NULL;
	g_autofree gchar *expected = NULL;
	const OtkDict *l;
	bool b = true;

	otk_options_set_string(o, "name", "Board meeting");
	otk_options_set_bool(o, "has_audio", true);
	otk_options_set_bool(o, "has_video", false);
	otk_options_set_string(o, "output_mode", "composed");
	otk_options_set_string(o, "resolution", "1920x1080");
	otk_options_set_string(layout, "type", "bestFit");
	otk_options_set_string(layout, "screenshare_type", "verticalPresentation");
	otk_options_set_dict(o, "layout", layout);
	otk_options_set_string(o, "stream_mode", "manual");
	otk_options_set_string(o, "multi_archive_tag", "board");
	otk_options_set_int64(o, "max_bitrate", 2500000);
	archive = start(f, f->session_id, o, &error);
	g_assert_null(error);
	request = last_request(f);
	g_assert_cmpstr(json_object_get_string_member(request, "method"), ==, "POST");
	g_assert_cmpstr(json_object_get_string_member(request, "path"), ==,
			"/v2/project/" OTD_TEST_KEY "/archive");
	expected = g_strdup_printf(
	    "{\"sessionId\":\"%s\",\"name\":\"Board meeting\",\"hasAudio\":true,"
	    "\"hasVideo\":false,\"outputMode\":\"composed\",\"resolution\":\"1920x1080\","
	    "\"layout\":{\"type\":\"bestFit\",\"screenshareType\":\"verticalPresentation\"},"
	    "\"streamMode\":\"manual\",\"multiArchiveTag\":\"board\",\"maxBitrate\":2500000}",
	    f->session_id);
	assert_json_equal(json_object_get_string_member(request, "body"), expected);
	g_assert_cmpstr(otk_dict_get_string(archive, "status"), ==, "started");
	g_assert_cmpstr(otk_dict_get_string(archive, "name"), ==, "Board meeting");
	g_assert_cmpstr(otk_dict_get_string(archive, "session_id"), ==, f->session_id);
	g_assert_cmpstr(otk_dict_get_string(archive, "output_mode"), ==, "composed");
	g_assert_cmpstr(otk_dict_get_string(archive, "stream_mode"), ==, "manual");
	g_assert_cmpstr(otk_dict_get_string(archive, "resolution"), ==, "1920x1080");
	g_assert_true(otk_dict_get_bool(archive, "has_video", &b));
	g_assert_false(b);
	l = otk_dict_get_dict(archive, "layout");
	g_assert_nonnull(l);
	g_assert_cmpstr(otk_dict_get_string(l, "screenshare_type"), ==, "verticalPresentation");
	g_assert_null(otk_dict_lookup(archive, "url")); /* null on the wire: left out */
	otk_dict_free(archive);

	/* a second archive of the same session needs its own tag */
	o = otk_options_new();
	otk_options_set_string(o, "output_mode", "individual");
	otk_options_set_int64(o, "quantization_parameter", 25);
	g_assert_null(start(f, f->session_id, o, &error));
	otd_test_assert_error(error, "InvalidArgs", "'quantization_parameter'");
	otk_call_error_free(g_steal_pointer(&error));
	o = otk_options_new();
	otk_options_set_string(o, "output_mode", "individual");
	archive = start(f, f->session_id, o, &error);
	otd_test_assert_error(error, "Conflict", "409");
	otk_call_error_free(g_steal_pointer(&error));
	o = otk_options_new();
	otk_options_set_string(o, "output_mode", "individual");
	otk_options_set_string(o, "multi_archive_tag", "second");
	archive = start(f, f->session_id, o, &error);
	g_assert_null(error);
	g_assert_cmpstr(otk_dict_get_string(archive, "output_mode"), ==, "individual");
	otk_dict_free(archive);
}

static void
expect_start_refused(Fixture *f, OtkOptions *o, const gchar *needle)
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
	OtkOptions *o, *layout;

	o = otk_options_new();
	otk_options_set_string(o, "resolution", "1024x768");
	expect_start_refused(f, o, "'resolution'");
	o = otk_options_new();
	otk_options_set_bool(o, "has_audio", false);
	otk_options_set_bool(o, "has_video", false);
	expect_start_refused(f, o, "'has_audio'");
	o = otk_options_new();
	otk_options_set_int64(o, "max_bitrate", 50000);
	expect_start_refused(f, o, "'max_bitrate'");
	o = otk_options_new();
	otk_options_set_int64(o, "max_bitrate", 500000);
	otk_options_set_int64(o, "quantization_parameter", 30);
	expect_start_refused(f, o, "'quantization_parameter'");
	o = otk_options_new();
	otk_options_set_string(o, "output_mode", "individual");
	otk_options_set_string(o, "resolution", "640x480");
	expect_start_refused(f, o, "'resolution'");
	o = otk_options_new();
	layout = otk_options_new();
	otk_options_set_string(layout, "type", "custom");
	otk_options_set_dict(o, "layout", layout);
	expect_start_refused(f, o, "'layout.stylesheet'");
	o = otk_options_new();
	layout = otk_options_new();
	otk_options_set_string(layout, "type", "pip");
	otk_options_set_string(layout, "screenshare_type", "pip");
	otk_options_set_dict(o, "layout", layout);
	expect_start_refused(f, o, "'layout.screenshare_type'");
	o = otk_options_new();
	otk_options_set_string(o, "stream_mode", "AUTO");
	expect_start_refused(f, o, "'stream_mode'");
	o = otk_options_new();
	otk_options_set_string(o, "session_id", "x");
	expect_start_refused(f, o, "'session_id'");
}

static void
test_lifecycle(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	OtkDict *archive = start(f, f->session_id, otk_options_new(), &error);
	g_autofree gchar *id = g_strdup(otk_dict_get_string(archive, "id"));
	g_autofree gchar *status_path = g_strdup_printf("/_emulator/archives/%s/status", id);
	g_autoptr(JsonObject) request = NULL;
	g_autoptr(JsonNode) advanced = NULL;
	OtkDict *got = NULL;
	guint http = 0;

	g_assert_null(error);
	otk_dict_free(archive);
	/* deleting a recording archive is the API's 409 */
	g_assert_cmpint(otk_client_archive_delete(f->env->client, id, &error), <, 0);
	otd_test_assert_error(error, "Conflict", "409");
	otk_call_error_free(g_steal_pointer(&error));
	g_assert_cmpint(otk_client_archive_stop(f->env->client, id, &archive, &error), >=, 0);
	request = last_request(f);
	g_assert_cmpstr(json_object_get_string_member(request, "method"), ==, "POST");
	g_assert_true(g_str_has_suffix(json_object_get_string_member(request, "path"), "/stop"));
	g_assert_cmpstr(json_object_get_string_member(request, "body"), ==, "");
	g_assert_cmpstr(otk_dict_get_string(archive, "status"), ==, "stopped");
	otk_dict_free(archive);
	g_assert_cmpint(otk_client_archive_stop(f->env->client, id, &archive, &error), <, 0);
	otd_test_assert_error(error, "Conflict", "not recording");
	otk_call_error_free(g_steal_pointer(&error));
	advanced = otd_test_env_http(f->env, "POST", status_path, "{\"status\":\"available\"}",
				     &http);
	g_assert_cmpuint(http, ==, 200);
	g_assert_cmpint(otk_client_archive_get(f->env->client, id, &got, &error), >=, 0);
	g_assert_cmpstr(otk_dict_get_string(got, "status"), ==, "available");
	g_assert_nonnull(otk_dict_get_string(got, "url"));
	otk_dict_free(got);
	g_assert_cmpint(otk_client_archive_delete(f->env->client, id, &error), >=, 0);
	g_assert_null(error);
	g_assert_cmpint(otk_client_archive_get(f->env->client, id, &got, &error), >=, 0);
	g_assert_cmpstr(otk_dict_get_string(got, "status"), ==, "deleted");
	otk_dict_free(got);
	g_assert_cmpint(otk_client_archive_get(f->env->client, "no-such-archive", &got, &error), <,
			0);
	otd_test_assert_error(error, "NotFound", "404");
	otk_call_error_free(error);
}

static void
test_list(Fixture *f, gconstpointer data)
{
	g_autofree gchar *other = NULL;
	OtkCallError *error = NULL;
	OtkOptions *filter = otk_options_new();
	OtkDict *list = NULL, *a;
	g_autoptr(JsonObject) request = NULL;
	int64_t total = -1;

	live_session(f->env, TRUE, &other, NULL, NULL);
	for (guint i = 0; i < 3; i++) {
		OtkOptions *o = otk_options_new();
		g_autofree gchar *tag = g_strdup_printf("tag%u", i);
		otk_options_set_string(o, "multi_archive_tag", tag);
		a = start(f, f->session_id, o, &error);
		g_assert_null(error);
		otk_dict_free(a);
	}
	a = start(f, other, otk_options_new(), &error);
	g_assert_null(error);
	otk_dict_free(a);
	otk_options_set_string(filter, "session_id", f->session_id);
	otk_options_set_int64(filter, "offset", 1);
	otk_options_set_int64(filter, "count", 1);
	g_assert_cmpint(otk_client_archive_list(f->env->client, filter, &list, &error), >=, 0);
	g_assert_null(error);
	request = last_request(f);
	g_assert_cmpstr(json_object_get_string_member(request, "path"), ==,
			"/v2/project/" OTD_TEST_KEY "/archive");
	{
		g_autofree gchar *q = g_strdup_printf("offset=1&count=1&sessionId=%s",
						      f->session_id);
		g_assert_cmpstr(json_object_get_string_member(request, "query"), ==, q);
	}
	g_assert_true(otk_dict_get_int64(list, "total", &total));
	g_assert_cmpint(total, ==, 3);
	g_assert_cmpuint(otk_value_get_length(otk_dict_lookup(list, "items")), ==, 1);
	otk_dict_free(list);
	otk_options_free(filter);
	g_assert_cmpint(otk_client_archive_list(f->env->client, NULL, &list, &error), >=, 0);
	g_assert_true(otk_dict_get_int64(list, "total", &total));
	g_assert_cmpint(total, ==, 4);
	otk_dict_free(list);
	filter = otk_options_new();
	otk_options_set_int64(filter, "count", 1001);
	g_assert_cmpint(otk_client_archive_list(f->env->client, filter, &list, &error), <, 0);
	otd_test_assert_error(error, "InvalidArgs", "'count'");
	otk_call_error_free(error);
	otk_options_free(filter);
}

static void
test_layout(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	OtkDict *archive = start(f, f->session_id, otk_options_new(), &error);
	const gchar *id = otk_dict_get_string(archive, "id");
	OtkOptions *layout = otk_options_new();
	g_autoptr(JsonObject) request = NULL;
	guint before;

	otk_options_set_string(layout, "type", "custom");
	otk_options_set_string(layout, "stylesheet", "stream.instructor {position: absolute;}");
	g_assert_cmpint(otk_client_archive_set_layout(f->env->client, id, layout, &error), >=, 0);
	g_assert_null(error);
	request = last_request(f);
	g_assert_cmpstr(json_object_get_string_member(request, "method"), ==, "PUT");
	g_assert_true(g_str_has_suffix(json_object_get_string_member(request, "path"), "/layout"));
	assert_json_equal(json_object_get_string_member(request, "body"),
			  "{\"type\":\"custom\",\"stylesheet\":\"stream.instructor {position: "
			  "absolute;}\"}");
	otk_options_free(layout);
	layout = otk_options_new();
	otk_options_set_string(layout, "type", "pip");
	otk_options_set_string(layout, "stylesheet", "x");
	before = otd_test_env_request_count(f->env);
	g_assert_cmpint(otk_client_archive_set_layout(f->env->client, id, layout, &error), <, 0);
	otd_test_assert_error(error, "InvalidArgs", "'layout.stylesheet'");
	g_assert_cmpuint(otd_test_env_request_count(f->env), ==, before);
	otk_call_error_free(error);
	otk_options_free(layout);
	otk_dict_free(archive);
}

static void
test_streams(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	OtkOptions *o = otk_options_new();
	OtkOptions *so = otk_options_new();
	OtkDict *manual, *automatic;
	g_autoptr(JsonObject) request = NULL;
	g_autoptr(JsonObject) request2 = NULL;
	g_autofree gchar *expected = NULL;

	otk_options_set_string(o, "stream_mode", "manual");
	otk_options_set_string(o, "multi_archive_tag", "m");
	manual = start(f, f->session_id, o, &error);
	g_assert_null(error);
	otk_options_set_bool(so, "has_video", false);
	g_assert_cmpint(otk_client_archive_add_stream(f->env->client,
						      otk_dict_get_string(manual, "id"),
						      f->stream_id, so, &error),
			>=, 0);
	g_assert_null(error);
	request = last_request(f);
	g_assert_cmpstr(json_object_get_string_member(request, "method"), ==, "PATCH");
	expected = g_strdup_printf("{\"addStream\":\"%s\",\"hasVideo\":false}", f->stream_id);
	assert_json_equal(json_object_get_string_member(request, "body"), expected);
	g_assert_cmpint(otk_client_archive_remove_stream(f->env->client,
							 otk_dict_get_string(manual, "id"),
							 f->stream_id, &error),
			>=, 0);
	g_assert_null(error);
	request2 = last_request(f);
	g_free(expected);
	expected = g_strdup_printf("{\"removeStream\":\"%s\"}", f->stream_id);
	assert_json_equal(json_object_get_string_member(request2, "body"), expected);

	o = otk_options_new();
	otk_options_set_string(o, "multi_archive_tag", "a");
	automatic = start(f, f->session_id, o, &error);
	g_assert_null(error);
	g_assert_cmpint(otk_client_archive_add_stream(f->env->client,
						      otk_dict_get_string(automatic, "id"),
						      f->stream_id, NULL, &error),
			<, 0);
	otd_test_assert_error(error, "NotAllowed", "405");
	otk_call_error_free(g_steal_pointer(&error));
	otk_options_set_bool(so, "has_audio", false);
	g_assert_cmpint(otk_client_archive_add_stream(f->env->client,
						      otk_dict_get_string(manual, "id"),
						      f->stream_id, so, &error),
			<, 0);
	otd_test_assert_error(error, "InvalidArgs", "'has_audio'");
	otk_call_error_free(error);
	otk_options_free(so);
	otk_dict_free(manual);
	otk_dict_free(automatic);
}

static void
test_api_refusals(Fixture *f, gconstpointer data)
{
	g_autofree gchar *relayed = NULL;
	OtkCallError *error = NULL;

	live_session(f->env, FALSE, &relayed, NULL, NULL);
	g_assert_null(start(f, relayed, otk_options_new(), &error));
	otd_test_assert_error(error, "Conflict", "409");
	otk_call_error_free(g_steal_pointer(&error));
	g_assert_null(start(f, "", otk_options_new(), &error));
	otd_test_assert_error(error, "InvalidArgs", "session_id");
	otk_call_error_free(error);
}

static void
test_unknown_fields_kept(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	OtkDict *archive = NULL;

	otd_test_env_fault(f->env,
			   "{\"method\":\"GET\",\"path\":\"/v2/project/*/archive/abc\",\"status\":200,"
			   "\"body\":{\"id\":\"abc\",\"status\":\"available\",\"notarealproperty\":"
			   "\"kept\",\"futureThing\":{\"deepField\":1},\"url\":null}}");
	g_assert_cmpint(otk_client_archive_get(f->env->client, "abc", &archive, &error), >=, 0);
	g_assert_null(error);
	g_assert_cmpstr(otk_dict_get_string(archive, "notarealproperty"), ==, "kept");
	g_assert_nonnull(otk_dict_get_dict(archive, "future_thing"));
	g_assert_null(otk_dict_lookup(archive, "url"));
	otk_dict_free(archive);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(path, fn)                                                                              \
	g_test_add("/otd/bus/archives/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
	ADD("start-every-option", test_start_every_option);
	ADD("start-refusals", test_start_refusals);
	ADD("lifecycle", test_lifecycle);
	ADD("list", test_list);
	ADD("layout", test_layout);
	ADD("streams", test_streams);
	ADD("api-refusals", test_api_refusals);
	ADD("unknown-fields-kept", test_unknown_fields_kept);
	return g_test_run();
}
