/*
 * Calls check in the same order: the form of the stream id in the path (400), the session
 * (404), the body (400), then the streams named (404 in the path; 400 in a body, since the
 * service refuses the whole request). The streams are those the simulated clients publish.
 */
#include "oem-body.h"
#include "oem-composed.h"
#include "oem-sessions.h"
#include "oem-streams.h"
#include "oem-util.h"

/* the service's shape, which has no muted state: the control API shows that */
static JsonNode *
oem_streams_stream_to_json(OemStream *stream)
{
	JsonObject *obj = json_object_new();
	JsonArray *classes = json_array_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	json_object_set_string_member(obj, "id", stream->stream_id);
	json_object_set_string_member(obj, "videoType", stream->video_type);
	json_object_set_string_member(obj, "name", stream->name);
	for (guint i = 0; stream->layout_class_list[i] != NULL; i++)
		json_array_add_string_element(classes, stream->layout_class_list[i]);
	json_object_set_array_member(obj, "layoutClassList", classes);
	json_node_take_object(node, obj);
	return node;
}

/* the mute calls answer 200 with an empty object */
static void
oem_streams_reply_done(OemRequest *req)
{
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);

	json_node_take_object(node, json_object_new());
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

/* the stream named in the path; answers and gives NULL when there is none */
static OemStream *
oem_streams_get_stream(OemRequest *req)
{
	const gchar *stream_id = oem_request_get_param(req, "stream");
	OemSession *session;
	OemStream *stream;

	/* the service says 408 "invalid stream ID"; a 408 would make HTTP clients retry */
	if (!g_uuid_string_is_valid(stream_id)) {
		oem_reply_error(req->msg, SOUP_STATUS_BAD_REQUEST, "Invalid stream ID");
		return NULL;
	}
	session = oem_sessions_from_path(req);
	if (session == NULL)
		return NULL;
	stream = oem_session_lookup_stream(session, stream_id, NULL);
	if (stream == NULL)
		oem_reply_error(req->msg, SOUP_STATUS_NOT_FOUND, "Stream not found");
	return stream;
}

static void
oem_streams_get(OemRequest *req)
{
	OemStream *stream = oem_streams_get_stream(req);
	g_autoptr(JsonNode) node = NULL;

	if (stream == NULL)
		return;
	node = oem_streams_stream_to_json(stream);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

/* every published stream, by client in joining order, then in publishing order */
static void
oem_streams_list(OemRequest *req)
{
	OemSession *session = oem_sessions_from_path(req);
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
	JsonObject *obj;
	JsonArray *items;

	if (session == NULL)
		return;
	obj = json_object_new();
	items = json_array_new();
	for (guint i = 0; i < session->clients->len; i++) {
		OemClient *client = g_ptr_array_index(session->clients, i);

		for (guint j = 0; j < client->streams->len; j++)
			json_array_add_element(items, oem_streams_stream_to_json(
							  g_ptr_array_index(client->streams, j)));
	}
	json_object_set_int_member(obj, "count", json_array_get_length(items));
	json_object_set_array_member(obj, "items", items);
	json_node_take_object(node, obj);
	oem_reply_json(req->msg, SOUP_STATUS_OK, node);
}

/* one item of a PUT …/stream, checked before anything changes */
typedef struct {
	OemStream *stream; /* not owned */
	GStrv classes;
} OemStreamsChange;

static void
oem_streams_change_free(OemStreamsChange *change)
{
	g_strfreev(change->classes);
	g_free(change);
}

static OemStreamsChange *
oem_streams_read_item(OemSession *session, JsonNode *item, GError **error)
{
	g_auto(GStrv) classes = NULL;
	const gchar *id = NULL;
	OemStreamsChange *change;
	JsonObject *obj;

	if (!JSON_NODE_HOLDS_OBJECT(item)) {
		oem_body_refuse(error, "must be an object");
		return NULL;
	}
	obj = json_node_get_object(item);
	if (!oem_body_read_string(obj, "id", &id, error) ||
	    !oem_body_read_strv(obj, "layoutClassList", &classes, error))
		return NULL;
	if (id == NULL || classes == NULL) {
		oem_body_refuse(error, "id and layoutClassList are required");
		return NULL;
	}
	change = g_new0(OemStreamsChange, 1);
	change->stream = oem_session_lookup_stream(session, id, NULL);
	change->classes = g_steal_pointer(&classes);
	if (change->stream == NULL) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID,
			    "stream %s is not published in the session", id);
		oem_streams_change_free(change);
		return NULL;
	}
	return change;
}

