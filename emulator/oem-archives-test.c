/*
 * Archives over HTTP, against the in-process emulator of oem-test-http.c.
 */
#include <string.h>

#include "oem-test-http.h"

#define KEY OEM_TEST_KEY
#define API "/v2/project/" KEY

/* POST /archive with @options after the sessionId; the archive when @expected is 200 */
static JsonNode *
oem_test_start(OemFixture *f, const gchar *sid, const gchar *options, guint expected)
{
	g_autofree gchar *body = g_strdup_printf("{\"sessionId\":\"%s\"%s%s}", sid,
						 options[0] != '\0' ? "," : "", options);
	guint status = 0;
	JsonNode *node = oem_test_api(f, "POST", API "/archive", body, &status);

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
oem_test_on_archive(OemFixture *f, const gchar *method, const gchar *id, const gchar *suffix,
		    const gchar *body, guint *ret_status)
{
	g_autofree gchar *path = g_strdup_printf(API "/archive/%s%s", id, suffix);

	return oem_test_api(f, method, path, body, ret_status);
}

static JsonNode *
oem_test_get(OemFixture *f, const gchar *id)
{
	guint status = 0;
	JsonNode *node = oem_test_on_archive(f, "GET", id, "", NULL, &status);

	g_assert_cmpuint(status, ==, 200);
	return node;
}

static guint
oem_test_stop(OemFixture *f, const gchar *id)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_on_archive(f, "POST", id, "/stop", NULL, &status);

	return status;
}

static guint
oem_test_status_call(OemFixture *f, const gchar *id, const gchar *body, JsonNode **ret_node)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/archives/%s/status", id);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "POST", path, body, &status);

	if (ret_node != NULL)
		*ret_node = g_steal_pointer(&node);
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

static guint
oem_test_stream_count(JsonObject *archive)
{
	return json_array_get_length(json_object_get_array_member(archive, "streams"));
}

/* @node without what changes from run to run (ids, times), as compact JSON */
static gchar *
oem_test_stable_json(JsonNode *node)
{
	g_autoptr(JsonNode) copy = json_node_copy(node);
	JsonObject *obj = json_node_get_object(copy);
	JsonArray *streams = json_object_get_array_member(obj, "streams");

	g_assert_true(g_uuid_string_is_valid(json_object_get_string_member(obj, "id")));
	g_assert_cmpint(json_object_get_int_member(obj, "createdAt"), >, 1600000000000);
	g_assert_cmpint(json_object_get_int_member(obj, "updatedAt"), >=,
			json_object_get_int_member(obj, "createdAt"));
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

	/* Python sends null for what is unset; unknown members are ignored */
	node = oem_test_start(f, sid,
			      "\"name\":null,\"resolution\":null,\"multiArchiveTag\":null,"
			      "\"maxBitrate\":null,\"layout\":null,\"notarealproperty\":1",
			      200);
	obj = json_node_get_object(node);
	g_assert_cmpstr(json_object_get_string_member(obj, "sessionId"), ==, sid);
	g_assert_cmpint(json_object_get_int_member(obj, "updatedAt"), ==,
			json_object_get_int_member(obj, "createdAt"));
	/* auto mode records what is published */
	stream = json_array_get_object_element(json_object_get_array_member(obj, "streams"), 0);
	g_assert_cmpstr(json_object_get_string_member(stream, "streamId"), ==, stid);
	stable = oem_test_stable_json(node);
	g_assert_cmpstr(stable, ==,
			"{\"status\":\"started\",\"name\":null,\"reason\":\"\",\"projectId\":\"" KEY
			"\",\"partnerId\":" KEY ",\"duration\":0,\"size\":0,\"url\":null,"
			"\"hasAudio\":true,\"hasVideo\":true,\"outputMode\":\"composed\","
			"\"streamMode\":\"auto\",\"resolution\":\"640x480\","
			"\"layout\":{\"type\":\"bestFit\"},"
			"\"streams\":[{\"streamId\":\"ST\",\"hasAudio\":true,\"hasVideo\":true}]}");
}

