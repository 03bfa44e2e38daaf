/* Streams, signals and connections through the emulator's simulated clients: a client
 * joins with a daemon-minted token, publishes, is muted, receives signals, is disconnected */
#include "config.h"

#include <string.h>

#include "otd-test-env.h"
#include "otk-signals.h"
#include "otk-streams.h"

#define UNKNOWN_ID "00000000-0000-4000-8000-000000000000"

typedef struct {
	OtdTestEnv *env;
	gchar *sid;
	gchar *alice; /* connection ids */
	gchar *bob;
	gchar *alice_cam;
	gchar *bob_screen;
} Fixture;

static gchar *
join(OtdTestEnv *env, const gchar *sid, const gchar *role)
{
	OtkOptions *o = otk_options_new();
	char *token = NULL;
	gchar *cid = NULL;

	otk_options_set_string(o, "role", role);
	g_assert_cmpint(otk_client_generate_token(env->client, sid, o, &token, NULL), >=, 0);
	otk_options_free(o);
	g_assert_cmpuint(otd_test_env_join(env, sid, token, &cid), ==, 201);
	free(token);
	return cid;
}

static gchar *
publish(OtdTestEnv *env, const gchar *sid, const gchar *cid, const gchar *body)
{
	g_autofree gchar *path =
	    g_strdup_printf("/_emulator/sessions/%s/clients/%s/streams", sid, cid);
	guint status = 0;
	g_autoptr(JsonNode) answer = otd_test_env_http(env, "POST", path, body, &status);

	g_assert_cmpuint(status, ==, 201);
	return g_strdup(json_object_get_string_member(json_node_get_object(answer), "streamId"));
}

static void
fixture_setup(Fixture *f, gconstpointer data)
{
	f->env = otd_test_env_new(NULL);
	f->sid = otd_test_env_create_session(f->env);
	f->alice = join(f->env, f->sid, "publisher");
	f->bob = join(f->env, f->sid, "moderator");
	f->alice_cam = publish(f->env, f->sid, f->alice,
			       "{\"videoType\":\"camera\",\"name\":\"Alice\","
			       "\"layoutClassList\":[\"full\"]}");
	f->bob_screen = publish(f->env, f->sid, f->bob, "{\"videoType\":\"screen\",\"name\":\"deck\"}");
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
	otd_test_env_free(f->env);
	g_free(f->sid);
	g_free(f->alice);
	g_free(f->bob);
	g_free(f->alice_cam);
	g_free(f->bob_screen);
}

/* the emulator's view of one client */
static JsonObject *
client_view(Fixture *f, const gchar *cid)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", f->sid);
	g_autoptr(JsonNode) node = otd_test_env_http(f->env, "GET", path, NULL, NULL);
	JsonArray *clients = json_node_get_array(node);

	for (guint i = 0; i < json_array_get_length(clients); i++) {
		JsonObject *c = json_array_get_object_element(clients, i);
		if (g_strcmp0(json_object_get_string_member(c, "connectionId"), cid) == 0)
			return json_object_ref(c);
	}
	return NULL;
}

