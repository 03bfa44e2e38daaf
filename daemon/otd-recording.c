/* rules shared by the archives and broadcasts plugins */
#include "config.h"

#include "otd-error.h"
#include "otd-recording.h"

static const gchar *const otd_layout_types[] = {"bestFit", "custom", "horizontalPresentation",
						"pip", "verticalPresentation", NULL};
static const gchar *const otd_screenshare_types[] = {"bestFit", "pip", "verticalPresentation",
						     "horizontalPresentation", NULL};

const gchar *const otd_resolutions[] = {"640x480",   "480x640",	  "1280x720", "720x1280",
					"1920x1080", "1080x1920", NULL};

const OtdOption otd_layout_options[] = {
    {"type", OTD_OPTION_STRING, NULL, otd_layout_types},
    {"stylesheet", OTD_OPTION_STRING, NULL, NULL, 1, 100000},
    {"screenshare_type", OTD_OPTION_STRING, NULL, otd_screenshare_types},
    {NULL},
};

gboolean
otd_layout_check(JsonObject *layout, const gchar *key, GError **error)
{
	const gchar *type = json_object_get_string_member_with_default(layout, "type", NULL);
	gboolean custom = g_strcmp0(type, "custom") == 0;

	if (type == NULL) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s.type': a layout needs a type", key);
		return FALSE;
	}
	if (custom && !json_object_has_member(layout, "stylesheet")) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s.stylesheet': required with type 'custom'", key);
		return FALSE;
	}
	if (!custom && json_object_has_member(layout, "stylesheet")) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s.stylesheet': only allowed with type 'custom'", key);
		return FALSE;
	}
	if (json_object_has_member(layout, "screenshareType") && g_strcmp0(type, "bestFit") != 0) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s.screenshare_type': only allowed with type 'bestFit'",
			    key);
		return FALSE;
	}
	return TRUE;
}

JsonObject *
otd_recording_start_body(const gchar *session_id, JsonObject *options)
{
	return otd_recording_token_body(session_id, NULL, options);
}

JsonObject *
otd_recording_token_body(const gchar *session_id, const gchar *token, JsonObject *options)
{
	JsonObject *body = json_object_new();
	JsonObjectIter iter;
	const gchar *key;
	JsonNode *node;

	json_object_set_string_member(body, "sessionId", session_id);
	if (token != NULL)
		json_object_set_string_member(body, "token", token);
	json_object_iter_init_ordered(&iter, options);
	while (json_object_iter_next_ordered(&iter, &key, &node))
		json_object_set_member(body, key, json_node_ref(node));
	return body;
}

gboolean
otd_recording_check_media(JsonObject *body, const gchar *what, GError **error)
{
	if (json_object_has_member(body, "hasAudio") && json_object_has_member(body, "hasVideo") &&
	    !json_object_get_boolean_member(body, "hasAudio") &&
	    !json_object_get_boolean_member(body, "hasVideo")) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid options 'has_audio' and 'has_video': %s needs audio or video",
			    what);
		return FALSE;
	}
	return TRUE;
}

JsonObject *
otd_recording_layout_body(GVariant *layout, GError **error)
{
	g_autoptr(JsonObject) body = otd_options_to_json(otd_layout_options, layout, error);

	if (body == NULL || !otd_layout_check(body, "layout", error))
		return NULL;
	return g_steal_pointer(&body);
}

static gboolean
otd_recording_check_id(const gchar *key, GVariant *value, GError **error)
{
	const gchar *id = g_variant_get_string(value, NULL);
	for (const gchar *p = id; *p != '\0'; p++) {
		if (*p <= ' ' || *p >= 0x7f) {
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option '%s': only printable ASCII without spaces", key);
			return FALSE;
		}
	}
	return TRUE;
}

static const OtdOption otd_list_filter_options[] = {
    {"offset", OTD_OPTION_INT, NULL, NULL, 0, G_MAXINT32},
    {"count", OTD_OPTION_INT, NULL, NULL, 0, 1000},
    {"session_id", OTD_OPTION_STRING, NULL, NULL, 1, 256, otd_recording_check_id},
    {NULL},
};

gchar *
otd_recording_list_query(GVariant *filter, GError **error)
{
	g_autoptr(JsonObject) f = otd_options_to_json(otd_list_filter_options, filter, error);
	GString *query;

	if (f == NULL)
		return NULL;
	query = g_string_new(NULL);
	if (json_object_has_member(f, "offset"))
		g_string_append_printf(query, "&offset=%" G_GINT64_FORMAT,
				       json_object_get_int_member(f, "offset"));
	if (json_object_has_member(f, "count"))
		g_string_append_printf(query, "&count=%" G_GINT64_FORMAT,
				       json_object_get_int_member(f, "count"));
	if (json_object_has_member(f, "sessionId")) {
		g_string_append(query, "&sessionId=");
		g_string_append_uri_escaped(query, json_object_get_string_member(f, "sessionId"),
					    NULL, FALSE);
	}
	if (query->len > 0)
		query->str[0] = '?';
	return g_string_free(query, FALSE);
}

static const OtdOption otd_stream_options[] = {
    {"has_audio", OTD_OPTION_BOOL},
    {"has_video", OTD_OPTION_BOOL},
    {NULL},
};

JsonObject *
otd_recording_stream_body(const gchar *stream_id, GVariant *options, GError **error)
{
	g_autoptr(JsonObject) body = NULL;

	if (options == NULL) {
		body = json_object_new();
		json_object_set_string_member(body, "removeStream", stream_id);
		return g_steal_pointer(&body);
	}
	body = otd_options_to_json(otd_stream_options, options, error);
	if (body == NULL)
		return NULL;
	if (!otd_recording_check_media(body, "a stream", error))
		return NULL;
	/* addStream first, as the API documents it */
	{
		g_autoptr(JsonObject) ordered = json_object_new();
		json_object_set_string_member(ordered, "addStream", stream_id);
		if (json_object_has_member(body, "hasAudio"))
			json_object_set_boolean_member(ordered, "hasAudio",
						       json_object_get_boolean_member(body,
										      "hasAudio"));
		if (json_object_has_member(body, "hasVideo"))
			json_object_set_boolean_member(ordered, "hasVideo",
						       json_object_get_boolean_member(body,
										      "hasVideo"));
		return g_steal_pointer(&ordered);
	}
}
