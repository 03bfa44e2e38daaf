/*
 * The connections of a session are its simulated clients, joined through the control API.
 */
#include "oem-connections.h"
#include "oem-session-id.h"

static JsonNode *
oem_connections_to_json(OemState *state, OemSession *session)
{
	JsonObject *obj = json_object_new();
	JsonArray *items = json_array_sized_new(session->clients->len);
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	for (guint i = 0; i < session->clients->len; i++) {
		OemClient *client = g_ptr_array_index(session->clients, i);
		JsonObject *item = json_object_new();

		json_object_set_string_member(item, "connectionId", client->connection_id);
		json_object_set_int_member(item, "createdAt", client->created_at);
		json_object_set_string_member(item, "connectionState", "Connected");
		json_array_add_object_element(items, item);
	}
	json_object_set_int_member(obj, "count", session->clients->len);
	json_object_set_string_member(obj, "projectId", state->api_key);
	json_object_set_string_member(obj, "sessionId", session->session_id);
	json_object_set_array_member(obj, "items", items);
	json_node_take_object(node, obj);
	return node;
}

static void
oem_connections_list(OemRequest *req)
{
	OemSession *session =
	    oem_state_lookup_session(req->state, oem_request_get_param(req, "session"));
	g_autoptr(JsonNode) node = NULL;

	if (session == NULL) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Session not found");
		return;
	}
	node = oem_connections_to_json(req->state, session);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static void
oem_connections_force_disconnect(OemRequest *req)
{
	const gchar *session_id = oem_request_get_param(req, "session");
	const gchar *connection_id = oem_request_get_param(req, "connection");
	g_auto(GStrv) fields = oem_session_id_decode(session_id);
	OemSession *session;

	if (fields == NULL || !g_uuid_string_is_valid(connection_id)) {
		oem_reply_error(req->msg, SOUP_STATUS_BAD_REQUEST,
				"Invalid session ID or connection ID");
		return;
	}
	session = oem_state_lookup_session(req->state, session_id);
	if (session == NULL) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Session not found");
		return;
	}
	if (!oem_session_remove_client(session, connection_id)) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Client is not connected");
		return;
	}
	oem_state_sync_session(req->state, session);
	g_debug("forced %s out of session %s", connection_id, session_id);
	oem_reply_empty(req->msg, SOUP_STATUS_NO_CONTENT);
}

void
oem_connections_register(OemRouter *api)
{
	oem_router_add(api, "GET", "/v2/project/{project}/session/{session}/connection",
		       oem_connections_list);
	oem_router_add(api, "DELETE",
		       "/v2/project/{project}/session/{session}/connection/{connection}",
		       oem_connections_force_disconnect);
}
