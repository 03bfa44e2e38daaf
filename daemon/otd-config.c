/* reads the GKeyFile configuration: the main file plus the .conf drop-ins of <file>.d */
#include "config.h"

#include <string.h>

#include "otd-config.h"
#include "otd-error.h"

static const gchar *const otd_config_api_keys[] = {"Key",      "SecretFile",	"Url",
						   "Timeout",  "UserAgentAddendum", "CAFile",
						   "Proxy",    "MaxConnections",	"MaxResponseBytes",
						   NULL};
static const gchar *const otd_config_daemon_keys[] = {"Plugins", "DisabledPlugins",
						      "IdleExitSec", NULL};

void
otd_config_free(OtdConfig *config)
{
	if (config == NULL)
		return;
	g_free(config->path);
	g_clear_pointer(&config->keyfile, g_key_file_unref);
	g_free(config->api_key);
	g_free(config->secret_file);
	g_free(config->api_url);
	g_free(config->ua_addendum);
	g_free(config->ca_file);
	g_free(config->proxy);
	g_strfreev(config->plugins);
	g_strfreev(config->disabled_plugins);
	g_free(config);
}

/* copies every key of @src into @dst, later files winning */
static void
otd_config_merge(GKeyFile *dst, GKeyFile *src)
{
	g_auto(GStrv) groups = g_key_file_get_groups(src, NULL);
	for (guint i = 0; groups[i] != NULL; i++) {
		g_auto(GStrv) keys = g_key_file_get_keys(src, groups[i], NULL, NULL);
		for (guint j = 0; keys != NULL && keys[j] != NULL; j++) {
			g_autofree gchar *value =
			    g_key_file_get_value(src, groups[i], keys[j], NULL);
			if (value != NULL)
				g_key_file_set_value(dst, groups[i], keys[j], value);
		}
	}
}

static gboolean
otd_config_get_uint(GKeyFile *kf, const gchar *group, const gchar *key, guint64 min, guint64 max,
		    guint64 *value, GError **error)
{
	g_autofree gchar *text = g_key_file_get_value(kf, group, key, NULL);
	guint64 v;

	if (text == NULL)
		return TRUE;
	g_strstrip(text);
	if (!g_ascii_string_to_unsigned(text, 10, min, max, &v, NULL)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "[%s] %s=%s: must be an integer from %" G_GUINT64_FORMAT
			    " to %" G_GUINT64_FORMAT,
			    group, key, text, min, max);
		return FALSE;
	}
	*value = v;
	return TRUE;
}

static gchar *
otd_config_get_string(GKeyFile *kf, const gchar *group, const gchar *key)
{
	g_autofree gchar *value = g_key_file_get_string(kf, group, key, NULL);
	if (value == NULL)
		return NULL;
	g_strstrip(value);
	if (value[0] == '\0')
		return NULL;
	return g_steal_pointer(&value);
}

static gboolean
otd_config_check_path(const gchar *key, const gchar *value, GError **error)
{
	if (value != NULL && !g_path_is_absolute(value)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "[API] %s=%s: must be an absolute path", key, value);
		return FALSE;
	}
	return TRUE;
}

static gboolean
otd_config_check_url(const gchar *key, const gchar *value, GError **error)
{
	g_autoptr(GUri) uri = NULL;
	const gchar *scheme;

	if (value == NULL)
		return TRUE;
	uri = g_uri_parse(value, G_URI_FLAGS_NONE, NULL);
	scheme = uri != NULL ? g_uri_get_scheme(uri) : NULL;
	if (uri == NULL || g_uri_get_host(uri) == NULL || g_uri_get_host(uri)[0] == '\0' ||
	    (g_strcmp0(scheme, "http") != 0 && g_strcmp0(scheme, "https") != 0)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "[API] %s=%s: must be an http or https URL", key, value);
		return FALSE;
	}
	return TRUE;
}

static gboolean
otd_config_check_key(const gchar *key, GError **error)
{
	if (key == NULL) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "[API] Key= is required");
		return FALSE;
	}
	if (strlen(key) > 128) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "[API] Key= is longer than 128 characters");
		return FALSE;
	}
	for (const gchar *p = key; *p != '\0'; p++) {
		if (!g_ascii_isalnum(*p) && *p != '-') {
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "[API] Key=%s: only letters, digits and '-' are allowed", key);
			return FALSE;
		}
	}
	return TRUE;
}

static void
otd_config_warn_unknown(GKeyFile *kf, const gchar *group, const gchar *const *known)
{
	g_auto(GStrv) keys = g_key_file_get_keys(kf, group, NULL, NULL);
	for (guint i = 0; keys != NULL && keys[i] != NULL; i++) {
		if (!g_strv_contains(known, keys[i]))
			g_warning("unknown key [%s] %s, ignoring", group, keys[i]);
	}
}

static gchar **
otd_config_get_list(GKeyFile *kf, const gchar *group, const gchar *key)
{
	g_auto(GStrv) list = g_key_file_get_string_list(kf, group, key, NULL, NULL);
	g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
	if (list == NULL)
		return NULL;
	for (guint i = 0; list[i] != NULL; i++) {
		g_strstrip(list[i]);
		if (list[i][0] != '\0')
			g_ptr_array_add(out, g_strdup(list[i]));
	}
	g_ptr_array_add(out, NULL);
	return (gchar **)g_ptr_array_free(g_steal_pointer(&out), FALSE);
}

