/* CreateSession's rules (reference §4.5) and both answer formats (§4.2) */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "otd-error.h"
#include "otd-json.h"
#include "otd-recording.h"
#include "otd-session.h"

static const gchar *const otd_media_modes[] = {"relayed", "routed", NULL};
static const gchar *const otd_archive_modes[] = {"manual", "always", NULL};

static gboolean
otd_session_check_ipv4(const gchar *key, GVariant *value, GError **error)
{
	struct in_addr addr;
	const gchar *text = g_variant_get_string(value, NULL);

	if (inet_pton(AF_INET, text, &addr) != 1) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s': '%s' is not an IPv4 address", key, text);
		return FALSE;
	}
	return TRUE;
}

static const OtdOption otd_session_options[] = {
    {"media_mode", OTD_OPTION_STRING, NULL, otd_media_modes},
    {"location", OTD_OPTION_STRING, NULL, NULL, 0, 0, otd_session_check_ipv4},
    {"archive_mode", OTD_OPTION_STRING, NULL, otd_archive_modes},
    {"archive_name", OTD_OPTION_STRING, NULL, NULL, 1, 80},
    {"archive_resolution", OTD_OPTION_STRING, NULL, otd_resolutions},
    {"e2ee", OTD_OPTION_BOOL},
    {NULL},
};

static gboolean
otd_session_check_rules(JsonObject *body, GError **error)
{
	const gchar *media = json_object_get_string_member_with_default(body, "mediaMode", NULL);
	const gchar *archive = json_object_get_string_member_with_default(body, "archiveMode", "");
	gboolean always = g_strcmp0(archive, "always") == 0;
	gboolean e2ee = json_object_get_boolean_member_with_default(body, "e2ee", FALSE);

	if (always && g_strcmp0(media, "relayed") == 0) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option 'media_mode': archive_mode 'always' needs a "
				    "routed session");
		return FALSE;
	}
	if (e2ee && g_strcmp0(media, "relayed") == 0) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option 'media_mode': e2ee needs a routed session");
		return FALSE;
	}
	if (e2ee && always) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option 'e2ee': end-to-end encryption cannot be combined "
				    "with archive_mode 'always'");
		return FALSE;
	}
	if (!always && json_object_has_member(body, "archiveName")) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option 'archive_name': only allowed with archive_mode "
				    "'always'");
		return FALSE;
	}
	if (!always && json_object_has_member(body, "archiveResolution")) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option 'archive_resolution': only allowed with "
				    "archive_mode 'always'");
		return FALSE;
	}
	return TRUE;
}

static void
otd_form_add(GString *form, const gchar *key, const gchar *value)
{
	if (form->len > 0)
		g_string_append_c(form, '&');
	g_string_append(form, key);
	g_string_append_c(form, '=');
	g_string_append_uri_escaped(form, value, NULL, FALSE);
}

gchar *
otd_session_build_form(GVariant *options, GError **error)
{
	g_autoptr(JsonObject) body = otd_options_to_json(otd_session_options, options, error);
	GString *form;
	const gchar *media;
	gboolean routed;

	if (body == NULL || !otd_session_check_rules(body, error))
		return NULL;
	media = json_object_get_string_member_with_default(body, "mediaMode", NULL);
	if (media != NULL)
		routed = g_strcmp0(media, "routed") == 0;
	else
		routed = json_object_get_boolean_member_with_default(body, "e2ee", FALSE) ||
			 g_strcmp0(json_object_get_string_member_with_default(body, "archiveMode",
									      ""),
				   "always") == 0;
	form = g_string_new(NULL);
	/* only what the caller set, in a fixed order, then the preference the API requires */
	if (json_object_has_member(body, "archiveMode"))
		otd_form_add(form, "archiveMode", json_object_get_string_member(body, "archiveMode"));
	if (json_object_has_member(body, "archiveName"))
		otd_form_add(form, "archiveName", json_object_get_string_member(body, "archiveName"));
	if (json_object_has_member(body, "archiveResolution"))
		otd_form_add(form, "archiveResolution",
			     json_object_get_string_member(body, "archiveResolution"));
	if (json_object_has_member(body, "e2ee"))
		otd_form_add(form, "e2ee",
			     json_object_get_boolean_member(body, "e2ee") ? "true" : "false");
	if (json_object_has_member(body, "location"))
		otd_form_add(form, "location", json_object_get_string_member(body, "location"));
	otd_form_add(form, "p2p.preference", routed ? "disabled" : "enabled");
	return g_string_free(form, FALSE);
}

static gboolean
otd_session_id_is_sane(const gchar *id)
{
	gsize len = strlen(id);

	if (len < 3 || len > 512)
		return FALSE;
	for (const gchar *p = id; *p != '\0'; p++) {
		if (!g_ascii_isalnum(*p) && strchr("_-~.+/=", *p) == NULL)
			return FALSE;
	}
	return TRUE;
}

static gchar *
otd_session_parse_json(const gchar *data, gsize len)
{
	g_autoptr(JsonParser) parser = json_parser_new_immutable();
	JsonNode *root, *first, *id;

	if (!json_parser_load_from_data(parser, data, (gssize)len, NULL))
		return NULL;
	root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_ARRAY(root) ||
	    json_array_get_length(json_node_get_array(root)) < 1)
		return NULL;
	first = json_array_get_element(json_node_get_array(root), 0);
	if (!JSON_NODE_HOLDS_OBJECT(first))
		return NULL;
	id = json_object_get_member(json_node_get_object(first), "session_id");
	if (id == NULL || !JSON_NODE_HOLDS_VALUE(id) || json_node_get_value_type(id) != G_TYPE_STRING)
		return NULL;
	return g_strdup(json_node_get_string(id));
}

static gchar *
otd_session_parse_xml(const gchar *data, gsize len)
{
	g_autofree gchar *text = g_strndup(data, len);
	const gchar *start = strstr(text, "<session_id>");
	const gchar *end;

	if (start == NULL || strstr(text, "<error") != NULL)
		return NULL;
	start += strlen("<session_id>");
	end = strstr(start, "</session_id>");
	if (end == NULL)
		return NULL;
	return g_strstrip(g_strndup(start, (gsize)(end - start)));
}

gchar *
otd_session_parse_answer(const gchar *content_type, GBytes *body, GError **error)
{
	gsize len = 0;
	const gchar *data = g_bytes_get_data(body, &len);
	g_autofree gchar *id = NULL;

	if (len > 0)
		id = otd_session_parse_json(data, len);
	if (id == NULL && len > 0)
		id = otd_session_parse_xml(data, len);
	if (id == NULL || !otd_session_id_is_sane(id)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
			    "the API answered session create without a valid session id "
			    "(content type %s, %" G_GSIZE_FORMAT " bytes)",
			    content_type != NULL ? content_type : "none", len);
		return NULL;
	}
	return g_steal_pointer(&id);
}
