/* live captions: the options and their rules */
#include "config.h"

#include "otd-captions.h"

static const gchar *const otd_http_schemes[] = {"http", "https", NULL};

static gboolean
otd_captions_check_language(const gchar *key, GVariant *value, GError **error)
{
	const gchar *code = g_variant_get_string(value, NULL);

	/* xx-XX, as "en-US" */
	if (g_utf8_strlen(code, -1) != 5 || !g_ascii_islower(code[0]) ||
	    !g_ascii_islower(code[1]) || code[2] != '-' || !g_ascii_isupper(code[3]) ||
	    !g_ascii_isupper(code[4])) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s': a language code such as en-US", key);
		return FALSE;
	}
	return TRUE;
}

static gboolean
otd_captions_check_callback(const gchar *key, GVariant *value, GError **error)
{
	g_autofree gchar *what = g_strdup_printf("option '%s'", key);
	return otd_plugin_check_url(what, g_variant_get_string(value, NULL), otd_http_schemes, 15,
				    2048, error);
}

static const OtdOption otd_captions_options[] = {
    {"language_code", OTD_OPTION_STRING, NULL, NULL, 0, 0, otd_captions_check_language},
    {"max_duration", OTD_OPTION_INT, NULL, NULL, 300, 14400},
    {"partial_captions", OTD_OPTION_BOOL},
    {"status_callback_url", OTD_OPTION_STRING, NULL, NULL, 0, 0, otd_captions_check_callback},
    {NULL},
};

JsonObject *
otd_captions_body(const gchar *session_id, const gchar *token, GVariant *options,
		  GError **error)
{
	g_autoptr(JsonObject) opts = otd_options_to_json(otd_captions_options, options, error);

	if (opts == NULL)
		return NULL;
	return otd_recording_token_body(session_id, token, opts);
}