static GPtrArray *
oem_streams_read_changes(OemSession *session, JsonObject *body, GError **error)
{
	JsonNode *items = oem_body_get_member(body, "items");
	g_autoptr(GPtrArray) changes =
	    g_ptr_array_new_with_free_func((GDestroyNotify)oem_streams_change_free);
	JsonArray *array;

	if (items == NULL || !JSON_NODE_HOLDS_ARRAY(items) ||
	    json_array_get_length(json_node_get_array(items)) == 0) {
		oem_body_refuse(error, "items must be a non-empty array");
		return NULL;
	}
	array = json_node_get_array(items);
	for (guint i = 0; i < json_array_get_length(array); i++) {
		OemStreamsChange *change =
		    oem_streams_read_item(session, json_array_get_element(array, i), error);

		if (change == NULL) {
			g_prefix_error(error, "items[%u]: ", i);
			return NULL;
		}
		g_ptr_array_add(changes, change);
	}
	return g_steal_pointer(&changes);
}

/* PUT …/stream: all the changes or none; a stream named twice gets the last list */
static void
oem_streams_set_class_lists(OemRequest *req)
{
	OemSession *session = oem_sessions_from_path(req);
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GPtrArray) changes = NULL;
	g_autoptr(GError) error = NULL;

	if (session == NULL)
		return;
	body = oem_request_parse_json_object(req, &error);
	if (body != NULL)
		changes = oem_streams_read_changes(session, body, &error);
	if (changes == NULL) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	for (guint i = 0; i < changes->len; i++) {
		OemStreamsChange *change = g_ptr_array_index(changes, i);

		g_strfreev(change->stream->layout_class_list);
		change->stream->layout_class_list = g_steal_pointer(&change->classes);
	}
	oem_streams_reply_done(req);
}

/* POST …/stream/{ST}/mute: any body is ignored (Java sends none, Node {}) */
static void
oem_streams_mute(OemRequest *req)
{
	OemStream *stream = oem_streams_get_stream(req);

	if (stream == NULL)
		return;
	stream->muted = TRUE;
	g_debug("muted stream %s", stream->stream_id);
	oem_streams_reply_done(req);
}

static gboolean
oem_streams_read_mute_all(JsonObject *body, gboolean *ret_active, GStrv *ret_excluded,
			  GError **error)
{
	JsonNode *active = oem_body_get_member(body, "active");

	/* Ruby sends "true" and "false" as strings: the documentation asks for a boolean */
	if (active == NULL || !oem_body_node_has_type(active, G_TYPE_BOOLEAN))
		return oem_body_refuse(error, "active must be a boolean");
	*ret_active = json_node_get_boolean(active);
	/* Ruby and Python send "excludedStreams", unknown and so ignored, as the service does */
	return oem_body_read_strv(body, "excludedStreamIds", ret_excluded, error);
}

/* POST …/mute: on, it mutes what is published and what will be, but the excluded streams;
 * off, it only stops muting new streams */
static void
oem_streams_mute_all(OemRequest *req)
{
	OemSession *session = oem_sessions_from_path(req);
	g_autoptr(JsonObject) body = NULL;
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) excluded = NULL;
	gboolean active = FALSE;

	if (session == NULL)
		return;
	body = oem_request_parse_json_object(req, &error);
	if (body == NULL || !oem_streams_read_mute_all(body, &active, &excluded, &error)) {
		oem_composed_reply_invalid(req, error);
		return;
	}
	oem_session_set_force_mute(session, active, excluded);
	for (guint i = 0; i < session->clients->len; i++) {
		OemClient *client = g_ptr_array_index(session->clients, i);

		for (guint j = 0; j < client->streams->len; j++) {
			OemStream *stream = g_ptr_array_index(client->streams, j);

			if (oem_session_force_mutes(session, stream->stream_id))
				stream->muted = TRUE;
		}
	}
	g_debug("session-wide mute of %s %s", session->session_id, active ? "on" : "off");
	oem_streams_reply_done(req);
}

void
oem_streams_register(OemRouter *api)
{
	const gchar *streams = "/v2/project/{project}/session/{session}/stream";
	const gchar *stream = "/v2/project/{project}/session/{session}/stream/{stream}";

	oem_router_add(api, "GET", streams, oem_streams_list);
	oem_router_add(api, "PUT", streams, oem_streams_set_class_lists);
	oem_router_add(api, "GET", stream, oem_streams_get);
	oem_router_add(api, "POST", "/v2/project/{project}/session/{session}/stream/{stream}/mute",
		       oem_streams_mute);
	oem_router_add(api, "POST", "/v2/project/{project}/session/{session}/mute",
		       oem_streams_mute_all);
}
