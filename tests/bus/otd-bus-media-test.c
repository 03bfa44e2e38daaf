/* SIP, DTMF, the audio connector, captions and renders through the daemon to the emulator */
#include "config.h"

#include <string.h>

#include "otd-test-env.h"
#include "otk-audio-connector.h"
#include "otk-captions.h"
#include "otk-renders.h"
#include "otk-sip.h"

typedef struct {
	OtdTestEnv *env;
	gchar *sid;
	gchar *alice;
} Fixture;

static void
fixture_setup(Fixture *f, gconstpointer data)
{
	char *token = NULL;

	f->env = otd_test_env_new(NULL);
	f->sid = otd_test_env_create_session(f->env);
	g_assert_cmpint(otk_client_generate_token(f->env->client, f->sid, NULL, &token, NULL), >=,
			0);
	g_assert_cmpuint(otd_test_env_join(f->env, f->sid, token, &f->alice), ==, 201);
	free(token);
}

static void
fixture_teardown(Fixture *f, gconstpointer data)
{
	otd_test_env_free(f->env);
	g_free(f->sid);
	g_free(f->alice);
}

static JsonObject *
request_body(OtdTestEnv *env)
{
	g_autoptr(JsonObject) request = otd_test_env_last_request(env);
	g_autoptr(JsonParser) parser = json_parser_new();

	g_assert_true(json_parser_load_from_data(
	    parser, json_object_get_string_member(request, "body"), -1, NULL));
	return json_object_ref(json_node_get_object(json_parser_get_root(parser)));
}

static JsonArray *
clients(Fixture *f)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", f->sid);
	JsonNode *node = otd_test_env_http(f->env, "GET", path, NULL, NULL);
	JsonArray *array = json_array_ref(json_node_get_array(node));
	json_node_unref(node);
	return array;
}

static JsonObject *
find_client(Fixture *f, const gchar *cid)
{
	g_autoptr(JsonArray) all = clients(f);
	for (guint i = 0; i < json_array_get_length(all); i++) {
		JsonObject *c = json_array_get_object_element(all, i);
		if (g_strcmp0(json_object_get_string_member(c, "connectionId"), cid) == 0)
			return json_object_ref(c);
	}
	return NULL;
}

static void
test_sip_dial_minted_token(Fixture *f, gconstpointer data)
{
	OtkOptions *o = otk_options_new(), *auth = otk_options_new();
	OtkCallError *error = NULL;
	OtkDict *call = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(JsonObject) sip_client = NULL;
	JsonObject *sip;

	otk_options_set_string(o, "from", "14155550101@example.com");
	otk_options_add_string_map_entry(o, "headers", "X-Tenant", "acme");
	otk_options_set_string(auth, "username", "bob");
	otk_options_set_string(auth, "password", "s3cret-pw");
	otk_options_set_dict(o, "auth", auth);
	otk_options_set_bool(o, "secure", true);
	otk_options_set_bool(o, "observe_force_mute", true);
	g_assert_cmpint(otk_client_sip_dial(f->env->client, f->sid, "",
					    "sip:+15128675309@pstn.example.com;transport=tls", o,
					    &call, &error),
			>=, 0);
	g_assert_null(error);
	otk_options_free(o);
	g_assert_nonnull(otk_dict_get_string(call, "connection_id"));
	g_assert_nonnull(otk_dict_get_string(call, "stream_id"));
	body = request_body(f->env);
	/* the daemon minted a token the emulator accepted */
	g_assert_true(g_str_has_prefix(json_object_get_string_member(body, "token"), "eyJ"));
	sip = json_object_get_object_member(body, "sip");
	g_assert_cmpstr(json_object_get_string_member(sip, "from"), ==, "14155550101@example.com");
	g_assert_true(json_object_get_boolean_member(sip, "observeForceMute"));
	g_assert_cmpstr(json_object_get_string_member(json_object_get_object_member(sip, "headers"),
						      "X-Tenant"),
			==, "acme");
	sip_client = find_client(f, otk_dict_get_string(call, "connection_id"));
	g_assert_nonnull(sip_client);

	/* DTMF to the SIP connection, then to the whole session */
	g_assert_cmpint(otk_client_sip_play_dtmf(f->env->client, f->sid,
						 otk_dict_get_string(call, "connection_id"), "1p2#",
						 &error),
			>=, 0);
	g_assert_null(error);
	g_assert_cmpint(otk_client_sip_play_dtmf(f->env->client, f->sid, "", "9*", &error), >=, 0);
	g_assert_null(error);
	{
		g_autoptr(JsonObject) alice = find_client(f, f->alice);
		g_autoptr(JsonObject) caller =
		    find_client(f, otk_dict_get_string(call, "connection_id"));
		g_assert_cmpuint(json_array_get_length(json_object_get_array_member(caller, "dtmf")),
				 ==, 2);
		g_assert_cmpuint(json_array_get_length(json_object_get_array_member(alice, "dtmf")),
				 ==, 1);
	}
	g_assert_cmpint(otk_client_sip_play_dtmf(f->env->client, f->sid, "", "12a", &error), <, 0);
	otd_test_assert_error(error, "InvalidArgs", "digits");
	otk_call_error_free(error);
	otk_dict_free(call);
}

