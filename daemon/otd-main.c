/* opentokd: owns the Video API credentials and offers the API over D-Bus */
#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <sys/prctl.h>

#include "otd-bus.h"
#include "otd-call.h"
#include "otd-daemon.h"

typedef struct {
	GMainLoop *loop;
	gboolean stopping;
	OtdBus *bus;
	guint idle_exit_sec;
} OtdMain;

/* [Daemon] IdleExitSec: a bus-activated daemon leaves once nobody has used it for a while */
static gboolean
otd_main_idle_cb(gpointer user_data)
{
	OtdMain *self = user_data;

	if (otd_bus_get_idle_seconds(self->bus) < self->idle_exit_sec)
		return G_SOURCE_CONTINUE;
	g_message("idle for %u s, exiting", self->idle_exit_sec);
	g_main_loop_quit(self->loop);
	return G_SOURCE_REMOVE;
}

static gboolean
otd_main_signal_cb(gpointer user_data)
{
	OtdMain *self = user_data;

	if (!self->stopping)
		g_message("stopping on signal");
	self->stopping = TRUE;
	g_main_loop_quit(self->loop);
	return G_SOURCE_CONTINUE;
}

/* --verbose: our own debug messages (the daemon's and the plugins'), not GLib's */
static GLogWriterOutput
otd_main_log_writer(GLogLevelFlags level, const GLogField *fields, gsize n_fields,
		    gpointer user_data)
{
	if (level & G_LOG_LEVEL_DEBUG) {
		const gchar *domain = NULL;
		for (gsize i = 0; i < n_fields; i++) {
			if (g_strcmp0(fields[i].key, "GLIB_DOMAIN") == 0)
				domain = fields[i].value;
		}
		if (domain == NULL || g_str_has_prefix(domain, "GLib") ||
		    g_str_has_prefix(domain, "dconf") || g_str_has_prefix(domain, "libsoup"))
			return G_LOG_WRITER_HANDLED;
	}
	return g_log_writer_default(level, fields, n_fields, user_data);
}

static gboolean
otd_main_reload_cb(gpointer user_data)
{
	OtdDaemon *daemon = user_data;
	g_autoptr(GError) error = NULL;

	if (!otd_daemon_reload(daemon, &error))
		g_warning("reload on SIGHUP failed, keeping the running configuration: %s",
			  error->message);
	return G_SOURCE_CONTINUE;
}

static gboolean
otd_main_parse(int *argc, char ***argv, OtdDaemonOptions *options, OtdBusKind *kind,
	       gchar **address, GError **error)
{
	gboolean opt_system = FALSE, opt_session = FALSE, opt_verbose = FALSE, opt_version = FALSE;
	const GOptionEntry entries[] = {
	    {"config", 0, 0, G_OPTION_ARG_FILENAME, &options->config_path,
	     "Configuration file (default " OTD_DEFAULT_CONFIG ")", "FILE"},
	    {"system", 0, 0, G_OPTION_ARG_NONE, &opt_system, "Use the system bus (default)", NULL},
	    {"session", 0, 0, G_OPTION_ARG_NONE, &opt_session, "Use the session bus", NULL},
	    {"bus-address", 0, 0, G_OPTION_ARG_STRING, address, "Connect to this bus", "ADDR"},
	    {"plugin-dir", 0, 0, G_OPTION_ARG_FILENAME, &options->plugin_dir,
	     "Load plugins from DIR", "DIR"},
	    {"api-url", 0, 0, G_OPTION_ARG_STRING, &options->api_url,
	     "Use this API base URL instead of [API] Url", "URL"},
	    {"verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "Log debug messages", NULL},
	    {"version", 0, 0, G_OPTION_ARG_NONE, &opt_version, "Print the version and exit", NULL},
	    {NULL}};
	g_autoptr(GOptionContext) context = g_option_context_new("- the OpenTok D-Bus service");

	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, argc, argv, error))
		return FALSE;
	if (opt_version) {
		g_print("opentokd %s\n", PACKAGE_VERSION);
		exit(0);
	}
	if ((opt_system ? 1 : 0) + (opt_session ? 1 : 0) + (*address != NULL ? 1 : 0) > 1) {
		g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "--system, --session and --bus-address exclude each other");
		return FALSE;
	}
	*kind = *address != NULL ? OTD_BUS_KIND_ADDRESS
		: opt_session	 ? OTD_BUS_KIND_SESSION
				 : OTD_BUS_KIND_SYSTEM;
	if (options->config_path == NULL)
		options->config_path = g_strdup(OTD_DEFAULT_CONFIG);
	if (opt_verbose) {
		g_log_set_debug_enabled(TRUE);
		g_log_set_writer_func(otd_main_log_writer, NULL, NULL);
	}
	return TRUE;
}

int
main(int argc, char **argv)
{
	OtdDaemonOptions options = {NULL};
	g_autofree gchar *address = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdDaemon) daemon = NULL;
	OtdBusKind kind = OTD_BUS_KIND_SYSTEM;
	OtdMain self = {NULL};
	OtdBus *bus;
	gint status;

	setlocale(LC_ALL, "");
	/* no core dumps and no ptrace by other users: the secret lives in this process */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (!otd_main_parse(&argc, &argv, &options, &kind, &address, &error)) {
		g_printerr("opentokd: %s\n", error->message);
		return 2;
	}
	daemon = otd_daemon_new(&options, &error);
	g_free(options.config_path);
	g_free(options.plugin_dir);
	g_free(options.api_url);
	if (daemon == NULL) {
		g_printerr("opentokd: %s\n", error->message);
		return 1;
	}
	self.loop = g_main_loop_new(NULL, FALSE);
	bus = otd_bus_new(daemon, kind, address, self.loop, &error);
	if (bus == NULL) {
		g_printerr("opentokd: %s\n", error->message);
		g_main_loop_unref(self.loop);
		return 1;
	}
	otd_daemon_load_plugins(daemon);
	otd_bus_request_name(bus);
	self.bus = bus;
	self.idle_exit_sec = daemon->config->idle_exit_sec;
	if (self.idle_exit_sec > 0)
		g_timeout_add_seconds(1, otd_main_idle_cb, &self);
	g_unix_signal_add(SIGHUP, otd_main_reload_cb, daemon);
	g_unix_signal_add(SIGTERM, otd_main_signal_cb, &self);
	g_unix_signal_add(SIGINT, otd_main_signal_cb, &self);
	g_main_loop_run(self.loop);
	status = otd_bus_get_exit_status(bus);
	/* answer every call still in flight, then let the cancelled requests unwind */
	otd_call_cancel_all("opentokd is shutting down");
	for (guint i = 0; i < 1000 && g_main_context_iteration(NULL, FALSE); i++)
		;
	otd_bus_free(bus);
	g_main_loop_unref(self.loop);
	return status;
}
