/*
 * Dial checks the body (400), then the session, the token and the media mode (see
 * oem-service-client.c). The call is a client of role publisher whose stream is audio-only
 * unless sip.video is true; force mute, force disconnect (which hangs it up), signals and DTMF
 * treat it as any other client. Play DTMF checks as signals do: the connection id's form (400),
 * the session and the connection (404), then the digits (400).
 */
#include <string.h>

#include "oem-body.h"
#include "oem-composed.h"
#include "oem-service-client.h"
#include "oem-sessions.h"
#include "oem-sip.h"

static const OemServiceRules oem_sip_rules = {oem_service_publisher_roles, "dial out"};

/* a dial body; the strings point into it */
typedef struct {
	const gchar *session_id;
	const gchar *token;
	const gchar *uri;
	const gchar *from;     /* NULL: none */
	JsonObject *headers;   /* NULL: none */
	const gchar *username; /* NULL: no auth */
	const gchar *password;
	gboolean secure;
	gboolean video;
	gboolean observe_force_mute;
	GStrv streams; /* NULL: none given */
} OemSipDial;

static void
oem_sip_dial_clear(OemSipDial *dial)
{
	g_strfreev(dial->streams);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(OemSipDial, oem_sip_dial_clear)

/* "sip:" or "sips:" (the scheme in any case) and something after it */
static gboolean
oem_sip_uri_is_valid(const gchar *uri)
{
	if (g_ascii_strncasecmp(uri, "sip:", 4) == 0)
		return uri[4] != '\0';
	if (g_ascii_strncasecmp(uri, "sips:", 5) == 0)
		return uri[5] != '\0';
	return FALSE;
}

static gboolean
oem_sip_read_auth(JsonObject *sip, OemSipDial *dial, GError **error)
{
	JsonNode *node = oem_body_get_member(sip, "auth");
	JsonObject *auth;

	if (node == NULL)
		return TRUE;
	if (!JSON_NODE_HOLDS_OBJECT(node))
		return oem_body_refuse(error, "sip.auth must be an object");
	auth = json_node_get_object(node);
	if (!oem_body_read_string(auth, "username", &dial->username, error) ||
	    !oem_body_read_string(auth, "password", &dial->password, error)) {
		g_prefix_error(error, "sip.auth.");
		return FALSE;
	}
	if (dial->username == NULL || dial->password == NULL)
		return oem_body_refuse(error, "sip.auth needs a username and a password");
	return TRUE;
}

static gboolean
oem_sip_read_options(JsonObject *sip, OemSipDial *dial, GError **error)
{
	if (!oem_body_read_string(sip, "uri", &dial->uri, error) ||
	    !oem_body_read_string(sip, "from", &dial->from, error) ||
	    !oem_body_read_string_map(sip, "headers", &dial->headers, error) ||
	    !oem_body_read_bool(sip, "secure", &dial->secure, error) ||
	    !oem_body_read_bool(sip, "video", &dial->video, error) ||
	    !oem_body_read_bool(sip, "observeForceMute", &dial->observe_force_mute, error) ||
	    !oem_body_read_strv(sip, "streams", &dial->streams, error)) {
		g_prefix_error(error, "sip.");
		return FALSE;
	}
	if (dial->uri == NULL)
		return oem_body_refuse(error, "sip.uri is required");
	if (!oem_sip_uri_is_valid(dial->uri))
		return oem_body_refuse(error, "sip.uri must start with sip: or sips:");
	return oem_sip_read_auth(sip, dial, error);
}

static gboolean
oem_sip_read_dial(JsonObject *body, OemSipDial *dial, GError **error)
{
	JsonNode *sip = oem_body_get_member(body, "sip");

	if (!oem_service_read_ids(body, &dial->session_id, &dial->token, error))
		return FALSE;
	if (sip == NULL || !JSON_NODE_HOLDS_OBJECT(sip))
		return oem_body_refuse(error, "sip must be an object");
	return oem_sip_read_options(json_node_get_object(sip), dial, error);
}

/* what the control view adds to the call's client: {"sip":true,"sipCall":{…}} */
static JsonObject *
oem_sip_call_to_json(const gchar *id, OemSipDial *dial)
{
	JsonObject *call = json_object_new();
	JsonObject *extra = json_object_new();

	json_object_set_string_member(call, "id", id);
	json_object_set_string_member(call, "uri", dial->uri);
	if (dial->from != NULL)
		json_object_set_string_member(call, "from", dial->from);
	json_object_set_object_member(call, "headers", oem_service_copy_string_map(dial->headers));
	if (dial->username != NULL) {
		JsonObject *auth = json_object_new();

		json_object_set_string_member(auth, "username", dial->username);
		json_object_set_string_member(auth, "password", dial->password);
		json_object_set_object_member(call, "auth", auth);
	}
	json_object_set_boolean_member(call, "secure", dial->secure);
	json_object_set_boolean_member(call, "video", dial->video);
	json_object_set_boolean_member(call, "observeForceMute", dial->observe_force_mute);
	json_object_set_array_member(call, "streams", oem_service_strv_to_json(dial->streams));
	json_object_set_boolean_member(extra, "sip", TRUE);
	json_object_set_object_member(extra, "sipCall", call);
	return extra;
}

static void
oem_sip_reply_dial(OemRequest *req, const gchar *id, OemSession *session, OemClient *client,
		   OemStream *stream)
{
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
	JsonObject *obj = json_object_new();

	json_object_set_string_member(obj, "id", id);
	json_object_set_string_member(obj, "projectId", req->state->api_key);
	json_object_set_string_member(obj, "sessionId", session->session_id);
	json_object_set_string_member(obj, "connectionId", client->connection_id);
	json_object_set_string_member(obj, "streamId", stream->stream_id);
	json_object_set_int_member(obj, "createdAt", client->created_at);
	json_object_set_int_member(obj, "updatedAt", client->created_at);
	json_node_take_object(node, obj);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

/* POST /v2/project/{K}/dial */
static void
oem_sip_dial(OemRequest *req)
{
	g_autoptr(JsonObject) body = NULL;
	g_auto(OemSipDial) dial = {NULL};
	g_autoptr(OemTokenInfo) info = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *id = NULL;
	OemSession *session;
	OemClient *client;
	OemStream *stream;

	body = oem_request_parse_json_object(req, &error);
	if (body == NULL || !oem_sip_read_dial(body, &dial, &error)) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	session = oem_service_admit(req, dial.session_id, dial.token, &oem_sip_rules, &info);
	if (session == NULL)
		return;
	id = g_uuid_string_random();
	client = oem_service_join(session, oem_service_client_data(info, dial.uri),
				  info->initial_layout_class_list, oem_sip_call_to_json(id, &dial));
	stream = oem_service_publish(req->state, session, client, "", dial.video);
	g_debug("SIP call %s to %s joined session %s", id, dial.uri, session->session_id);
	oem_sip_reply_dial(req, id, session, client, stream);
}

static gboolean
oem_sip_digits_are_valid(const gchar *digits)
{
	return digits[0] != '\0' && strspn(digits, OEM_SIP_DTMF_CHARS) == strlen(digits);
}

/* to @client, or to every client of @session when NULL */
static void
oem_sip_play_dtmf(OemRequest *req, OemSession *session, OemClient *client)
{
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GError) error = NULL;
	const gchar *digits = NULL;

	body = oem_request_parse_json_object(req, &error);
	if (body == NULL || !oem_body_read_string(body, "digits", &digits, &error)) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	if (digits == NULL || !oem_sip_digits_are_valid(digits)) {
		oem_reply_error(req->msg, SOUP_STATUS_BAD_REQUEST,
				"Invalid request: digits must match ^[0-9*#p]+$");
		return;
	}
	for (guint i = 0; i < session->clients->len; i++) {
		OemClient *each = g_ptr_array_index(session->clients, i);

		if (client == NULL || client == each)
			oem_client_add_dtmf(each, digits);
	}
	oem_reply_empty(req->msg, SOUP_STATUS_OK);
}

static void
oem_sip_play_dtmf_to_session(OemRequest *req)
{
	OemSession *session = oem_sessions_from_path(req);

	if (session != NULL)
		oem_sip_play_dtmf(req, session, NULL);
}

static void
oem_sip_play_dtmf_to_connection(OemRequest *req)
{
	OemSession *session;
	OemClient *client;

	if (oem_sessions_client_from_path(req, &session, &client))
		oem_sip_play_dtmf(req, session, client);
}

void
oem_sip_register(OemRouter *api)
{
	oem_router_add(api, "POST", "/v2/project/{project}/dial", oem_sip_dial);
	oem_router_add(api, "POST", "/v2/project/{project}/session/{session}/play-dtmf",
		       oem_sip_play_dtmf_to_session);
	oem_router_add(api, "POST",
		       "/v2/project/{project}/session/{session}/connection/{connection}/play-dtmf",
		       oem_sip_play_dtmf_to_connection);
}
