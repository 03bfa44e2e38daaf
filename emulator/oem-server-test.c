/*
 * The emulator over HTTP: an in-process server on 127.0.0.1, port 0, driven by a
 * SoupSession on the same main loop.
 */
#include <string.h>

#include "oem-jwt.h"
#include "oem-server.h"
#include "oem-session-id.h"

#define KEY    "123456"
#define SECRET "1234567890abcdef1234567890abcdef1234567890"

typedef struct {
	OemState *state;
	OemServer *server;
	SoupSession *session;
	gchar *base;
} OemFixture;

static void
oem_fixture_setup(OemFixture *f, gconstpointer user_data)
{
	g_autoptr(GBytes) secret = g_bytes_new_static(SECRET, strlen(SECRET));
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GError) error = NULL;

	f->state = oem_state_new(KEY, secret);
	f->server = oem_server_new(f->state, NULL);
	g_assert_true(oem_server_listen(f->server, loopback, 0, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(oem_server_get_port(f->server), >, 0);
	f->base = oem_server_dup_url(f->server);
	f->session = soup_session_new();
}

static void
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

static gint64
oem_test_now(void)
{
	return g_get_real_time() / G_USEC_PER_SEC;
}

static gchar *
oem_test_sign(const gchar *payload, const gchar *secret_text)
{
	g_autoptr(GBytes) secret = g_bytes_new_static(secret_text, strlen(secret_text));

	return oem_jwt_sign_hs256("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, secret);
}

static gchar *
oem_test_auth_jwt(void)
{
	g_autofree gchar *payload =
	    g_strdup_printf("{\"iss\":\"" KEY "\",\"ist\":\"project\",\"iat\":%" G_GINT64_FORMAT
			    ",\"exp\":%" G_GINT64_FORMAT ",\"jti\":\"test\"}",
			    oem_test_now(), oem_test_now() + 180);

	return oem_test_sign(payload, SECRET);
}

static gchar *
oem_test_client_token(const gchar *session_id, const gchar *role)
{
	g_autofree gchar *payload = g_strdup_printf(
	    "{\"iss\":\"" KEY "\",\"ist\":\"project\",\"iat\":%" G_GINT64_FORMAT
	    ",\"exp\":%" G_GINT64_FORMAT ",\"nonce\":42,\"role\":\"%s\","
	    "\"scope\":\"session.connect\",\"session_id\":\"%s\",\"connection_data\":\"name=Ann\"}",
	    oem_test_now(), oem_test_now() + 3600, role, session_id);

	return oem_test_sign(payload, SECRET);
}

typedef struct {
	GBytes *body;
	GError *error;
	gboolean done;
} OemPending;

static void
oem_test_sent_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	OemPending *pending = user_data;

	pending->body =
	    soup_session_send_and_read_finish(SOUP_SESSION(source), result, &pending->error);
	pending->done = TRUE;
}

/* runs the shared main loop until the answer is in, so the server can serve it */
static gchar *
oem_test_send(SoupSession *session, SoupMessage *msg, GError **error)
{
	OemPending pending = {NULL};
	g_autoptr(GBytes) body = NULL;
	gsize len = 0;
	const gchar *data;

	soup_session_send_and_read_async(session, msg, G_PRIORITY_DEFAULT, NULL, oem_test_sent_cb,
					 &pending);
	while (!pending.done)
		g_main_context_iteration(NULL, TRUE);
	if (pending.error != NULL) {
		g_propagate_error(error, pending.error);
		return NULL;
	}
	body = pending.body;
	data = g_bytes_get_data(body, &len);
	return g_strndup(data != NULL ? data : "", len);
}

static SoupMessage *
oem_test_message(OemFixture *f, const gchar *method, const gchar *path, const gchar *body,
		 const gchar *content_type)
{
	g_autofree gchar *url = g_strconcat(f->base, path, NULL);
	SoupMessage *msg = soup_message_new(method, url);

	g_assert_nonnull(msg);
	if (body != NULL) {
		g_autoptr(GBytes) bytes = g_bytes_new(body, strlen(body));

		soup_message_set_request_body_from_bytes(msg, content_type, bytes);
	}
	return msg;
}

/* an authenticated API call asking for JSON, as the daemon makes them */
static gchar *
oem_test_api(OemFixture *f, const gchar *method, const gchar *path, const gchar *form,
	     guint *ret_status)
{
	g_autoptr(SoupMessage) msg =
	    oem_test_message(f, method, path, form, "application/x-www-form-urlencoded");
	SoupMessageHeaders *headers = soup_message_get_request_headers(msg);
	g_autofree gchar *jwt = oem_test_auth_jwt();
	g_autoptr(GError) error = NULL;
	gchar *body;

	soup_message_headers_replace(headers, "X-OPENTOK-AUTH", jwt);
	soup_message_headers_replace(headers, "Accept", "application/json");
	body = oem_test_send(f->session, msg, &error);
	g_assert_no_error(error);
	*ret_status = soup_message_get_status(msg);
	return body;
}

static JsonNode *
oem_test_control(OemFixture *f, const gchar *method, const gchar *path, const gchar *json,
		 guint *ret_status)
{
	g_autoptr(SoupMessage) msg = oem_test_message(f, method, path, json, "application/json");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *body = oem_test_send(f->session, msg, &error);

	g_assert_no_error(error);
	*ret_status = soup_message_get_status(msg);
	if (body[0] == '\0')
		return NULL;
	return json_from_string(body, NULL);
}

static gchar *
oem_test_create_session(OemFixture *f, const gchar *form)
{
	guint status = 0;
	g_autofree gchar *body = oem_test_api(f, "POST", "/session/create", form, &status);
	g_autoptr(JsonNode) node = json_from_string(body, NULL);
	JsonObject *obj;

	g_assert_cmpuint(status, ==, 200);
	obj = json_array_get_object_element(json_node_get_array(node), 0);
	return g_strdup(json_object_get_string_member(obj, "session_id"));
}

static void
oem_test_session_create_json(OemFixture *f, gconstpointer user_data)
{
	g_autoptr(SoupMessage) msg =
	    oem_test_message(f, "POST", "/session/create",
			     "archiveMode=always&location=10.1.2.3&p2p.preference=disabled",
			     "application/x-www-form-urlencoded");
	SoupMessageHeaders *headers = soup_message_get_request_headers(msg);
	g_autofree gchar *jwt = oem_test_auth_jwt();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *body = NULL;
	g_autoptr(JsonNode) node = NULL;
	g_autoptr(JsonNode) stored = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *key = NULL;
	JsonObject *obj;
	guint status = 0;

	soup_message_headers_replace(headers, "X-OPENTOK-AUTH", jwt);
	soup_message_headers_replace(headers, "Accept", "application/json, text/plain");
	body = oem_test_send(f->session, msg, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(soup_message_get_status(msg), ==, 200);
	g_assert_cmpstr(
	    soup_message_headers_get_one(soup_message_get_response_headers(msg), "Content-Type"),
	    ==, "application/json");
	node = json_from_string(body, NULL);
	g_assert_cmpuint(json_array_get_length(json_node_get_array(node)), ==, 1);
	obj = json_array_get_object_element(json_node_get_array(node), 0);
	g_assert_cmpstr(json_object_get_string_member(obj, "project_id"), ==, KEY);
	g_assert_cmpstr(json_object_get_string_member(obj, "partner_id"), ==, KEY);
	g_assert_cmpstr(json_object_get_string_member(obj, "media_server_url"), ==, "");
	g_assert_true(json_object_has_member(obj, "create_dt"));
	key = oem_session_id_get_key(json_object_get_string_member(obj, "session_id"));
	g_assert_cmpstr(key, ==, KEY);

	/* the options are kept with the session */
	path = g_strdup_printf("/_emulator/sessions/%s",
			       json_object_get_string_member(obj, "session_id"));
	stored = oem_test_control(f, "GET", path, NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	obj = json_node_get_object(stored);
	g_assert_cmpstr(json_object_get_string_member(obj, "mediaMode"), ==, "routed");
	g_assert_cmpstr(json_object_get_string_member(obj, "archiveMode"), ==, "always");
	g_assert_cmpstr(json_object_get_string_member(obj, "location"), ==, "10.1.2.3");
	g_assert_false(json_object_get_boolean_member(obj, "e2ee"));
}

static void
oem_test_session_create_xml(OemFixture *f, gconstpointer user_data)
{
	g_autoptr(SoupMessage) msg =
	    oem_test_message(f, "POST", "/session/create", "p2p.preference=enabled",
			     "application/x-www-form-urlencoded");
	g_autofree gchar *jwt = oem_test_auth_jwt();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *body = NULL;
	g_autoptr(GMatchInfo) match = NULL;
	g_autoptr(GRegex) regex = g_regex_new("<session_id>([^<]+)</session_id>", 0, 0, NULL);
	g_autofree gchar *session_id = NULL;
	g_autofree gchar *key = NULL;

	soup_message_headers_replace(soup_message_get_request_headers(msg), "X-OPENTOK-AUTH", jwt);
	soup_message_headers_replace(soup_message_get_request_headers(msg), "Accept", "*/*");
	body = oem_test_send(f->session, msg, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(soup_message_get_status(msg), ==, 200);
	g_assert_cmpstr(
	    soup_message_headers_get_one(soup_message_get_response_headers(msg), "Content-Type"),
	    ==, "text/xml");
	g_assert_true(g_str_has_prefix(
	    body, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sessions><Session>"
		  "<session_id>"));
	g_assert_nonnull(strstr(body, "<partner_id>" KEY "</partner_id><create_dt>"));
	g_assert_true(g_str_has_suffix(body, "</create_dt></Session></sessions>"));
	g_assert_true(g_regex_match(regex, body, 0, &match));
	session_id = g_match_info_fetch(match, 1);
	key = oem_session_id_get_key(session_id);
	g_assert_cmpstr(key, ==, KEY);
	g_assert_nonnull(oem_state_lookup_session(f->state, session_id));
	g_assert_true(oem_state_lookup_session(f->state, session_id)->relayed);
}

static void
oem_test_session_create_invalid(OemFixture *f, gconstpointer user_data)
{
	const gchar *forms[] = {"archiveMode=always&p2p.preference=enabled", "location=1.2.3",
				"e2ee=true&p2p.preference=enabled", "archiveResolution=640x480"};

	for (guint i = 0; i < G_N_ELEMENTS(forms); i++) {
		guint status = 0;
		g_autofree gchar *body =
		    oem_test_api(f, "POST", "/session/create", forms[i], &status);
		g_autoptr(JsonNode) node = json_from_string(body, NULL);
		JsonObject *obj = json_node_get_object(node);

		g_test_message("%s", forms[i]);
		g_assert_cmpuint(status, ==, 400);
		g_assert_cmpint(json_object_get_int_member(obj, "code"), ==, -1);
		g_assert_true(json_object_has_member(obj, "message"));
		g_assert_true(json_object_has_member(obj, "description"));
	}
	g_assert_cmpuint(f->state->session_list->len, ==, 0);
}

static void
oem_test_session_create_json_body(OemFixture *f, gconstpointer user_data)
{
	g_autoptr(SoupMessage) msg = oem_test_message(
	    f, "POST", "/session/create", "{\"p2p.preference\":\"enabled\"}", "application/json");
	g_autofree gchar *jwt = oem_test_auth_jwt();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *body = NULL;

	soup_message_headers_replace(soup_message_get_request_headers(msg), "X-OPENTOK-AUTH", jwt);
	body = oem_test_send(f->session, msg, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(soup_message_get_status(msg), ==, 400);
}

static guint
oem_test_send_with_auth(OemFixture *f, const gchar *path, const gchar *jwt, gchar **ret_message)
{
	g_autoptr(SoupMessage) msg = oem_test_message(f, "POST", path, "", "text/plain");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *body = NULL;
	g_autoptr(JsonNode) node = NULL;

	if (jwt != NULL)
		soup_message_headers_replace(soup_message_get_request_headers(msg),
					     "X-OPENTOK-AUTH", jwt);
	body = oem_test_send(f->session, msg, &error);
	g_assert_no_error(error);
	node = json_from_string(body, NULL);
	*ret_message =
	    g_strdup(json_object_get_string_member(json_node_get_object(node), "message"));
	return soup_message_get_status(msg);
}

static void
oem_test_auth_refused(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *good = oem_test_auth_jwt();
	g_autofree gchar *bad = g_strdup(good);
	g_autofree gchar *expired = NULL;
	g_autofree gchar *payload =
	    g_strdup_printf("{\"iss\":\"" KEY "\",\"ist\":\"project\",\"iat\":%" G_GINT64_FORMAT
			    ",\"exp\":%" G_GINT64_FORMAT "}",
			    oem_test_now() - 200, oem_test_now() - 10);
	g_autofree gchar *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL;
	gchar *sig = strrchr(bad, '.') + 3;
	guint status = 0;
	g_autofree gchar *body = NULL;

	*sig = *sig == 'A' ? 'B' : 'A';
	expired = oem_test_sign(payload, SECRET);
	g_assert_cmpuint(oem_test_send_with_auth(f, "/session/create", bad, &m1), ==, 403);
	g_assert_cmpstr(m1, ==, "Invalid signature");
	g_assert_cmpuint(oem_test_send_with_auth(f, "/session/create", NULL, &m2), ==, 403);
	g_assert_cmpuint(oem_test_send_with_auth(f, "/session/create", expired, &m3), ==, 403);
	g_assert_cmpstr(m3, ==, "token expired");
	/* auth comes before routing: an unknown path with a bad token is still a 403 */
	g_assert_cmpuint(oem_test_send_with_auth(f, "/v2/nothing", bad, &m4), ==, 403);
	/* the key in the path must be the key that signed */
	body = oem_test_api(f, "GET", "/v2/project/654321/session/x/connection", NULL, &status);
	g_assert_cmpuint(status, ==, 403);
	g_assert_cmpuint(f->state->session_list->len, ==, 0);
}

static void
oem_test_routing(OemFixture *f, gconstpointer user_data)
{
	guint status = 0;
	g_autofree gchar *a = oem_test_api(f, "GET", "/session/create", NULL, &status);
	g_autofree gchar *b = NULL, *c = NULL, *d = NULL;
	g_autoptr(JsonNode) control = NULL;

	g_assert_cmpuint(status, ==, 405);
	b = oem_test_api(f, "GET", "/v2/project/" KEY "/nothing", NULL, &status);
	g_assert_cmpuint(status, ==, 404);
	g_assert_nonnull(strstr(b, "\"code\":-1"));
	c = oem_test_api(f, "GET", "/v2/project/" KEY "/session/1_MX4xMjM0NTZ-fg/connection", NULL,
			 &status);
	g_assert_cmpuint(status, ==, 404);
	d = oem_test_api(f, "PUT", "/v2/project/" KEY "/session/x/connection", NULL, &status);
	g_assert_cmpuint(status, ==, 405);
	control = oem_test_control(f, "GET", "/_emulator/nothing", NULL, &status);
	g_assert_cmpuint(status, ==, 404);
	g_clear_pointer(&control, json_node_unref);
	control = oem_test_control(f, "PUT", "/_emulator/faults", "{}", &status);
	g_assert_cmpuint(status, ==, 405);
}

static gchar *
oem_test_join(OemFixture *f, const gchar *session_id, const gchar *token, guint *ret_status)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", session_id);
	g_autofree gchar *json = g_strdup_printf("{\"token\":\"%s\"}", token);
	g_autoptr(JsonNode) node = oem_test_control(f, "POST", path, json, ret_status);
	JsonObject *obj = json_node_get_object(node);

	if (*ret_status == 201)
		return g_strdup(json_object_get_string_member(obj, "connectionId"));
	return g_strdup(json_object_get_string_member(obj, "reason"));
}

static void
oem_test_clients_refused(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_create_session(f, "p2p.preference=disabled");
	g_autofree gchar *unknown = oem_session_id_new(KEY, NULL, 1, FALSE);
	g_autofree gchar *good = oem_test_client_token(sid, "publisher");
	g_autofree gchar *bad = g_strdup(good);
	g_autofree gchar *for_unknown = oem_test_client_token(unknown, "publisher");
	g_autofree gchar *r1 = NULL, *r2 = NULL, *r3 = NULL;
	g_autoptr(JsonNode) node = NULL;
	guint status = 0;

	bad[strlen(bad) - 5] = bad[strlen(bad) - 5] == 'A' ? 'B' : 'A';
	r1 = oem_test_join(f, sid, bad, &status);
	g_assert_cmpuint(status, ==, 403);
	g_assert_cmpstr(r1, ==, "invalid signature");
	r2 = oem_test_join(f, unknown, for_unknown, &status);
	g_assert_cmpuint(status, ==, 403);
	g_assert_cmpstr(r2, ==, "unknown session");
	r3 = oem_test_join(f, unknown, good, &status);
	g_assert_cmpuint(status, ==, 403);
	g_assert_cmpstr(r3, ==, "the token is for another session");
	node = oem_test_control(f, "POST", "/_emulator/sessions/x/clients", "not json", &status);
	g_assert_cmpuint(status, ==, 400);
	g_assert_cmpuint(oem_state_lookup_session(f->state, sid)->clients->len, ==, 0);
}

static JsonObject *
oem_test_list_clients(OemFixture *f, const gchar *sid, guint expected, JsonNode **ret_node)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", sid);
	guint status = 0;
	JsonArray *array;

	*ret_node = oem_test_control(f, "GET", path, NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	array = json_node_get_array(*ret_node);
	g_assert_cmpuint(json_array_get_length(array), ==, expected);
	return expected > 0 ? json_array_get_object_element(array, 0) : NULL;
}

static void
oem_test_clients_streams(OemFixture *f, const gchar *sid, const gchar *cid)
{
	g_autofree gchar *path =
	    g_strdup_printf("/_emulator/sessions/%s/clients/%s/streams", sid, cid);
	g_autoptr(JsonNode) published = NULL;
	g_autoptr(JsonNode) listed = NULL;
	g_autoptr(JsonNode) bad = NULL;
	g_autoptr(JsonNode) gone = NULL;
	g_autofree gchar *stream_path = NULL;
	JsonObject *client, *stream;
	guint status = 0;

	published = oem_test_control(f, "POST", path,
				     "{\"videoType\":\"screen\",\"name\":\"slides\","
				     "\"layoutClassList\":[\"full\",\"focus\"]}",
				     &status);
	g_assert_cmpuint(status, ==, 201);
	bad = oem_test_control(f, "POST", path, "{\"videoType\":\"radio\"}", &status);
	g_assert_cmpuint(status, ==, 400);
	client = oem_test_list_clients(f, sid, 1, &listed);
	stream = json_array_get_object_element(json_object_get_array_member(client, "streams"), 0);
	g_assert_cmpstr(json_object_get_string_member(stream, "streamId"), ==,
			json_object_get_string_member(json_node_get_object(published), "streamId"));
	g_assert_cmpstr(json_object_get_string_member(stream, "videoType"), ==, "screen");
	g_assert_cmpstr(json_object_get_string_member(stream, "name"), ==, "slides");
	g_assert_cmpuint(
	    json_array_get_length(json_object_get_array_member(stream, "layoutClassList")), ==, 2);
	stream_path =
	    g_strdup_printf("%s/%s", path, json_object_get_string_member(stream, "streamId"));
	gone = oem_test_control(f, "DELETE", stream_path, NULL, &status);
	g_assert_cmpuint(status, ==, 204);
	g_clear_pointer(&gone, json_node_unref);
	gone = oem_test_control(f, "DELETE", stream_path, NULL, &status);
	g_assert_cmpuint(status, ==, 404);
}

static void
oem_test_clients(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_create_session(f, "p2p.preference=disabled");
	g_autofree gchar *token = oem_test_client_token(sid, "publisher");
	g_autofree gchar *cid = NULL;
	g_autofree gchar *list_path =
	    g_strdup_printf("/v2/project/" KEY "/session/%s/connection", sid);
	g_autofree gchar *kick_path = NULL;
	g_autofree gchar *listed = NULL, *kicked = NULL, *again = NULL, *bad = NULL;
	g_autoptr(JsonNode) clients = NULL;
	g_autoptr(JsonNode) connections = NULL;
	JsonObject *client, *item;
	guint status = 0;

	cid = oem_test_join(f, sid, token, &status);
	g_assert_cmpuint(status, ==, 201);
	g_assert_true(g_uuid_string_is_valid(cid));
	client = oem_test_list_clients(f, sid, 1, &clients);
	g_assert_cmpstr(json_object_get_string_member(client, "connectionId"), ==, cid);
	g_assert_cmpstr(json_object_get_string_member(client, "role"), ==, "publisher");
	g_assert_cmpstr(json_object_get_string_member(client, "data"), ==, "name=Ann");
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(client, "signals")), ==,
			 0);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(client, "dtmf")), ==,
			 0);
	g_assert_true(json_object_has_member(client, "createdAt"));
	oem_test_clients_streams(f, sid, cid);

	/* the REST view of the same client */
	listed = oem_test_api(f, "GET", list_path, NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	connections = json_from_string(listed, NULL);
	g_assert_cmpint(json_object_get_int_member(json_node_get_object(connections), "count"), ==,
			1);
	g_assert_cmpstr(
	    json_object_get_string_member(json_node_get_object(connections), "sessionId"), ==, sid);
	item = json_array_get_object_element(
	    json_object_get_array_member(json_node_get_object(connections), "items"), 0);
	g_assert_cmpstr(json_object_get_string_member(item, "connectionId"), ==, cid);
	g_assert_cmpstr(json_object_get_string_member(item, "connectionState"), ==, "Connected");

	kick_path = g_strdup_printf("%s/%s", list_path, cid);
	kicked = oem_test_api(f, "DELETE", kick_path, NULL, &status);
	g_assert_cmpuint(status, ==, 204);
	g_assert_cmpstr(kicked, ==, "");
	again = oem_test_api(f, "DELETE", kick_path, NULL, &status);
	g_assert_cmpuint(status, ==, 404);
	g_clear_pointer(&kick_path, g_free);
	kick_path = g_strdup_printf("%s/not-a-uuid", list_path);
	bad = oem_test_api(f, "DELETE", kick_path, NULL, &status);
	g_assert_cmpuint(status, ==, 400);
	g_clear_pointer(&clients, json_node_unref);
	oem_test_list_clients(f, sid, 0, &clients);
}

static void
oem_test_clients_leave(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_create_session(f, "p2p.preference=disabled");
	g_autofree gchar *token = oem_test_client_token(sid, "subscriber");
	g_autofree gchar *cid = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *streams = NULL;
	g_autoptr(JsonNode) refused = NULL;
	g_autoptr(JsonNode) left = NULL;
	g_autoptr(JsonNode) again = NULL;
	guint status = 0;

	cid = oem_test_join(f, sid, token, &status);
	g_assert_cmpuint(status, ==, 201);
	path = g_strdup_printf("/_emulator/sessions/%s/clients/%s", sid, cid);
	streams = g_strdup_printf("%s/streams", path);
	refused = oem_test_control(f, "POST", streams, "{\"videoType\":\"camera\"}", &status);
	g_assert_cmpuint(status, ==, 403);
	left = oem_test_control(f, "DELETE", path, NULL, &status);
	g_assert_cmpuint(status, ==, 204);
	again = oem_test_control(f, "DELETE", path, NULL, &status);
	g_assert_cmpuint(status, ==, 404);
}

static guint
oem_test_add_fault(OemFixture *f, const gchar *spec)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "POST", "/_emulator/faults", spec, &status);

	g_assert_cmpuint(status, ==, 201);
	return (guint)json_object_get_int_member(json_node_get_object(node), "id");
}

