/*
 * Every call on a render checks the render named in the path (404) first. Start checks the
 * body (400), then the session and the token, publisher or moderator (see
 * oem-service-client.c); a relayed session is fine and nobody need be connected.
 *
 * A render is "starting" until a read (GET, list, the control list) finds it at least
 * OEM_RENDER_START_DELAY_MS old: then it fails on a URL that cannot load, else it starts, its
 * client joining the session and publishing one stream. Leaving "started" by any way takes
 * that client out; forcing the client out stops the render (oem_render_sync()).
 */
#include <string.h>

#include "oem-composed.h"
#include "oem-jwt.h"
#include "oem-renders.h"
#include "oem-service-client.h"
#include "oem-util.h"

#define OEM_RENDERS_LIST_DEFAULT 50
#define OEM_RENDERS_LIST_MAX	 1000

static const OemServiceRules oem_renders_rules = {oem_service_publisher_roles, NULL};

/* the render's client joins its session and publishes */
static void
oem_renders_join(OemState *state, OemRender *render)
{
	OemSession *session = oem_state_lookup_session(state, render->session_id);
	JsonObject *extra = json_object_new();
	OemClient *client;
	OemStream *stream;

	json_object_set_boolean_member(extra, "render", TRUE);
	json_object_set_string_member(extra, "renderId", render->id);
	client = oem_service_join(session, render->client_data, render->client_layout, extra);
	g_free(render->connection_id);
	render->connection_id = g_strdup(client->connection_id);
	stream = oem_service_publish(state, session, client,
				     render->name != NULL ? render->name : "", TRUE);
	g_free(render->stream_id);
	render->stream_id = g_strdup(stream->stream_id);
	oem_render_set_status(render, OEM_RENDER_STARTED, NULL);
	g_debug("render %s joined session %s", render->id, render->session_id);
}

/* the render's client leaves, when it has one */
static void
oem_renders_leave(OemState *state, OemRender *render)
{
	OemSession *session = oem_state_lookup_session(state, render->session_id);
	g_autofree gchar *connection_id = g_steal_pointer(&render->connection_id);

	if (connection_id != NULL && oem_session_remove_client(session, connection_id))
		oem_state_sync_session(state, session);
}

/* on a read: a render starting for long enough starts, or fails on its URL */
static void
oem_renders_settle(OemState *state, OemRender *render)
{
	if (render->status != OEM_RENDER_STARTING ||
	    oem_now_ms() - render->created_at < OEM_RENDER_START_DELAY_MS)
		return;
	if (oem_render_url_fails(render))
		oem_render_set_status(render, OEM_RENDER_FAILED, "Could not load URL");
	else
		oem_renders_join(state, render);
}

static OemRender *
oem_renders_get_render(OemRequest *req)
{
	OemRender *render =
	    oem_state_lookup_render(req->state, oem_request_get_param(req, "render"));

	if (render == NULL)
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Render not found");
	return render;
}

static void
oem_renders_reply(OemRequest *req, guint status, OemRender *render, gboolean full)
{
	g_autoptr(JsonNode) node = oem_render_to_json(render, req->state->api_key, full);

	oem_reply_json(req->msg, status, node);
}

/* POST /v2/project/{K}/render */
static void
oem_renders_start(OemRequest *req)
{
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(OemRender) render = NULL;
	g_autoptr(OemTokenInfo) info = NULL;
	g_autoptr(GError) error = NULL;
	const gchar *session_id = NULL, *token = NULL;

	body = oem_request_parse_json_object(req, &error);
	if (body != NULL && oem_service_read_ids(body, &session_id, &token, &error))
		render = oem_render_new_from_json(session_id, body, &error);
	if (render == NULL) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	if (oem_service_admit(req, session_id, token, &oem_renders_rules, &info) == NULL)
		return;
	render->client_data = g_strdup(oem_service_client_data(info, render->url));
	render->client_layout = g_strdup(info->initial_layout_class_list);
	g_debug("started render %s of session %s", render->id, session_id);
	oem_renders_reply(req, SOUP_STATUS_ACCEPTED, render, FALSE);
	oem_state_add_render(req->state, g_steal_pointer(&render));
}

