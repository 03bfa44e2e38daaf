/*
 * SIP dial and DTMF over HTTP, against the in-process emulator of oem-test-http.c: the call
 * as a client and a stream of its session, its refusals, and the digits the clients receive.
 */
#include <string.h>

#include "oem-test-http.h"

#define KEY OEM_TEST_KEY
#define API "/v2/project/" KEY

/* a UUID no client has */
#define NO_CLIENT "0b9e2a58-7bd1-4e1f-9d0c-3a8b1c5e7f20"

static const gchar *const dial_members[] = {
    "id", "projectId", "sessionId", "connectionId", "streamId", "createdAt", "updatedAt", NULL,
};
static const gchar *const error_members[] = {"code", "message", "description", NULL};

/* POST …/dial; @sip is the JSON text of the sip member (NULL: none) */
static JsonNode *
oem_test_dial(OemFixture *f, const gchar *sid, const gchar *token, const gchar *sip,
	      guint *ret_status)
{
	g_autofree gchar *body = NULL;

	if (sip != NULL)
		body = g_strdup_printf("{\"sessionId\":\"%s\",\"token\":\"%s\",\"sip\":%s}", sid,
				       token, sip);
	else
		body = g_strdup_printf("{\"sessionId\":\"%s\",\"token\":\"%s\"}", sid, token);
	return oem_test_api(f, "POST", API "/dial", body, ret_status);
}

/* a refused dial answers @expected with the service's error shape */
static void
oem_test_dial_refused(OemFixture *f, const gchar *sid, const gchar *token, const gchar *sip,
		      guint expected)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_dial(f, sid, token, sip, &status);

	g_test_message("dial %.80s -> %u", sip != NULL ? sip : "(no sip)", status);
	g_assert_cmpuint(status, ==, expected);
	oem_test_assert_members(node, error_members);
	if (expected == 403)
		g_assert_cmpstr(
		    json_object_get_string_member(json_node_get_object(node), "message"), ==,
		    "Invalid token");
}

/* a successful dial; the answer's object */
static JsonNode *
oem_test_dial_ok(OemFixture *f, const gchar *sid, const gchar *role, const gchar *sip)
{
	g_autofree gchar *token = oem_test_client_token(sid, role);
	guint status = 0;
	JsonNode *node = oem_test_dial(f, sid, token, sip, &status);

	g_assert_cmpuint(status, ==, 200);
	oem_test_assert_members(node, dial_members);
	return node;
}

static const gchar *
oem_test_member(JsonNode *node, const gchar *name)
{
	return json_object_get_string_member(json_node_get_object(node), name);
}

/* the stream of a client in the control view */
static JsonObject *
oem_test_only_stream(JsonNode *client)
{
	JsonArray *streams = json_object_get_array_member(json_node_get_object(client), "streams");

	g_assert_cmpuint(json_array_get_length(streams), ==, 1);
	return json_array_get_object_element(streams, 0);
}

static gchar *
oem_test_get_text(OemFixture *f, const gchar *path)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_api(f, "GET", path, NULL, &status);

	g_assert_cmpuint(status, ==, 200);
	return json_to_string(node, FALSE);
}

/* the REST calls list the call's connection and stream as any other */
static void
oem_test_listed_by_rest(OemFixture *f, const gchar *sid, JsonNode *dial)
{
	g_autofree gchar *path = NULL;
	g_autofree gchar *listed = NULL;

	path = g_strdup_printf(API "/session/%s/stream/%s", sid, oem_test_member(dial, "streamId"));
	listed = oem_test_get_text(f, path);
	g_assert_true(g_str_has_suffix(listed, "\"layoutClassList\":[\"full\",\"focus\"]}"));
	g_clear_pointer(&path, g_free);
	g_clear_pointer(&listed, g_free);
	path = g_strdup_printf(API "/session/%s/connection", sid);
	listed = oem_test_get_text(f, path);
	g_assert_nonnull(strstr(listed, oem_test_member(dial, "connectionId")));
}

