/* opentokd.conf and its drop-ins, parsed and checked once */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OTD_CONFIG_DEFAULT_URL		    "https://api.opentok.com"
#define OTD_CONFIG_DEFAULT_TIMEOUT	    20
#define OTD_CONFIG_DEFAULT_MAX_CONNECTIONS  64
#define OTD_CONFIG_DEFAULT_MAX_RESPONSE	    (8 * 1024 * 1024)

typedef struct {
	gchar *path;
	GKeyFile *keyfile; /* merged: the main file, then each drop-in in name order */
	gchar *api_key;
	gchar *secret_file;
	gchar *api_url;
	guint timeout_sec;
	gchar *ua_addendum;
	gchar *ca_file;
	gchar *proxy;
	guint max_connections;
	guint64 max_response_bytes;
	gchar **plugins; /* NULL: every plugin found */
	gchar **disabled_plugins;
	guint idle_exit_sec;
} OtdConfig;

OtdConfig *
otd_config_load(const gchar *path, GError **error);
/* the same checks on text, for tests and the fuzzer */
OtdConfig *
otd_config_load_from_data(const gchar *data, gsize len, GError **error);
void
otd_config_free(OtdConfig *config);
/* whether the plugin @name is enabled by Plugins= and DisabledPlugins= */
gboolean
otd_config_plugin_enabled(const OtdConfig *config, const gchar *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OtdConfig, otd_config_free)

G_END_DECLS
