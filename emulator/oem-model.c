/*
 * Plain structs rather than GObjects: everything lives on the one main loop and is owned by
 * its parent, so reference counting would only hide who frees what.
 */
#include "oem-model.h"
#include "oem-util.h"

OemStream *
oem_stream_new(const gchar *video_type, const gchar *name, GStrv layout_class_list)
{
	OemStream *stream = g_new0(OemStream, 1);

	stream->stream_id = g_uuid_string_random();
	stream->video_type = g_strdup(video_type);
	stream->name = g_strdup(name != NULL ? name : "");
	stream->layout_class_list = g_strdupv(layout_class_list);
	if (stream->layout_class_list == NULL)
		stream->layout_class_list = g_new0(gchar *, 1);
	stream->has_video = TRUE;
	return stream;
}

void
oem_stream_free(OemStream *stream)
{
	if (stream == NULL)
		return;
	g_free(stream->stream_id);
	g_free(stream->video_type);
	g_free(stream->name);
	g_strfreev(stream->layout_class_list);
	g_free(stream);
}

JsonNode *
oem_stream_to_json(OemStream *stream)
{
	JsonObject *obj = json_object_new();
	JsonArray *classes = json_array_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	json_object_set_string_member(obj, "streamId", stream->stream_id);
	json_object_set_string_member(obj, "videoType", stream->video_type);
	json_object_set_string_member(obj, "name", stream->name);
	for (guint i = 0; stream->layout_class_list[i] != NULL; i++)
		json_array_add_string_element(classes, stream->layout_class_list[i]);
	json_object_set_array_member(obj, "layoutClassList", classes);
	json_object_set_boolean_member(obj, "muted", stream->muted);
	json_object_set_boolean_member(obj, "hasVideo", stream->has_video);
	json_node_take_object(node, obj);
	return node;
}

OemClient *
oem_client_new(const gchar *role, const gchar *data, const gchar *initial_layout)
{
	OemClient *client = g_new0(OemClient, 1);

	client->connection_id = g_uuid_string_random();
	client->role = g_strdup(role);
	client->data = g_strdup(data != NULL ? data : "");
	client->initial_layout = g_strdup(initial_layout != NULL ? initial_layout : "");
	client->created_at = oem_now_ms();
	client->streams = g_ptr_array_new_with_free_func((GDestroyNotify)oem_stream_free);
	client->signals = g_ptr_array_new_with_free_func((GDestroyNotify)json_node_unref);
	client->dtmf = g_ptr_array_new_with_free_func(g_free);
	return client;
}

void
oem_client_free(OemClient *client)
{
	if (client == NULL)
		return;
	g_free(client->connection_id);
	g_free(client->role);
	g_free(client->data);
	g_free(client->initial_layout);
	g_ptr_array_unref(client->streams);
	g_ptr_array_unref(client->signals);
	g_ptr_array_unref(client->dtmf);
	if (client->extra != NULL)
		json_object_unref(client->extra);
	g_free(client);
}

OemStream *
oem_client_lookup_stream(OemClient *client, const gchar *stream_id)
{
	for (guint i = 0; i < client->streams->len; i++) {
		OemStream *stream = g_ptr_array_index(client->streams, i);

		if (g_strcmp0(stream->stream_id, stream_id) == 0)
			return stream;
	}
	return NULL;
}

gboolean
oem_client_remove_stream(OemClient *client, const gchar *stream_id)
{
	OemStream *stream = oem_client_lookup_stream(client, stream_id);

	return stream != NULL && g_ptr_array_remove(client->streams, stream);
}

void
oem_client_add_signal(OemClient *client, const gchar *type, const gchar *data)
{
	JsonObject *obj = json_object_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	json_object_set_string_member(obj, "type", type != NULL ? type : "");
	json_object_set_string_member(obj, "data", data != NULL ? data : "");
	json_node_take_object(node, obj);
	g_ptr_array_add(client->signals, node);
}

void
oem_client_add_dtmf(OemClient *client, const gchar *digits)
{
	g_ptr_array_add(client->dtmf, g_strdup(digits));
}

static void
oem_client_add_streams_member(OemClient *client, JsonObject *obj)
{
	JsonArray *streams = json_array_sized_new(client->streams->len);

	for (guint i = 0; i < client->streams->len; i++)
		json_array_add_element(streams,
				       oem_stream_to_json(g_ptr_array_index(client->streams, i)));
	json_object_set_array_member(obj, "streams", streams);
}

static void
oem_client_add_extra_members(OemClient *client, JsonObject *obj)
{
	g_autoptr(GList) names = NULL;

	if (client->extra == NULL)
		return;
	names = json_object_get_members(client->extra);
	for (GList *l = names; l != NULL; l = l->next)
		json_object_set_member(
		    obj, l->data, json_node_copy(json_object_get_member(client->extra, l->data)));
}

