/* the plugin ABI: what a feature-area plugin sees of the daemon (never the secret) */
#pragma once

#include <gmodule.h>

#include "otd-error.h"
#include "otd-json.h"
#include "otd-recording.h"
#include "otd-rest.h"

G_BEGIN_DECLS

/* bump on any change of OtdPluginDesc or of the services below */
#define OTD_PLUGIN_ABI_VERSION 1

typedef struct _OtdPlugin OtdPlugin;

typedef struct {
	guint32 abi_version;			/* OTD_PLUGIN_ABI_VERSION */
	const gchar *name;			/* config section, log domain, object path */
	gboolean (*setup)(OtdPlugin *plugin, GError **error); /* NotSupported: skip quietly */
	void (*teardown)(OtdPlugin *plugin);
} OtdPluginDesc;

#define OTD_PLUGIN_DEFINE(n, s, t)                                                                 \
	G_MODULE_EXPORT const OtdPluginDesc otd_plugin_desc = {OTD_PLUGIN_ABI_VERSION, n, s, t}

const gchar *
otd_plugin_get_name(OtdPlugin *plugin);
OtdRest *
otd_plugin_get_rest(OtdPlugin *plugin);
/* a key of the plugin's own config section, or NULL */
gchar *
otd_plugin_get_config_string(OtdPlugin *plugin, const gchar *key);
gboolean
otd_plugin_get_config_boolean(OtdPlugin *plugin, const gchar *key, gboolean default_value);
void
otd_plugin_set_data(OtdPlugin *plugin, gpointer data, GDestroyNotify destroy);
gpointer
otd_plugin_get_data(OtdPlugin *plugin);

/*
 * Mints a client token for @session_id with @role, for operations that need one
 * (captions, SIP, …). The session must belong to the API key.
 */
gchar *
otd_plugin_generate_token(OtdPlugin *plugin, const gchar *session_id, const gchar *role,
			  GError **error);

/* @token when it is not empty, else a token minted for @session_id with @role, so callers
 * never need to handle tokens; InvalidArgs when the session is not the project's */
gchar *
otd_plugin_token_or_mint(OtdPlugin *plugin, const gchar *session_id, const gchar *token,
			 const gchar *role, GError **error);

/* an http:// or https:// URL of @min to @max characters, for option checks */
gboolean
otd_plugin_check_url(const gchar *key, const gchar *url, const gchar *const *schemes,
		     gsize min, gsize max, GError **error);

/* checks an id argument before it goes into a REST path: non-empty, at most 256 bytes,
 * printable ASCII without spaces; @what names the argument in the error */
gboolean
otd_plugin_check_id(const gchar *what, const gchar *id, GError **error);

G_END_DECLS
