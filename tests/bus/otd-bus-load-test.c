/*
 * Load (issue 8): 50 clients, each with its own bus connection, make 200 mixed calls at
 * the same time. Not one call may fail, and afterwards the daemon may hold no more file
 * descriptors than before apart from its HTTP connections to the API (a pool bounded by
 * [API] MaxConnections), nor much more memory. Figures are printed by bench/run.sh --load;
 * nothing here asserts a timing.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "otd-test-env.h"
#include "otk-archives.h"
#include "otk-broadcasts.h"
#include "otk-streams.h"

#define LOAD_CLIENTS	  50
#define LOAD_CALLS	  200
#define LOAD_WARMUP_CALLS 20
/* small, so that the warm-up surely fills the pool and the fd count can be compared */
#define LOAD_MAX_CONNECTIONS 4

typedef struct {
	const gchar *address;
	const gchar *session_id;
	const gchar *archive_id;
	guint index;
	guint calls;
	guint done;
	guint errors;
	gchar *first_error;
} LoadClient;

/* one call of the mix; returns the client library's result */
static int
load_call(OtkClient *client, LoadClient *self, guint kind, OtkCallError **error)
{
	OtkOptions *options = otk_options_new();
	OtkDict *dict = NULL;
	char *text = NULL;
	int r;

	switch (kind % 10) {
	case 0:
		r = otk_client_ping(client, error);
		break;
	case 1:
	case 2:
		otk_options_set_string(options, "role", "subscriber");
		if (kind % 10 == 2)
			otk_options_set_string(options, "token_type", "T1");
		r = otk_client_generate_token(client, self->session_id, options, &text, error);
		break;
	case 3:
		r = otk_client_archive_list(client, NULL, &dict, error);
		break;
	case 4:
		r = otk_client_archive_get(client, self->archive_id, &dict, error);
		break;
	case 5:
		r = otk_client_create_session(client, NULL, &text, error);
		break;
	case 6:
		r = otk_client_get_status(client, &dict, error);
		break;
	case 7:
		r = otk_client_list_connections(client, self->session_id, &dict, error);
		break;
	case 8:
		r = otk_client_stream_list(client, self->session_id, &dict, error);
		break;
	case 9:
	default:
		r = otk_client_broadcast_list(client, NULL, &dict, error);
		break;
	}
	otk_options_free(options);
	otk_dict_free(dict);
	free(text);
	return r;
}

static gpointer
load_client_thread(gpointer data)
{
	LoadClient *self = data;
	OtkCallError *error = NULL;
	OtkClient *client = otk_client_new_address(self->address, &error);

	if (client == NULL) {
		self->errors = self->calls;
		self->first_error = g_strdup(otk_call_error_get_message(error));
		otk_call_error_free(error);
		return NULL;
	}
	/* each client starts at another point of the mix */
	for (guint i = 0; i < self->calls; i++) {
		if (load_call(client, self, self->index + i, &error) < 0) {
			if (self->errors++ == 0)
				self->first_error = g_strdup_printf(
				    "%s: %s", otk_call_error_get_name(error),
				    otk_call_error_get_message(error));
			otk_call_error_free(g_steal_pointer(&error));
		}
		self->done++;
	}
	otk_client_free(client);
	return NULL;
}

/* runs @n_clients clients of @calls calls each at once; returns the number of failures */
static guint
load_run(OtdTestEnv *env, const gchar *session_id, const gchar *archive_id, guint n_clients,
	 guint calls)
{
	g_autofree LoadClient *clients = g_new0(LoadClient, n_clients);
	g_autofree GThread **threads = g_new0(GThread *, n_clients);
	guint errors = 0, done = 0;

	for (guint i = 0; i < n_clients; i++) {
		clients[i] = (LoadClient){env->bus_address, session_id, archive_id, i, calls};
		threads[i] = g_thread_new("load-client", load_client_thread, &clients[i]);
	}
	for (guint i = 0; i < n_clients; i++) {
		g_thread_join(threads[i]);
		if (clients[i].first_error != NULL)
			g_test_message("client %u: %u failed calls, the first: %s", i,
				       clients[i].errors, clients[i].first_error);
		errors += clients[i].errors;
		done += clients[i].done;
		g_free(clients[i].first_error);
	}
	g_assert_cmpuint(done, ==, n_clients * calls);
	return errors;
}

/* the inodes of the TCP sockets connected to @port, from /proc/net/tcp */
static GHashTable *
load_api_socket_inodes(guint port)
{
	GHashTable *inodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autofree gchar *text = NULL;
	g_auto(GStrv) lines = NULL;

	g_assert_true(g_file_get_contents("/proc/net/tcp", &text, NULL, NULL));
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 1; lines[i] != NULL; i++) {
		g_auto(GStrv) f = g_strsplit_set(g_strstrip(lines[i]), " ", -1);
		g_autoptr(GPtrArray) cols = g_ptr_array_new();
		const gchar *colon;

		for (guint k = 0; f[k] != NULL; k++) {
			if (f[k][0] != '\0')
				g_ptr_array_add(cols, f[k]);
		}
		/* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
		if (cols->len < 10)
			continue;
		colon = strchr(g_ptr_array_index(cols, 2), ':');
		if (colon != NULL && g_ascii_strtoull(colon + 1, NULL, 16) == port)
			g_hash_table_add(inodes, g_strdup(g_ptr_array_index(cols, 9)));
	}
	return inodes;
}

typedef struct {
	guint api; /* connections to the emulator */
	guint other;
	guint64 rss_kib;
} LoadUsage;