static void
oem_test_dial_with_options(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	g_autofree gchar *token = oem_test_client_token_full(
	    sid, "moderator", now, now + 60,
	    ",\"connection_data\":\"phone=1\",\"initial_layout_class_list\":\"full  focus\"");
	g_autoptr(JsonNode) node = NULL, client = NULL;
	g_autofree gchar *sip = NULL, *expected = NULL;
	JsonObject *obj, *stream;
	guint status = 0;

	node =
	    oem_test_dial(f, sid, token,
			  "{\"uri\":\"sips:+15128675309@pstn.example.com;transport=tls\","
			  "\"from\":\"14155550101@example.com\",\"headers\":{\"X-a\":\"b\"},"
			  "\"auth\":{\"username\":\"bob\",\"password\":\"abc123\"},\"secure\":true,"
			  "\"video\":true,\"observeForceMute\":true,\"streams\":[\"s1\",\"s2\"]}",
			  &status);
	g_assert_cmpuint(status, ==, 200);
	oem_test_assert_members(node, dial_members);
	g_assert_true(g_uuid_string_is_valid(oem_test_member(node, "id")));
	g_assert_cmpstr(oem_test_member(node, "projectId"), ==, KEY);
	g_assert_cmpstr(oem_test_member(node, "sessionId"), ==, sid);

	/* the call is a publisher whose data comes from the token */
	client = oem_test_find_client(f, sid, oem_test_member(node, "connectionId"));
	obj = json_node_get_object(client);
	g_assert_cmpstr(json_object_get_string_member(obj, "role"), ==, "publisher");
	g_assert_cmpstr(json_object_get_string_member(obj, "data"), ==, "phone=1");
	g_assert_true(json_object_get_boolean_member(obj, "sip"));
	sip = json_to_string(json_object_get_member(obj, "sipCall"), FALSE);
	expected = g_strdup_printf(
	    "{\"id\":\"%s\",\"uri\":\"sips:+15128675309@pstn.example.com;transport=tls\","
	    "\"from\":\"14155550101@example.com\",\"headers\":{\"X-a\":\"b\"},\"auth\":{"
	    "\"username\":"
	    "\"bob\",\"password\":\"abc123\"},\"secure\":true,\"video\":true,\"observeForceMute\":"
	    "true,\"streams\":[\"s1\",\"s2\"]}",
	    oem_test_member(node, "id"));
	g_assert_cmpstr(sip, ==, expected);
	stream = oem_test_only_stream(client);
	g_assert_cmpstr(json_object_get_string_member(stream, "streamId"), ==,
			oem_test_member(node, "streamId"));
	g_assert_cmpstr(json_object_get_string_member(stream, "videoType"), ==, "camera");
	g_assert_true(json_object_get_boolean_member(stream, "hasVideo"));
	g_assert_false(json_object_get_boolean_member(stream, "muted"));

	oem_test_listed_by_rest(f, sid, node);
}

static void
oem_test_dial_audio_only(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autoptr(JsonNode) node = NULL, client = NULL;
	g_autofree gchar *sip = NULL, *expected = NULL;
	JsonObject *obj;

	/* nulls count as absent, as several SDKs send them */
	node = oem_test_dial_ok(f, sid, "publisher",
				"{\"uri\":\"sip:alice@example.com\",\"from\":null,\"video\":null}");
	client = oem_test_find_client(f, sid, oem_test_member(node, "connectionId"));
	obj = json_node_get_object(client);
	g_assert_cmpstr(json_object_get_string_member(obj, "data"), ==, "sip:alice@example.com");
	g_assert_false(json_object_get_boolean_member(oem_test_only_stream(client), "hasVideo"));
	sip = json_to_string(json_object_get_member(obj, "sipCall"), FALSE);
	expected =
	    g_strdup_printf("{\"id\":\"%s\",\"uri\":\"sip:alice@example.com\",\"headers\":{},"
			    "\"secure\":false,\"video\":false,\"observeForceMute\":false,"
			    "\"streams\":[]}",
			    oem_test_member(node, "id"));
	g_assert_cmpstr(sip, ==, expected);
}

static gboolean
oem_test_sip_is_muted(OemFixture *f, const gchar *sid, JsonNode *dial)
{
	g_autoptr(JsonNode) client =
	    oem_test_find_client(f, sid, oem_test_member(dial, "connectionId"));

	return json_object_get_boolean_member(oem_test_only_stream(client), "muted");
}

