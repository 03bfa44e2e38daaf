/*
 * The Audio Connector over HTTP, against the in-process emulator of oem-test-http.c: the
 * connector as a client of its session, its stream when bidirectional, and its refusals.
 */
#include <string.h>

#include "oem-test-http.h"

#define KEY OEM_TEST_KEY
#define API "/v2/project/" KEY

static const gchar *const error_members[] = {"code", "message", "description", NULL};

/* POST …/connect; @ws is the JSON text of the websocket member (NULL: none) */
static JsonNode *
oem_test_connect(OemFixture *f, const gchar *sid, const gchar *token, const gchar *ws,
		 guint *ret_status)
{
	g_autofree gchar *body = NULL;

	if (ws != NULL)
		body = g_strdup_printf("{\"sessionId\":\"%s\",\"token\":\"%s\",\"websocket\":%s}",
				       sid, token, ws);
	else
		body = g_strdup_printf("{\"sessionId\":\"%s\",\"token\":\"%s\"}", sid, token);
	return oem_test_api(f, "POST", API "/connect", body, ret_status);
}

static void
oem_test_connect_refused(OemFixture *f, const gchar *sid, const gchar *token, const gchar *ws,
			 guint expected)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_connect(f, sid, token, ws, &status);

	g_test_message("connect %.80s -> %u", ws != NULL ? ws : "(no websocket)", status);
	g_assert_cmpuint(status, ==, expected);
	oem_test_assert_members(node, error_members);
	if (expected == 403)
		g_assert_cmpstr(
		    json_object_get_string_member(json_node_get_object(node), "message"), ==,
		    "Invalid token");
}

/* a successful connect; the connector's client in the control view */
static JsonNode *
oem_test_connect_ok(OemFixture *f, const gchar *sid, const gchar *ws, gchar **ret_id)
{
	static const gchar *const members[] = {"id", "connectionId", NULL};
	g_autofree gchar *token = oem_test_client_token(sid, "publisher");
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_connect(f, sid, token, ws, &status);
	JsonObject *obj;

	g_assert_cmpuint(status, ==, 200);
	oem_test_assert_members(node, members);
	obj = json_node_get_object(node);
	g_assert_true(g_uuid_string_is_valid(json_object_get_string_member(obj, "id")));
	*ret_id = g_strdup(json_object_get_string_member(obj, "id"));
	return oem_test_find_client(f, sid, json_object_get_string_member(obj, "connectionId"));
}

static void
oem_test_connect_bidirectional(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *id = NULL, *connector = NULL, *expected = NULL, *path = NULL;
	g_autoptr(JsonNode) client = NULL, streams = NULL;
	JsonObject *obj, *stream;
	guint status = 0;

	client =
	    oem_test_connect_ok(f, sid,
				"{\"uri\":\"wss://service.example.com/ws\",\"streams\":[\"s1\"],"
				"\"headers\":{\"foo\":\"bar\"},\"audioRate\":16000,"
				"\"bidirectional\":true}",
				&id);
	obj = json_node_get_object(client);
	g_assert_cmpstr(json_object_get_string_member(obj, "role"), ==, "publisher");
	g_assert_cmpstr(json_object_get_string_member(obj, "data"), ==,
			"wss://service.example.com/ws");
	g_assert_true(json_object_get_boolean_member(obj, "websocket"));
	connector = json_to_string(json_object_get_member(obj, "audioConnector"), FALSE);
	expected = g_strdup_printf("{\"id\":\"%s\",\"uri\":\"wss://service.example.com/ws\","
				   "\"audioRate\":16000,\"streams\":[\"s1\"],\"headers\":{\"foo\":"
				   "\"bar\"},\"bidirectional\":true}",
				   id);
	g_assert_cmpstr(connector, ==, expected);

	/* the audio it sends back is an audio-only stream of the session */
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(obj, "streams")), ==,
			 1);
	stream = json_array_get_object_element(json_object_get_array_member(obj, "streams"), 0);
	g_assert_false(json_object_get_boolean_member(stream, "hasVideo"));
	path = g_strdup_printf(API "/session/%s/stream", sid);
	streams = oem_test_api(f, "GET", path, NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	g_assert_cmpint(json_object_get_int_member(json_node_get_object(streams), "count"), ==, 1);
}