static void
oem_renders_get(OemRequest *req)
{
	OemRender *render = oem_renders_get_render(req);

	if (render == NULL)
		return;
	oem_renders_settle(req->state, render);
	oem_renders_reply(req, SOUP_STATUS_OK, render, FALSE);
}

/* DELETE /v2/project/{K}/render/{R}: 404 once stopped or failed, as the service documents */
static void
oem_renders_stop(OemRequest *req)
{
	OemRender *render = oem_renders_get_render(req);

	if (render == NULL)
		return;
	if (!oem_render_is_running(render)) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Render is not running");
		return;
	}
	oem_renders_leave(req->state, render);
	oem_render_set_status(render, OEM_RENDER_STOPPED, "User requested");
	g_debug("stopped render %s", render->id);
	oem_reply_empty(req->msg, SOUP_STATUS_NO_CONTENT);
}

/* an absent or empty parameter takes @fallback */
static gboolean
oem_renders_read_number(GHashTable *query, const gchar *name, gint64 min, gint64 max,
			gint64 fallback, gint64 *ret_value, GError **error)
{
	const gchar *text = g_hash_table_lookup(query, name);

	*ret_value = fallback;
	if (text == NULL || text[0] == '\0')
		return TRUE;
	if (oem_parse_int64(text, ret_value) && *ret_value >= min && *ret_value <= max)
		return TRUE;
	g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID,
		    "%s must be an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, name,
		    min, max);
	return FALSE;
}

static gboolean
oem_renders_read_page(OemRequest *req, gint64 *ret_offset, gint64 *ret_count, GError **error)
{
	const gchar *text = g_uri_get_query(soup_server_message_get_uri(req->msg));
	g_autoptr(GHashTable) query = NULL;

	query = oem_form_decode(text != NULL ? text : "", text != NULL ? strlen(text) : 0, error);
	return query != NULL &&
	       oem_renders_read_number(query, "offset", 0, G_MAXINT32, 0, ret_offset, error) &&
	       oem_renders_read_number(query, "count", 1, OEM_RENDERS_LIST_MAX,
				       OEM_RENDERS_LIST_DEFAULT, ret_count, error);
}

static gint
oem_renders_compare_newest_first(gconstpointer a, gconstpointer b)
{
	const OemRender *x = *(OemRender *const *)a;
	const OemRender *y = *(OemRender *const *)b;

	if (x->created_at != y->created_at)
		return x->created_at > y->created_at ? -1 : 1;
	return x->serial > y->serial ? -1 : (x->serial < y->serial ? 1 : 0);
}

