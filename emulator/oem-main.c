/*
 * opentok-emulator: an offline Vonage Video (OpenTok) REST API for development and tests.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "oem-server.h"

typedef struct {
	gchar *listen;
	gchar *api_key;
	gchar *secret_file;
	gchar *port_file;
	gchar *tls_cert;
	gchar *tls_key;
	gboolean verbose;
	gboolean version;
} OemOptions;

static void
oem_options_clear(OemOptions *options)
{
	g_free(options->listen);
	g_free(options->api_key);
	g_free(options->secret_file);
	g_free(options->port_file);
	g_free(options->tls_cert);
	g_free(options->tls_key);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(OemOptions, oem_options_clear)

static gboolean
oem_main_parse_options(OemOptions *options, int *argc, char ***argv, GError **error)
{
	const GOptionEntry entries[] = {
	    {"listen", 0, 0, G_OPTION_ARG_STRING, &options->listen, "Address to listen on",
	     "127.0.0.1:PORT"},
	    {"api-key", 0, 0, G_OPTION_ARG_STRING, &options->api_key, "The project's API key", "K"},
	    {"api-secret-file", 0, 0, G_OPTION_ARG_FILENAME, &options->secret_file,
	     "File holding the API secret", "FILE"},
	    {"port-file", 0, 0, G_OPTION_ARG_FILENAME, &options->port_file,
	     "Write the bound port number here", "FILE"},
	    {"tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options->tls_cert,
	     "Serve HTTPS with this PEM certificate", "FILE"},
	    {"tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options->tls_key,
	     "The certificate's PEM private key", "FILE"},
	    {"verbose", 'v', 0, G_OPTION_ARG_NONE, &options->verbose, "Log every request", NULL},
	    {"version", 0, 0, G_OPTION_ARG_NONE, &options->version, "Print the version", NULL},
	    {NULL}};
	g_autoptr(GOptionContext) context = g_option_context_new(NULL);

	g_option_context_set_summary(context,
				     "An in-memory Vonage Video (OpenTok) REST API for tests.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, argc, argv, error))
		return FALSE;
	if (options->version)
		return TRUE;
	if (options->listen == NULL || options->api_key == NULL || options->secret_file == NULL) {
		g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
				    "--listen, --api-key and --api-secret-file are required");
		return FALSE;
	}
	if ((options->tls_cert == NULL) != (options->tls_key == NULL)) {
		g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
				    "--tls-cert and --tls-key go together");
		return FALSE;
	}
	/* the key is field 1 of every session id, whose fields are separated by '~' */
	if (options->api_key[0] == '\0' || strchr(options->api_key, '~') != NULL) {
		g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "--api-key must be non-empty and without '~'");
		return FALSE;
	}
	return TRUE;
}

static GBytes *
oem_main_read_secret(const gchar *path, GError **error)
{
	g_autofree gchar *data = NULL;
	gsize len = 0;
	struct stat st;

	if (!g_file_get_contents(path, &data, &len, error))
		return NULL;
	if (stat(path, &st) == 0 && (st.st_mode & 0077) != 0)
		g_message("%s is readable by other users, using it anyway", path);
	/* exactly one trailing newline is stripped, as the daemon does */
	if (len > 0 && data[len - 1] == '\n')
		len--;
	if (len == 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s holds no secret", path);
		return NULL;
	}
	return g_bytes_new(data, len);
}

static GInetAddress *
oem_main_parse_listen(const gchar *text, guint16 *ret_port, GError **error)
{
	const gchar *colon = strrchr(text, ':');
	g_autofree gchar *host = NULL;
	guint64 port = 0;
	GInetAddress *address;

	if (colon == NULL ||
	    !g_ascii_string_to_unsigned(colon + 1, 10, 0, G_MAXUINT16, &port, NULL)) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--listen wants ADDRESS:PORT, not '%s'", text);
		return NULL;
	}
	host = g_strndup(text, (gsize)(colon - text));
	if (host[0] == '[' && g_str_has_suffix(host, "]")) {
		g_autofree gchar *inner = g_strndup(host + 1, strlen(host) - 2);

		g_free(host);
		host = g_steal_pointer(&inner);
	}
	address = g_inet_address_new_from_string(host);
	if (address == NULL) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--listen wants a numeric address, not '%s'", host);
		return NULL;
	}
	*ret_port = (guint16)port;
	return address;
}

static void
oem_main_raise_fd_limit(void)
{
	struct rlimit limit;

	/* every keep-alive client holds an fd; the default soft limit of 1024 is low */
	if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
		return;
	limit.rlim_cur = limit.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
		g_debug("could not raise the open file limit: %s, ignoring", g_strerror(errno));
}

static gboolean
oem_main_write_port_file(const gchar *path, guint16 port, GError **error)
{
	g_autofree gchar *text = g_strdup_printf("%u\n", port);

	/* written to a temporary file and renamed, so a reader never sees half a number */
	return g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
					error);
}

static gboolean
oem_main_quit_cb(gpointer user_data)
{
	g_main_loop_quit(user_data);
	return G_SOURCE_CONTINUE;
}

static gboolean
oem_main_start(OemOptions *options, OemServer **ret_server, OemState **ret_state, GError **error)
{
	g_autoptr(GBytes) secret = oem_main_read_secret(options->secret_file, error);
	g_autoptr(GTlsCertificate) certificate = NULL;
	g_autoptr(GInetAddress) address = NULL;
	g_autoptr(OemState) state = NULL;
	g_autoptr(OemServer) server = NULL;
	guint16 port = 0;

	if (secret == NULL)
		return FALSE;
	address = oem_main_parse_listen(options->listen, &port, error);
	if (address == NULL)
		return FALSE;
	if (options->tls_cert != NULL) {
		certificate =
		    g_tls_certificate_new_from_files(options->tls_cert, options->tls_key, error);
		if (certificate == NULL)
			return FALSE;
	}
	state = oem_state_new(options->api_key, secret);
	server = oem_server_new(state, certificate);
	if (!oem_server_listen(server, address, port, error))
		return FALSE;
	if (options->port_file != NULL &&
	    !oem_main_write_port_file(options->port_file, oem_server_get_port(server), error))
		return FALSE;
	*ret_server = g_steal_pointer(&server);
	*ret_state = g_steal_pointer(&state);
	return TRUE;
}

int
main(int argc, char **argv)
{
	g_auto(OemOptions) options = {NULL};
	g_autoptr(GError) error = NULL;
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	g_autoptr(OemState) state = NULL;
	g_autoptr(OemServer) server = NULL;
	g_autofree gchar *url = NULL;

	/* stdout carries the "listening on" line; logs of every level go to stderr */
	g_log_writer_default_set_use_stderr(TRUE);
	signal(SIGPIPE, SIG_IGN);
	if (!oem_main_parse_options(&options, &argc, &argv, &error)) {
		g_printerr("opentok-emulator: %s\n", error->message);
		return 2;
	}
	if (options.version) {
		g_print("opentok-emulator %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (options.verbose)
		g_log_set_debug_enabled(TRUE);
	/* before the port is announced: a caller may stop us as soon as it has seen it */
	g_unix_signal_add(SIGTERM, oem_main_quit_cb, loop);
	g_unix_signal_add(SIGINT, oem_main_quit_cb, loop);
	oem_main_raise_fd_limit();
	if (!oem_main_start(&options, &server, &state, &error)) {
		g_printerr("opentok-emulator: %s\n", error->message);
		return 1;
	}
	url = oem_server_dup_url(server);
	printf("listening on %s\n", url);
	fflush(stdout);
	g_main_loop_run(loop);
	g_debug("shutting down");
	return 0;
}
