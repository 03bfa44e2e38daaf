/* the services a plugin gets from the daemon */
#include "config.h"

#include <string.h>

#include "otd-daemon.h"
#include "otd-plugin-private.h"
#include "otd-token.h"

OtdPlugin *
otd_plugin_new(OtdDaemon *daemon, GModule *module, const OtdPluginDesc *desc, const gchar *path)
{
	OtdPlugin *plugin = g_new0(OtdPlugin, 1);
	plugin->daemon = daemon;
	plugin->module = module;
	plugin->desc = desc;
	plugin->name = g_strdup(desc->name);
	plugin->path = g_strdup(path);
	return plugin;
}

void
otd_plugin_free(OtdPlugin *plugin)
{
	if (plugin == NULL)
		return;
	if (plugin->data_destroy != NULL && plugin->data != NULL)
		plugin->data_destroy(plugin->data);
	/* modules stay loaded on purpose: valgrind and LSan stacks stay readable */
	g_free(plugin->name);
	g_free(plugin->path);
	g_free(plugin);
}

gchar *
otd_plugin_name_to_area(const gchar *name)
{
	GString *area = g_string_new(NULL);
	gboolean upper = TRUE;

	for (const gchar *p = name; *p != '\0'; p++) {
		if (*p == '-' || *p == '_') {
			upper = TRUE;
			continue;
		}
		g_string_append_c(area, upper ? g_ascii_toupper(*p) : *p);
		upper = FALSE;
	}
	return g_string_free(area, FALSE);
}

const gchar *
otd_plugin_get_name(OtdPlugin *plugin)
{
	return plugin->name;
}

OtdRest *
otd_plugin_get_rest(OtdPlugin *plugin)
{
	return plugin->daemon->rest;
}

gchar *
otd_plugin_get_config_string(OtdPlugin *plugin, const gchar *key)
{
	return g_key_file_get_string(plugin->daemon->config->keyfile, plugin->name, key, NULL);
}

gboolean
otd_plugin_get_config_boolean(OtdPlugin *plugin, const gchar *key, gboolean default_value)
{
	g_autoptr(GError) error = NULL;
	gboolean value =
	    g_key_file_get_boolean(plugin->daemon->config->keyfile, plugin->name, key, &error);
	if (error != NULL)
		return default_value;
	return value;
}

void
otd_plugin_set_data(OtdPlugin *plugin, gpointer data, GDestroyNotify destroy)
{
	if (plugin->data_destroy != NULL && plugin->data != NULL)
		plugin->data_destroy(plugin->data);
	plugin->data = data;
	plugin->data_destroy = destroy;
}

gpointer
otd_plugin_get_data(OtdPlugin *plugin)
{
	return plugin->data;
}

gchar *
otd_plugin_generate_token(OtdPlugin *plugin, const gchar *session_id, const gchar *role,
			  GError **error)
{
	OtdRest *rest = plugin->daemon->rest;
	OtdTokenOptions options = {.type = OTD_TOKEN_TYPE_JWT};

	if (!otd_role_from_string(role, &options.role)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INTERNAL, "unknown role %s", role);
		return NULL;
	}
	return otd_token_generate(otd_rest_get_api_key(rest), otd_rest_get_secret(rest),
				  session_id, &options, error);
}

gboolean
otd_plugin_check_id(const gchar *what, const gchar *id, GError **error)
{
	gsize len = strlen(id);

	if (len == 0) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS, "invalid %s: must not be empty",
			    what);
		return FALSE;
	}
	if (len > 256) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid %s: longer than 256 bytes", what);
		return FALSE;
	}
	for (const gchar *p = id; *p != '\0'; p++) {
		if (*p <= ' ' || *p >= 0x7f) {
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid %s: only printable ASCII without spaces is allowed",
				    what);
			return FALSE;
		}
	}
	return TRUE;
}

gchar *
otd_plugin_token_or_mint(OtdPlugin *plugin, const gchar *session_id, const gchar *token,
			 const gchar *role, GError **error)
{
	if (token != NULL && token[0] != '\0') {
		if (strlen(token) > 8192) {
			g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
					    "invalid token: longer than 8192 bytes");
			return NULL;
		}
		return g_strdup(token);
	}
	return otd_plugin_generate_token(plugin, session_id, role, error);
}

gboolean
otd_plugin_check_url(const gchar *key, const gchar *url, const gchar *const *schemes,
		     gsize min, gsize max, GError **error)
{
	g_autoptr(GUri) uri = g_uri_parse(url, G_URI_FLAGS_NONE, NULL);
	gsize len = strlen(url);
	g_autofree gchar *list = g_strjoinv(", ", (gchar **)schemes);

	if (len < min || len > max) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid %s: must be %" G_GSIZE_FORMAT " to %" G_GSIZE_FORMAT
			    " characters",
			    key, min, max);
		return FALSE;
	}
	if (uri == NULL || g_uri_get_host(uri) == NULL || g_uri_get_host(uri)[0] == '\0' ||
	    !g_strv_contains(schemes, g_uri_get_scheme(uri))) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid %s: must be a URL with scheme %s", key, list);
		return FALSE;
	}
	return TRUE;
}