static void
oem_test_dial_mute_and_hang_up(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autoptr(JsonNode) first = oem_test_dial_ok(f, sid, "publisher", "{\"uri\":\"sip:a@b\"}");
	g_autoptr(JsonNode) second = NULL, answer = NULL;
	g_autofree gchar *path = NULL, *listed = NULL;
	guint status = 0;

	/* force mute of one stream, then of the session: a later call starts muted */
	path = g_strdup_printf(API "/session/%s/stream/%s/mute", sid,
			       oem_test_member(first, "streamId"));
	answer = oem_test_api(f, "POST", path, NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	g_assert_true(oem_test_sip_is_muted(f, sid, first));
	g_clear_pointer(&path, g_free);
	g_clear_pointer(&answer, json_node_unref);
	path = g_strdup_printf(API "/session/%s/mute", sid);
	answer = oem_test_api(f, "POST", path, "{\"active\":true}", &status);
	g_assert_cmpuint(status, ==, 200);
	second = oem_test_dial_ok(f, sid, "publisher", "{\"uri\":\"sip:c@d\"}");
	g_assert_true(oem_test_sip_is_muted(f, sid, second));

	/* force disconnect hangs the call up: its client and stream go */
	g_clear_pointer(&path, g_free);
	g_clear_pointer(&answer, json_node_unref);
	path = g_strdup_printf(API "/session/%s/connection/%s", sid,
			       oem_test_member(first, "connectionId"));
	answer = oem_test_api(f, "DELETE", path, NULL, &status);
	g_assert_cmpuint(status, ==, 204);
	g_clear_pointer(&path, g_free);
	path = g_strdup_printf(API "/session/%s/stream", sid);
	listed = oem_test_get_text(f, path);
	g_assert_null(strstr(listed, oem_test_member(first, "streamId")));
	g_assert_nonnull(strstr(listed, oem_test_member(second, "streamId")));
}

static void
oem_test_dial_bad_bodies(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *token = oem_test_client_token(sid, "publisher");
	const gchar *bad[] = {
	    "null",
	    "\"sip:a@b\"",
	    "{}",
	    "{\"uri\":7}",
	    "{\"uri\":\"tel:+15128675309\"}",
	    "{\"uri\":\"sip:\"}",
	    "{\"uri\":\"sip:a@b\",\"from\":5}",
	    "{\"uri\":\"sip:a@b\",\"headers\":[\"x\"]}",
	    "{\"uri\":\"sip:a@b\",\"headers\":{\"X-n\":1}}",
	    "{\"uri\":\"sip:a@b\",\"auth\":\"bob\"}",
	    "{\"uri\":\"sip:a@b\",\"auth\":{\"username\":\"bob\"}}",
	    "{\"uri\":\"sip:a@b\",\"auth\":{\"username\":\"bob\",\"password\":1}}",
	    "{\"uri\":\"sip:a@b\",\"secure\":\"true\"}",
	    "{\"uri\":\"sip:a@b\",\"video\":1}",
	    "{\"uri\":\"sip:a@b\",\"observeForceMute\":\"yes\"}",
	    "{\"uri\":\"sip:a@b\",\"streams\":\"s1\"}",
	    "{\"uri\":\"sip:a@b\",\"streams\":[1]}",
	};
	guint status = 0;
	g_autoptr(JsonNode) node = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++)
		oem_test_dial_refused(f, sid, token, bad[i], 400);
	oem_test_dial_refused(f, sid, token, NULL, 400);
	oem_test_dial_refused(f, "", token, "{\"uri\":\"sip:a@b\"}", 400);
	oem_test_dial_refused(f, sid, "", "{\"uri\":\"sip:a@b\"}", 400);
	node = oem_test_api(f, "POST", API "/dial", "not json", &status);
	g_assert_cmpuint(status, ==, 400);
	/* the scheme in any case, as SIP allows */
	g_clear_pointer(&node, json_node_unref);
	node = oem_test_dial_ok(f, sid, "publisher", "{\"uri\":\"SIP:a@b\"}");
}

/* what every call that takes a token refuses with 403, 404 and 409 */
static void
oem_test_dial_refusals(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *other = oem_test_new_session(f, FALSE);
	g_autofree gchar *relayed = oem_test_new_session(f, TRUE);
	g_autofree gchar *unknown = oem_test_unknown_session();
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	g_autofree gchar *subscriber = oem_test_client_token(sid, "subscriber");
	g_autofree gchar *publisheronly = oem_test_client_token(sid, "publisheronly");
	g_autofree gchar *expired =
	    oem_test_client_token_full(sid, "publisher", now - 600, now - 300, "");
	g_autofree gchar *foreign = oem_test_client_token(other, "publisher");
	g_autofree gchar *forged = oem_test_client_token(sid, "publisher");
	g_autofree gchar *for_unknown = oem_test_client_token(unknown, "publisher");
	g_autofree gchar *for_relayed = oem_test_client_token(relayed, "publisher");
	const gchar *sip = "{\"uri\":\"sip:a@b\"}";
	g_autoptr(JsonNode) node = NULL;

	forged[strlen(forged) - 2] = forged[strlen(forged) - 2] == 'A' ? 'B' : 'A';
	oem_test_dial_refused(f, sid, subscriber, sip, 403);
	oem_test_dial_refused(f, sid, publisheronly, sip, 403);
	oem_test_dial_refused(f, sid, expired, sip, 403);
	oem_test_dial_refused(f, sid, foreign, sip, 403);
	oem_test_dial_refused(f, sid, forged, sip, 403);
	oem_test_dial_refused(f, sid, "T1==garbage", sip, 403);
	oem_test_dial_refused(f, unknown, for_unknown, sip, 404);
	oem_test_dial_refused(f, relayed, for_relayed, sip, 409);
	/* nothing joined */
	node = oem_test_dial_ok(f, sid, "moderator", sip);
	g_assert_cmpuint(oem_state_lookup_session(f->state, sid)->clients->len, ==, 1);
}