static void
test_sip_refusals(Fixture *f, gconstpointer data)
{
	OtkCallError *error = NULL;
	OtkDict *call = NULL;
	OtkOptions *o = otk_options_new(), *auth = otk_options_new();
	g_autofree gchar *log = NULL;

	g_assert_cmpint(otk_client_sip_dial(f->env->client, f->sid, "", "tel:+1555", NULL, &call,
					    &error),
			<, 0);
	otd_test_assert_error(error, "InvalidArgs", "sip_uri");
	otk_call_error_free(g_steal_pointer(&error));
	otk_options_set_string(auth, "username", "bob");
	otk_options_set_dict(o, "auth", auth);
	g_assert_cmpint(otk_client_sip_dial(f->env->client, f->sid, "", "sip:a@b.example", o,
					    &call, &error),
			<, 0);
	otd_test_assert_error(error, "InvalidArgs", "'auth'");
	otk_call_error_free(g_steal_pointer(&error));
	otk_options_free(o);
	/* a session of another project: the daemon will not mint for it */
	g_assert_cmpint(otk_client_sip_dial(f->env->client,
					    "1_MX42NTQzMjF-flNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-"
					    "MC40OTAxMzAyNX4",
					    "", "sip:a@b.example", NULL, &call, &error),
			<, 0);
	otd_test_assert_error(error, "InvalidArgs", "does not belong");
	otk_call_error_free(error);
	/* a token given by the caller is used as is, and a bad one is the API's 403 */
	g_assert_cmpint(otk_client_sip_dial(f->env->client, f->sid, "not-a-token",
					    "sip:a@b.example", NULL, &call, &error),
			<, 0);
	otd_test_assert_error(error, "AuthFailed", "403");
	otk_call_error_free(error);
	g_assert_true(g_file_get_contents(f->env->daemon_log, &log, NULL, NULL));
	g_assert_null(strstr(log, "not-a-token"));
}

static void
test_audio_connector(Fixture *f, gconstpointer data)
{
	OtkOptions *o = otk_options_new();
	OtkCallError *error = NULL;
	OtkDict *conn = NULL;
	g_autoptr(JsonObject) body = NULL;
	JsonObject *ws;

	otk_options_set_int64(o, "audio_rate", 16000);
	otk_options_set_bool(o, "bidirectional", true);
	otk_options_add_string_map_entry(o, "headers", "Authorization", "Bearer abc");
	g_assert_cmpint(otk_client_audio_connector_connect(f->env->client, f->sid, "",
							   "wss://asr.example.com/socket", o, &conn,
							   &error),
			>=, 0);
	g_assert_null(error);
	g_assert_nonnull(otk_dict_get_string(conn, "connection_id"));
	body = request_body(f->env);
	ws = json_object_get_object_member(body, "websocket");
	g_assert_cmpint(json_object_get_int_member(ws, "audioRate"), ==, 16000);
	g_assert_cmpstr(json_object_get_string_member(ws, "uri"), ==,
			"wss://asr.example.com/socket");
	otk_dict_free(conn);
	otk_options_free(o);
	o = otk_options_new();
	otk_options_set_int64(o, "audio_rate", 22050);
	g_assert_cmpint(otk_client_audio_connector_connect(f->env->client, f->sid, "",
							   "wss://asr.example.com/socket", o, &conn,
							   &error),
			<, 0);
	otd_test_assert_error(error, "InvalidArgs", "'audio_rate'");
	otk_call_error_free(error);
	otk_options_free(o);
}

