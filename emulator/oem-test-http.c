/*
 * The in-process emulator the area tests talk to, and the calls they all need.
 */
#include <string.h>

#include "oem-jwt.h"
#include "oem-session-id.h"
#include "oem-sessions.h"
#include "oem-test-http.h"
#include "oem-util.h"

void
oem_fixture_setup(OemFixture *f, gconstpointer user_data)
{
	g_autoptr(GBytes) secret = g_bytes_new_static(OEM_TEST_SECRET, strlen(OEM_TEST_SECRET));
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GError) error = NULL;

	f->state = oem_state_new(OEM_TEST_KEY, secret);
	f->server = oem_server_new(f->state, NULL);
	g_assert_true(oem_server_listen(f->server, loopback, 0, &error));
	g_assert_no_error(error);
	f->base = oem_server_dup_url(f->server);
	f->session = soup_session_new();
}

void
oem_fixture_teardown(OemFixture *f, gconstpointer user_data)
{
	soup_session_abort(f->session);
	g_object_unref(f->session);
	oem_server_free(f->server);
	oem_state_free(f->state);
	g_free(f->base);
	while (g_main_context_iteration(NULL, FALSE))
		;
}

static gchar *
oem_test_sign(const gchar *payload)
{
	g_autoptr(GBytes) secret = g_bytes_new_static(OEM_TEST_SECRET, strlen(OEM_TEST_SECRET));

	return oem_jwt_sign_hs256("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, secret);
}

gchar *
oem_test_jwt(const gchar *extra)
{
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	g_autofree gchar *payload = g_strdup_printf(
	    "{\"iss\":\"" OEM_TEST_KEY "\",\"ist\":\"project\",\"iat\":%" G_GINT64_FORMAT
	    ",\"exp\":%" G_GINT64_FORMAT "%s}",
	    now, now + 180, extra);

	return oem_test_sign(payload);
}

static void
oem_test_sent_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	GBytes **ret_body = user_data;
	g_autoptr(GError) error = NULL;

	*ret_body = soup_session_send_and_read_finish(SOUP_SESSION(source), result, &error);
	g_assert_no_error(error);
}

/* one call on the shared main loop; the answer's JSON, NULL when its body is empty */
JsonNode *
oem_test_call(OemFixture *f, const gchar *method, const gchar *path, const gchar *body,
	      gboolean auth, guint *ret_status)
{
	g_autofree gchar *url = g_strconcat(f->base, path, NULL);
	g_autoptr(SoupMessage) msg = soup_message_new(method, url);
	g_autoptr(GBytes) answer = NULL;
	g_autofree gchar *text = NULL;

	g_assert_nonnull(msg);
	if (body != NULL) {
		g_autoptr(GBytes) bytes = g_bytes_new(body, strlen(body));

		soup_message_set_request_body_from_bytes(msg, "application/json", bytes);
	}
	if (auth) {
		g_autofree gchar *jwt = oem_test_jwt("");

		soup_message_headers_replace(soup_message_get_request_headers(msg),
					     "X-OPENTOK-AUTH", jwt);
	}
	soup_session_send_and_read_async(f->session, msg, G_PRIORITY_DEFAULT, NULL,
					 oem_test_sent_cb, &answer);
	while (answer == NULL)
		g_main_context_iteration(NULL, TRUE);
	*ret_status = soup_message_get_status(msg);
	if (g_bytes_get_size(answer) == 0)
		return NULL;
	text = g_strndup(g_bytes_get_data(answer, NULL), g_bytes_get_size(answer));
	return json_from_string(text, NULL);
}

JsonNode *
oem_test_api(OemFixture *f, const gchar *method, const gchar *path, const gchar *body,
	     guint *ret_status)
{
	return oem_test_call(f, method, path, body, TRUE, ret_status);
}

JsonNode *
oem_test_control(OemFixture *f, const gchar *method, const gchar *path, const gchar *body,
		 guint *ret_status)
{
	return oem_test_call(f, method, path, body, FALSE, ret_status);
}

gchar *
oem_test_new_session(OemFixture *f, gboolean relayed)
{
	const gchar *text = relayed ? "p2p.preference=enabled" : "p2p.preference=disabled";
	g_autoptr(GHashTable) form = oem_form_decode(text, strlen(text), NULL);
	g_autoptr(GError) error = NULL;
	OemSession *session = oem_sessions_create_from_form(f->state, form, &error);

	g_assert_no_error(error);
	oem_state_add_session(f->state, session);
	return g_strdup(session->session_id);
}

