/* Experience Composer renders: the options and their rules */
#include "config.h"

#include "otd-renders.h"

static const gchar *const otd_http_schemes[] = {"http", "https", NULL};

static gboolean
otd_renders_check_callback(const gchar *key, GVariant *value, GError **error)
{
	g_autofree gchar *what = g_strdup_printf("option '%s'", key);
	return otd_plugin_check_url(what, g_variant_get_string(value, NULL), otd_http_schemes, 15,
				    2048, error);
}

static const OtdOption otd_renders_properties[] = {
    {"name", OTD_OPTION_STRING, NULL, NULL, 1, 200},
    {NULL},
};

static const OtdOption otd_renders_options[] = {
    {"max_duration", OTD_OPTION_INT, NULL, NULL, 60, 36000},
    {"resolution", OTD_OPTION_STRING, NULL, otd_resolutions},
    {"properties", OTD_OPTION_DICT, NULL, NULL, 0, 0, NULL, otd_renders_properties},
    {"status_callback_url", OTD_OPTION_STRING, NULL, NULL, 0, 0, otd_renders_check_callback},
    {NULL},
};

JsonObject *
otd_renders_body(const gchar *session_id, const gchar *token, const gchar *url,
		 GVariant *options, GError **error)
{
	g_autoptr(JsonObject) opts = NULL;
	JsonObject *body;

	if (!otd_plugin_check_url("url", url, otd_http_schemes, 15, 2048, error))
		return NULL;
	opts = otd_options_to_json(otd_renders_options, options, error);
	if (opts == NULL)
		return NULL;
	body = otd_recording_token_body(session_id, token, opts);
	json_object_set_string_member(body, "url", url);
	return body;
}