static void
oem_test_faults_status_and_body(OemFixture *f, gconstpointer user_data)
{
	guint status = 0;
	g_autofree gchar *a = NULL, *b = NULL, *c = NULL, *d = NULL;
	g_autoptr(JsonNode) cleared = NULL;

	g_assert_cmpuint(
	    oem_test_add_fault(f, "{\"path\":\"/session/*\",\"status\":503,\"times\":1}"), ==, 1);
	a = oem_test_api(f, "POST", "/session/create", "", &status);
	g_assert_cmpuint(status, ==, 503);
	g_assert_nonnull(strstr(a, "\"code\":-1"));
	b = oem_test_api(f, "POST", "/session/create", "", &status);
	g_assert_cmpuint(status, ==, 200);

	oem_test_add_fault(
	    f, "{\"method\":\"POST\",\"path\":\"/session/create\",\"status\":200,"
	       "\"body\":\"[{\\\"session_id\\\":\",\"contentType\":\"application/json\"}");
	c = oem_test_api(f, "POST", "/session/create", "", &status);
	g_assert_cmpuint(status, ==, 200);
	g_assert_cmpstr(c, ==, "[{\"session_id\":");
	cleared = oem_test_control(f, "DELETE", "/_emulator/faults", NULL, &status);
	g_assert_cmpuint(status, ==, 204);
	d = oem_test_api(f, "POST", "/session/create", "", &status);
	g_assert_cmpuint(status, ==, 200);
	/* no 2nd session was created while the faults answered */
	g_assert_cmpuint(f->state->session_list->len, ==, 2);
}