static void
oem_test_start_options(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL, d = NULL;
	g_autofree gchar *sa = NULL, *sb = NULL, *sc = NULL, *sd = NULL;

	a = oem_test_start(
	    f, sid,
	    "\"name\":\"talk\",\"hasVideo\":false,\"resolution\":\"1920x1080\","
	    "\"layout\":{\"type\":\"bestFit\",\"screenshareType\":\"pip\"},"
	    "\"multiArchiveTag\":\"a\",\"maxBitrate\":100000,\"streamMode\":\"manual\"",
	    200);
	sa = oem_test_stable_json(a);
	g_assert_cmpstr(
	    sa, ==,
	    "{\"status\":\"started\",\"name\":\"talk\",\"reason\":\"\",\"projectId\":"
	    "\"" KEY "\",\"partnerId\":" KEY ",\"duration\":0,\"size\":0,\"url\":null,"
	    "\"hasAudio\":true,\"hasVideo\":false,\"outputMode\":\"composed\","
	    "\"streamMode\":\"manual\",\"resolution\":\"1920x1080\",\"layout\":{\"type\":"
	    "\"bestFit\",\"screenshareType\":\"pip\"},\"streams\":[],"
	    "\"multiArchiveTag\":\"a\",\"maxBitrate\":100000}");
	b = oem_test_start(f, sid,
			   "\"outputMode\":\"individual\",\"hasAudio\":false,"
			   "\"multiArchiveTag\":\"b\",\"layout\":null,\"resolution\":null",
			   200);
	sb = oem_test_stable_json(b);
	g_assert_cmpstr(sb, ==,
			"{\"status\":\"started\",\"name\":null,\"reason\":\"\",\"projectId\":"
			"\"" KEY "\",\"partnerId\":" KEY ",\"duration\":0,\"size\":0,\"url\":null,"
			"\"hasAudio\":false,\"hasVideo\":true,\"outputMode\":\"individual\","
			"\"streamMode\":\"auto\",\"streams\":[],\"multiArchiveTag\":\"b\"}");
	c = oem_test_start(f, sid,
			   "\"layout\":{\"type\":\"custom\",\"stylesheet\":\"s {}\"},"
			   "\"quantizationParameter\":15.5,\"multiArchiveTag\":\"c\","
			   "\"resolution\":\"720x1280\"",
			   200);
	sc = oem_test_stable_json(c);
	g_assert_nonnull(strstr(sc, "\"resolution\":\"720x1280\",\"layout\":{\"type\":\"custom\","
				    "\"stylesheet\":\"s {}\"}"));
	g_assert_true(g_str_has_suffix(sc, "\"quantizationParameter\":15.5}"));
	d = oem_test_start(f, sid,
			   "\"quantizationParameter\":40,\"multiArchiveTag\":\"d\","
			   "\"layout\":{\"type\":\"pip\",\"stylesheet\":null},\"maxBitrate\":null",
			   200);
	sd = oem_test_stable_json(d);
	g_assert_true(g_str_has_suffix(sd,
				       "{\"type\":\"pip\"},\"streams\":[],"
				       "\"multiArchiveTag\":\"d\",\"quantizationParameter\":40}"));
	g_assert_cmpuint(f->state->archive_list->len, ==, 4);
}

