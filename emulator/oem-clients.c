/*
 * A client joins the way a real one does: with a token the service would accept. Refusals
 * are 403 with the verifier's reason, so a test can assert why a token was turned down.
 */
#include "oem-body.h"
#include "oem-clients.h"
#include "oem-jwt.h"
#include "oem-token.h"
#include "oem-util.h"

static OemSession *
oem_clients_get_session(OemRequest *req)
{
	OemSession *session =
	    oem_state_lookup_session(req->state, oem_request_get_param(req, "session"));

	if (session == NULL)
		oem_reply_reason(req->msg, SOUP_STATUS_NOT_FOUND, "unknown session");
	return session;
}

static OemClient *
oem_clients_get_client(OemRequest *req, OemSession *session)
{
	OemClient *client =
	    oem_session_lookup_client(session, oem_request_get_param(req, "client"));

	if (client == NULL)
		oem_reply_reason(req->msg, SOUP_STATUS_NOT_FOUND, "unknown client");
	return client;
}

static OemClient *
oem_clients_admit(OemRequest *req, const gchar *token, GError **error)
{
	const gchar *session_id = oem_request_get_param(req, "session");
	g_autoptr(OemTokenInfo) info = NULL;
	OemSession *session;
	OemClient *client;

	info = oem_token_verify(token, req->state->api_key, req->state->secret,
				oem_state_get_now(req->state), error);
	if (info == NULL)
		return NULL;
	if (g_strcmp0(info->session_id, session_id) != 0) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_REFUSED,
				    "the token is for another session");
		return NULL;
	}
	/* kept apart from the verifier so that it can be tested without sessions */
	session = oem_state_lookup_session(req->state, session_id);
	if (session == NULL) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_REFUSED, "unknown session");
		return NULL;
	}
	client = oem_client_new(info->role, info->connection_data, info->initial_layout_class_list);
	g_ptr_array_add(session->clients, client);
	return client;
}

static void
oem_clients_join(OemRequest *req)
{
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
	const gchar *token;
	JsonObject *answer;
	OemClient *client;

	body = oem_request_parse_json_object(req, &error);
	if (body == NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_BAD_REQUEST, error->message);
		return;
	}
	token = oem_json_get_string(body, "token");
	if (token == NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_BAD_REQUEST, "\"token\" must be a string");
		return;
	}
	client = oem_clients_admit(req, token, &error);
	if (client == NULL) {
		g_debug("refused a client: %s", error->message);
		oem_reply_reason(req->msg, SOUP_STATUS_FORBIDDEN, error->message);
		return;
	}
	answer = json_object_new();
	json_object_set_string_member(answer, "connectionId", client->connection_id);
	json_node_take_object(node, answer);
	oem_reply_json(req->msg, SOUP_STATUS_CREATED, node);
}

static void
oem_clients_list(OemRequest *req)
{
	OemSession *session = oem_clients_get_session(req);
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_ARRAY);
	JsonArray *array;

	if (session == NULL)
		return;
	array = json_array_sized_new(session->clients->len);
	for (guint i = 0; i < session->clients->len; i++)
		json_array_add_element(array,
				       oem_client_to_json(g_ptr_array_index(session->clients, i)));
	json_node_take_array(node, array);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static void
oem_clients_leave(OemRequest *req)
{
	OemSession *session = oem_clients_get_session(req);
	OemClient *client = session != NULL ? oem_clients_get_client(req, session) : NULL;

	if (client == NULL)
		return;
	g_ptr_array_remove(session->clients, client);
	oem_state_sync_session(req->state, session);
	oem_reply_empty(req->msg, SOUP_STATUS_NO_CONTENT);
}

static gboolean
oem_clients_read_classes(JsonObject *body, GStrv *ret_classes)
{
	JsonNode *node = json_object_get_member(body, "layoutClassList");
	g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
	JsonArray *array;

	if (node == NULL || JSON_NODE_HOLDS_NULL(node)) {
		*ret_classes = g_strv_builder_end(builder);
		return TRUE;
	}
	if (!JSON_NODE_HOLDS_ARRAY(node))
		return FALSE;
	array = json_node_get_array(node);
	for (guint i = 0; i < json_array_get_length(array); i++) {
		JsonNode *element = json_array_get_element(array, i);

		if (!JSON_NODE_HOLDS_VALUE(element) ||
		    json_node_get_value_type(element) != G_TYPE_STRING)
			return FALSE;
		g_strv_builder_add(builder, json_node_get_string(element));
	}
	*ret_classes = g_strv_builder_end(builder);
	return TRUE;
}

/* what a publish call asks for */
typedef struct {
	const gchar *stream_id; /* NULL: a random one */
	gchar *type;
	gchar *name;
	GStrv classes;
	gboolean has_video;
} OemClientsStreamSpec;