static void
oem_test_connect_defaults(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *id = NULL, *connector = NULL, *expected = NULL;
	g_autoptr(JsonNode) client = NULL;
	g_autofree gchar *headers = NULL, *ws = NULL;
	JsonObject *obj;

	client =
	    oem_test_connect_ok(f, sid, "{\"uri\":\"ws://127.0.0.1:9/\",\"headers\":null}", &id);
	obj = json_node_get_object(client);
	connector = json_to_string(json_object_get_member(obj, "audioConnector"), FALSE);
	expected =
	    g_strdup_printf("{\"id\":\"%s\",\"uri\":\"ws://127.0.0.1:9/\",\"audioRate\":8000,"
			    "\"streams\":[],\"headers\":{},\"bidirectional\":false}",
			    id);
	g_assert_cmpstr(connector, ==, expected);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(obj, "streams")), ==,
			 0);

	/* headers of exactly 512 bytes, keys and values together */
	headers = g_strnfill(511, 'v');
	ws = g_strdup_printf("{\"uri\":\"ws://h\",\"headers\":{\"k\":\"%s\"}}", headers);
	g_clear_pointer(&client, json_node_unref);
	g_clear_pointer(&id, g_free);
	client = oem_test_connect_ok(f, sid, ws, &id);
}

static void
oem_test_connect_refusals(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *relayed = oem_test_new_session(f, TRUE);
	g_autofree gchar *unknown = oem_test_unknown_session();
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	g_autofree gchar *token = oem_test_client_token(sid, "publisher");
	g_autofree gchar *subscriber = oem_test_client_token(sid, "subscriber");
	g_autofree gchar *expired =
	    oem_test_client_token_full(sid, "moderator", now - 600, now - 1, "");
	g_autofree gchar *for_unknown = oem_test_client_token(unknown, "publisher");
	g_autofree gchar *for_relayed = oem_test_client_token(relayed, "publisher");
	g_autofree gchar *big = g_strnfill(512, 'v');
	g_autofree gchar *too_big =
	    g_strdup_printf("{\"uri\":\"ws://h\",\"headers\":{\"k\":\"%s\"}}", big);
	const gchar *bad[] = {
	    "[]",
	    "{}",
	    "{\"uri\":\"http://h/ws\"}",
	    "{\"uri\":\"ws://\"}",
	    "{\"uri\":\"ws://h\",\"audioRate\":44100}",
	    "{\"uri\":\"ws://h\",\"audioRate\":\"16000\"}",
	    "{\"uri\":\"ws://h\",\"bidirectional\":\"true\"}",
	    "{\"uri\":\"ws://h\",\"streams\":{}}",
	    "{\"uri\":\"ws://h\",\"headers\":{\"a\":true}}",
	    too_big,
	};
	const gchar *ws = "{\"uri\":\"ws://h\"}";

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++)
		oem_test_connect_refused(f, sid, token, bad[i], 400);
	oem_test_connect_refused(f, sid, token, NULL, 400);
	oem_test_connect_refused(f, sid, subscriber, ws, 403);
	oem_test_connect_refused(f, sid, expired, ws, 403);
	oem_test_connect_refused(f, sid, for_relayed, ws, 403);
	oem_test_connect_refused(f, unknown, for_unknown, ws, 404);
	oem_test_connect_refused(f, relayed, for_relayed, ws, 409);
	g_assert_cmpuint(oem_state_lookup_session(f->state, sid)->clients->len, ==, 0);
}

int
main(int argc, char **argv)
{
	struct {
		const gchar *path;
		void (*func)(OemFixture *, gconstpointer);
	} cases[] = {
	    {"/oem/websocket/bidirectional", oem_test_connect_bidirectional},
	    {"/oem/websocket/defaults", oem_test_connect_defaults},
	    {"/oem/websocket/refusals", oem_test_connect_refusals},
	};

	g_test_init(&argc, &argv, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add(cases[i].path, OemFixture, NULL, oem_fixture_setup, cases[i].func,
			   oem_fixture_teardown);
	return g_test_run();
}