static void
oem_test_start_invalid(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	const struct {
		const gchar *options;
		const gchar *field;
	} cases[] = {
	    {"\"sessionId\":5", "sessionId"},
	    {"\"sessionId\":\"\"", "sessionId"},
	    {"\"name\":5", "name"},
	    {"\"hasAudio\":\"yes\"", "hasAudio"},
	    {"\"hasVideo\":1", "hasVideo"},
	    {"\"hasAudio\":false,\"hasVideo\":false", "hasVideo"},
	    {"\"outputMode\":\"mixed\"", "outputMode"},
	    {"\"resolution\":\"800x600\"", "resolution"},
	    {"\"resolution\":640", "resolution"},
	    {"\"outputMode\":\"individual\",\"resolution\":\"640x480\"", "resolution"},
	    {"\"outputMode\":\"individual\",\"layout\":{\"type\":\"pip\"}", "layout"},
	    {"\"layout\":\"pip\"", "layout"},
	    {"\"layout\":{}", "type"},
	    {"\"layout\":{\"type\":\"focus\"}", "type"},
	    {"\"layout\":{\"type\":\"custom\"}", "stylesheet"},
	    {"\"layout\":{\"type\":\"custom\",\"stylesheet\":5}", "stylesheet"},
	    {"\"layout\":{\"type\":\"pip\",\"stylesheet\":\"s {}\"}", "stylesheet"},
	    {"\"layout\":{\"type\":\"pip\",\"screenshareType\":\"pip\"}", "screenshareType"},
	    {"\"layout\":{\"type\":\"bestFit\",\"screenshareType\":\"custom\"}", "screenshareType"},
	    {"\"streamMode\":\"sometimes\"", "streamMode"},
	    {"\"multiArchiveTag\":7", "multiArchiveTag"},
	    {"\"maxBitrate\":99999", "maxBitrate"},
	    {"\"maxBitrate\":6000001", "maxBitrate"},
	    {"\"maxBitrate\":\"200000\"", "maxBitrate"},
	    {"\"maxBitrate\":150000.5", "maxBitrate"},
	    {"\"quantizationParameter\":14.9", "quantizationParameter"},
	    {"\"quantizationParameter\":41", "quantizationParameter"},
	    {"\"quantizationParameter\":\"20\"", "quantizationParameter"},
	    {"\"maxBitrate\":200000,\"quantizationParameter\":20", "quantizationParameter"},
	    {"\"outputMode\":\"individual\",\"maxBitrate\":200000", "maxBitrate"},
	    {"\"outputMode\":\"individual\",\"quantizationParameter\":20", "quantizationParameter"},
	};
	const gchar *bodies[] = {"", "not json", "[]", "{}", "{\"name\":\"x\"}"};
	guint status = 0;

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(JsonNode) node = oem_test_start(f, sid, cases[i].options, 400);

		oem_test_assert_error(node, -1, cases[i].field);
	}
	for (guint i = 0; i < G_N_ELEMENTS(bodies); i++) {
		g_autoptr(JsonNode) node =
		    oem_test_api(f, "POST", API "/archive", bodies[i], &status);

		g_assert_cmpuint(status, ==, 400);
		oem_test_assert_error(node, -1, NULL);
	}
	g_assert_cmpuint(f->state->archive_list->len, ==, 0);
}

static void
oem_test_start_refused(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *relayed = oem_test_new_session(f, TRUE);
	g_autofree gchar *empty = oem_test_new_session(f, FALSE);
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *cid = oem_test_join(f, relayed, "publisher");
	g_autofree gchar *first = NULL, *tagged = NULL;
	g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL, g = NULL, h = NULL;
	JsonObject *obj;

	a = oem_test_start(f, "1_MX4xMjM0NTZ-fg", "", 404);
	oem_test_assert_error(a, -1, NULL);
	b = oem_test_start(f, relayed, "", 409);
	oem_test_assert_error(b, 15008, NULL);
	obj = json_node_get_object(b);
	g_assert_cmpstr(json_object_get_string_member(obj, "message"), ==,
			"Only routed sessions are allowed to initiate archives.");
	c = oem_test_start(f, empty, "", 404);
	g_assert_cmpstr(json_object_get_string_member(json_node_get_object(c), "message"), ==,
			"No clients are actively connected to the OpenTok session.");

	/* one archive at a time, unless both have their own tag */
	first = oem_test_start_id(f, sid, "");
	d = oem_test_start(f, sid, "", 409);
	oem_test_assert_error(d, -1, NULL);
	e = oem_test_start(f, sid, "\"multiArchiveTag\":\"x\"", 409);
	g_assert_cmpuint(oem_test_stop(f, first), ==, 200);
	tagged = oem_test_start_id(f, sid, "\"multiArchiveTag\":\"x\"");
	g_assert_nonnull(tagged);
	g_clear_pointer(&a, json_node_unref);
	a = oem_test_start(f, sid, "\"multiArchiveTag\":\"y\"", 200);
	g = oem_test_start(f, sid, "\"multiArchiveTag\":\"x\"", 409);
	h = oem_test_start(f, sid, "\"multiArchiveTag\":\"\"", 409);
	g_assert_cmpuint(f->state->archive_list->len, ==, 3);
}