static void
oem_test_faults_method_filter(OemFixture *f, gconstpointer user_data)
{
	guint status = 0;
	g_autofree gchar *a = NULL, *b = NULL;

	oem_test_add_fault(f, "{\"method\":\"GET\",\"path\":\"*\",\"status\":500}");
	a = oem_test_api(f, "POST", "/session/create", "", &status);
	g_assert_cmpuint(status, ==, 200);
	b = oem_test_api(f, "GET", "/v2/project/" KEY "/session/x/connection", NULL, &status);
	g_assert_cmpuint(status, ==, 500);
}

static void
oem_test_faults_delay(OemFixture *f, gconstpointer user_data)
{
	guint status = 0;
	g_autofree gchar *body = NULL;
	gint64 start;

	oem_test_add_fault(f, "{\"path\":\"/session/create\",\"delayMs\":300,\"times\":1}");
	start = g_get_monotonic_time();
	body = oem_test_api(f, "POST", "/session/create", "", &status);
	g_assert_cmpint(g_get_monotonic_time() - start, >=, 300 * 1000);
	/* only a delay: the real answer follows it */
	g_assert_cmpuint(status, ==, 200);
	g_assert_cmpuint(f->state->session_list->len, ==, 1);
}

typedef struct {
	gint64 done_at;
	guint status;
} OemTestTimed;

