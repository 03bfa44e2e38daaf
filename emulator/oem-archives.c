/*
 * Every call on an archive checks in the same order: the archive named in the path (404),
 * the body (400), then whether the archive allows the call (405, 409). Start has no archive
 * yet: its body comes first, then the session it names (404, 409).
 */
#include <string.h>

#include "oem-archives.h"
#include "oem-jwt.h"
#include "oem-util.h"

#define OEM_ARCHIVES_LIST_DEFAULT 50
#define OEM_ARCHIVES_LIST_MAX	  1000
/* the code the service puts in its 409 for a relayed session */
#define OEM_ARCHIVES_CODE_RELAYED 15008

static void
oem_archives_reply_archive(OemRequest *req, OemArchive *archive)
{
	g_autoptr(JsonNode) node = oem_archive_to_json(archive, req->state->api_key);

	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static void
oem_archives_reply_invalid(OemRequest *req, GError *error)
{
	g_autofree gchar *message = g_strdup_printf("Invalid request: %s", error->message);

	oem_reply_error(req->msg, SOUP_STATUS_BAD_REQUEST, message);
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
	if (session == NULL) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Session not found");
		return FALSE;
	}
	if (session->relayed) {
		oem_reply_error_code(req->msg, SOUP_STATUS_CONFLICT, OEM_ARCHIVES_CODE_RELAYED,
				     "Only routed sessions are allowed to initiate archives.");
		return FALSE;
	}
	/* the service needs someone connected to record */
	if (session->clients->len == 0) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND,
				"No clients are actively connected to the OpenTok session.");
		return FALSE;
	}
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
		oem_archives_reply_invalid(req, error);
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

/* an absent or empty parameter takes @fallback */
static gboolean
oem_archives_read_number(GHashTable *query, const gchar *name, gint64 fallback, gint64 max,
			 gint64 *ret_value, GError **error)
{
	const gchar *text = g_hash_table_lookup(query, name);

	*ret_value = fallback;
	if (text == NULL || text[0] == '\0')
		return TRUE;
	if (!oem_parse_int64(text, ret_value) || *ret_value < 0 || *ret_value > max) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID,
			    "%s must be an integer from 0 to %" G_GINT64_FORMAT, name, max);
		return FALSE;
	}
	return TRUE;
}

static gint
oem_archives_compare_newest_first(gconstpointer a, gconstpointer b)
{
	const OemArchive *x = *(OemArchive *const *)a;
	const OemArchive *y = *(OemArchive *const *)b;

	if (x->created_at != y->created_at)
		return x->created_at > y->created_at ? -1 : 1;
	return x->serial > y->serial ? -1 : (x->serial < y->serial ? 1 : 0);
}

static GPtrArray *
oem_archives_select(OemState *state, const gchar *session_id)
{
	GPtrArray *matching = g_ptr_array_new();

	for (guint i = 0; i < state->archive_list->len; i++) {
		OemArchive *archive = g_ptr_array_index(state->archive_list, i);

		if (session_id == NULL || session_id[0] == '\0' ||
		    g_str_equal(archive->session_id, session_id))
			g_ptr_array_add(matching, archive);
	}
	g_ptr_array_sort(matching, oem_archives_compare_newest_first);
	return matching;
}

static JsonNode *
oem_archives_page_to_json(OemState *state, GPtrArray *matching, gint64 offset, gint64 count)
{
	JsonObject *obj = json_object_new();
	JsonArray *items = json_array_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	for (gint64 i = offset; i < (gint64)matching->len && i < offset + count; i++)
		json_array_add_element(
		    items, oem_archive_to_json(g_ptr_array_index(matching, i), state->api_key));
	json_object_set_int_member(obj, "count", matching->len);
	json_object_set_array_member(obj, "items", items);
	json_node_take_object(node, obj);
	return node;
}

