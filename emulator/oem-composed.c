/*
 * Calls on a running output check in the same order whatever it is: the output named in the
 * path (404, done by the caller), the body (400), then whether the output allows the call
 * (405, 409), then the stream named in the body (404).
 */
#include <string.h>

#include "oem-body.h"
#include "oem-composed.h"
#include "oem-util.h"

#define OEM_COMPOSED_LIST_DEFAULT 50
#define OEM_COMPOSED_LIST_MAX	  1000
/* the code the service puts in its 409 for a relayed session */
#define OEM_COMPOSED_CODE_RELAYED 15008

void
oem_composed_reply_invalid(OemRequest *req, GError *error)
{
	g_autofree gchar *message = g_strdup_printf("Invalid request: %s", error->message);

	oem_reply_error(req->msg, SOUP_STATUS_BAD_REQUEST, message);
}

/* whether @session may start archives or broadcasts (@what); if not, answers why */
gboolean
oem_composed_check_session(OemRequest *req, OemSession *session, const gchar *what)
{
	g_autofree gchar *relayed = NULL;

	if (session == NULL) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Session not found");
		return FALSE;
	}
	if (session->relayed) {
		relayed = g_strdup_printf("Only routed sessions are allowed to initiate %s.", what);
		oem_reply_error_code(req->msg, SOUP_STATUS_CONFLICT, OEM_COMPOSED_CODE_RELAYED,
				     relayed);
		return FALSE;
	}
	/* the service needs someone connected to compose */
	if (session->clients->len == 0) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND,
				"No clients are actively connected to the OpenTok session.");
		return FALSE;
	}
	return TRUE;
}