static gboolean
oem_test_set_true_cb(gpointer user_data)
{
	*(gboolean *)user_data = TRUE;
	return G_SOURCE_REMOVE;
}

static void
oem_test_timed_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	OemTestTimed *t = user_data;
	g_autoptr(GBytes) body = soup_session_send_and_read_finish(SOUP_SESSION(source), result,
								   NULL);
	SoupMessage *msg = soup_session_get_async_result_message(SOUP_SESSION(source), result);

	t->status = soup_message_get_status(msg);
	t->done_at = g_get_monotonic_time();
}

/* delays of different lengths end in the order of their ends, not of their starts */
static void
oem_test_faults_delays_interleave(OemFixture *f, gconstpointer user_data)
{
	g_autoptr(SoupMessage) slow = oem_test_message(f, "GET", "/anything/slow", NULL, NULL);
	g_autoptr(SoupMessage) fast = oem_test_message(f, "GET", "/anything/fast", NULL, NULL);
	OemTestTimed t_slow = {0}, t_fast = {0};
	gint64 start;

	oem_test_add_fault(f, "{\"path\":\"/anything/slow\",\"status\":503,\"delayMs\":600}");
	oem_test_add_fault(f, "{\"path\":\"/anything/fast\",\"status\":503,\"delayMs\":150}");
	start = g_get_monotonic_time();
	soup_session_send_and_read_async(f->session, slow, G_PRIORITY_DEFAULT, NULL,
					 oem_test_timed_cb, &t_slow);
	/* the slow one is waiting in the emulator before the fast one comes */
	for (;;) {
		g_autoptr(JsonNode) log = oem_request_log_to_json(f->state->requests);
		if (json_array_get_length(json_node_get_array(log)) > 0)
			break;
		g_main_context_iteration(NULL, TRUE);
	}
	soup_session_send_and_read_async(f->session, fast, G_PRIORITY_DEFAULT, NULL,
					 oem_test_timed_cb, &t_fast);
	while (t_slow.done_at == 0 || t_fast.done_at == 0)
		g_main_context_iteration(NULL, TRUE);
	g_assert_cmpuint(t_slow.status, ==, 503);
	g_assert_cmpuint(t_fast.status, ==, 503);
	g_assert_cmpint(t_fast.done_at - start, >=, 150 * 1000);
	g_assert_cmpint(t_fast.done_at - start, <, 450 * 1000);
	g_assert_cmpint(t_slow.done_at - start, >=, 600 * 1000);
	/* with nothing left to delay, the timer stays quiet: a few dispatches in 300 ms */
	{
		gboolean done = FALSE;
		guint n = 0;
		g_timeout_add(300, oem_test_set_true_cb, &done);
		while (!done) {
			g_main_context_iteration(NULL, TRUE);
			n++;
		}
		g_assert_cmpuint(n, <, 50);
	}
}