static LoadUsage
load_usage(OtdTestEnv *env)
{
	g_autofree gchar *fd_dir = g_strdup_printf("/proc/%d/fd", otd_test_env_daemon_pid(env));
	g_autofree gchar *status_path =
	    g_strdup_printf("/proc/%d/status", otd_test_env_daemon_pid(env));
	g_autofree gchar *status = NULL;
	guint port = (guint)g_ascii_strtoull(strrchr(env->emulator_url, ':') + 1, NULL, 10);
	g_autoptr(GHashTable) api = load_api_socket_inodes(port);
	g_autoptr(GDir) dir = g_dir_open(fd_dir, 0, NULL);
	LoadUsage usage = {0};
	const gchar *name;
	const gchar *rss;

	g_assert_nonnull(dir);
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *path = g_build_filename(fd_dir, name, NULL);
		g_autofree gchar *target = g_file_read_link(path, NULL);
		g_autofree gchar *inode = NULL;

		if (target != NULL && g_str_has_prefix(target, "socket:[")) {
			inode = g_strndup(target + 8, strlen(target) - 9);
			if (g_hash_table_contains(api, inode)) {
				usage.api++;
				continue;
			}
		}
		usage.other++;
	}
	g_assert_true(g_file_get_contents(status_path, &status, NULL, NULL));
	rss = strstr(status, "VmRSS:");
	g_assert_nonnull(rss);
	usage.rss_kib = g_ascii_strtoull(rss + 6, NULL, 10);
	return usage;
}

/* a daemon built with ASan or run under valgrind: slower, and its RSS holds freed memory
 * (the sanitizer's quarantine), so the RSS bound means nothing there */
static gboolean
load_daemon_is_instrumented(OtdTestEnv *env)
{
	g_autofree gchar *path = g_strdup_printf("/proc/%d/maps", otd_test_env_daemon_pid(env));
	g_autofree gchar *maps = NULL;

	g_assert_true(g_file_get_contents(path, &maps, NULL, NULL));
	return strstr(maps, "libasan") != NULL || strstr(maps, "vgpreload") != NULL ||
	       otd_test_env_time_factor() > 1;
}

static gchar *
load_make_archive(OtdTestEnv *env, const gchar *session_id)
{
	OtkOptions *options = otk_options_new();
	OtkCallError *error = NULL;
	OtkDict *archive = NULL;
	char *token = NULL;
	gchar *id;

	otk_options_set_string(options, "role", "publisher");
	g_assert_cmpint(
	    otk_client_generate_token(env->client, session_id, options, &token, &error), >=, 0);
	g_assert_cmpuint(otd_test_env_join(env, session_id, token, NULL), ==, 201);
	g_assert_cmpint(otk_client_archive_start(env->client, session_id, NULL, &archive, &error),
			>=, 0);
	g_assert_null(error);
	id = g_strdup(otk_dict_get_string(archive, "id"));
	g_assert_nonnull(id);
	otk_dict_free(archive);
	archive = NULL;
	g_assert_cmpint(otk_client_archive_stop(env->client, id, &archive, &error), >=, 0);
	otk_dict_free(archive);
	otk_options_free(options);
	free(token);
	return id;
}

static void
test_load_mixed(void)
{
	g_autofree gchar *extra = g_strdup_printf("MaxConnections=%d\n", LOAD_MAX_CONNECTIONS);
	g_autoptr(OtdTestEnv) env = otd_test_env_new(extra);
	g_autofree gchar *session_id = otd_test_env_create_session(env);
	g_autofree gchar *archive_id = load_make_archive(env, session_id);
	/* fewer calls when the daemon is instrumented: the same check, in seconds */
	gboolean instrumented = load_daemon_is_instrumented(env);
	guint calls = instrumented ? LOAD_CALLS / 20 : LOAD_CALLS;
	guint warmup = instrumented ? LOAD_WARMUP_CALLS / 4 : LOAD_WARMUP_CALLS;
	LoadUsage before, after;

	/* the warm-up fills the connection pool and the daemon's caches */
	g_assert_cmpuint(
	    load_run(env, session_id, archive_id, LOAD_CLIENTS, warmup), ==, 0);
	before = load_usage(env);
	g_assert_cmpuint(load_run(env, session_id, archive_id, LOAD_CLIENTS, calls), ==, 0);
	after = load_usage(env);
	g_test_message("daemon fds: %u other + %u to the API before, %u + %u after; "
		       "RSS %" G_GUINT64_FORMAT " KiB before, %" G_GUINT64_FORMAT " KiB after",
		       before.other, before.api, after.other, after.api, before.rss_kib,
		       after.rss_kib);
	/* ±2: a bus connection of a client that just left may still be closing */
	g_assert_cmpuint(after.other, <=, before.other + 2);
	g_assert_cmpuint(after.other + 2, >=, before.other);
	g_assert_cmpuint(after.api, <=, LOAD_MAX_CONNECTIONS);
	/* generous: this is a leak check, not a measurement */
	if (!instrumented)
		g_assert_cmpuint(after.rss_kib, <, before.rss_kib * 3 / 2);
	/* and the daemon still answers */
	g_assert_cmpint(otk_client_ping(env->client, NULL), >=, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/bus/load/mixed", test_load_mixed);
	return g_test_run();
}