static void
oem_test_assert_state(OemFixture *f, const gchar *id, const gchar *status, guint streams)
{
	g_autoptr(JsonNode) node = oem_test_get(f, id);
	JsonObject *obj = json_node_get_object(node);

	g_assert_cmpstr(json_object_get_string_member(obj, "status"), ==, status);
	g_assert_cmpuint(oem_test_stream_count(obj), ==, streams);
	g_assert_cmpint(json_object_get_int_member(obj, "updatedAt"), >=,
			json_object_get_int_member(obj, "createdAt"));
}

static void
oem_test_pause_resume(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *viewer = oem_test_join(f, sid, "subscriber");
	g_autofree gchar *id = oem_test_start_id(f, sid, "");
	g_autofree gchar *st1 = NULL, *st2 = NULL, *st3 = NULL, *st4 = NULL;
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients/%s", sid, viewer);
	g_autofree gchar *other = NULL, *kick = NULL;
	g_autoptr(JsonNode) kicked = NULL;
	guint status = 0;

	/* nothing was published yet: a client without streams leaving changes nothing */
	oem_test_control_delete(f, path);
	oem_test_assert_state(f, id, "started", 0);
	st1 = oem_test_publish(f, sid, cid);
	st2 = oem_test_publish(f, sid, cid);
	oem_test_assert_state(f, id, "started", 2);
	oem_test_unpublish(f, sid, cid, st1);
	oem_test_assert_state(f, id, "started", 1);
	oem_test_unpublish(f, sid, cid, st2);
	oem_test_assert_state(f, id, "paused", 0);
	st3 = oem_test_publish(f, sid, cid);
	oem_test_assert_state(f, id, "started", 1);

	/* the last publisher leaving pauses; the archive carries on when someone publishes */
	g_clear_pointer(&path, g_free);
	path = g_strdup_printf("/_emulator/sessions/%s/clients/%s", sid, cid);
	oem_test_control_delete(f, path);
	oem_test_assert_state(f, id, "paused", 0);
	other = oem_test_join(f, sid, "publisher");
	st4 = oem_test_publish(f, sid, other);
	oem_test_assert_state(f, id, "started", 1);
	kick = g_strdup_printf(API "/session/%s/connection/%s", sid, other);
	kicked = oem_test_api(f, "DELETE", kick, NULL, &status);
	g_assert_cmpuint(status, ==, 204);
	oem_test_assert_state(f, id, "paused", 0);
	g_assert_cmpuint(oem_test_stop(f, id), ==, 200);
}