static void
oem_test_faults_drop(OemFixture *f, gconstpointer user_data)
{
	g_autoptr(SoupSession) fresh = soup_session_new();
	g_autoptr(SoupMessage) msg =
	    oem_test_message(f, "POST", "/session/create", "", "text/plain");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *body = NULL;
	g_autofree gchar *after = NULL;
	guint status = 0;

	oem_test_add_fault(f, "{\"path\":\"/session/create\",\"drop\":true,\"times\":1}");
	body = oem_test_send(fresh, msg, &error);
	g_assert_null(body);
	g_assert_nonnull(error);
	g_assert_cmpuint(soup_message_get_status(msg), ==, 0);
	after = oem_test_api(f, "POST", "/session/create", "", &status);
	g_assert_cmpuint(status, ==, 200);
}

static void
oem_test_faults_delayed_drop(OemFixture *f, gconstpointer user_data)
{
	g_autoptr(SoupSession) fresh = soup_session_new();
	g_autoptr(SoupMessage) msg = oem_test_message(f, "GET", "/anything", NULL, NULL);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *body = NULL;

	oem_test_add_fault(f, "{\"drop\":true,\"delayMs\":50}");
	body = oem_test_send(fresh, msg, &error);
	g_assert_null(body);
	g_assert_nonnull(error);
}