static void
oem_clients_stream_spec_clear(OemClientsStreamSpec *spec)
{
	g_free(spec->type);
	g_free(spec->name);
	g_strfreev(spec->classes);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(OemClientsStreamSpec, oem_clients_stream_spec_clear)

/* NULL when @body describes a valid stream, else why not */
static const gchar *
oem_clients_read_stream(JsonObject *body, OemClientsStreamSpec *spec)
{
	const gchar *type = oem_json_get_string(body, "videoType");
	const gchar *name = oem_json_get_string(body, "name");

	if (json_object_has_member(body, "videoType") && type == NULL)
		return "\"videoType\" must be a string";
	if (type != NULL && g_strcmp0(type, "camera") != 0 && g_strcmp0(type, "screen") != 0)
		return "\"videoType\" must be \"camera\" or \"screen\"";
	if (json_object_has_member(body, "name") && name == NULL)
		return "\"name\" must be a string";
	/* a test that knows the id beforehand can exclude it from a session-wide mute */
	spec->stream_id = oem_json_get_string(body, "streamId");
	if (json_object_has_member(body, "streamId") &&
	    (spec->stream_id == NULL || !g_uuid_string_is_valid(spec->stream_id)))
		return "\"streamId\" must be a UUID";
	if (!oem_clients_read_classes(body, &spec->classes))
		return "\"layoutClassList\" must be an array of strings";
	spec->has_video = TRUE;
	if (!oem_body_read_bool(body, "hasVideo", &spec->has_video, NULL))
		return "\"hasVideo\" must be a boolean";
	spec->type = g_strdup(type != NULL ? type : "camera");
	spec->name = g_strdup(name != NULL ? name : "");
	return NULL;
}

/* answers and gives NULL when @client may not publish what @body describes */
static OemStream *
oem_clients_new_stream(OemRequest *req, OemSession *session, OemClient *client, JsonObject *body)
{
	g_auto(OemClientsStreamSpec) spec = {NULL};
	const gchar *reason = oem_clients_read_stream(body, &spec);
	OemStream *stream;

	if (reason != NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_BAD_REQUEST, reason);
		return NULL;
	}
	/* as on the service, a subscriber token does not allow publishing */
	if (g_strcmp0(client->role, "subscriber") == 0) {
		oem_reply_reason(req->msg, SOUP_STATUS_FORBIDDEN, "a subscriber cannot publish");
		return NULL;
	}
	if (spec.stream_id != NULL &&
	    oem_session_lookup_stream(session, spec.stream_id, NULL) != NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_CONFLICT, "the stream id is in use");
		return NULL;
	}
	stream = oem_stream_new(spec.type, spec.name, spec.classes);
	stream->has_video = spec.has_video;
	if (spec.stream_id != NULL) {
		g_free(stream->stream_id);
		stream->stream_id = g_strdup(spec.stream_id);
	}
	stream->muted = oem_session_force_mutes(session, stream->stream_id);
	return stream;
}

static void
oem_clients_publish(OemRequest *req)
{
	OemSession *session = oem_clients_get_session(req);
	OemClient *client = session != NULL ? oem_clients_get_client(req, session) : NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
	OemStream *stream;
	JsonObject *answer;

	if (client == NULL)
		return;
	body = oem_request_parse_json_object(req, &error);
	if (body == NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_BAD_REQUEST, error->message);
		return;
	}
	stream = oem_clients_new_stream(req, session, client, body);
	if (stream == NULL)
		return;
	g_ptr_array_add(client->streams, stream);
	oem_state_sync_session(req->state, session);
	answer = json_object_new();
	json_object_set_string_member(answer, "streamId", stream->stream_id);
	json_node_take_object(node, answer);
	oem_reply_json(req->msg, SOUP_STATUS_CREATED, node);
}

static void
oem_clients_unpublish(OemRequest *req)
{
	OemSession *session = oem_clients_get_session(req);
	OemClient *client = session != NULL ? oem_clients_get_client(req, session) : NULL;

	if (client == NULL)
		return;
	if (!oem_client_remove_stream(client, oem_request_get_param(req, "stream"))) {
		oem_reply_reason(req->msg, SOUP_STATUS_NOT_FOUND, "unknown stream");
		return;
	}
	oem_state_sync_session(req->state, session);
	oem_reply_empty(req->msg, SOUP_STATUS_NO_CONTENT);
}

void
oem_clients_register(OemRouter *control)
{
	const gchar *clients = "/_emulator/sessions/{session}/clients";
	const gchar *client = "/_emulator/sessions/{session}/clients/{client}";
	const gchar *streams = "/_emulator/sessions/{session}/clients/{client}/streams";
	const gchar *stream = "/_emulator/sessions/{session}/clients/{client}/streams/{stream}";

	oem_router_add(control, "POST", clients, oem_clients_join);
	oem_router_add(control, "GET", clients, oem_clients_list);
	oem_router_add(control, "DELETE", client, oem_clients_leave);
	oem_router_add(control, "POST", streams, oem_clients_publish);
	oem_router_add(control, "DELETE", stream, oem_clients_unpublish);
}
