/* the audio connector's options and rules */
#include "config.h"

#include <string.h>

#include "otd-audio-connector.h"

static const gchar *const otd_ws_schemes[] = {"ws", "wss", NULL};

static gboolean
otd_audio_connector_check_rate(const gchar *key, GVariant *value, GError **error)
{
	gint64 rate = 0;
	otd_variant_get_int64(value, &rate);
	if (rate != 8000 && rate != 16000) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s': must be 8000 or 16000", key);
		return FALSE;
	}
	return TRUE;
}

static gboolean
otd_audio_connector_check_headers(const gchar *key, GVariant *value, GError **error)
{
	GVariantIter iter;
	const gchar *k, *v;
	gsize total = 0;

	g_variant_iter_init(&iter, value);
	while (g_variant_iter_next(&iter, "{&s&s}", &k, &v))
		total += strlen(k) + strlen(v);
	if (total > OTD_AUDIO_CONNECTOR_MAX_HEADERS) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s': %" G_GSIZE_FORMAT
			    " bytes of names and values, at most %u",
			    key, total, OTD_AUDIO_CONNECTOR_MAX_HEADERS);
		return FALSE;
	}
	return TRUE;
}

static gboolean
otd_audio_connector_check_streams(const gchar *key, GVariant *value, GError **error)
{
	g_autofree const gchar **ids = g_variant_get_strv(value, NULL);
	for (guint i = 0; ids[i] != NULL; i++) {
		if (!otd_plugin_check_id(key, ids[i], error))
			return FALSE;
	}
	return TRUE;
}

static const OtdOption otd_audio_connector_options[] = {
    {"streams", OTD_OPTION_STRV, NULL, NULL, 0, 0, otd_audio_connector_check_streams},
    {"headers", OTD_OPTION_STRING_MAP, NULL, NULL, 0, 0, otd_audio_connector_check_headers},
    {"audio_rate", OTD_OPTION_INT, NULL, NULL, 0, 0, otd_audio_connector_check_rate},
    {"bidirectional", OTD_OPTION_BOOL},
    {NULL},
};

JsonObject *
otd_audio_connector_body(const gchar *session_id, const gchar *token, const gchar *uri,
			 GVariant *options, GError **error)
{
	g_autoptr(JsonObject) opts = NULL;
	JsonObject *websocket, *body;
	JsonObjectIter iter;
	const gchar *key;
	JsonNode *node;

	if (!otd_plugin_check_url("uri", uri, otd_ws_schemes, 6, 2048, error))
		return NULL;
	opts = otd_options_to_json(otd_audio_connector_options, options, error);
	if (opts == NULL)
		return NULL;
	websocket = json_object_new();
	json_object_set_string_member(websocket, "uri", uri);
	json_object_iter_init_ordered(&iter, opts);
	while (json_object_iter_next_ordered(&iter, &key, &node))
		json_object_set_member(websocket, key, json_node_ref(node));
	body = json_object_new();
	json_object_set_string_member(body, "sessionId", session_id);
	json_object_set_string_member(body, "token", token);
	json_object_set_object_member(body, "websocket", websocket);
	return body;
}