static void
oem_test_stop_rules(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *id = oem_test_start_id(f, sid, "");
	g_autoptr(JsonNode) stopped = NULL, again = NULL, unknown = NULL;
	g_autofree gchar *stid = NULL;
	JsonObject *obj;
	guint status = 0;

	/* five and a half seconds ago: the duration rounds up */
	oem_state_lookup_archive(f->state, id)->created_at -= 5500;
	stopped = oem_test_on_archive(f, "POST", id, "/stop", "{}", &status);
	g_assert_cmpuint(status, ==, 200);
	obj = json_node_get_object(stopped);
	g_assert_cmpstr(json_object_get_string_member(obj, "status"), ==, "stopped");
	g_assert_cmpstr(json_object_get_string_member(obj, "reason"), ==, "user initiated");
	g_assert_cmpint(json_object_get_int_member(obj, "duration"), ==, 6);
	g_assert_true(JSON_NODE_HOLDS_NULL(json_object_get_member(obj, "url")));
	again = oem_test_on_archive(f, "POST", id, "/stop", NULL, &status);
	g_assert_cmpuint(status, ==, 409);
	g_assert_cmpstr(json_object_get_string_member(json_node_get_object(again), "message"), ==,
			"Conflict. You are trying to stop an archive that is not recording.");
	unknown = oem_test_on_archive(f, "POST", "4bbb5f2d-7a7b-4b7b-9b1e-3f1c5e2a0b6c", "/stop",
				      NULL, &status);
	g_assert_cmpuint(status, ==, 404);
	/* a stopped archive no longer follows the session */
	stid = oem_test_publish(f, sid, cid);
	oem_test_assert_state(f, id, "stopped", 0);

	/* a paused archive can be stopped; an immediate stop still lasts a second */
	g_clear_pointer(&id, g_free);
	id = oem_test_start_id(f, sid, "");
	oem_test_unpublish(f, sid, cid, stid);
	oem_test_assert_state(f, id, "paused", 0);
	g_clear_pointer(&stopped, json_node_unref);
	stopped = oem_test_on_archive(f, "POST", id, "/stop", NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	g_assert_cmpint(json_object_get_int_member(json_node_get_object(stopped), "duration"), ==,
			1);
}

/* GET /archive with @query: the ids of the page, and the total in @ret_count */
static GStrv
oem_test_list(OemFixture *f, const gchar *query, gint64 *ret_count)
{
	g_autofree gchar *path = g_strdup_printf(API "/archive%s", query);
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
	const gchar *bad[] = {"?count=1001", "?count=-1",   "?count=abc",
			      "?offset=-1",  "?offset=1.5", "?count=1e3"};
	gchar *ids[5];
	g_auto(GStrv) all = NULL, page = NULL, later = NULL, none = NULL, of_b = NULL;
	g_auto(GStrv) artefacts = NULL, max = NULL, unknown = NULL;
	gint64 count = 0;
	guint status = 0;

	for (guint i = 0; i < 5; i++) {
		ids[i] = oem_test_start_id(f, i < 3 ? a : b, "");
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
	artefacts = oem_test_list(f, "?offset=0&&count=1&sessionId=", &count);
	g_assert_cmpint(count, ==, 5);
	g_assert_cmpuint(g_strv_length(artefacts), ==, 1);
	max = oem_test_list(f, "?count=1000", &count);
	g_assert_cmpuint(g_strv_length(max), ==, 5);
	unknown = oem_test_list(f, "?sessionId=nothing", &count);
	g_assert_cmpint(count, ==, 0);

	/* createdAt decides first: the oldest, moved into the future, comes first */
	oem_state_lookup_archive(f->state, ids[0])->created_at += 60000;
	g_clear_pointer(&all, g_strfreev);
	all = oem_test_list(f, "", &count);
	g_assert_cmpstr(all[0], ==, ids[0]);
	g_assert_cmpstr(all[1], ==, ids[4]);
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree gchar *path = g_strdup_printf(API "/archive%s", bad[i]);
		g_autoptr(JsonNode) node = oem_test_api(f, "GET", path, NULL, &status);

		g_test_message("%s", bad[i]);
		g_assert_cmpuint(status, ==, 400);
	}
	for (guint i = 0; i < 5; i++)
		g_free(ids[i]);
}

static void
oem_test_delete_rules(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *id = oem_test_start_id(f, sid, "");
	g_autoptr(JsonNode) busy = NULL, done = NULL, again = NULL, unknown = NULL, made = NULL;
	g_autoptr(JsonNode) got = NULL;
	g_auto(GStrv) listed = NULL;
	gint64 count = 0;
	guint status = 0;

	busy = oem_test_on_archive(f, "DELETE", id, "", NULL, &status);
	g_assert_cmpuint(status, ==, 409);
	oem_test_assert_error(busy, -1, NULL);
	g_assert_cmpuint(oem_test_stop(f, id), ==, 200);
	g_assert_cmpuint(oem_test_status_call(f, id, "{\"status\":\"available\"}", &made), ==, 200);
	done = oem_test_on_archive(f, "DELETE", id, "", NULL, &status);
	g_assert_cmpuint(status, ==, 204);
	g_assert_null(done);
	got = oem_test_get(f, id);
	g_assert_cmpstr(json_object_get_string_member(json_node_get_object(got), "status"), ==,
			"deleted");
	g_assert_true(
	    JSON_NODE_HOLDS_NULL(json_object_get_member(json_node_get_object(got), "url")));
	again = oem_test_on_archive(f, "DELETE", id, "", NULL, &status);
	g_assert_cmpuint(status, ==, 204);
	unknown = oem_test_on_archive(f, "DELETE", "nothing", "", NULL, &status);
	g_assert_cmpuint(status, ==, 404);
	listed = oem_test_list(f, "", &count);
	g_assert_cmpint(count, ==, 1);
	g_assert_cmpstr(listed[0], ==, id);
}

static void
oem_test_layout_rules(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *id = oem_test_start_id(f, sid, "\"multiArchiveTag\":\"c\"");
	g_autofree gchar *solo =
	    oem_test_start_id(f, sid, "\"multiArchiveTag\":\"i\",\"outputMode\":\"individual\"");
	const gchar *good[] = {
	    "{\"type\":\"pip\"}",
	    "{\"type\":\"bestFit\",\"screenshareType\":\"verticalPresentation\"}",
	    "{\"type\":\"custom\",\"stylesheet\":\"b {}\"}"};
	const gchar *bad[] = {"{\"type\":\"custom\"}",
			      "{\"type\":\"custom\",\"stylesheet\":\"\"}",
			      "{\"type\":\"pip\",\"stylesheet\":\"b {}\"}",
			      "{\"type\":\"pip\",\"screenshareType\":\"pip\"}",
			      "{\"type\":\"bestFit\",\"screenshareType\":\"focus\"}",
			      "{\"type\":\"focus\"}",
			      "{\"stylesheet\":\"b {}\"}",
			      "{\"type\":5}",
			      "not json"};
	g_autoptr(JsonNode) got = NULL, unknown = NULL, single = NULL, stopped = NULL;
	JsonObject *layout;
	guint status = 0;

	for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
		g_autoptr(JsonNode) node =
		    oem_test_on_archive(f, "PUT", id, "/layout", good[i], &status);

		g_assert_cmpuint(status, ==, 200);
	}
	got = oem_test_get(f, id);
	layout = json_object_get_object_member(json_node_get_object(got), "layout");
	g_assert_cmpstr(json_object_get_string_member(layout, "type"), ==, "custom");
	g_assert_cmpstr(json_object_get_string_member(layout, "stylesheet"), ==, "b {}");
	g_assert_false(json_object_has_member(layout, "screenshareType"));
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(JsonNode) node =
		    oem_test_on_archive(f, "PUT", id, "/layout", bad[i], &status);

		g_test_message("%s", bad[i]);
		g_assert_cmpuint(status, ==, 400);
		oem_test_assert_error(node, -1, NULL);
	}
	unknown = oem_test_on_archive(f, "PUT", "nothing", "/layout", good[0], &status);
	g_assert_cmpuint(status, ==, 404);
	single = oem_test_on_archive(f, "PUT", solo, "/layout", good[0], &status);
	g_assert_cmpuint(status, ==, 400);
	g_assert_cmpuint(oem_test_stop(f, id), ==, 200);
	stopped = oem_test_on_archive(f, "PUT", id, "/layout", good[0], &status);
	g_assert_cmpuint(status, ==, 409);
}

