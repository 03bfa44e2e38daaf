/*
 * Control calls are never logged, faulted or authenticated: they are the test's own
 * channel into the emulator, and must keep working while the API is being broken on purpose.
 */
#include "oem-body.h"
#include "oem-control.h"
#include "oem-util.h"

gboolean
oem_control_is_control_path(const gchar *path)
{
	return g_str_equal(path, OEM_CONTROL_PREFIX) ||
	       g_str_has_prefix(path, OEM_CONTROL_PREFIX "/");
}

static void
oem_control_add_fault(OemRequest *req)
{
	g_autoptr(JsonObject) spec = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
	JsonObject *answer;
	guint id;

	spec = oem_request_parse_json_object(req, &error);
	id = spec != NULL ? oem_faults_add(req->state->faults, spec, &error) : 0;
	if (id == 0) {
		oem_reply_reason(req->msg, SOUP_STATUS_BAD_REQUEST, error->message);
		return;
	}
	answer = json_object_new();
	json_object_set_int_member(answer, "id", id);
	json_node_take_object(node, answer);
	oem_reply_json(req->msg, SOUP_STATUS_CREATED, node);
}

static void
oem_control_list_faults(OemRequest *req)
{
	g_autoptr(JsonNode) node = oem_faults_to_json(req->state->faults);

	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static void
oem_control_clear_faults(OemRequest *req)
{
	oem_faults_clear(req->state->faults);
	oem_reply_empty(req->msg, SOUP_STATUS_NO_CONTENT);
}

static void
oem_control_remove_fault(OemRequest *req)
{
	guint64 id = 0;

	if (!g_ascii_string_to_unsigned(oem_request_get_param(req, "fault"), 10, 1, G_MAXUINT, &id,
					NULL) ||
	    !oem_faults_remove(req->state->faults, (guint)id)) {
		oem_reply_reason(req->msg, SOUP_STATUS_NOT_FOUND, "unknown fault");
		return;
	}
	oem_reply_empty(req->msg, SOUP_STATUS_NO_CONTENT);
}

static void
oem_control_list_requests(OemRequest *req)
{
	g_autoptr(JsonNode) node = oem_request_log_to_json(req->state->requests);

	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static void
oem_control_clear_requests(OemRequest *req)
{
	oem_request_log_clear(req->state->requests);
	oem_reply_empty(req->msg, SOUP_STATUS_NO_CONTENT);
}

static void
oem_control_list_sessions(OemRequest *req)
{
	GPtrArray *sessions = req->state->session_list;
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_ARRAY);
	JsonArray *array = json_array_sized_new(sessions->len);

	for (guint i = 0; i < sessions->len; i++)
		json_array_add_element(array, oem_session_to_json(g_ptr_array_index(sessions, i)));
	json_node_take_array(node, array);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static void
oem_control_get_session(OemRequest *req)
{
	OemSession *session =
	    oem_state_lookup_session(req->state, oem_request_get_param(req, "session"));
	g_autoptr(JsonNode) node = NULL;

	if (session == NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_NOT_FOUND, "unknown session");
		return;
	}
	node = oem_session_to_json(session);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static void
oem_control_reply_options(OemRequest *req)
{
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
	JsonObject *obj = json_object_new();

	json_object_set_boolean_member(obj, "rtmpObjectForm", req->state->rtmp_object_form);
	json_object_set_int_member(obj, "clockOffsetSec", req->state->clock_offset_sec);
	json_node_take_object(node, obj);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static gboolean
oem_control_read_options(OemState *state, JsonObject *body, GError **error)
{
	static const gchar *const known[] = {"rtmpObjectForm", "clockOffsetSec", NULL};
	g_autoptr(GList) names = json_object_get_members(body);
	gboolean rtmp_object_form = state->rtmp_object_form;
	gint64 clock_offset = state->clock_offset_sec;

	/* a typo must not leave a test running with the default it meant to change */
	for (GList *l = names; l != NULL; l = l->next) {
		if (!g_strv_contains(known, l->data)) {
			g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "unknown option %s",
				    (const gchar *)l->data);
			return FALSE;
		}
	}
	if (!oem_body_read_bool(body, "rtmpObjectForm", &rtmp_object_form, error) ||
	    !oem_body_read_int(body, "clockOffsetSec", -86400 * 365, 86400 * 365, &clock_offset,
			       error))
		return FALSE;
	state->rtmp_object_form = rtmp_object_form;
	state->clock_offset_sec = clock_offset;
	return TRUE;
}

/* POST changes the members given, GET shows them all */
static void
oem_control_set_options(OemRequest *req)
{
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GError) error = NULL;

	body = oem_request_parse_json_object(req, &error);
	if (body == NULL || !oem_control_read_options(req->state, body, &error)) {
		oem_reply_reason(req->msg, SOUP_STATUS_BAD_REQUEST, error->message);
		return;
	}
	oem_control_reply_options(req);
}

void
oem_control_register(OemRouter *control)
{
	oem_router_add(control, "POST", "/_emulator/faults", oem_control_add_fault);
	oem_router_add(control, "GET", "/_emulator/faults", oem_control_list_faults);
	oem_router_add(control, "DELETE", "/_emulator/faults", oem_control_clear_faults);
	oem_router_add(control, "DELETE", "/_emulator/faults/{fault}", oem_control_remove_fault);
	oem_router_add(control, "GET", "/_emulator/requests", oem_control_list_requests);
	oem_router_add(control, "DELETE", "/_emulator/requests", oem_control_clear_requests);
	oem_router_add(control, "GET", "/_emulator/sessions", oem_control_list_sessions);
	oem_router_add(control, "GET", "/_emulator/sessions/{session}", oem_control_get_session);
	oem_router_add(control, "GET", "/_emulator/options", oem_control_reply_options);
	oem_router_add(control, "POST", "/_emulator/options", oem_control_set_options);
}
