/*
 * Every call on an archive checks in the same order: the archive named in the path (404),
 * the body (400), then whether the archive allows the call (405, 409). Start has no archive
 * yet: its body comes first, then the session it names (404, 409).
 */
#include "oem-archives.h"
#include "oem-composed.h"
#include "oem-jwt.h"

static void
oem_archives_reply_archive(OemRequest *req, OemArchive *archive)
{
	g_autoptr(JsonNode) node = oem_archive_to_json(archive, req->state->api_key);

	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static OemArchive *
oem_archives_get_archive(OemRequest *req)
{
	OemArchive *archive =
	    oem_state_lookup_archive(req->state, oem_request_get_param(req, "archive"));

	if (archive == NULL)
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Archive not found");
	return archive;
}

static gboolean
oem_archives_may_start(OemRequest *req, OemArchive *archive, OemSession *session)
{
	if (!oem_composed_check_session(req, session, "archives"))
		return FALSE;
	for (guint i = 0; i < req->state->archive_list->len; i++) {
		if (oem_archive_conflicts_with(archive,
					       g_ptr_array_index(req->state->archive_list, i))) {
			oem_reply_error(req->msg, SOUP_STATUS_CONFLICT,
					"The session is already being archived.");
			return FALSE;
		}
	}
	return TRUE;
}

static void
oem_archives_start(OemRequest *req)
{
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(OemArchive) archive = NULL;
	g_autoptr(GError) error = NULL;
	OemSession *session;

	body = oem_request_parse_json_object(req, &error);
	if (body != NULL)
		archive = oem_archive_new_from_json(body, &error);
	if (archive == NULL) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	session = oem_state_lookup_session(req->state, archive->session_id);
	if (!oem_archives_may_start(req, archive, session))
		return;
	oem_archive_start(archive, session);
	g_debug("started archive %s of session %s", archive->id, archive->session_id);
	oem_archives_reply_archive(req, archive);
	oem_state_add_archive(req->state, g_steal_pointer(&archive));
}

static JsonNode *
oem_archives_item_to_json(gpointer item, OemState *state)
{
	return oem_archive_to_json(item, state->api_key);
}

static void
oem_archives_list(OemRequest *req)
{
	GPtrArray *archives = req->state->archive_list;
	g_autoptr(GArray) entries =
	    g_array_sized_new(FALSE, FALSE, sizeof(OemListEntry), archives->len);

	for (guint i = 0; i < archives->len; i++) {
		OemArchive *archive = g_ptr_array_index(archives, i);
		OemListEntry entry = {archive, archive->session_id, archive->created_at,
				      archive->serial};

		g_array_append_val(entries, entry);
	}
	oem_composed_reply_list(req, entries, oem_archives_item_to_json);
}

static void
oem_archives_get(OemRequest *req)
{
	OemArchive *archive = oem_archives_get_archive(req);

	if (archive != NULL)
		oem_archives_reply_archive(req, archive);
}

static void
oem_archives_stop(OemRequest *req)
{
	OemArchive *archive = oem_archives_get_archive(req);

	if (archive == NULL)
		return;
	if (!oem_archive_is_recording(archive)) {
		oem_reply_error(
		    req->msg, SOUP_STATUS_CONFLICT,
		    "Conflict. You are trying to stop an archive that is not recording.");
		return;
	}
	oem_archive_stop(archive);
	g_debug("stopped archive %s after %" G_GINT64_FORMAT " s", archive->id, archive->duration);
	oem_archives_reply_archive(req, archive);
}

static void
oem_archives_delete(OemRequest *req)
{
	OemArchive *archive = oem_archives_get_archive(req);

	if (archive == NULL)
		return;
	if (oem_archive_is_recording(archive)) {
		oem_reply_error(req->msg, SOUP_STATUS_CONFLICT,
				"Conflict. You cannot delete an archive that is still recording.");
		return;
	}
	oem_archive_delete(archive);
	oem_reply_empty(req->msg, SOUP_STATUS_NO_CONTENT);
}

/* the view the shared layout and stream calls work on */
static void
oem_archives_view(OemArchive *archive, OemComposedView *view)
{
	view->noun = "archive";
	view->session_id = archive->session_id;
	view->active = oem_archive_is_recording(archive);
	view->inactive = "Conflict. The archive is not recording.";
	view->manual_streams = archive->manual_streams;
	view->streams = archive->streams;
	view->layout = archive->individual ? NULL : &archive->layout;
	view->created_at = archive->created_at;
	view->updated_at = &archive->updated_at;
}

static void
oem_archives_set_layout(OemRequest *req)
{
	OemArchive *archive = oem_archives_get_archive(req);
	OemComposedView view;

	if (archive == NULL)
		return;
	oem_archives_view(archive, &view);
	oem_composed_set_layout(req, &view);
}

static void
oem_archives_change_streams(OemRequest *req)
{
	OemArchive *archive = oem_archives_get_archive(req);
	OemComposedView view;

	if (archive == NULL)
		return;
	oem_archives_view(archive, &view);
	oem_composed_change_streams(req, &view);
}

void
oem_archives_register(OemRouter *api)
{
	const gchar *archives = "/v2/project/{project}/archive";
	const gchar *archive = "/v2/project/{project}/archive/{archive}";

	oem_router_add(api, "POST", archives, oem_archives_start);
	oem_router_add(api, "GET", archives, oem_archives_list);
	oem_router_add(api, "GET", archive, oem_archives_get);
	oem_router_add(api, "DELETE", archive, oem_archives_delete);
	oem_router_add(api, "POST", "/v2/project/{project}/archive/{archive}/stop",
		       oem_archives_stop);
	oem_router_add(api, "PUT", "/v2/project/{project}/archive/{archive}/layout",
		       oem_archives_set_layout);
	oem_router_add(api, "PATCH", "/v2/project/{project}/archive/{archive}/streams",
		       oem_archives_change_streams);
}

/* control: the test's own view of every archive, whatever its status */
static void
oem_archives_control_list(OemRequest *req)
{
	GPtrArray *archives = req->state->archive_list;
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_ARRAY);
	JsonArray *array = json_array_sized_new(archives->len);

	for (guint i = 0; i < archives->len; i++)
		json_array_add_element(array, oem_archive_to_json(g_ptr_array_index(archives, i),
								  req->state->api_key));
	json_node_take_array(node, array);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

/* NULL when @body asks for a status the control call can set, else why not */
static const gchar *
oem_archives_read_status(JsonObject *body, OemArchiveStatus *ret_status, const gchar **ret_reason)
{
	static const gchar *const allowed[] = {"available", "uploaded", "expired", "failed", NULL};
	const gchar *status = oem_json_get_string(body, "status");

	if (status == NULL || !g_strv_contains(allowed, status))
		return "\"status\" must be \"available\", \"uploaded\", \"expired\" or \"failed\"";
	*ret_reason = oem_json_get_string(body, "reason");
	if (json_object_has_member(body, "reason") && *ret_reason == NULL)
		return "\"reason\" must be a string";
	oem_archive_status_from_string(status, ret_status);
	return NULL;
}

static void
oem_archives_control_set_status(OemRequest *req)
{
	OemArchive *archive =
	    oem_state_lookup_archive(req->state, oem_request_get_param(req, "archive"));
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GError) error = NULL;
	OemArchiveStatus status = OEM_ARCHIVE_STARTED;
	const gchar *reason = NULL;
	const gchar *refusal;

	if (archive == NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_NOT_FOUND, "unknown archive");
		return;
	}
	body = oem_request_parse_json_object(req, &error);
	if (body == NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_BAD_REQUEST, error->message);
		return;
	}
	refusal = oem_archives_read_status(body, &status, &reason);
	if (refusal != NULL) {
		oem_reply_reason(req->msg, SOUP_STATUS_BAD_REQUEST, refusal);
		return;
	}
	if (!oem_archive_advance(archive, status, reason, req->state->api_key, &error)) {
		oem_reply_reason(req->msg, SOUP_STATUS_CONFLICT, error->message);
		return;
	}
	oem_archives_reply_archive(req, archive);
}

void
oem_archives_register_control(OemRouter *control)
{
	oem_router_add(control, "GET", "/_emulator/archives", oem_archives_control_list);
	oem_router_add(control, "POST", "/_emulator/archives/{archive}/status",
		       oem_archives_control_set_status);
}