static void
oem_test_request_log(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *jwt = oem_test_auth_jwt();
	g_autoptr(SoupMessage) msg =
	    oem_test_message(f, "POST", "/session/create?x=1&y=2", "p2p.preference=enabled",
			     "application/x-www-form-urlencoded");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *body = NULL;
	g_autoptr(JsonNode) log = NULL;
	g_autoptr(JsonNode) cleared = NULL;
	g_autoptr(JsonNode) empty = NULL;
	JsonObject *entry, *headers;
	guint status = 0;

	soup_message_headers_replace(soup_message_get_request_headers(msg), "X-OPENTOK-AUTH", jwt);
	body = oem_test_send(f->session, msg, &error);
	g_assert_no_error(error);
	log = oem_test_control(f, "GET", "/_emulator/requests", NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	/* control calls are not logged */
	g_assert_cmpuint(json_array_get_length(json_node_get_array(log)), ==, 1);
	entry = json_array_get_object_element(json_node_get_array(log), 0);
	g_assert_cmpstr(json_object_get_string_member(entry, "method"), ==, "POST");
	g_assert_cmpstr(json_object_get_string_member(entry, "path"), ==, "/session/create");
	g_assert_cmpstr(json_object_get_string_member(entry, "query"), ==, "x=1&y=2");
	g_assert_cmpstr(json_object_get_string_member(entry, "body"), ==, "p2p.preference=enabled");
	headers = json_object_get_object_member(entry, "headers");
	g_assert_cmpstr(json_object_get_string_member(headers, "X-OPENTOK-AUTH"), ==, jwt);
	g_assert_cmpstr(json_object_get_string_member(headers, "Content-Type"), ==,
			"application/x-www-form-urlencoded");
	cleared = oem_test_control(f, "DELETE", "/_emulator/requests", NULL, &status);
	g_assert_cmpuint(status, ==, 204);
	empty = oem_test_control(f, "GET", "/_emulator/requests", NULL, &status);
	g_assert_cmpuint(json_array_get_length(json_node_get_array(empty)), ==, 0);
}

static void
oem_test_request_log_bounded(OemFixture *f, gconstpointer user_data)
{
	g_autoptr(JsonNode) log = NULL;
	JsonArray *array;
	guint status = 0;

	oem_request_log_free(f->state->requests);
	f->state->requests = oem_request_log_new(3);
	for (guint i = 0; i < 5; i++) {
		g_autofree gchar *path = g_strdup_printf("/v2/n%u", i);
		g_autofree gchar *body = oem_test_api(f, "GET", path, NULL, &status);
	}
	log = oem_test_control(f, "GET", "/_emulator/requests", NULL, &status);
	array = json_node_get_array(log);
	g_assert_cmpuint(json_array_get_length(array), ==, 3);
	g_assert_cmpstr(
	    json_object_get_string_member(json_array_get_object_element(array, 0), "path"), ==,
	    "/v2/n2");
	g_assert_cmpstr(
	    json_object_get_string_member(json_array_get_object_element(array, 2), "path"), ==,
	    "/v2/n4");
}

/* writes @request on @socket and reads one answer, up to the end of its headers */
static gchar *
oem_test_raw_exchange(GSocket *socket, const gchar *request)
{
	g_autoptr(GString) answer = g_string_new(NULL);
	gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

	g_assert_cmpint(g_socket_send(socket, request, strlen(request), NULL, NULL), ==,
			(gssize)strlen(request));
	while (strstr(answer->str, "\r\n\r\n") == NULL) {
		gchar buf[512];
		gssize n = g_socket_receive(socket, buf, sizeof(buf), NULL, NULL);

		g_assert_cmpint(n, !=, 0);
		if (n > 0)
			g_string_append_len(answer, buf, n);
		else
			g_main_context_iteration(NULL, FALSE);
		g_assert_cmpint(g_get_monotonic_time(), <, deadline);
	}
	return g_string_free(g_steal_pointer(&answer), FALSE);
}

static void
oem_test_keep_alive_204(OemFixture *f, gconstpointer user_data)
{
	g_autoptr(GSocketClient) client = g_socket_client_new();
	g_autoptr(GSocketConnection) connection = NULL;
	g_autoptr(GError) error = NULL;
	GSocket *socket;

	connection = g_socket_client_connect_to_host(client, "127.0.0.1",
						     oem_server_get_port(f->server), NULL, &error);
	g_assert_no_error(error);
	socket = g_socket_connection_get_socket(connection);
	g_socket_set_blocking(socket, FALSE);
	/* the same connection carries on after each 204 */
	for (guint i = 0; i < 3; i++) {
		g_autofree gchar *answer = oem_test_raw_exchange(
		    socket, "DELETE /_emulator/requests HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

		g_assert_true(g_str_has_prefix(answer, "HTTP/1.1 204"));
		g_assert_null(strstr(answer, "Content-Length"));
	}
}

int
main(int argc, char **argv)
{
	struct {
		const gchar *path;
		void (*func)(OemFixture *, gconstpointer);
	} cases[] = {
	    {"/oem/server/session-create-json", oem_test_session_create_json},
	    {"/oem/server/session-create-xml", oem_test_session_create_xml},
	    {"/oem/server/session-create-invalid", oem_test_session_create_invalid},
	    {"/oem/server/session-create-json-body", oem_test_session_create_json_body},
	    {"/oem/server/auth-refused", oem_test_auth_refused},
	    {"/oem/server/routing", oem_test_routing},
	    {"/oem/server/clients", oem_test_clients},
	    {"/oem/server/clients-refused", oem_test_clients_refused},
	    {"/oem/server/clients-leave", oem_test_clients_leave},
	    {"/oem/server/faults-status-body", oem_test_faults_status_and_body},
	    {"/oem/server/faults-method", oem_test_faults_method_filter},
	    {"/oem/server/faults-delay", oem_test_faults_delay},
	    {"/oem/server/faults-delays-interleave", oem_test_faults_delays_interleave},
	    {"/oem/server/faults-drop", oem_test_faults_drop},
	    {"/oem/server/faults-delayed-drop", oem_test_faults_delayed_drop},
	    {"/oem/server/request-log", oem_test_request_log},
	    {"/oem/server/request-log-bounded", oem_test_request_log_bounded},
	    {"/oem/server/keep-alive-204", oem_test_keep_alive_204},
	};

	g_test_init(&argc, &argv, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add(cases[i].path, OemFixture, NULL, oem_fixture_setup, cases[i].func,
			   oem_fixture_teardown);
	return g_test_run();
}