static void
test_captions(Fixture *f, gconstpointer data)
{
	OtkOptions *o = otk_options_new();
	OtkCallError *error = NULL;
	char *id = NULL, *second = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(JsonObject) alice = NULL;

	otk_options_set_string(o, "language_code", "en-GB");
	otk_options_set_bool(o, "partial_captions", false);
	g_assert_cmpint(otk_client_captions_start(f->env->client, f->sid, "", o, &id, &error), >=,
			0);
	g_assert_null(error);
	g_assert_nonnull(id);
	body = request_body(f->env);
	g_assert_cmpstr(json_object_get_string_member(body, "languageCode"), ==, "en-GB");
	g_assert_cmpint(otk_client_captions_start(f->env->client, f->sid, "", o, &second, &error),
			<, 0);
	otd_test_assert_error(error, "Conflict", "409");
	otk_call_error_free(g_steal_pointer(&error));
	g_assert_cmpint(otk_client_captions_stop(f->env->client, id, &error), >=, 0);
	g_assert_null(error);
	otk_options_free(o);
	free(id);
}

static void
test_renders(Fixture *f, gconstpointer data)
{
	OtkOptions *o = otk_options_new(), *props = otk_options_new();
	OtkCallError *error = NULL;
	OtkDict *render = NULL, *got = NULL, *list = NULL;
	g_autofree gchar *id = NULL;
	int64_t total = 0;

	otk_options_set_int64(o, "max_duration", 1800);
	otk_options_set_string(o, "resolution", "1280x720");
	otk_options_set_string(props, "name", "Composed stream");
	otk_options_set_dict(o, "properties", props);
	g_assert_cmpint(otk_client_render_start(f->env->client, f->sid, "",
						"https://example.com/my-render", o, &render,
						&error),
			>=, 0);
	g_assert_null(error);
	g_assert_cmpstr(otk_dict_get_string(render, "status"), ==, "starting");
	id = g_strdup(otk_dict_get_string(render, "id"));
	otk_dict_free(render);
	otk_options_free(o);
	g_assert_cmpint(otk_client_render_get(f->env->client, id, &got, &error), >=, 0);
	g_assert_cmpstr(otk_dict_get_string(got, "url"), ==, "https://example.com/my-render");
	otk_dict_free(got);
	g_assert_cmpint(otk_client_render_list(f->env->client, NULL, &list, &error), >=, 0);
	g_assert_true(otk_dict_get_int64(list, "total", &total));
	g_assert_cmpint(total, ==, 1);
	otk_dict_free(list);
	g_assert_cmpint(otk_client_render_stop(f->env->client, id, &error), >=, 0);
	g_assert_null(error);
	g_assert_cmpint(otk_client_render_get(f->env->client, id, &got, &error), >=, 0);
	g_assert_cmpstr(otk_dict_get_string(got, "status"), ==, "stopped");
	otk_dict_free(got);
	g_assert_cmpint(otk_client_render_start(f->env->client, f->sid, "", "ftp://example.com/r",
						NULL, &render, &error),
			<, 0);
	otd_test_assert_error(error, "InvalidArgs", "url");
	otk_call_error_free(error);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#define ADD(path, fn)                                                                              \
	g_test_add("/otd/bus/media/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
	ADD("sip-dial-minted-token", test_sip_dial_minted_token);
	ADD("sip-refusals", test_sip_refusals);
	ADD("audio-connector", test_audio_connector);
	ADD("captions", test_captions);
	ADD("renders", test_renders);
	return g_test_run();
}
