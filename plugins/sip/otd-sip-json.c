/* SIP dial and DTMF: the options table and the rules */
#include "config.h"

#include <string.h>

#include "otd-sip.h"

#define OTD_SIP_MAX_DIGITS 4096

static gboolean
otd_sip_check_streams(const gchar *key, GVariant *value, GError **error)
{
	g_autofree const gchar **ids = g_variant_get_strv(value, NULL);
	for (guint i = 0; ids[i] != NULL; i++) {
		if (!otd_plugin_check_id(key, ids[i], error))
			return FALSE;
	}
	return TRUE;
}

static const OtdOption otd_sip_auth_options[] = {
    {"username", OTD_OPTION_STRING, NULL, NULL, 1, 1024},
    {"password", OTD_OPTION_STRING, NULL, NULL, 0, 1024},
    {NULL},
};

static const OtdOption otd_sip_dial_options[] = {
    {"from", OTD_OPTION_STRING, NULL, NULL, 1, 1024},
    {"headers", OTD_OPTION_STRING_MAP},
    {"auth", OTD_OPTION_DICT, NULL, NULL, 0, 0, NULL, otd_sip_auth_options},
    {"secure", OTD_OPTION_BOOL},
    {"video", OTD_OPTION_BOOL},
    {"observe_force_mute", OTD_OPTION_BOOL},
    {"streams", OTD_OPTION_STRV, NULL, NULL, 0, 0, otd_sip_check_streams},
    {NULL},
};

static gboolean
otd_sip_check_uri(const gchar *uri, GError **error)
{
	if ((!g_str_has_prefix(uri, "sip:") && !g_str_has_prefix(uri, "sips:")) ||
	    strchr(uri, '@') == NULL || strlen(uri) > 2048 || strpbrk(uri, " \r\n\t") != NULL) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid sip_uri: must be a sip: or sips: URI such as "
				    "sip:user@example.com");
		return FALSE;
	}
	return TRUE;
}

static gboolean
otd_sip_check_auth(JsonObject *sip, GError **error)
{
	JsonObject *auth = otd_json_get_object(sip, "auth");

	if (auth != NULL &&
	    (!json_object_has_member(auth, "username") || !json_object_has_member(auth, "password"))) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option 'auth': needs 'username' and 'password'");
		return FALSE;
	}
	return TRUE;
}

JsonObject *
otd_sip_dial_body(const gchar *session_id, const gchar *token, const gchar *sip_uri,
		  GVariant *options, GError **error)
{
	g_autoptr(JsonObject) opts = NULL;
	g_autoptr(JsonObject) sip = json_object_new();
	JsonObject *body;
	JsonObjectIter iter;
	const gchar *key;
	JsonNode *node;

	if (!otd_sip_check_uri(sip_uri, error))
		return NULL;
	opts = otd_options_to_json(otd_sip_dial_options, options, error);
	if (opts == NULL || !otd_sip_check_auth(opts, error))
		return NULL;
	json_object_set_string_member(sip, "uri", sip_uri);
	json_object_iter_init_ordered(&iter, opts);
	while (json_object_iter_next_ordered(&iter, &key, &node))
		json_object_set_member(sip, key, json_node_ref(node));
	body = json_object_new();
	json_object_set_string_member(body, "sessionId", session_id);
	json_object_set_string_member(body, "token", token);
	json_object_set_object_member(body, "sip", g_steal_pointer(&sip));
	return body;
}

gboolean
otd_sip_check_digits(const gchar *digits, GError **error)
{
	gsize len = strlen(digits);

	if (len == 0 || len > OTD_SIP_MAX_DIGITS || strspn(digits, "0123456789*#p") != len) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid digits: 1 to %u of 0-9, '*', '#' and 'p' (a pause)",
			    OTD_SIP_MAX_DIGITS);
		return FALSE;
	}
	return TRUE;
}
