/*
 * Archives and broadcasts compose a session's streams the same way, so the layout rules and
 * the bookkeeping of which streams are in the output live here once.
 */
#include "oem-body.h"
#include "oem-composition.h"
#include "oem-util.h"

const gchar *const oem_composition_resolutions[] = {
    "640x480", "480x640", "1280x720", "720x1280", "1920x1080", "1080x1920", NULL,
};
const gchar *const oem_composition_stream_modes[] = {"auto", "manual", NULL};

static const gchar *const oem_layout_types[] = {
    "bestFit", "custom", "horizontalPresentation", "pip", "verticalPresentation", NULL,
};
static const gchar *const oem_layout_screenshare_types[] = {
    "bestFit", "pip", "verticalPresentation", "horizontalPresentation", NULL,
};

OemLayout *
oem_layout_new(const gchar *type)
{
	OemLayout *layout = g_new0(OemLayout, 1);

	layout->type = g_strdup(type);
	return layout;
}

void
oem_layout_free(OemLayout *layout)
{
	if (layout == NULL)
		return;
	g_free(layout->type);
	g_free(layout->stylesheet);
	g_free(layout->screenshare_type);
	g_free(layout);
}

OemLayout *
oem_layout_parse(JsonObject *obj, GError **error)
{
	const gchar *type = NULL, *stylesheet = NULL, *screenshare = NULL;
	OemLayout *layout;
	gboolean custom;

	if (!oem_body_read_enum(obj, "type", oem_layout_types, &type, error) ||
	    !oem_body_read_string(obj, "stylesheet", &stylesheet, error) ||
	    !oem_body_read_enum(obj, "screenshareType", oem_layout_screenshare_types, &screenshare,
				error))
		return NULL;
	if (type == NULL) {
		oem_body_refuse(error, "type is required");
		return NULL;
	}
	custom = g_str_equal(type, "custom");
	if (custom && (stylesheet == NULL || stylesheet[0] == '\0')) {
		oem_body_refuse(error, "stylesheet is required with type custom");
		return NULL;
	}
	if (!custom && stylesheet != NULL) {
		oem_body_refuse(error, "stylesheet is only allowed with type custom");
		return NULL;
	}
	if (screenshare != NULL && !g_str_equal(type, "bestFit")) {
		oem_body_refuse(error, "screenshareType is only allowed with type bestFit");
		return NULL;
	}
	layout = oem_layout_new(type);
	layout->stylesheet = g_strdup(stylesheet);
	layout->screenshare_type = g_strdup(screenshare);
	return layout;
}

/* the "layout" member of a start body; absent means bestFit */
gboolean
oem_layout_read_member(JsonObject *body, OemLayout **ret_layout, GError **error)
{
	JsonNode *node = oem_body_get_member(body, "layout");

	if (node == NULL) {
		*ret_layout = oem_layout_new("bestFit");
		return TRUE;
	}
	if (!JSON_NODE_HOLDS_OBJECT(node))
		return oem_body_refuse(error, "layout must be an object");
	*ret_layout = oem_layout_parse(json_node_get_object(node), error);
	if (*ret_layout == NULL) {
		g_prefix_error(error, "layout: ");
		return FALSE;
	}
	return TRUE;
}

JsonObject *
oem_layout_to_json(OemLayout *layout)
{
	JsonObject *obj = json_object_new();

	json_object_set_string_member(obj, "type", layout->type);
	if (layout->stylesheet != NULL)
		json_object_set_string_member(obj, "stylesheet", layout->stylesheet);
	if (layout->screenshare_type != NULL)
		json_object_set_string_member(obj, "screenshareType", layout->screenshare_type);
	return obj;
}

static void
oem_composition_stream_free(OemCompositionStream *stream)
{
	g_free(stream->stream_id);
	g_free(stream);
}

/* of OemCompositionStream, in the order they joined */
GPtrArray *
oem_composition_streams_new(void)
{
	return g_ptr_array_new_with_free_func((GDestroyNotify)oem_composition_stream_free);
}

OemCompositionStream *
oem_composition_lookup_stream(GPtrArray *streams, const gchar *stream_id)
{
	for (guint i = 0; i < streams->len; i++) {
		OemCompositionStream *stream = g_ptr_array_index(streams, i);

		if (g_strcmp0(stream->stream_id, stream_id) == 0)
			return stream;
	}
	return NULL;
}

/* adds the stream, or updates its flags when it is in already */
void
oem_composition_put_stream(GPtrArray *streams, const gchar *stream_id, gboolean has_audio,
			   gboolean has_video)
{
	OemCompositionStream *stream = oem_composition_lookup_stream(streams, stream_id);

	if (stream == NULL) {
		stream = g_new0(OemCompositionStream, 1);
		stream->stream_id = g_strdup(stream_id);
		g_ptr_array_add(streams, stream);
	}
	stream->has_audio = has_audio;
	stream->has_video = has_video;
}

gboolean
oem_composition_remove_stream(GPtrArray *streams, const gchar *stream_id)
{
	OemCompositionStream *stream = oem_composition_lookup_stream(streams, stream_id);

	return stream != NULL && g_ptr_array_remove(streams, stream);
}

/* drops the streams that left @session; unless @manual adds the new ones with the output's
 * flags. The number of streams published in @session */
guint
oem_composition_sync_streams(GPtrArray *streams, OemSession *session, gboolean manual,
			     gboolean has_audio, gboolean has_video)
{
	guint published = 0;

	for (guint i = streams->len; i > 0; i--) {
		OemCompositionStream *stream = g_ptr_array_index(streams, i - 1);

		if (oem_session_lookup_stream(session, stream->stream_id, NULL) == NULL)
			g_ptr_array_remove_index(streams, i - 1);
	}
	for (guint i = 0; i < session->clients->len; i++) {
		OemClient *client = g_ptr_array_index(session->clients, i);

		for (guint j = 0; j < client->streams->len; j++) {
			OemStream *stream = g_ptr_array_index(client->streams, j);

			published++;
			if (!manual &&
			    oem_composition_lookup_stream(streams, stream->stream_id) == NULL)
				oem_composition_put_stream(streams, stream->stream_id, has_audio,
							   has_video);
		}
	}
	return published;
}

JsonArray *
oem_composition_streams_to_json(GPtrArray *streams)
{
	JsonArray *array = json_array_sized_new(streams->len);

	for (guint i = 0; i < streams->len; i++) {
		OemCompositionStream *stream = g_ptr_array_index(streams, i);
		JsonObject *item = json_object_new();

		json_object_set_string_member(item, "streamId", stream->stream_id);
		json_object_set_boolean_member(item, "hasAudio", stream->has_audio);
		json_object_set_boolean_member(item, "hasVideo", stream->has_video);
		json_array_add_object_element(array, item);
	}
	return array;
}

/* the service gives the project key as a number; keys that are not numbers stay strings */
void
oem_composition_set_key_member(JsonObject *obj, const gchar *name, const gchar *api_key)
{
	gint64 number = 0;

	if (oem_parse_int64(api_key, &number) && number >= 0)
		json_object_set_int_member(obj, name, number);
	else
		json_object_set_string_member(obj, name, api_key);
}