static gboolean
stream_muted(Fixture *f, const gchar *cid, const gchar *stream_id)
{
	g_autoptr(JsonObject) c = client_view(f, cid);
	JsonArray *streams = json_object_get_array_member(c, "streams");

	for (guint i = 0; i < json_array_get_length(streams); i++) {
		JsonObject *s = json_array_get_object_element(streams, i);
		if (g_strcmp0(json_object_get_string_member(s, "streamId"), stream_id) == 0)
			return json_object_get_boolean_member(s, "muted");
	}
	g_error("stream %s not found", stream_id);
	return FALSE;
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

static void
test_get_and_list(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	OtkDict *stream = NULL, *list = NULL;
	int64_t total = 0;
	const char **classes;

	g_assert_cmpint(otk_client_stream_get(f->env->client, f->sid, f->alice_cam, &stream,
					      &error),
			>=, 0);
	g_assert_null(error);
	g_assert_cmpstr(otk_dict_get_string(stream, "id"), ==, f->alice_cam);
	g_assert_cmpstr(otk_dict_get_string(stream, "video_type"), ==, "camera");
	g_assert_cmpstr(otk_dict_get_string(stream, "name"), ==, "Alice");
	classes = otk_dict_get_strv(stream, "layout_class_list");
	g_assert_nonnull(classes);
	g_assert_cmpstr(classes[0], ==, "full");
	free(classes);
	otk_dict_free(stream);
	g_assert_cmpint(otk_client_stream_list(f->env->client, f->sid, &list, &error), >=, 0);
	g_assert_true(otk_dict_get_int64(list, "total", &total));
	g_assert_cmpint(total, ==, 2);
	otk_dict_free(list);
	g_assert_cmpint(otk_client_stream_get(f->env->client, f->sid, UNKNOWN_ID, &stream, &error), <,
			0);
	otd_test_assert_error(error, "NotFound", "404");
	otk_call_error_free(error);
}

static void
test_mute(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	const char *excluded[] = {NULL, NULL};
	g_autoptr(JsonObject) request = NULL;
	g_autofree gchar *late = NULL;
	g_autofree gchar *expected = NULL;

	g_assert_false(stream_muted(f, f->alice, f->alice_cam));
	g_assert_cmpint(otk_client_stream_force_mute(f->env->client, f->sid, f->alice_cam, &error),
			>=, 0);
	g_assert_null(error);
	g_assert_true(stream_muted(f, f->alice, f->alice_cam));
	g_assert_false(stream_muted(f, f->bob, f->bob_screen));

	/* everyone but Bob's screen, including streams published later */
	excluded[0] = f->bob_screen;
	g_assert_cmpint(otk_client_stream_force_mute_all(f->env->client, f->sid, excluded, &error),
			>=, 0);
	g_assert_null(error);
	request = otd_test_env_last_request(f->env);
	g_assert_true(g_str_has_suffix(json_object_get_string_member(request, "path"), "/mute"));
	expected = g_strdup_printf("{\"active\":true,\"excludedStreamIds\":[\"%s\"]}",
				   f->bob_screen);
	assert_json_equal(json_object_get_string_member(request, "body"), expected);
	g_assert_false(stream_muted(f, f->bob, f->bob_screen));
	late = publish(f->env, f->sid, f->alice, "{\"videoType\":\"camera\"}");
	g_assert_true(stream_muted(f, f->alice, late));

	g_assert_cmpint(otk_client_stream_disable_force_mute(f->env->client, f->sid, &error), >=,
			0);
	g_assert_null(error);
	g_clear_pointer(&request, json_object_unref);
	request = otd_test_env_last_request(f->env);
	assert_json_equal(json_object_get_string_member(request, "body"), "{\"active\":false}");
	g_free(late);
	late = publish(f->env, f->sid, f->alice, "{\"videoType\":\"screen\"}");
	g_assert_false(stream_muted(f, f->alice, late));
}

static JsonArray *
signals_of(JsonObject *client)
{
	return json_object_get_array_member(client, "signals");
}

static void
test_signals(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	g_autoptr(JsonObject) alice = NULL;
	g_autoptr(JsonObject) bob = NULL;
	g_autofree gchar *long_type = g_strnfill(129, 't');
	g_autofree gchar *long_data = g_strnfill(8193, 'd');
	JsonObject *sig;
	guint before;

	g_assert_cmpint(otk_client_signal_send(f->env->client, f->sid, "", "chat", "hi all",
					       &error),
			>=, 0);
	g_assert_null(error);
	g_assert_cmpint(otk_client_signal_send(f->env->client, f->sid, f->bob, "private-1",
					       "just you", &error),
			>=, 0);
	g_assert_null(error);
	alice = client_view(f, f->alice);
	bob = client_view(f, f->bob);
	g_assert_cmpuint(json_array_get_length(signals_of(alice)), ==, 1);
	g_assert_cmpuint(json_array_get_length(signals_of(bob)), ==, 2);
	sig = json_array_get_object_element(signals_of(bob), 1);
	g_assert_cmpstr(json_object_get_string_member(sig, "type"), ==, "private-1");
	g_assert_cmpstr(json_object_get_string_member(sig, "data"), ==, "just you");

	before = otd_test_env_request_count(f->env);
	g_assert_cmpint(otk_client_signal_send(f->env->client, f->sid, "", "chat room", "x",
					       &error),
			<, 0);
	otd_test_assert_error(error, "InvalidArgs", "'type'");
	otk_call_error_free(g_steal_pointer(&error));
	g_assert_cmpint(otk_client_signal_send(f->env->client, f->sid, "", long_type, "x", &error),
			<, 0);
	otd_test_assert_error(error, "TooLarge", "'type'");
	otk_call_error_free(g_steal_pointer(&error));
	g_assert_cmpint(otk_client_signal_send(f->env->client, f->sid, "", "t", long_data, &error),
			<, 0);
	otd_test_assert_error(error, "TooLarge", "'data'");
	otk_call_error_free(g_steal_pointer(&error));
	g_assert_cmpuint(otd_test_env_request_count(f->env), ==, before);
	g_assert_cmpint(otk_client_signal_send(f->env->client, f->sid, UNKNOWN_ID, "t", "x",
					       &error),
			<, 0);
	otd_test_assert_error(error, "NotFound", "404");
	otk_call_error_free(error);
}

static void
test_layout_classes(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	OtkLayoutClasses *classes = otk_layout_classes_new();
	const char *focus[] = {"focus", "big", NULL};
	g_autoptr(JsonObject) request = NULL;
	g_autoptr(JsonObject) alice = NULL;
	g_autofree gchar *expected = NULL;
	JsonObject *stream;

	otk_layout_classes_set(classes, f->alice_cam, focus);
	otk_layout_classes_set(classes, f->bob_screen, NULL);
	g_assert_cmpint(otk_client_stream_set_layout_classes(f->env->client, f->sid, classes,
							     &error),
			>=, 0);
	g_assert_null(error);
	request = otd_test_env_last_request(f->env);
	g_assert_cmpstr(json_object_get_string_member(request, "method"), ==, "PUT");
	expected = g_strdup_printf("{\"items\":[{\"id\":\"%s\",\"layoutClassList\":[\"focus\","
				   "\"big\"]},{\"id\":\"%s\",\"layoutClassList\":[]}]}",
				   f->alice_cam, f->bob_screen);
	assert_json_equal(json_object_get_string_member(request, "body"), expected);
	alice = client_view(f, f->alice);
	stream = json_array_get_object_element(json_object_get_array_member(alice, "streams"), 0);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(stream,
									     "layoutClassList")),
			 ==, 2);
	otk_layout_classes_free(classes);
	classes = otk_layout_classes_new();
	g_assert_cmpint(otk_client_stream_set_layout_classes(f->env->client, f->sid, classes,
							     &error),
			<, 0);
	otd_test_assert_error(error, "InvalidArgs", "'classes'");
	otk_call_error_free(error);
	otk_layout_classes_free(classes);
}

static void
test_disconnect(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	g_autoptr(JsonObject) gone = NULL;

	g_assert_cmpint(otk_client_force_disconnect(f->env->client, f->sid, f->alice, &error), >=,
			0);
	g_assert_null(error);
	gone = client_view(f, f->alice);
	g_assert_null(gone);
	/* a signal to a client that left is the API's 404 */
	g_assert_cmpint(otk_client_signal_send(f->env->client, f->sid, f->alice, "t", "x", &error),
			<, 0);
	otd_test_assert_error(error, "NotFound", NULL);
	otk_call_error_free(error);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(path, fn)                                                                              \
	g_test_add("/otd/bus/moderation/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
	ADD("get-and-list", test_get_and_list);
	ADD("mute", test_mute);
	ADD("signals", test_signals);
	ADD("layout-classes", test_layout_classes);
	ADD("disconnect", test_disconnect);
	return g_test_run();
}