static void
oem_archives_list(OemRequest *req)
{
	const gchar *text = g_uri_get_query(soup_server_message_get_uri(req->msg));
	g_autoptr(GHashTable) query = NULL;
	g_autoptr(GPtrArray) matching = NULL;
	g_autoptr(JsonNode) node = NULL;
	g_autoptr(GError) error = NULL;
	gint64 offset = 0, count = 0;

	/* the form decoder tolerates the empty pairs some SDKs leave in the query */
	query = oem_form_decode(text != NULL ? text : "", text != NULL ? strlen(text) : 0, &error);
	if (query == NULL ||
	    !oem_archives_read_number(query, "offset", 0, G_MAXINT32, &offset, &error) ||
	    !oem_archives_read_number(query, "count", OEM_ARCHIVES_LIST_DEFAULT,
				      OEM_ARCHIVES_LIST_MAX, &count, &error)) {
		oem_archives_reply_invalid(req, error);
		return;
	}
	matching = oem_archives_select(req->state, g_hash_table_lookup(query, "sessionId"));
	node = oem_archives_page_to_json(req->state, matching, offset, count);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
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

static void
oem_archives_set_layout(OemRequest *req)
{
	OemArchive *archive = oem_archives_get_archive(req);
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(OemArchiveLayout) layout = NULL;
	g_autoptr(GError) error = NULL;

	if (archive == NULL)
		return;
	body = oem_request_parse_json_object(req, &error);
	if (body != NULL)
		layout = oem_archive_layout_parse(body, &error);
	if (layout == NULL) {
		oem_archives_reply_invalid(req, error);
		return;
	}
	if (archive->individual) {
		oem_reply_error(req->msg, SOUP_STATUS_BAD_REQUEST,
				"Invalid request: an individual archive has no layout");
		return;
	}
	if (!oem_archive_is_recording(archive)) {
		oem_reply_error(req->msg, SOUP_STATUS_CONFLICT,
				"Conflict. The archive is not recording.");
		return;
	}
	oem_archive_layout_free(archive->layout);
	archive->layout = g_steal_pointer(&layout);
	oem_archive_touch(archive);
	oem_reply_text(req->msg, SOUP_STATUS_OK, "application/json", "{}");
}

typedef struct {
	const gchar *add; /* exactly one of add and remove is set */
	const gchar *remove;
	gboolean has_audio;
	gboolean has_video;
} OemStreamChange;

static gboolean
oem_archives_read_change(JsonObject *body, OemStreamChange *change, GError **error)
{
	JsonNode *add = json_object_get_member(body, "addStream");
	JsonNode *remove = json_object_get_member(body, "removeStream");

	change->has_audio = TRUE;
	change->has_video = TRUE;
	/* a null member counts as absent, as in the start call */
	if (add != NULL && JSON_NODE_HOLDS_NULL(add))
		add = NULL;
	if (remove != NULL && JSON_NODE_HOLDS_NULL(remove))
		remove = NULL;
	if ((add == NULL) == (remove == NULL)) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "exactly one of addStream and removeStream is required");
		return FALSE;
	}
	change->add = oem_json_get_string(body, "addStream");
	change->remove = oem_json_get_string(body, "removeStream");
	if (change->add == NULL && change->remove == NULL) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "%s must be a string",
			    add != NULL ? "addStream" : "removeStream");
		return FALSE;
	}
	if (!oem_archive_read_bool(body, "hasAudio", &change->has_audio, error) ||
	    !oem_archive_read_bool(body, "hasVideo", &change->has_video, error))
		return FALSE;
	if (change->add != NULL && !change->has_audio && !change->has_video) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "hasAudio and hasVideo cannot both be false");
		return FALSE;
	}
	return TRUE;
}

static void
oem_archives_change_streams(OemRequest *req)
{
	OemArchive *archive = oem_archives_get_archive(req);
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GError) error = NULL;
	OemStreamChange change = {NULL};
	OemSession *session;

	if (archive == NULL)
		return;
	body = oem_request_parse_json_object(req, &error);
	if (body == NULL || !oem_archives_read_change(body, &change, &error)) {
		oem_archives_reply_invalid(req, error);
		return;
	}
	if (!archive->manual_streams) {
		oem_reply_error(req->msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
				"The archive uses streamMode auto.");
		return;
	}
	if (!oem_archive_is_recording(archive)) {
		oem_reply_error(req->msg, SOUP_STATUS_CONFLICT,
				"Conflict. The archive is not recording.");
		return;
	}
	/* only a stream published in the session can join; only one in the archive can leave */
	session = oem_state_lookup_session(req->state, archive->session_id);
	if (change.add != NULL && oem_session_lookup_stream(session, change.add, NULL) == NULL) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Stream not found");
		return;
	}
	if (change.remove != NULL && !oem_archive_remove_stream(archive, change.remove)) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Stream not found in the archive");
		return;
	}
	if (change.add != NULL)
		oem_archive_put_stream(archive, change.add, change.has_audio, change.has_video);
	oem_archive_touch(archive);
	oem_reply_empty(req->msg, SOUP_STATUS_NO_CONTENT);
}

void
oem_archives_sync_session(OemState *state, OemSession *session)
{
	for (guint i = 0; i < state->archive_list->len; i++) {
		OemArchive *archive = g_ptr_array_index(state->archive_list, i);

		if (g_str_equal(archive->session_id, session->session_id))
			oem_archive_sync(archive, session);
	}
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