static gboolean
otd_config_parse_api(OtdConfig *config, GError **error)
{
	GKeyFile *kf = config->keyfile;
	guint64 v;

	config->api_key = otd_config_get_string(kf, "API", "Key");
	if (!otd_config_check_key(config->api_key, error))
		return FALSE;
	config->secret_file = otd_config_get_string(kf, "API", "SecretFile");
	config->ca_file = otd_config_get_string(kf, "API", "CAFile");
	if (!otd_config_check_path("SecretFile", config->secret_file, error) ||
	    !otd_config_check_path("CAFile", config->ca_file, error))
		return FALSE;
	config->api_url = otd_config_get_string(kf, "API", "Url");
	if (config->api_url == NULL)
		config->api_url = g_strdup(OTD_CONFIG_DEFAULT_URL);
	config->proxy = otd_config_get_string(kf, "API", "Proxy");
	if (!otd_config_check_url("Url", config->api_url, error) ||
	    !otd_config_check_url("Proxy", config->proxy, error))
		return FALSE;
	config->ua_addendum = otd_config_get_string(kf, "API", "UserAgentAddendum");
	if (config->ua_addendum != NULL && strpbrk(config->ua_addendum, "\r\n") != NULL) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "[API] UserAgentAddendum= must be a single line");
		return FALSE;
	}
	v = OTD_CONFIG_DEFAULT_TIMEOUT;
	if (!otd_config_get_uint(kf, "API", "Timeout", 1, 24, &v, error))
		return FALSE;
	config->timeout_sec = (guint)v;
	v = OTD_CONFIG_DEFAULT_MAX_CONNECTIONS;
	if (!otd_config_get_uint(kf, "API", "MaxConnections", 1, 4096, &v, error))
		return FALSE;
	config->max_connections = (guint)v;
	v = OTD_CONFIG_DEFAULT_MAX_RESPONSE;
	if (!otd_config_get_uint(kf, "API", "MaxResponseBytes", 1024, G_MAXUINT32, &v, error))
		return FALSE;
	config->max_response_bytes = v;
	otd_config_warn_unknown(kf, "API", otd_config_api_keys);
	return TRUE;
}

static gboolean
otd_config_parse(OtdConfig *config, GError **error)
{
	guint64 v = 0;

	if (!g_key_file_has_group(config->keyfile, "API")) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "the [API] section with Key= is required");
		return FALSE;
	}
	if (!otd_config_parse_api(config, error))
		return FALSE;
	config->plugins = otd_config_get_list(config->keyfile, "Daemon", "Plugins");
	config->disabled_plugins = otd_config_get_list(config->keyfile, "Daemon", "DisabledPlugins");
	if (!otd_config_get_uint(config->keyfile, "Daemon", "IdleExitSec", 0, 86400 * 365, &v,
				 error))
		return FALSE;
	config->idle_exit_sec = (guint)v;
	if (g_key_file_has_group(config->keyfile, "Daemon"))
		otd_config_warn_unknown(config->keyfile, "Daemon", otd_config_daemon_keys);
	return TRUE;
}

static gboolean
otd_config_load_dropins(GKeyFile *merged, const gchar *path, GError **error)
{
	g_autofree gchar *dirname = g_strdup_printf("%s.d", path);
	g_autoptr(GDir) dir = g_dir_open(dirname, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	if (dir == NULL)
		return TRUE;
	while ((name = g_dir_read_name(dir)) != NULL) {
		if (g_str_has_suffix(name, ".conf"))
			g_ptr_array_add(names, g_strdup(name));
	}
	g_ptr_array_sort(names, otd_strptr_cmp);
	for (guint i = 0; i < names->len; i++) {
		g_autofree gchar *fn = g_build_filename(dirname, g_ptr_array_index(names, i), NULL);
		g_autoptr(GKeyFile) kf = g_key_file_new();
		if (!g_key_file_load_from_file(kf, fn, G_KEY_FILE_NONE, error)) {
			g_prefix_error(error, "%s: ", fn);
			otd_error_convert(error);
			return FALSE;
		}
		otd_config_merge(merged, kf);
	}
	return TRUE;
}

OtdConfig *
otd_config_load(const gchar *path, GError **error)
{
	g_autoptr(OtdConfig) config = g_new0(OtdConfig, 1);

	config->path = g_strdup(path);
	config->keyfile = g_key_file_new();
	if (!g_key_file_load_from_file(config->keyfile, path, G_KEY_FILE_NONE, error)) {
		g_prefix_error(error, "cannot read configuration %s: ", path);
		otd_error_convert(error);
		return NULL;
	}
	if (!otd_config_load_dropins(config->keyfile, path, error))
		return NULL;
	if (!otd_config_parse(config, error)) {
		g_prefix_error(error, "%s: ", path);
		return NULL;
	}
	return g_steal_pointer(&config);
}

OtdConfig *
otd_config_load_from_data(const gchar *data, gsize len, GError **error)
{
	g_autoptr(OtdConfig) config = g_new0(OtdConfig, 1);

	config->keyfile = g_key_file_new();
	if (!g_key_file_load_from_data(config->keyfile, data, len, G_KEY_FILE_NONE, error)) {
		otd_error_convert(error);
		return NULL;
	}
	if (!otd_config_parse(config, error))
		return NULL;
	return g_steal_pointer(&config);
}

gboolean
otd_config_plugin_enabled(const OtdConfig *config, const gchar *name)
{
	if (config->disabled_plugins != NULL &&
	    g_strv_contains((const gchar *const *)config->disabled_plugins, name))
		return FALSE;
	if (config->plugins == NULL)
		return TRUE;
	return g_strv_contains((const gchar *const *)config->plugins, name);
}