JsonNode *
oem_client_to_json(OemClient *client)
{
	JsonObject *obj = json_object_new();
	JsonArray *signals = json_array_sized_new(client->signals->len);
	JsonArray *dtmf = json_array_sized_new(client->dtmf->len);
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	json_object_set_string_member(obj, "connectionId", client->connection_id);
	json_object_set_string_member(obj, "role", client->role);
	json_object_set_string_member(obj, "data", client->data);
	json_object_set_string_member(obj, "initialLayoutClassList", client->initial_layout);
	json_object_set_int_member(obj, "createdAt", client->created_at);
	oem_client_add_streams_member(client, obj);
	for (guint i = 0; i < client->signals->len; i++)
		json_array_add_element(signals,
				       json_node_copy(g_ptr_array_index(client->signals, i)));
	json_object_set_array_member(obj, "signals", signals);
	for (guint i = 0; i < client->dtmf->len; i++)
		json_array_add_string_element(dtmf, g_ptr_array_index(client->dtmf, i));
	json_object_set_array_member(obj, "dtmf", dtmf);
	oem_client_add_extra_members(client, obj);
	json_node_take_object(node, obj);
	return node;
}

OemSession *
oem_session_new(const gchar *session_id)
{
	OemSession *session = g_new0(OemSession, 1);

	session->session_id = g_strdup(session_id);
	session->archive_mode = g_strdup("manual");
	session->location = g_strdup("");
	session->created_at = oem_now_ms();
	session->clients = g_ptr_array_new_with_free_func((GDestroyNotify)oem_client_free);
	session->force_mute_excluded = g_new0(gchar *, 1);
	return session;
}

void
oem_session_free(OemSession *session)
{
	if (session == NULL)
		return;
	g_free(session->session_id);
	g_free(session->archive_mode);
	g_free(session->archive_name);
	g_free(session->archive_resolution);
	g_free(session->location);
	g_ptr_array_unref(session->clients);
	g_strfreev(session->force_mute_excluded);
	g_free(session);
}

OemClient *
oem_session_lookup_client(OemSession *session, const gchar *connection_id)
{
	for (guint i = 0; i < session->clients->len; i++) {
		OemClient *client = g_ptr_array_index(session->clients, i);

		if (g_strcmp0(client->connection_id, connection_id) == 0)
			return client;
	}
	return NULL;
}

gboolean
oem_session_remove_client(OemSession *session, const gchar *connection_id)
{
	OemClient *client = oem_session_lookup_client(session, connection_id);

	return client != NULL && g_ptr_array_remove(session->clients, client);
}

OemStream *
oem_session_lookup_stream(OemSession *session, const gchar *stream_id, OemClient **ret_client)
{
	for (guint i = 0; i < session->clients->len; i++) {
		OemClient *client = g_ptr_array_index(session->clients, i);
		OemStream *stream = oem_client_lookup_stream(client, stream_id);

		if (stream == NULL)
			continue;
		if (ret_client != NULL)
			*ret_client = client;
		return stream;
	}
	return NULL;
}

/* the session-wide mute state; turning it off forgets the exclusions, not who was muted */
void
oem_session_set_force_mute(OemSession *session, gboolean active, GStrv excluded)
{
	g_strfreev(session->force_mute_excluded);
	session->force_mute_active = active;
	session->force_mute_excluded =
	    active && excluded != NULL ? g_strdupv(excluded) : g_new0(gchar *, 1);
}

/* whether the session-wide mute covers @stream_id: it is muted, now or when published */
gboolean
oem_session_force_mutes(OemSession *session, const gchar *stream_id)
{
	return session->force_mute_active &&
	       !g_strv_contains((const gchar *const *)session->force_mute_excluded, stream_id);
}

static JsonArray *
oem_strv_to_json(GStrv strv)
{
	JsonArray *array = json_array_new();

	for (guint i = 0; strv[i] != NULL; i++)
		json_array_add_string_element(array, strv[i]);
	return array;
}

JsonNode *
oem_session_to_json(OemSession *session)
{
	JsonObject *obj = json_object_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	json_object_set_string_member(obj, "sessionId", session->session_id);
	json_object_set_string_member(obj, "mediaMode", session->relayed ? "relayed" : "routed");
	json_object_set_string_member(obj, "archiveMode", session->archive_mode);
	if (session->archive_name != NULL)
		json_object_set_string_member(obj, "archiveName", session->archive_name);
	if (session->archive_resolution != NULL)
		json_object_set_string_member(obj, "archiveResolution",
					      session->archive_resolution);
	json_object_set_boolean_member(obj, "e2ee", session->e2ee);
	json_object_set_string_member(obj, "location", session->location);
	json_object_set_int_member(obj, "createdAt", session->created_at);
	json_object_set_int_member(obj, "clientCount", session->clients->len);
	json_object_set_boolean_member(obj, "forceMuteActive", session->force_mute_active);
	json_object_set_array_member(obj, "forceMuteExcluded",
				     oem_strv_to_json(session->force_mute_excluded));
	json_node_take_object(node, obj);
	return node;
}
