/*
 * Start checks the body (400), then the session, the token (moderator only) and the media
 * mode (see oem-service-client.c), then whether captions already run for the session (409).
 * Stop answers 404 for an unknown id and 409 for a run already stopped, as broadcasts do, so
 * that a test can tell the two apart (the service documents only the 404).
 */
#include "oem-captions.h"
#include "oem-composed.h"
#include "oem-service-client.h"

static const OemServiceRules oem_captions_rules = {oem_service_moderator_roles,
						   "start live captions"};

static gboolean
oem_captions_run_for(OemState *state, const gchar *session_id)
{
	for (guint i = 0; i < state->caption_list->len; i++) {
		OemCaption *caption = g_ptr_array_index(state->caption_list, i);

		if (caption->started && g_str_equal(caption->session_id, session_id))
			return TRUE;
	}
	return FALSE;
}

static void
oem_captions_reply_started(OemRequest *req, OemCaption *caption)
{
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
	JsonObject *obj = json_object_new();

	json_object_set_string_member(obj, "captionsId", caption->id);
	json_node_take_object(node, obj);
	oem_reply_json(req->msg, SOUP_STATUS_ACCEPTED, node);
}

/* POST /v2/project/{K}/captions */
static void
oem_captions_start(OemRequest *req)
{
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(OemCaption) caption = NULL;
	g_autoptr(OemTokenInfo) info = NULL;
	g_autoptr(GError) error = NULL;
	const gchar *session_id = NULL, *token = NULL;

	body = oem_request_parse_json_object(req, &error);
	if (body != NULL && oem_service_read_ids(body, &session_id, &token, &error))
		caption = oem_caption_new_from_json(session_id, body, &error);
	if (caption == NULL) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	if (oem_service_admit(req, session_id, token, &oem_captions_rules, &info) == NULL)
		return;
	if (oem_captions_run_for(req->state, session_id)) {
		oem_reply_error(req->msg, SOUP_STATUS_CONFLICT,
				"Live captions have already started for this session.");
		return;
	}
	g_debug("started captions %s of session %s", caption->id, session_id);
	oem_captions_reply_started(req, caption);
	oem_state_add_caption(req->state, g_steal_pointer(&caption));
}

/* POST /v2/project/{K}/captions/{CAP}/stop: any body is ignored */
static void
oem_captions_stop(OemRequest *req)
{
	OemCaption *caption =
	    oem_state_lookup_caption(req->state, oem_request_get_param(req, "captions"));

	if (caption == NULL) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Captions not found");
		return;
	}
	if (!caption->started) {
		oem_reply_error(req->msg, SOUP_STATUS_CONFLICT,
				"Live captions have already stopped.");
		return;
	}
	oem_caption_stop(caption);
	g_debug("stopped captions %s", caption->id);
	oem_reply_empty(req->msg, SOUP_STATUS_ACCEPTED);
}

void
oem_captions_register(OemRouter *api)
{
	oem_router_add(api, "POST", "/v2/project/{project}/captions", oem_captions_start);
	oem_router_add(api, "POST", "/v2/project/{project}/captions/{captions}/stop",
		       oem_captions_stop);
}

/* control: every captions run, oldest first */
static void
oem_captions_control_list(OemRequest *req)
{
	GPtrArray *captions = req->state->caption_list;
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_ARRAY);
	JsonArray *array = json_array_sized_new(captions->len);

	for (guint i = 0; i < captions->len; i++)
		json_array_add_element(array, oem_caption_to_json(g_ptr_array_index(captions, i),
								  req->state->api_key));
	json_node_take_array(node, array);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

void
oem_captions_register_control(OemRouter *control)
{
	oem_router_add(control, "GET", "/_emulator/captions", oem_captions_control_list);
}