static guint
oem_test_patch(OemFixture *f, const gchar *id, const gchar *body)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_on_archive(f, "PATCH", id, "/streams", body, &status);

	g_test_message("PATCH %s -> %u", body, status);
	return status;
}

static void
oem_test_stream_rules(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *st1 = oem_test_publish(f, sid, cid);
	g_autofree gchar *st2 = oem_test_publish(f, sid, cid);
	g_autofree gchar *id = oem_test_start_id(f, sid, "\"streamMode\":\"manual\"");
	g_autofree gchar *other = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *automatic = oem_test_start_id(f, other, "");
	g_autofree gchar *add1 = g_strdup_printf("{\"addStream\":\"%s\"}", st1);
	g_autofree gchar *add2 =
	    g_strdup_printf("{\"addStream\":\"%s\",\"hasAudio\":false,\"hasVideo\":true}", st2);
	g_autofree gchar *remove1 = g_strdup_printf("{\"removeStream\":\"%s\"}", st1);
	g_autofree gchar *both =
	    g_strdup_printf("{\"addStream\":\"%s\",\"removeStream\":\"%s\"}", st1, st1);
	g_autofree gchar *mute =
	    g_strdup_printf("{\"addStream\":\"%s\",\"hasAudio\":false,\"hasVideo\":false}", st1);
	g_autofree gchar *typo = g_strdup_printf("{\"addStream\":\"%s\",\"hasAudio\":1}", st1);
	g_autoptr(JsonNode) got = NULL;
	JsonObject *stream;

	oem_test_assert_state(f, id, "started", 0);
	g_assert_cmpuint(oem_test_patch(f, id, add1), ==, 204);
	g_assert_cmpuint(oem_test_patch(f, id, add2), ==, 204);
	got = oem_test_get(f, id);
	stream = json_array_get_object_element(
	    json_object_get_array_member(json_node_get_object(got), "streams"), 1);
	g_assert_cmpstr(json_object_get_string_member(stream, "streamId"), ==, st2);
	g_assert_false(json_object_get_boolean_member(stream, "hasAudio"));
	g_assert_true(json_object_get_boolean_member(stream, "hasVideo"));
	g_assert_cmpuint(oem_test_patch(f, id, remove1), ==, 204);
	oem_test_assert_state(f, id, "started", 1);
	g_assert_cmpuint(oem_test_patch(f, id, remove1), ==, 404);
	g_assert_cmpuint(oem_test_patch(f, id, "{\"addStream\":\"nothing\"}"), ==, 404);
	g_assert_cmpuint(oem_test_patch(f, id, both), ==, 400);
	g_assert_cmpuint(oem_test_patch(f, id, "{}"), ==, 400);
	g_assert_cmpuint(oem_test_patch(f, id, "{\"addStream\":5}"), ==, 400);
	g_assert_cmpuint(oem_test_patch(f, id, "{\"removeStream\":null}"), ==, 400);
	g_assert_cmpuint(oem_test_patch(f, id, typo), ==, 400);
	g_assert_cmpuint(oem_test_patch(f, id, mute), ==, 400);
	g_assert_cmpuint(oem_test_patch(f, id, "not json"), ==, 400);
	g_assert_cmpuint(oem_test_patch(f, "nothing", add1), ==, 404);
	g_assert_cmpuint(oem_test_patch(f, automatic, add1), ==, 405);
	/* an unpublished stream leaves the archive */
	oem_test_unpublish(f, sid, cid, st2);
	oem_test_assert_state(f, id, "started", 0);
	g_assert_cmpuint(oem_test_stop(f, id), ==, 200);
	g_assert_cmpuint(oem_test_patch(f, id, add1), ==, 409);
}

