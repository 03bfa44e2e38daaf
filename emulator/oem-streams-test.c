/*
 * Streams, layout classes and force mute over HTTP, against the in-process emulator of
 * oem-test-http.c; what the clients see is read back through the control API.
 */
#include "oem-test-http.h"

#define KEY OEM_TEST_KEY
#define API "/v2/project/" KEY

/* a UUID no stream has */
#define NO_STREAM "0b9e2a58-7bd1-4e1f-9d0c-3a8b1c5e7f20"

static gchar *
oem_test_publish_with(OemFixture *f, const gchar *sid, const gchar *cid, const gchar *body)
{
	g_autofree gchar *path =
	    g_strdup_printf("/_emulator/sessions/%s/clients/%s/streams", sid, cid);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "POST", path, body, &status);

	g_assert_cmpuint(status, ==, 201);
	return g_strdup(json_object_get_string_member(json_node_get_object(node), "streamId"));
}

/* a call under /v2/project/{K}/session/{S}; the answer as compact JSON, "" when empty */
static gchar *
oem_test_on_session(OemFixture *f, const gchar *method, const gchar *sid, const gchar *suffix,
		    const gchar *body, guint *ret_status)
{
	g_autofree gchar *path = g_strdup_printf(API "/session/%s%s", sid, suffix);
	g_autoptr(JsonNode) node = oem_test_api(f, method, path, body, ret_status);

	g_test_message("%s …%s -> %u", method, suffix, *ret_status);
	return node != NULL ? json_to_string(node, FALSE) : g_strdup("");
}

static void
oem_test_expect(OemFixture *f, const gchar *method, const gchar *sid, const gchar *suffix,
		const gchar *body, guint expected)
{
	guint status = 0;
	g_autofree gchar *answer = oem_test_on_session(f, method, sid, suffix, body, &status);

	g_assert_cmpuint(status, ==, expected);
	if (expected == 200)
		g_assert_cmpstr(answer, !=, "");
}

/* the stream as the control API shows it; it must exist */
static JsonObject *
oem_test_control_stream(OemFixture *f, const gchar *sid, const gchar *stid, JsonNode **ret_node)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", sid);
	guint status = 0;
	JsonArray *clients;

	*ret_node = oem_test_control(f, "GET", path, NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	clients = json_node_get_array(*ret_node);
	for (guint i = 0; i < json_array_get_length(clients); i++) {
		JsonArray *streams = json_object_get_array_member(
		    json_array_get_object_element(clients, i), "streams");

		for (guint j = 0; j < json_array_get_length(streams); j++) {
			JsonObject *stream = json_array_get_object_element(streams, j);

			if (g_strcmp0(json_object_get_string_member(stream, "streamId"), stid) == 0)
				return stream;
		}
	}
	g_assert_not_reached();
}

static gboolean
oem_test_is_muted(OemFixture *f, const gchar *sid, const gchar *stid)
{
	g_autoptr(JsonNode) node = NULL;

	return json_object_get_boolean_member(oem_test_control_stream(f, sid, stid, &node),
					      "muted");
}

static gchar *
oem_test_control_classes(OemFixture *f, const gchar *sid, const gchar *stid)
{
	g_autoptr(JsonNode) node = NULL;
	JsonObject *stream = oem_test_control_stream(f, sid, stid, &node);

	return json_to_string(json_object_get_member(stream, "layoutClassList"), FALSE);
}

/* the session-wide mute members of GET /_emulator/sessions/{sid}, as JSON */
static gchar *
oem_test_force_mute_state(OemFixture *f, const gchar *sid)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s", sid);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "GET", path, NULL, &status);
	JsonObject *obj = json_node_get_object(node);
	g_autofree gchar *excluded = NULL;

	g_assert_cmpuint(status, ==, 200);
	excluded = json_to_string(json_object_get_member(obj, "forceMuteExcluded"), FALSE);
	return g_strdup_printf(
	    "%s %s", json_object_get_boolean_member(obj, "forceMuteActive") ? "on" : "off",
	    excluded);
}

