/* the daemon core: configuration, credentials, the REST client and the plugins */
#pragma once

#include <glib.h>

#include "otd-config.h"
#include "otd-plugin-private.h"
#include "otd-policy.h"
#include "otd-rest.h"
#include "otd-token.h"

G_BEGIN_DECLS

typedef struct {
	gchar *config_path;
	gchar *plugin_dir;
	gchar *api_url; /* overrides [API] Url */
} OtdDaemonOptions;

struct _OtdDaemon {
	OtdDaemonOptions options;
	OtdConfig *config;
	OtdRest *rest;
	OtdPolicy *policy;
	GPtrArray *plugins; /* OtdPlugin, loaded ones, active or not */
	gpointer bus;	    /* OtdBus, the D-Bus layer */
	uid_t uid;
};

OtdDaemon *
otd_daemon_new(const OtdDaemonOptions *options, GError **error);
void
otd_daemon_free(OtdDaemon *daemon);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OtdDaemon, otd_daemon_free)

/* re-reads the configuration, the secret and the policy; on any error nothing changes.
 * Calls in flight go on; the plugin set stays as it was started. */
gboolean
otd_daemon_reload(OtdDaemon *daemon, GError **error);

/* loads every enabled plugin from the plugin directory and runs its setup() */
void
otd_daemon_load_plugins(OtdDaemon *daemon);
void
otd_daemon_unload_plugins(OtdDaemon *daemon);
/* names of the active plugins, sorted */
gchar **
otd_daemon_get_plugin_names(OtdDaemon *daemon);

/* GenerateToken's options once validated; @body owns the strings @options points to */
typedef struct {
	OtdTokenOptions options;
	JsonObject *body;
	const gchar **layout;
} OtdTokenArgs;

void
otd_token_args_clear(OtdTokenArgs *args);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(OtdTokenArgs, otd_token_args_clear)

/* GenerateToken in steps, so that the caller can check the role before minting: the
 * options are read against otd_daemon_get_token_options() (otd_bus_message_read_options),
 * @args takes the checked body, then the token is minted locally */
const OtdOption *
otd_daemon_get_token_options(void);
void
otd_token_args_init(OtdTokenArgs *args, JsonObject *body);
gchar *
otd_daemon_mint_token(OtdDaemon *daemon, const gchar *session_id, const OtdTokenArgs *args,
		      GError **error);
/* all of it from an a{sv} GVariant (the bus reads the message straight into the table) */
gchar *
otd_daemon_generate_token(OtdDaemon *daemon, const gchar *session_id, GVariant *options,
			  GError **error);

/* CreateSession: validates @options (a{sv}) and posts the form */
void
otd_daemon_create_session_async(OtdDaemon *daemon, GVariant *options, GCancellable *cancellable,
				GAsyncReadyCallback callback, gpointer user_data);
gchar *
otd_daemon_create_session_finish(OtdDaemon *daemon, GAsyncResult *result, GError **error);

G_END_DECLS