/* the digits each client of @sid received, in joining order: "[…] […]" */
static gchar *
oem_test_dtmf_of(OemFixture *f, const gchar *sid, const gchar *const *cids)
{
	g_autoptr(GString) text = g_string_new(NULL);

	for (guint i = 0; cids[i] != NULL; i++) {
		g_autoptr(JsonNode) client = oem_test_find_client(f, sid, cids[i]);
		g_autofree gchar *dtmf = json_to_string(
		    json_object_get_member(json_node_get_object(client), "dtmf"), FALSE);

		g_string_append_printf(text, "%s%s", i > 0 ? " " : "", dtmf);
	}
	return g_string_free(g_steal_pointer(&text), FALSE);
}

static void
oem_test_play(OemFixture *f, const gchar *sid, const gchar *cid, const gchar *body, guint expected)
{
	g_autofree gchar *path =
	    cid != NULL ? g_strdup_printf(API "/session/%s/connection/%s/play-dtmf", sid, cid)
			: g_strdup_printf(API "/session/%s/play-dtmf", sid);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_api(f, "POST", path, body, &status);

	g_test_message("play-dtmf %s -> %u", body, status);
	g_assert_cmpuint(status, ==, expected);
	if (expected == 200)
		g_assert_null(node);
	else
		oem_test_assert_members(node, error_members);
}

static void
oem_test_dtmf(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *other = oem_test_join(f, sid, "subscriber");
	g_autoptr(JsonNode) call = oem_test_dial_ok(f, sid, "publisher", "{\"uri\":\"sip:a@b\"}");
	const gchar *cids[] = {cid, other, oem_test_member(call, "connectionId"), NULL};
	g_autofree gchar *received = NULL;

	oem_test_play(f, sid, NULL, "{\"digits\":\"0123456789*#p\"}", 200);
	oem_test_play(f, sid, cids[2], "{\"digits\":\"1p2\"}", 200);
	oem_test_play(f, sid, other, "{\"digits\":\"#\"}", 200);
	received = oem_test_dtmf_of(f, sid, cids);
	g_assert_cmpstr(
	    received, ==,
	    "[\"0123456789*#p\"] [\"0123456789*#p\",\"#\"] [\"0123456789*#p\",\"1p2\"]");

	/* refusals reach nobody */
	oem_test_play(f, sid, NULL, "{\"digits\":\"12a\"}", 400);
	oem_test_play(f, sid, NULL, "{\"digits\":\"\"}", 400);
	oem_test_play(f, sid, NULL, "{\"digits\":12}", 400);
	oem_test_play(f, sid, NULL, "{}", 400);
	oem_test_play(f, sid, cid, "{\"digits\":\"P\"}", 400);
	oem_test_play(f, sid, "not-a-uuid", "{\"digits\":\"1\"}", 400);
	oem_test_play(f, sid, NO_CLIENT, "{\"digits\":\"1\"}", 404);
	oem_test_play(f, "1_nosuchsession", NULL, "{\"digits\":\"1\"}", 404);
	oem_test_play(f, "1_nosuchsession", cid, "{\"digits\":\"1\"}", 404);
	g_clear_pointer(&received, g_free);
	received = oem_test_dtmf_of(f, sid, cids);
	g_assert_cmpstr(
	    received, ==,
	    "[\"0123456789*#p\"] [\"0123456789*#p\",\"#\"] [\"0123456789*#p\",\"1p2\"]");
}

int
main(int argc, char **argv)
{
	struct {
		const gchar *path;
		void (*func)(OemFixture *, gconstpointer);
	} cases[] = {
	    {"/oem/sip/dial-with-options", oem_test_dial_with_options},
	    {"/oem/sip/dial-audio-only", oem_test_dial_audio_only},
	    {"/oem/sip/mute-and-hang-up", oem_test_dial_mute_and_hang_up},
	    {"/oem/sip/bad-bodies", oem_test_dial_bad_bodies},
	    {"/oem/sip/refusals", oem_test_dial_refusals},
	    {"/oem/sip/dtmf", oem_test_dtmf},
	};

	g_test_init(&argc, &argv, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add(cases[i].path, OemFixture, NULL, oem_fixture_setup, cases[i].func,
			   oem_fixture_teardown);
	return g_test_run();
}