static void
oem_test_get(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *stid = oem_test_publish_with(
	    f, sid, cid,
	    "{\"videoType\":\"screen\",\"name\":\"slides\",\"layoutClassList\":[\"full\"]}");
	g_autofree gchar *suffix = g_strdup_printf("/stream/%s", stid);
	g_autofree gchar *expected = NULL;
	g_autofree gchar *answer = NULL;
	guint status = 0;

	/* exactly the service's members: no muted state */
	answer = oem_test_on_session(f, "GET", sid, suffix, NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	expected = g_strdup_printf("{\"id\":\"%s\",\"videoType\":\"screen\",\"name\":\"slides\","
				   "\"layoutClassList\":[\"full\"]}",
				   stid);
	g_assert_cmpstr(answer, ==, expected);
	oem_test_expect(f, "GET", sid, "/stream/" NO_STREAM, NULL, 404);
	oem_test_expect(f, "GET", sid, "/stream/not-a-uuid", NULL, 400);
	oem_test_expect(f, "GET", "1_nosuchsession", suffix, NULL, 404);
	oem_test_unpublish(f, sid, cid, stid);
	oem_test_expect(f, "GET", sid, suffix, NULL, 404);
}

static void
oem_test_list(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *other = oem_test_join(f, sid, "moderator");
	g_autofree gchar *first = NULL, *second = NULL, *third = NULL;
	g_autofree gchar *answer = NULL, *expected = NULL;
	guint status = 0;

	answer = oem_test_on_session(f, "GET", sid, "/stream", NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	g_assert_cmpstr(answer, ==, "{\"count\":0,\"items\":[]}");
	g_clear_pointer(&answer, g_free);

	/* by client in joining order, then in publishing order */
	first = oem_test_publish_with(f, sid, cid, "{\"name\":\"a\"}");
	third = oem_test_publish_with(f, sid, other, "{\"name\":\"c\",\"videoType\":\"screen\"}");
	second = oem_test_publish_with(f, sid, cid, "{\"name\":\"b\",\"layoutClassList\":[\"x\"]}");
	oem_test_unpublish(f, sid, cid, first);
	answer = oem_test_on_session(f, "GET", sid, "/stream", NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	expected = g_strdup_printf(
	    "{\"count\":2,\"items\":[{\"id\":\"%s\",\"videoType\":\"camera\",\"name\":\"b\","
	    "\"layoutClassList\":[\"x\"]},{\"id\":\"%s\",\"videoType\":\"screen\",\"name\":\"c\","
	    "\"layoutClassList\":[]}]}",
	    second, third);
	g_assert_cmpstr(answer, ==, expected);
	oem_test_expect(f, "GET", "1_nosuchsession", "/stream", NULL, 404);
}

static void
oem_test_class_lists(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *a = oem_test_publish_with(f, sid, cid, "{\"layoutClassList\":[\"x\"]}");
	g_autofree gchar *b = oem_test_publish(f, sid, cid);
	g_autofree gchar *body = NULL, *answer = NULL, *classes = NULL;
	guint status = 0;

	body = g_strdup_printf("{\"items\":[{\"id\":\"%s\",\"layoutClassList\":[\"full\","
			       "\"focus\"]},{\"id\":\"%s\",\"layoutClassList\":[]}]}",
			       b, a);
	answer = oem_test_on_session(f, "PUT", sid, "/stream", body, &status);
	g_assert_cmpuint(status, ==, 200);
	g_assert_cmpstr(answer, ==, "{}");
	classes = oem_test_control_classes(f, sid, b);
	g_assert_cmpstr(classes, ==, "[\"full\",\"focus\"]");
	g_clear_pointer(&classes, g_free);
	classes = oem_test_control_classes(f, sid, a);
	g_assert_cmpstr(classes, ==, "[]");
	g_clear_pointer(&classes, g_free);

	/* one unknown stream refuses the whole request */
	g_clear_pointer(&body, g_free);
	body = g_strdup_printf("{\"items\":[{\"id\":\"%s\",\"layoutClassList\":[\"new\"]},"
			       "{\"id\":\"" NO_STREAM "\",\"layoutClassList\":[]}]}",
			       a);
	oem_test_expect(f, "PUT", sid, "/stream", body, 400);
	classes = oem_test_control_classes(f, sid, a);
	g_assert_cmpstr(classes, ==, "[]");
	oem_test_expect(f, "PUT", "1_nosuchsession", "/stream", "{\"items\":[]}", 404);
}

static void
oem_test_class_lists_invalid(OemFixture *f, gconstpointer user_data)
{
	const gchar *bodies[] = {
	    "not json",
	    "[]",
	    "{}",
	    "{\"items\":[]}",
	    "{\"items\":{}}",
	    "{\"items\":[\"x\"]}",
	    "{\"items\":[{\"id\":\"ST\"}]}",
	    "{\"items\":[{\"layoutClassList\":[]}]}",
	    "{\"items\":[{\"id\":1,\"layoutClassList\":[]}]}",
	    "{\"items\":[{\"id\":\"ST\",\"layoutClassList\":\"full\"}]}",
	    "{\"items\":[{\"id\":\"ST\",\"layoutClassList\":[1]}]}",
	};
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *stid = oem_test_publish(f, sid, cid);

	for (guint i = 0; i < G_N_ELEMENTS(bodies); i++) {
		g_autoptr(GString) body = g_string_new(bodies[i]);

		/* ST stands for the published stream */
		g_string_replace(body, "ST", stid, 0);
		g_test_message("body %s", body->str);
		oem_test_expect(f, "PUT", sid, "/stream", body->str, 400);
	}
}

static void
oem_test_mute_one(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *a = oem_test_publish(f, sid, cid);
	g_autofree gchar *b = oem_test_publish(f, sid, cid);
	g_autofree gchar *suffix = g_strdup_printf("/stream/%s/mute", a);
	g_autofree gchar *answer = NULL;
	guint status = 0;

	g_assert_false(oem_test_is_muted(f, sid, a));
	answer = oem_test_on_session(f, "POST", sid, suffix, NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	g_assert_cmpstr(answer, ==, "{}");
	g_assert_true(oem_test_is_muted(f, sid, a));
	g_assert_false(oem_test_is_muted(f, sid, b));
	/* again, with the body Node sends */
	oem_test_expect(f, "POST", sid, suffix, "{}", 200);
	g_assert_true(oem_test_is_muted(f, sid, a));
	oem_test_expect(f, "POST", sid, "/stream/" NO_STREAM "/mute", NULL, 404);
	oem_test_expect(f, "POST", sid, "/stream/not-a-uuid/mute", NULL, 400);
	oem_test_expect(f, "POST", "1_nosuchsession", suffix, NULL, 404);
	g_assert_false(oem_test_is_muted(f, sid, b));
}

static void
oem_test_mute_all(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *other = oem_test_join(f, sid, "publisher");
	g_autofree gchar *a = oem_test_publish(f, sid, cid);
	g_autofree gchar *b = oem_test_publish(f, sid, other);
	g_autofree gchar *kept = oem_test_publish(f, sid, other);
	g_autofree gchar *body = NULL, *answer = NULL, *state = NULL, *expected = NULL;
	guint status = 0;

	state = oem_test_force_mute_state(f, sid);
	g_assert_cmpstr(state, ==, "off []");
	g_clear_pointer(&state, g_free);
	body = g_strdup_printf("{\"active\":true,\"excludedStreamIds\":[\"%s\"]}", kept);
	answer = oem_test_on_session(f, "POST", sid, "/mute", body, &status);
	g_assert_cmpuint(status, ==, 200);
	g_assert_cmpstr(answer, ==, "{}");
	g_assert_true(oem_test_is_muted(f, sid, a));
	g_assert_true(oem_test_is_muted(f, sid, b));
	g_assert_false(oem_test_is_muted(f, sid, kept));
	state = oem_test_force_mute_state(f, sid);
	expected = g_strdup_printf("on [\"%s\"]", kept);
	g_assert_cmpstr(state, ==, expected);

	/* what Python and Ruby send: the exclusions are lost */
	oem_test_expect(f, "POST", sid, "/mute",
			"{\"active\":true,\"excludedStreams\":[\"" NO_STREAM "\"]}", 200);
	g_assert_true(oem_test_is_muted(f, sid, kept));
	g_clear_pointer(&state, g_free);
	state = oem_test_force_mute_state(f, sid);
	g_assert_cmpstr(state, ==, "on []");
	oem_test_expect(f, "POST", "1_nosuchsession", "/mute", "{\"active\":true}", 404);
}

static void
oem_test_mute_all_later(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *late = NULL, *spared = NULL, *after = NULL, *state = NULL;

	oem_test_expect(f, "POST", sid, "/mute",
			"{\"active\":true,\"excludedStreamIds\":[\"" NO_STREAM "\"]}", 200);
	late = oem_test_publish(f, sid, cid);
	g_assert_true(oem_test_is_muted(f, sid, late));
	spared = oem_test_publish_with(f, sid, cid, "{\"streamId\":\"" NO_STREAM "\"}");
	g_assert_cmpstr(spared, ==, NO_STREAM);
	g_assert_false(oem_test_is_muted(f, sid, spared));

	/* off: new streams are not muted, muted ones stay so */
	oem_test_expect(f, "POST", sid, "/mute",
			"{\"active\":false,\"excludedStreamIds\":[\"" NO_STREAM "\"]}", 200);
	g_assert_true(oem_test_is_muted(f, sid, late));
	g_assert_false(oem_test_is_muted(f, sid, spared));
	after = oem_test_publish(f, sid, cid);
	g_assert_false(oem_test_is_muted(f, sid, after));
	state = oem_test_force_mute_state(f, sid);
	g_assert_cmpstr(state, ==, "off []");
}

static void
oem_test_mute_all_invalid(OemFixture *f, gconstpointer user_data)
{
	const gchar *bodies[] = {
	    "",
	    "not json",
	    "[]",
	    "{}",
	    "{\"active\":null}",
	    "{\"active\":\"true\"}",
	    "{\"active\":\"false\"}",
	    "{\"active\":1}",
	    "{\"active\":true,\"excludedStreamIds\":\"x\"}",
	    "{\"active\":true,\"excludedStreamIds\":[1]}",
	    "{\"active\":true,\"excludedStreamIds\":{}}",
	};
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *stid = oem_test_publish(f, sid, cid);
	g_autofree gchar *state = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(bodies); i++) {
		g_test_message("body %s", bodies[i]);
		oem_test_expect(f, "POST", sid, "/mute", bodies[i][0] != '\0' ? bodies[i] : NULL,
				400);
	}
	g_assert_false(oem_test_is_muted(f, sid, stid));
	state = oem_test_force_mute_state(f, sid);
	g_assert_cmpstr(state, ==, "off []");
}

static void
oem_test_publish_id(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *path =
	    g_strdup_printf("/_emulator/sessions/%s/clients/%s/streams", sid, cid);
	g_autofree gchar *stid = NULL;
	g_autoptr(JsonNode) bad = NULL;
	g_autoptr(JsonNode) twice = NULL;
	guint status = 0;

	bad = oem_test_control(f, "POST", path, "{\"streamId\":\"not-a-uuid\"}", &status);
	g_assert_cmpuint(status, ==, 400);
	stid = oem_test_publish_with(f, sid, cid, "{\"streamId\":\"" NO_STREAM "\"}");
	g_assert_cmpstr(stid, ==, NO_STREAM);
	twice = oem_test_control(f, "POST", path, "{\"streamId\":\"" NO_STREAM "\"}", &status);
	g_assert_cmpuint(status, ==, 409);
}

/* hasVideo: true unless the test publishes an audio-only stream */
static void
oem_test_publish_audio_only(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *path =
	    g_strdup_printf("/_emulator/sessions/%s/clients/%s/streams", sid, cid);
	g_autofree gchar *video = oem_test_publish(f, sid, cid);
	g_autofree gchar *audio = oem_test_publish_with(f, sid, cid, "{\"hasVideo\":false}");
	g_autoptr(JsonNode) video_node = NULL, audio_node = NULL, bad = NULL;
	guint status = 0;

	g_assert_true(json_object_get_boolean_member(
	    oem_test_control_stream(f, sid, video, &video_node), "hasVideo"));
	g_assert_false(json_object_get_boolean_member(
	    oem_test_control_stream(f, sid, audio, &audio_node), "hasVideo"));
	bad = oem_test_control(f, "POST", path, "{\"hasVideo\":\"no\"}", &status);
	g_assert_cmpuint(status, ==, 400);
}

int
main(int argc, char **argv)
{
	struct {
		const gchar *path;
		void (*func)(OemFixture *, gconstpointer);
	} cases[] = {
	    {"/oem/streams/get", oem_test_get},
	    {"/oem/streams/list", oem_test_list},
	    {"/oem/streams/class-lists", oem_test_class_lists},
	    {"/oem/streams/class-lists-invalid", oem_test_class_lists_invalid},
	    {"/oem/streams/mute-one", oem_test_mute_one},
	    {"/oem/streams/mute-all", oem_test_mute_all},
	    {"/oem/streams/mute-all-later", oem_test_mute_all_later},
	    {"/oem/streams/mute-all-invalid", oem_test_mute_all_invalid},
	    {"/oem/streams/publish-id", oem_test_publish_id},
	    {"/oem/streams/publish-audio-only", oem_test_publish_audio_only},
	};

	g_test_init(&argc, &argv, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add(cases[i].path, OemFixture, NULL, oem_fixture_setup, cases[i].func,
			   oem_fixture_teardown);
	return g_test_run();
}