static void
oem_test_control_status(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *id = oem_test_start_id(f, sid, "\"maxBitrate\":800000");
	g_autoptr(JsonNode) available = NULL, got = NULL, expired = NULL, list = NULL;
	g_autoptr(JsonNode) failed = NULL, refused = NULL;
	g_autofree gchar *other = NULL;
	JsonObject *obj;
	guint status = 0;

	g_assert_cmpuint(oem_test_status_call(f, id, "{\"status\":\"available\"}", &refused), ==,
			 409);
	g_assert_true(json_object_has_member(json_node_get_object(refused), "reason"));
	oem_state_lookup_archive(f->state, id)->created_at -= 9500;
	g_assert_cmpuint(oem_test_stop(f, id), ==, 200);
	g_assert_cmpuint(oem_test_status_call(f, id, "{\"status\":\"stopped\"}", NULL), ==, 400);
	g_assert_cmpuint(oem_test_status_call(f, id, "{\"status\":5}", NULL), ==, 400);
	g_assert_cmpuint(oem_test_status_call(f, id, "{\"status\":\"failed\",\"reason\":5}", NULL),
			 ==, 400);
	g_assert_cmpuint(oem_test_status_call(f, "nothing", "{\"status\":\"available\"}", NULL), ==,
			 404);
	/* uploaded (to the project's own storage) may still become available */
	g_assert_cmpuint(oem_test_status_call(f, id, "{\"status\":\"uploaded\"}", NULL), ==, 200);
	g_assert_cmpuint(oem_test_status_call(f, id, "{\"status\":\"available\"}", &available), ==,
			 200);
	obj = json_node_get_object(available);
	g_assert_cmpstr(json_object_get_string_member(obj, "status"), ==, "available");
	g_assert_true(g_str_has_prefix(json_object_get_string_member(obj, "url"), "https://"));
	g_assert_cmpint(json_object_get_int_member(obj, "duration"), ==, 10);
	g_assert_cmpint(json_object_get_int_member(obj, "size"), ==, 10 * 800000 / 8);
	got = oem_test_get(f, id);
	g_assert_cmpstr(json_object_get_string_member(json_node_get_object(got), "url"), ==,
			json_object_get_string_member(obj, "url"));
	g_assert_cmpuint(oem_test_status_call(f, id, "{\"status\":\"uploaded\"}", NULL), ==, 409);
	g_assert_cmpuint(oem_test_status_call(f, id, "{\"status\":\"expired\"}", &expired), ==,
			 200);
	g_assert_true(
	    JSON_NODE_HOLDS_NULL(json_object_get_member(json_node_get_object(expired), "url")));
	g_assert_cmpuint(oem_test_status_call(f, id, "{\"status\":\"available\"}", NULL), ==, 409);

	other = oem_test_start_id(f, sid, "");
	g_assert_cmpuint(oem_test_stop(f, other), ==, 200);
	g_assert_cmpuint(
	    oem_test_status_call(f, other, "{\"status\":\"failed\",\"reason\":\"upload failed\"}",
				 &failed),
	    ==, 200);
	g_assert_cmpstr(json_object_get_string_member(json_node_get_object(failed), "reason"), ==,
			"upload failed");
	g_assert_cmpuint(oem_test_status_call(f, other, "{\"status\":\"expired\"}", NULL), ==, 409);
	list = oem_test_control(f, "GET", "/_emulator/archives", NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	g_assert_cmpuint(json_array_get_length(json_node_get_array(list)), ==, 2);
}

static void
oem_test_auth_and_routes(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_joined_session(f, NULL);
	g_autofree gchar *body = g_strdup_printf("{\"sessionId\":\"%s\"}", sid);
	g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL, d = NULL;
	guint status = 0;

	a = oem_test_call(f, "POST", API "/archive", body, FALSE, &status);
	g_assert_cmpuint(status, ==, 403);
	b = oem_test_api(f, "POST", "/v2/project/654321/archive", body, &status);
	g_assert_cmpuint(status, ==, 403);
	c = oem_test_api(f, "PUT", API "/archive", body, &status);
	g_assert_cmpuint(status, ==, 405);
	d = oem_test_api(f, "GET", API "/archive/nothing", NULL, &status);
	g_assert_cmpuint(status, ==, 404);
	oem_test_assert_error(d, -1, NULL);
	g_assert_cmpuint(f->state->archive_list->len, ==, 0);
}

static void
oem_test_partner_id_text(void)
{
	g_autoptr(JsonNode) body = json_from_string("{\"sessionId\":\"S\"}", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(OemArchive) archive =
	    oem_archive_new_from_json(json_node_get_object(body), &error);
	g_autoptr(JsonNode) node = NULL;
	JsonObject *obj;

	/* a key that is not a number stays a string in partnerId */
	g_assert_no_error(error);
	node = oem_archive_to_json(archive, "acme");
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
	    {"/oem/archives/start-defaults", oem_test_start_defaults},
	    {"/oem/archives/start-options", oem_test_start_options},
	    {"/oem/archives/start-invalid", oem_test_start_invalid},
	    {"/oem/archives/start-refused", oem_test_start_refused},
	    {"/oem/archives/pause-resume", oem_test_pause_resume},
	    {"/oem/archives/stop", oem_test_stop_rules},
	    {"/oem/archives/list", oem_test_list_paging},
	    {"/oem/archives/delete", oem_test_delete_rules},
	    {"/oem/archives/layout", oem_test_layout_rules},
	    {"/oem/archives/streams", oem_test_stream_rules},
	    {"/oem/archives/control-status", oem_test_control_status},
	    {"/oem/archives/auth-routes", oem_test_auth_and_routes},
	};

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/oem/archives/partner-id-text", oem_test_partner_id_text);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add(cases[i].path, OemFixture, NULL, oem_fixture_setup, cases[i].func,
			   oem_fixture_teardown);
	return g_test_run();
}