/* a JWT client token for @sid issued at @iat, expiring at @exp; @extra_claims: ",\"…\":…" */
gchar *
oem_test_client_token_full(const gchar *sid, const gchar *role, gint64 iat, gint64 exp,
			   const gchar *extra_claims)
{
	g_autofree gchar *payload = g_strdup_printf(
	    "{\"iss\":\"" OEM_TEST_KEY "\",\"ist\":\"project\",\"iat\":%" G_GINT64_FORMAT
	    ",\"exp\":%" G_GINT64_FORMAT ",\"nonce\":1,\"role\":\"%s\",\"scope\":"
	    "\"session.connect\",\"session_id\":\"%s\"%s}",
	    iat, exp, role, sid, extra_claims);

	return oem_test_sign(payload);
}

/* valid for an hour */
gchar *
oem_test_client_token(const gchar *sid, const gchar *role)
{
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;

	return oem_test_client_token_full(sid, role, now, now + 3600, "");
}

/* a well-formed session id of the test key that the emulator does not know */
gchar *
oem_test_unknown_session(void)
{
	return oem_session_id_new(OEM_TEST_KEY, "", 1, FALSE);
}

gchar *
oem_test_join(OemFixture *f, const gchar *sid, const gchar *role)
{
	g_autofree gchar *token = oem_test_client_token(sid, role);
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", sid);
	g_autofree gchar *body = g_strdup_printf("{\"token\":\"%s\"}", token);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "POST", path, body, &status);

	g_assert_cmpuint(status, ==, 201);
	return g_strdup(json_object_get_string_member(json_node_get_object(node), "connectionId"));
}

/* a session with one publisher in it; its connection id in @ret_cid */
gchar *
oem_test_new_joined_session(OemFixture *f, gchar **ret_cid)
{
	gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *cid = oem_test_join(f, sid, "publisher");

	if (ret_cid != NULL)
		*ret_cid = g_steal_pointer(&cid);
	return sid;
}

gchar *
oem_test_publish(OemFixture *f, const gchar *sid, const gchar *cid)
{
	g_autofree gchar *path =
	    g_strdup_printf("/_emulator/sessions/%s/clients/%s/streams", sid, cid);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "POST", path, "{}", &status);

	g_assert_cmpuint(status, ==, 201);
	return g_strdup(json_object_get_string_member(json_node_get_object(node), "streamId"));
}

void
oem_test_control_delete(OemFixture *f, const gchar *path)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "DELETE", path, NULL, &status);

	g_assert_cmpuint(status, ==, 204);
}

void
oem_test_unpublish(OemFixture *f, const gchar *sid, const gchar *cid, const gchar *stid)
{
	g_autofree gchar *path =
	    g_strdup_printf("/_emulator/sessions/%s/clients/%s/streams/%s", sid, cid, stid);

	oem_test_control_delete(f, path);
}

/* the client @cid as the control API shows it; it must be in the session */
JsonNode *
oem_test_find_client(OemFixture *f, const gchar *sid, const gchar *cid)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", sid);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "GET", path, NULL, &status);
	JsonArray *clients;

	g_assert_cmpuint(status, ==, 200);
	clients = json_node_get_array(node);
	for (guint i = 0; i < json_array_get_length(clients); i++) {
		JsonNode *client = json_array_get_element(clients, i);

		if (g_strcmp0(
			json_object_get_string_member(json_node_get_object(client), "connectionId"),
			cid) == 0)
			return json_node_copy(client);
	}
	g_assert_not_reached();
}

/* @node is an object with exactly @members, in any order */
void
oem_test_assert_members(JsonNode *node, const gchar *const *members)
{
	JsonObject *obj;

	g_assert_nonnull(node);
	g_assert_true(JSON_NODE_HOLDS_OBJECT(node));
	obj = json_node_get_object(node);
	for (guint i = 0; members[i] != NULL; i++) {
		if (!json_object_has_member(obj, members[i]))
			g_test_message("member %s is missing", members[i]);
		g_assert_true(json_object_has_member(obj, members[i]));
	}
	g_assert_cmpuint(json_object_get_size(obj), ==, g_strv_length((GStrv)members));
}