/* GET /v2/project/{K}/render[?offset=N][&count=N]: {"count": <total>, "items": page} */
static void
oem_renders_list(OemRequest *req)
{
	g_autoptr(GPtrArray) renders = g_ptr_array_sized_new(req->state->render_list->len);
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
	g_autoptr(GError) error = NULL;
	gint64 offset = 0, count = 0;
	JsonObject *obj;
	JsonArray *items;

	if (!oem_renders_read_page(req, &offset, &count, &error)) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	/* a copy without a free function: the state owns the renders */
	g_ptr_array_extend(renders, req->state->render_list, NULL, NULL);
	g_ptr_array_sort(renders, oem_renders_compare_newest_first);
	obj = json_object_new();
	items = json_array_new();
	for (gint64 i = offset; i < (gint64)renders->len && i < offset + count; i++) {
		OemRender *render = g_ptr_array_index(renders, i);

		oem_renders_settle(req->state, render);
		json_array_add_element(items,
				       oem_render_to_json(render, req->state->api_key, FALSE));
	}
	json_object_set_int_member(obj, "count", renders->len);
	json_object_set_array_member(obj, "items", items);
	json_node_take_object(node, obj);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

void
oem_renders_register(OemRouter *api)
{
	const gchar *render = "/v2/project/{project}/render/{render}";

	oem_router_add(api, "POST", "/v2/project/{project}/render", oem_renders_start);
	oem_router_add(api, "GET", "/v2/project/{project}/render", oem_renders_list);
	oem_router_add(api, "GET", render, oem_renders_get);
	oem_router_add(api, "DELETE", render, oem_renders_stop);
}

/* control: every render, oldest first, with what the service does not show */
static void
oem_renders_control_list(OemRequest *req)
{
	GPtrArray *renders = req->state->render_list;
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_ARRAY);
	JsonArray *array = json_array_sized_new(renders->len);

	for (guint i = 0; i < renders->len; i++) {
		OemRender *render = g_ptr_array_index(renders, i);

		oem_renders_settle(req->state, render);
		json_array_add_element(array,
				       oem_render_to_json(render, req->state->api_key, TRUE));
	}
	json_node_take_array(node, array);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

/* starting may go anywhere, started to failed or stopped; @reason NULL: the usual one */
static gboolean
oem_renders_advance(OemState *state, OemRender *render, OemRenderStatus status, const gchar *reason,
		    GError **error)
{
	if (!oem_render_is_running(render) || status == OEM_RENDER_STARTING ||
	    status == render->status) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_REFUSED, "a render cannot go from %s to %s",
			    oem_render_status_to_string(render->status),
			    oem_render_status_to_string(status));
		return FALSE;
	}
	if (status == OEM_RENDER_STARTED) {
		oem_renders_join(state, render);
		if (reason != NULL)
			oem_render_set_status(render, status, reason);
		return TRUE;
	}
	oem_renders_leave(state, render);
	if (reason == NULL)
		reason =
		    status == OEM_RENDER_FAILED ? "Could not load URL" : "Max duration exceeded";
	oem_render_set_status(render, status, reason);
	return TRUE;
}

/* NULL when @body asks for a status the control call can set, else why not */
static const gchar *
oem_renders_read_status(JsonObject *body, OemRenderStatus *ret_status, const gchar **ret_reason)
{
	const gchar *status = oem_json_get_string(body, "status");

	if (g_strcmp0(status, "starting") == 0 ||
	    !oem_render_status_from_string(status, ret_status))
		return "\"status\" must be \"started\", \"failed\" or \"stopped\"";
	*ret_reason = oem_json_get_string(body, "reason");
	if (json_object_has_member(body, "reason") && *ret_reason == NULL)
		return "\"reason\" must be a string";
	return NULL;
}

static void
oem_renders_control_set_status(OemRequest *req)
{
	OemRender *render =
	    oem_state_lookup_render(req->state, oem_request_get_param(req, "render"));
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GError) error = NULL;
	OemRenderStatus status = OEM_RENDER_STARTED;
	const gchar *reason = NULL;
	const gchar *refusal;

	if (render == NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_NOT_FOUND, "unknown render");
		return;
	}
	body = oem_request_parse_json_object(req, &error);
	refusal = body != NULL ? oem_renders_read_status(body, &status, &reason) : error->message;
	if (refusal != NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_BAD_REQUEST, refusal);
		return;
	}
	if (!oem_renders_advance(req->state, render, status, reason, &error)) {
		oem_reply_reason(req->msg, SOUP_STATUS_CONFLICT, error->message);
		return;
	}
	oem_renders_reply(req, SOUP_STATUS_OK, render, TRUE);
}

void
oem_renders_register_control(OemRouter *control)
{
	oem_router_add(control, "GET", "/_emulator/renders", oem_renders_control_list);
	oem_router_add(control, "POST", "/_emulator/renders/{render}/status",
		       oem_renders_control_set_status);
}
