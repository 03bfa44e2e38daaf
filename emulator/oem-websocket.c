/*
 * Checks go as for a SIP dial: the body (400), then the session, the token and the media mode
 * (see oem-service-client.c). Nothing is sent anywhere: the connector is a client of role
 * publisher whose control view shows what it was asked for. A bidirectional connector also
 * publishes an audio-only stream, the audio the server would send back into the session.
 */
#include <string.h>

#include "oem-body.h"
#include "oem-composed.h"
#include "oem-service-client.h"
#include "oem-websocket.h"

static const OemServiceRules oem_websocket_rules = {oem_service_publisher_roles,
						    "connect audio streams"};
static const gchar *const oem_websocket_schemes[] = {"ws", "wss", NULL};

/* a connect body; the strings point into it */
typedef struct {
	const gchar *session_id;
	const gchar *token;
	const gchar *uri;
	GStrv streams;	     /* NULL: every stream */
	JsonObject *headers; /* NULL: none */
	gint64 audio_rate;
	gboolean bidirectional;
} OemWebsocketConnect;

static void
oem_websocket_connect_clear(OemWebsocketConnect *spec)
{
	g_strfreev(spec->streams);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(OemWebsocketConnect, oem_websocket_connect_clear)

static gsize
oem_websocket_headers_size(JsonObject *headers)
{
	g_autoptr(GList) names = json_object_get_members(headers);
	gsize size = 0;

	for (GList *l = names; l != NULL; l = l->next)
		size += strlen(l->data) + strlen(json_object_get_string_member(headers, l->data));
	return size;
}

/* 8000 (the default) or 16000, as an integer */
static gboolean
oem_websocket_read_audio_rate(JsonObject *ws, gint64 *ret_rate, GError **error)
{
	JsonNode *node = oem_body_get_member(ws, "audioRate");

	*ret_rate = 8000;
	if (node == NULL)
		return TRUE;
	if (oem_body_node_has_type(node, G_TYPE_INT64) &&
	    (json_node_get_int(node) == 8000 || json_node_get_int(node) == 16000)) {
		*ret_rate = json_node_get_int(node);
		return TRUE;
	}
	return oem_body_refuse(error, "websocket.audioRate must be 8000 or 16000");
}

static gboolean
oem_websocket_read_options(JsonObject *ws, OemWebsocketConnect *spec, GError **error)
{
	if (!oem_body_read_url(ws, "uri", oem_websocket_schemes, 1, G_MAXLONG, &spec->uri, error) ||
	    !oem_body_read_strv(ws, "streams", &spec->streams, error) ||
	    !oem_body_read_string_map(ws, "headers", &spec->headers, error) ||
	    !oem_body_read_bool(ws, "bidirectional", &spec->bidirectional, error)) {
		g_prefix_error(error, "websocket.");
		return FALSE;
	}
	if (spec->uri == NULL)
		return oem_body_refuse(error, "websocket.uri is required");
	if (!oem_websocket_read_audio_rate(ws, &spec->audio_rate, error))
		return FALSE;
	if (spec->headers != NULL &&
	    oem_websocket_headers_size(spec->headers) > OEM_WEBSOCKET_HEADERS_MAX)
		return oem_body_refuse(error, "websocket.headers are longer than 512 bytes");
	return TRUE;
}

static gboolean
oem_websocket_read_connect(JsonObject *body, OemWebsocketConnect *spec, GError **error)
{
	JsonNode *ws = oem_body_get_member(body, "websocket");

	if (!oem_service_read_ids(body, &spec->session_id, &spec->token, error))
		return FALSE;
	if (ws == NULL || !JSON_NODE_HOLDS_OBJECT(ws))
		return oem_body_refuse(error, "websocket must be an object");
	return oem_websocket_read_options(json_node_get_object(ws), spec, error);
}

/* what the control view adds to the connector's client: {"websocket":true,"audioConnector"} */
static JsonObject *
oem_websocket_connector_to_json(const gchar *id, OemWebsocketConnect *spec)
{
	JsonObject *connector = json_object_new();
	JsonObject *extra = json_object_new();

	json_object_set_string_member(connector, "id", id);
	json_object_set_string_member(connector, "uri", spec->uri);
	json_object_set_int_member(connector, "audioRate", spec->audio_rate);
	json_object_set_array_member(connector, "streams", oem_service_strv_to_json(spec->streams));
	json_object_set_object_member(connector, "headers",
				      oem_service_copy_string_map(spec->headers));
	json_object_set_boolean_member(connector, "bidirectional", spec->bidirectional);
	json_object_set_boolean_member(extra, "websocket", TRUE);
	json_object_set_object_member(extra, "audioConnector", connector);
	return extra;
}

static void
oem_websocket_reply(OemRequest *req, const gchar *id, OemClient *client)
{
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
	JsonObject *obj = json_object_new();

	json_object_set_string_member(obj, "id", id);
	json_object_set_string_member(obj, "connectionId", client->connection_id);
	json_node_take_object(node, obj);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

/* POST /v2/project/{K}/connect */
static void
oem_websocket_connect(OemRequest *req)
{
	g_autoptr(JsonObject) body = NULL;
	g_auto(OemWebsocketConnect) spec = {NULL};
	g_autoptr(OemTokenInfo) info = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *id = NULL;
	OemSession *session;
	OemClient *client;

	body = oem_request_parse_json_object(req, &error);
	if (body == NULL || !oem_websocket_read_connect(body, &spec, &error)) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	session = oem_service_admit(req, spec.session_id, spec.token, &oem_websocket_rules, &info);
	if (session == NULL)
		return;
	id = g_uuid_string_random();
	client = oem_service_join(session, oem_service_client_data(info, spec.uri),
				  info->initial_layout_class_list,
				  oem_websocket_connector_to_json(id, &spec));
	if (spec.bidirectional)
		oem_service_publish(req->state, session, client, "", FALSE);
	else
		oem_state_sync_session(req->state, session);
	g_debug("audio connector %s to %s joined session %s", id, spec.uri, session->session_id);
	oem_websocket_reply(req, id, client);
}

void
oem_websocket_register(OemRouter *api)
{
	oem_router_add(api, "POST", "/v2/project/{project}/connect", oem_websocket_connect);
}
