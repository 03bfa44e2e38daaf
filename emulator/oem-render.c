/*
 * A render never loads its page: the URL decides whether it starts (see
 * oem_render_url_fails()). maxDuration is kept, not enforced, and the status callback is
 * never called.
 */
#include <string.h>

#include "oem-body.h"
#include "oem-composition.h"
#include "oem-render.h"
#include "oem-util.h"

static const gchar *const oem_render_statuses[] = {"starting", "started", "stopped", "failed",
						   NULL};
static const gchar *const oem_render_schemes[] = {"http", "https", NULL};

const gchar *
oem_render_status_to_string(OemRenderStatus status)
{
	return oem_render_statuses[status];
}

gboolean
oem_render_status_from_string(const gchar *text, OemRenderStatus *ret_status)
{
	for (guint i = 0; text != NULL && oem_render_statuses[i] != NULL; i++) {
		if (g_str_equal(text, oem_render_statuses[i])) {
			*ret_status = (OemRenderStatus)i;
			return TRUE;
		}
	}
	return FALSE;
}

/* properties: an object, with an optional name of 1 to 200 characters */
static gboolean
oem_render_read_properties(JsonObject *body, const gchar **ret_name, GError **error)
{
	JsonNode *node = oem_body_get_member(body, "properties");
	glong chars;

	*ret_name = NULL;
	if (node == NULL)
		return TRUE;
	if (!JSON_NODE_HOLDS_OBJECT(node))
		return oem_body_refuse(error, "properties must be an object");
	if (!oem_body_read_string(json_node_get_object(node), "name", ret_name, error)) {
		g_prefix_error(error, "properties.");
		return FALSE;
	}
	chars = *ret_name != NULL ? g_utf8_strlen(*ret_name, -1) : 1;
	if (chars < 1 || chars > 200)
		return oem_body_refuse(error,
				       "properties.name must be from 1 to 200 characters long");
	return TRUE;
}

static gboolean
oem_render_read_options(JsonObject *body, OemRender *render, GError **error)
{
	const gchar *url = NULL, *resolution = NULL, *name = NULL, *callback = NULL;

	if (!oem_body_read_url(body, "url", oem_render_schemes, 15, 2048, &url, error) ||
	    !oem_body_read_int(body, "maxDuration", OEM_RENDER_DURATION_MIN,
			       OEM_RENDER_DURATION_MAX, &render->max_duration, error) ||
	    !oem_body_read_enum(body, "resolution", oem_composition_resolutions, &resolution,
				error) ||
	    !oem_render_read_properties(body, &name, error) ||
	    !oem_body_read_url(body, "statusCallbackUrl", oem_render_schemes, 15, 2048, &callback,
			       error))
		return FALSE;
	if (url == NULL)
		return oem_body_refuse(error, "url is required");
	render->url = g_strdup(url);
	render->resolution = g_strdup(resolution != NULL ? resolution : "1280x720");
	render->name = g_strdup(name);
	render->status_callback_url = g_strdup(callback);
	return TRUE;
}

/* the options of a start body; its sessionId and token are the caller's to read */
OemRender *
oem_render_new_from_json(const gchar *session_id, JsonObject *body, GError **error)
{
	g_autoptr(OemRender) render = g_new0(OemRender, 1);

	render->max_duration = OEM_RENDER_DURATION_DEFAULT;
	if (!oem_render_read_options(body, render, error))
		return NULL;
	render->id = g_uuid_string_random();
	render->session_id = g_strdup(session_id);
	render->created_at = oem_now_ms();
	render->updated_at = render->created_at;
	render->status = OEM_RENDER_STARTING;
	return g_steal_pointer(&render);
}

void
oem_render_free(OemRender *render)
{
	if (render == NULL)
		return;
	g_free(render->id);
	g_free(render->session_id);
	g_free(render->url);
	g_free(render->resolution);
	g_free(render->name);
	g_free(render->status_callback_url);
	g_free(render->reason);
	g_free(render->stream_id);
	g_free(render->connection_id);
	g_free(render->client_data);
	g_free(render->client_layout);
	g_free(render);
}

/* the members only the control view shows */
static void
oem_render_add_full_members(OemRender *render, JsonObject *obj)
{
	json_object_set_int_member(obj, "maxDuration", render->max_duration);
	if (render->status_callback_url != NULL)
		json_object_set_string_member(obj, "statusCallbackUrl",
					      render->status_callback_url);
	if (render->connection_id != NULL)
		json_object_set_string_member(obj, "connectionId", render->connection_id);
}

/* @full: the control view, with what the service does not show */
JsonNode *
oem_render_to_json(OemRender *render, const gchar *api_key, gboolean full)
{
	JsonObject *obj = json_object_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	json_object_set_string_member(obj, "id", render->id);
	json_object_set_string_member(obj, "sessionId", render->session_id);
	json_object_set_string_member(obj, "projectId", api_key);
	json_object_set_int_member(obj, "createdAt", render->created_at);
	json_object_set_int_member(obj, "updatedAt", render->updated_at);
	json_object_set_string_member(obj, "url", render->url);
	json_object_set_string_member(obj, "resolution", render->resolution);
	json_object_set_string_member(obj, "status", oem_render_status_to_string(render->status));
	if (render->name != NULL)
		json_object_set_string_member(obj, "name", render->name);
	if (render->stream_id != NULL)
		json_object_set_string_member(obj, "streamId", render->stream_id);
	if (render->reason != NULL)
		json_object_set_string_member(obj, "reason", render->reason);
	if (full)
		oem_render_add_full_members(render, obj);
	json_node_take_object(node, obj);
	return node;
}

gboolean
oem_render_is_running(OemRender *render)
{
	return render->status == OEM_RENDER_STARTING || render->status == OEM_RENDER_STARTED;
}

/* a host named "invalid" or under ".invalid" (RFC 2606), or "fail" anywhere in the URL */
gboolean
oem_render_url_fails(OemRender *render)
{
	g_autoptr(GUri) uri = g_uri_parse(render->url, G_URI_FLAGS_NONE, NULL);
	g_autofree gchar *host = NULL;
	g_autofree gchar *url = g_ascii_strdown(render->url, -1);

	if (strstr(url, "fail") != NULL)
		return TRUE;
	if (uri == NULL || g_uri_get_host(uri) == NULL)
		return TRUE;
	host = g_ascii_strdown(g_uri_get_host(uri), -1);
	return g_str_equal(host, "invalid") || g_str_has_suffix(host, ".invalid");
}

/* @reason NULL keeps the one there is */
void
oem_render_set_status(OemRender *render, OemRenderStatus status, const gchar *reason)
{
	render->status = status;
	if (reason != NULL) {
		g_free(render->reason);
		render->reason = g_strdup(reason);
	}
	render->updated_at = MAX(oem_now_ms(), render->created_at);
}

/* after the clients of @session changed: a render whose client was forced out stops */
void
oem_render_sync(OemRender *render, OemSession *session)
{
	if (render->status != OEM_RENDER_STARTED || render->connection_id == NULL ||
	    oem_session_lookup_client(session, render->connection_id) != NULL)
		return;
	g_clear_pointer(&render->connection_id, g_free);
	oem_render_set_status(render, OEM_RENDER_STOPPED, "Client disconnected");
}
