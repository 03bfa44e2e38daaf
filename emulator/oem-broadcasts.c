/*
 * Every call on a broadcast checks in the same order: the broadcast named in the path (404),
 * the body (400), then whether the broadcast allows the call (405, 409). Start has no
 * broadcast yet: its body comes first, then the session it names (404, 409).
 */
#include "oem-broadcasts.h"
#include "oem-composed.h"
#include "oem-jwt.h"
#include "oem-util.h"

/* the form the API answers with: the service's, unless the test asked for the fixtures' */
static OemBroadcastJsonFlags
oem_broadcasts_api_flags(OemState *state)
{
	return state->rtmp_object_form ? OEM_BROADCAST_JSON_RTMP_OBJECT
				       : OEM_BROADCAST_JSON_DEFAULT;
}

static void
oem_broadcasts_reply(OemRequest *req, OemBroadcast *broadcast, OemBroadcastJsonFlags flags)
{
	g_autoptr(JsonNode) node = oem_broadcast_to_json(broadcast, req->state->api_key, flags);

	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static OemBroadcast *
oem_broadcasts_get_broadcast(OemRequest *req)
{
	OemBroadcast *broadcast =
	    oem_state_lookup_broadcast(req->state, oem_request_get_param(req, "broadcast"));

	if (broadcast == NULL)
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Broadcast not found");
	return broadcast;
}

static gboolean
oem_broadcasts_may_start(OemRequest *req, OemBroadcast *broadcast, OemSession *session)
{
	GPtrArray *broadcasts = req->state->broadcast_list;

	if (!oem_composed_check_session(req, session, "broadcasts"))
		return FALSE;
	for (guint i = 0; i < broadcasts->len; i++) {
		if (oem_broadcast_conflicts_with(broadcast, g_ptr_array_index(broadcasts, i))) {
			oem_reply_error(req->msg, SOUP_STATUS_CONFLICT,
					"The session is already being broadcast.");
			return FALSE;
		}
	}
	return TRUE;
}

static void
oem_broadcasts_start(OemRequest *req)
{
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(OemBroadcast) broadcast = NULL;
	g_autoptr(GError) error = NULL;
	OemSession *session;

	body = oem_request_parse_json_object(req, &error);
	if (body != NULL)
		broadcast = oem_broadcast_new_from_json(body, &error);
	if (broadcast == NULL) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	session = oem_state_lookup_session(req->state, broadcast->session_id);
	if (!oem_broadcasts_may_start(req, broadcast, session))
		return;
	oem_broadcast_start(broadcast, session);
	g_debug("started broadcast %s of session %s", broadcast->id, broadcast->session_id);
	oem_broadcasts_reply(req, broadcast, oem_broadcasts_api_flags(req->state));
	oem_broadcast_settle(broadcast);
	oem_state_add_broadcast(req->state, g_steal_pointer(&broadcast));
}

static JsonNode *
oem_broadcasts_item_to_json(gpointer item, OemState *state)
{
	return oem_broadcast_to_json(item, state->api_key, oem_broadcasts_api_flags(state));
}

static void
oem_broadcasts_list(OemRequest *req)
{
	GPtrArray *broadcasts = req->state->broadcast_list;
	g_autoptr(GArray) entries =
	    g_array_sized_new(FALSE, FALSE, sizeof(OemListEntry), broadcasts->len);

	for (guint i = 0; i < broadcasts->len; i++) {
		OemBroadcast *broadcast = g_ptr_array_index(broadcasts, i);
		OemListEntry entry = {broadcast, broadcast->session_id, broadcast->created_at,
				      broadcast->serial};

		g_array_append_val(entries, entry);
	}
	oem_composed_reply_list(req, entries, oem_broadcasts_item_to_json);
}

static void
oem_broadcasts_get(OemRequest *req)
{
	OemBroadcast *broadcast = oem_broadcasts_get_broadcast(req);

	if (broadcast != NULL)
		oem_broadcasts_reply(req, broadcast, oem_broadcasts_api_flags(req->state));
}

static void
oem_broadcasts_stop(OemRequest *req)
{
	OemBroadcast *broadcast = oem_broadcasts_get_broadcast(req);

	if (broadcast == NULL)
		return;
	/* the service documents 404 here; 409 tells "stopped" from "unknown" (see README) */
	if (!oem_broadcast_is_started(broadcast)) {
		oem_reply_error(req->msg, SOUP_STATUS_CONFLICT,
				"Conflict. The broadcast is already stopped.");
		return;
	}
	oem_broadcast_stop(broadcast);
	g_debug("stopped broadcast %s", broadcast->id);
	oem_broadcasts_reply(req, broadcast, oem_broadcasts_api_flags(req->state));
}

/* the view the shared layout and stream calls work on */
static void
oem_broadcasts_view(OemBroadcast *broadcast, OemComposedView *view)
{
	view->noun = "broadcast";
	view->session_id = broadcast->session_id;
	view->active = oem_broadcast_is_started(broadcast);
	view->inactive = "Conflict. The broadcast is stopped.";
	view->manual_streams = broadcast->manual_streams;
	view->streams = broadcast->streams;
	view->layout = &broadcast->layout;
	view->created_at = broadcast->created_at;
	view->updated_at = &broadcast->updated_at;
}

static void
oem_broadcasts_set_layout(OemRequest *req)
{
	OemBroadcast *broadcast = oem_broadcasts_get_broadcast(req);
	OemComposedView view;

	if (broadcast == NULL)
		return;
	oem_broadcasts_view(broadcast, &view);
	oem_composed_set_layout(req, &view);
}

static void
oem_broadcasts_change_streams(OemRequest *req)
{
	OemBroadcast *broadcast = oem_broadcasts_get_broadcast(req);
	OemComposedView view;

	if (broadcast == NULL)
		return;
	oem_broadcasts_view(broadcast, &view);
	oem_composed_change_streams(req, &view);
}

void
oem_broadcasts_register(OemRouter *api)
{
	const gchar *broadcasts = "/v2/project/{project}/broadcast";

	oem_router_add(api, "POST", broadcasts, oem_broadcasts_start);
	oem_router_add(api, "GET", broadcasts, oem_broadcasts_list);
	oem_router_add(api, "GET", "/v2/project/{project}/broadcast/{broadcast}",
		       oem_broadcasts_get);
	oem_router_add(api, "POST", "/v2/project/{project}/broadcast/{broadcast}/stop",
		       oem_broadcasts_stop);
	oem_router_add(api, "PUT", "/v2/project/{project}/broadcast/{broadcast}/layout",
		       oem_broadcasts_set_layout);
	oem_router_add(api, "PATCH", "/v2/project/{project}/broadcast/{broadcast}/streams",
		       oem_broadcasts_change_streams);
}

/* control: every broadcast, oldest first, with its targets' statuses even after stop */
static void
oem_broadcasts_control_list(OemRequest *req)
{
	GPtrArray *broadcasts = req->state->broadcast_list;
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_ARRAY);
	JsonArray *array = json_array_sized_new(broadcasts->len);

	for (guint i = 0; i < broadcasts->len; i++)
		json_array_add_element(
		    array, oem_broadcast_to_json(g_ptr_array_index(broadcasts, i),
						 req->state->api_key, OEM_BROADCAST_JSON_FULL));
	json_node_take_array(node, array);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

/* NULL when @body asks for a target status, else why not */
static const gchar *
oem_broadcasts_read_rtmp_status(JsonObject *body, OemRtmpStatus *ret_status,
				const gchar **ret_target)
{
	if (!oem_rtmp_status_from_string(oem_json_get_string(body, "status"), ret_status))
		return "\"status\" must be \"connecting\", \"live\" or \"offline\"";
	*ret_target = oem_json_get_string(body, "id");
	if (json_object_has_member(body, "id") && *ret_target == NULL)
		return "\"id\" must be a string";
	return NULL;
}

static void
oem_broadcasts_control_set_rtmp(OemRequest *req)
{
	OemBroadcast *broadcast =
	    oem_state_lookup_broadcast(req->state, oem_request_get_param(req, "broadcast"));
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GError) error = NULL;
	OemRtmpStatus status = OEM_RTMP_LIVE;
	const gchar *target = NULL;
	const gchar *refusal;

	if (broadcast == NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_NOT_FOUND, "unknown broadcast");
		return;
	}
	body = oem_request_parse_json_object(req, &error);
	refusal =
	    body != NULL ? oem_broadcasts_read_rtmp_status(body, &status, &target) : error->message;
	if (refusal != NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_BAD_REQUEST, refusal);
		return;
	}
	if (!oem_broadcast_set_rtmp_status(broadcast, target, status, &error)) {
		oem_reply_reason(req->msg,
				 g_error_matches(error, OEM_ERROR, OEM_ERROR_REFUSED)
				     ? SOUP_STATUS_CONFLICT
				     : SOUP_STATUS_NOT_FOUND,
				 error->message);
		return;
	}
	oem_broadcasts_reply(req, broadcast, OEM_BROADCAST_JSON_FULL);
}

void
oem_broadcasts_register_control(OemRouter *control)
{
	oem_router_add(control, "GET", "/_emulator/broadcasts", oem_broadcasts_control_list);
	oem_router_add(control, "POST", "/_emulator/broadcasts/{broadcast}/rtmp",
		       oem_broadcasts_control_set_rtmp);
}
