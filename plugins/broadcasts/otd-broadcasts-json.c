/* Start's options, the rules between them, and the two forms of broadcastUrls.rtmp */
#include "config.h"

#include <string.h>

#include "otd-broadcasts.h"

#define OTD_BROADCASTS_MAX_RTMP 5

static const gchar *const otd_stream_modes[] = {"auto", "manual", NULL};

static gboolean
otd_broadcasts_check_rtmp_url(const gchar *key, GVariant *value, GError **error)
{
	const gchar *url = g_variant_get_string(value, NULL);
	g_autoptr(GUri) uri = g_uri_parse(url, G_URI_FLAGS_NONE, NULL);

	if (uri == NULL ||
	    (g_strcmp0(g_uri_get_scheme(uri), "rtmp") != 0 &&
	     g_strcmp0(g_uri_get_scheme(uri), "rtmps") != 0) ||
	    g_uri_get_host(uri) == NULL || g_uri_get_host(uri)[0] == '\0') {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s': must be an rtmp:// or rtmps:// URL", key);
		return FALSE;
	}
	return TRUE;
}

static const OtdOption otd_hls_options[] = {
    {"dvr", OTD_OPTION_BOOL},
    {"low_latency", OTD_OPTION_BOOL},
    {NULL},
};

static const OtdOption otd_rtmp_options[] = {
    {"id", OTD_OPTION_STRING, NULL, NULL, 1, 256},
    {"server_url", OTD_OPTION_STRING, NULL, NULL, 1, 2048, otd_broadcasts_check_rtmp_url},
    {"stream_name", OTD_OPTION_STRING, NULL, NULL, 1, 2048},
    {NULL},
};

static const OtdOption otd_outputs_options[] = {
    {"hls", OTD_OPTION_DICT, NULL, NULL, 0, 0, NULL, otd_hls_options},
    {"rtmp", OTD_OPTION_DICT_ARRAY, NULL, NULL, 0, OTD_BROADCASTS_MAX_RTMP, NULL,
     otd_rtmp_options},
    {NULL},
};

static const OtdOption otd_broadcasts_start_options[] = {
    {"outputs", OTD_OPTION_DICT, NULL, NULL, 0, 0, NULL, otd_outputs_options},
    {"layout", OTD_OPTION_DICT, NULL, NULL, 0, 0, NULL, otd_layout_options},
    {"max_duration", OTD_OPTION_INT, NULL, NULL, 60, 36000},
    {"max_bitrate", OTD_OPTION_INT, NULL, NULL, 100000, 6000000},
    {"resolution", OTD_OPTION_STRING, NULL, otd_resolutions},
    {"stream_mode", OTD_OPTION_STRING, NULL, otd_stream_modes},
    {"multi_broadcast_tag", OTD_OPTION_STRING, NULL, NULL, 1, 256},
    {"has_audio", OTD_OPTION_BOOL},
    {"has_video", OTD_OPTION_BOOL},
    {NULL},
};

static gboolean
otd_broadcasts_refuse(const gchar *message, GError **error)
{
	g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS, message);
	return FALSE;
}

static gboolean
otd_broadcasts_check_outputs(JsonObject *outputs, GError **error)
{
	JsonObject *hls = otd_json_get_object(outputs, "hls");
	JsonArray *rtmp = otd_json_get_array(outputs, "rtmp");
	g_autoptr(GHashTable) ids = g_hash_table_new(g_str_hash, g_str_equal);

	if (hls == NULL && (rtmp == NULL || json_array_get_length(rtmp) == 0))
		return otd_broadcasts_refuse("invalid option 'outputs': needs 'hls' or at least "
					     "one 'rtmp' target",
					     error);
	if (hls != NULL && json_object_get_boolean_member_with_default(hls, "dvr", FALSE) &&
	    json_object_get_boolean_member_with_default(hls, "lowLatency", FALSE))
		return otd_broadcasts_refuse("invalid option 'outputs.hls.low_latency': not "
					     "together with 'dvr'",
					     error);
	for (guint i = 0; rtmp != NULL && i < json_array_get_length(rtmp); i++) {
		JsonObject *target = json_array_get_object_element(rtmp, i);
		const gchar *id = json_object_get_string_member_with_default(target, "id", NULL);
		if (!json_object_has_member(target, "serverUrl") ||
		    !json_object_has_member(target, "streamName")) {
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option 'outputs.rtmp[%u]': needs 'server_url' and "
				    "'stream_name'",
				    i);
			return FALSE;
		}
		if (id != NULL && !g_hash_table_add(ids, (gpointer)id)) {
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option 'outputs.rtmp[%u].id': '%s' is used twice", i,
				    id);
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean
otd_broadcasts_check_start(JsonObject *body, GError **error)
{
	JsonObject *outputs = otd_json_get_object(body, "outputs");

	if (outputs == NULL)
		return otd_broadcasts_refuse("missing option 'outputs': a broadcast needs HLS or "
					     "RTMP outputs",
					     error);
	if (!otd_broadcasts_check_outputs(outputs, error))
		return FALSE;
	if (!otd_recording_check_media(body, "a broadcast", error))
		return FALSE;
	if (json_object_has_member(body, "layout") &&
	    !otd_layout_check(json_object_get_object_member(body, "layout"), "layout", error))
		return FALSE;
	return TRUE;
}

JsonObject *
otd_broadcasts_start_body(const gchar *session_id, GVariant *options, GError **error)
{
	g_autoptr(JsonObject) opts =
	    otd_options_to_json(otd_broadcasts_start_options, options, error);

	if (opts == NULL || !otd_broadcasts_check_start(opts, error))
		return NULL;
	return otd_recording_start_body(session_id, opts);
}

void
otd_broadcasts_fixup(OtdJsonDoc *doc, OtdJsonVal *broadcast)
{
	OtdJsonVal *rtmp = otd_json_val_get(otd_json_val_get(broadcast, "broadcastUrls"), "rtmp");
	OtdJsonVal *array;
	guint n = 0;

	if (rtmp == NULL || rtmp->type != OTD_JSON_OBJECT)
		return;
	array = otd_json_doc_alloc(doc, MAX(rtmp->n, 1) * sizeof(OtdJsonVal));
	for (guint i = 0; i < rtmp->n; i++) {
		const OtdJsonVal *target = &rtmp->members[i].value;
		OtdJsonVal *element = &array[n];
		if (target->type != OTD_JSON_OBJECT)
			continue;
		n++;
		element->type = OTD_JSON_OBJECT;
		element->members =
		    otd_json_doc_alloc(doc, (target->n + 1) * sizeof(OtdJsonMember));
		/* the key is the target's id, verbatim, and wins over any id inside */
		element->members[0].key = "id";
		element->members[0].value.type = OTD_JSON_STRING;
		element->members[0].value.string = rtmp->members[i].key;
		element->n = 1;
		for (guint j = 0; j < target->n; j++) {
			if (strcmp(target->members[j].key, "id") != 0)
				element->members[element->n++] = target->members[j];
		}
	}
	rtmp->type = OTD_JSON_ARRAY;
	rtmp->n = n;
	rtmp->elements = array;
}