/* an absent or empty parameter takes @fallback */
static gboolean
oem_composed_read_number(GHashTable *query, const gchar *name, gint64 fallback, gint64 max,
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
oem_composed_compare_newest_first(gconstpointer a, gconstpointer b)
{
	const OemListEntry *x = a;
	const OemListEntry *y = b;

	if (x->created_at != y->created_at)
		return x->created_at > y->created_at ? -1 : 1;
	return x->serial > y->serial ? -1 : (x->serial < y->serial ? 1 : 0);
}

/* keeps the entries of @session_id (all when NULL or empty), newest first */
static void
oem_composed_select(GArray *entries, const gchar *session_id)
{
	if (session_id != NULL && session_id[0] != '\0') {
		for (guint i = entries->len; i > 0; i--) {
			OemListEntry *entry = &g_array_index(entries, OemListEntry, i - 1);

			if (!g_str_equal(entry->session_id, session_id))
				g_array_remove_index(entries, i - 1);
		}
	}
	g_array_sort(entries, oem_composed_compare_newest_first);
}

static JsonNode *
oem_composed_page_to_json(OemRequest *req, GArray *entries, gint64 offset, gint64 count,
			  OemListItemToJson to_json)
{
	JsonObject *obj = json_object_new();
	JsonArray *items = json_array_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	for (gint64 i = offset; i < (gint64)entries->len && i < offset + count; i++)
		json_array_add_element(
		    items, to_json(g_array_index(entries, OemListEntry, i).item, req->state));
	json_object_set_int_member(obj, "count", entries->len);
	json_object_set_array_member(obj, "items", items);
	json_node_take_object(node, obj);
	return node;
}

/* GET …[?offset=N][&count=N][&sessionId=S]: {"count": <total matching>, "items": page} */
void
oem_composed_reply_list(OemRequest *req, GArray *entries, OemListItemToJson to_json)
{
	const gchar *text = g_uri_get_query(soup_server_message_get_uri(req->msg));
	g_autoptr(GHashTable) query = NULL;
	g_autoptr(JsonNode) node = NULL;
	g_autoptr(GError) error = NULL;
	gint64 offset = 0, count = 0;

	/* the form decoder tolerates the empty pairs some SDKs leave in the query */
	query = oem_form_decode(text != NULL ? text : "", text != NULL ? strlen(text) : 0, &error);
	if (query == NULL ||
	    !oem_composed_read_number(query, "offset", 0, G_MAXINT32, &offset, &error) ||
	    !oem_composed_read_number(query, "count", OEM_COMPOSED_LIST_DEFAULT,
				      OEM_COMPOSED_LIST_MAX, &count, &error)) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	oem_composed_select(entries, g_hash_table_lookup(query, "sessionId"));
	node = oem_composed_page_to_json(req, entries, offset, count, to_json);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

static void
oem_composed_touch(OemComposedView *view)
{
	*view->updated_at = MAX(oem_now_ms(), view->created_at);
}

/* PUT …/layout */
void
oem_composed_set_layout(OemRequest *req, OemComposedView *view)
{
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(OemLayout) layout = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *individual = NULL;

	body = oem_request_parse_json_object(req, &error);
	if (body != NULL)
		layout = oem_layout_parse(body, &error);
	if (layout == NULL) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	if (view->layout == NULL) {
		individual =
		    g_strdup_printf("Invalid request: an individual %s has no layout", view->noun);
		oem_reply_error(req->msg, SOUP_STATUS_BAD_REQUEST, individual);
		return;
	}
	if (!view->active) {
		oem_reply_error(req->msg, SOUP_STATUS_CONFLICT, view->inactive);
		return;
	}
	oem_layout_free(*view->layout);
	*view->layout = g_steal_pointer(&layout);
	oem_composed_touch(view);
	oem_reply_text(req->msg, SOUP_STATUS_OK, "application/json", "{}");
}

typedef struct {
	const gchar *add; /* exactly one of add and remove is set */
	const gchar *remove;
	gboolean has_audio;
	gboolean has_video;
} OemStreamChange;

static gboolean
oem_composed_read_change(JsonObject *body, OemStreamChange *change, GError **error)
{
	JsonNode *add = oem_body_get_member(body, "addStream");
	JsonNode *remove = oem_body_get_member(body, "removeStream");

	change->has_audio = TRUE;
	change->has_video = TRUE;
	if ((add == NULL) == (remove == NULL))
		return oem_body_refuse(error,
				       "exactly one of addStream and removeStream is required");
	if (!oem_body_read_string(body, "addStream", &change->add, error) ||
	    !oem_body_read_string(body, "removeStream", &change->remove, error) ||
	    !oem_body_read_bool(body, "hasAudio", &change->has_audio, error) ||
	    !oem_body_read_bool(body, "hasVideo", &change->has_video, error))
		return FALSE;
	if (change->add != NULL && !change->has_audio && !change->has_video)
		return oem_body_refuse(error, "hasAudio and hasVideo cannot both be false");
	return TRUE;
}

/* whether the output allows a stream change at all; if not, answers why */
static gboolean
oem_composed_may_change_streams(OemRequest *req, OemComposedView *view)
{
	g_autofree gchar *automatic = NULL;

	if (!view->manual_streams) {
		automatic = g_strdup_printf("The %s uses streamMode auto.", view->noun);
		oem_reply_error(req->msg, SOUP_STATUS_METHOD_NOT_ALLOWED, automatic);
		return FALSE;
	}
	if (!view->active) {
		oem_reply_error(req->msg, SOUP_STATUS_CONFLICT, view->inactive);
		return FALSE;
	}
	return TRUE;
}

/* PATCH …/streams */
void
oem_composed_change_streams(OemRequest *req, OemComposedView *view)
{
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *missing = NULL;
	OemStreamChange change = {NULL};
	OemSession *session;

	body = oem_request_parse_json_object(req, &error);
	if (body == NULL || !oem_composed_read_change(body, &change, &error)) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	if (!oem_composed_may_change_streams(req, view))
		return;
	/* only a stream published in the session can join; only one in the output can leave */
	session = oem_state_lookup_session(req->state, view->session_id);
	if (change.add != NULL && oem_session_lookup_stream(session, change.add, NULL) == NULL) {
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Stream not found");
		return;
	}
	if (change.remove != NULL && !oem_composition_remove_stream(view->streams, change.remove)) {
		missing = g_strdup_printf("Stream not found in the %s", view->noun);
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, missing);
		return;
	}
	if (change.add != NULL)
		oem_composition_put_stream(view->streams, change.add, change.has_audio,
					   change.has_video);
	oem_composed_touch(view);
	oem_reply_empty(req->msg, SOUP_STATUS_NO_CONTENT);
}
