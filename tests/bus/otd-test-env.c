/* starting and stopping the processes of a bus test */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "otd-test-env.h"

/* for the SIGABRT handler: what to print and what to kill when an assertion fails */
static int otd_test_log_fd = -1;
static pid_t otd_test_pids[3];

static void
otd_test_abort_handler(int sig)
{
	char buf[4096];
	ssize_t n;

	if (otd_test_log_fd >= 0) {
		const char head[] = "\n===== opentokd log =====\n";
		(void)!write(STDERR_FILENO, head, sizeof(head) - 1);
		(void)lseek(otd_test_log_fd, 0, SEEK_SET);
		while ((n = read(otd_test_log_fd, buf, sizeof(buf))) > 0)
			(void)!write(STDERR_FILENO, buf, (size_t)n);
	}
	for (guint i = 0; i < G_N_ELEMENTS(otd_test_pids); i++) {
		if (otd_test_pids[i] > 0)
			kill(otd_test_pids[i], SIGKILL);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static const gchar *
otd_test_getenv(const gchar *name)
{
	const gchar *value = g_getenv(name);
	if (value == NULL)
		g_error("%s is not set: run the bus tests through meson test", name);
	return value;
}

static gchar *
otd_test_read_line(GSubprocess *proc)
{
	g_autoptr(GDataInputStream) in =
	    g_data_input_stream_new(g_subprocess_get_stdout_pipe(proc));
	g_autoptr(GError) error = NULL;
	gchar *line;

	g_filter_input_stream_set_close_base_stream(G_FILTER_INPUT_STREAM(in), FALSE);
	line = g_data_input_stream_read_line_utf8(in, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(line);
	return line;
}

static gboolean otd_test_system_policy = FALSE;
static gchar *otd_test_tls_cert, *otd_test_tls_key, *otd_test_tls_ca;
static GStrv otd_test_daemon_env;

void
otd_test_env_set_emulator_tls(const gchar *cert, const gchar *key, const gchar *ca)
{
	g_free(otd_test_tls_cert);
	g_free(otd_test_tls_key);
	g_free(otd_test_tls_ca);
	otd_test_tls_cert = g_strdup(cert);
	otd_test_tls_key = g_strdup(key);
	otd_test_tls_ca = g_strdup(ca);
}

void
otd_test_env_set_daemon_env(const gchar *const *vars)
{
	g_strfreev(otd_test_daemon_env);
	otd_test_daemon_env = g_strdupv((gchar **)vars);
}

guint
otd_test_env_time_factor(void)
{
	const gchar *value = g_getenv("OTD_TEST_TIME_FACTOR");
	guint64 factor = 1;

	if (value != NULL && !g_ascii_string_to_unsigned(value, 10, 1, 100, &factor, NULL))
		g_error("OTD_TEST_TIME_FACTOR=%s: want an integer from 1 to 100", value);
	return (guint)factor;
}

/*
 * OTD_TEST_WRAPPER (set by a meson test setup, e.g. valgrind's) goes in front of the
 * daemon's and the emulator's command lines: @program and @args appended to it
 */
static GPtrArray *
otd_test_command(const gchar *program, const gchar *first_arg, ...)
{
	const gchar *wrapper = g_getenv("OTD_TEST_WRAPPER");
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
	g_auto(GStrv) words = NULL;
	g_autoptr(GError) error = NULL;
	va_list ap;

	if (wrapper != NULL && wrapper[0] != '\0') {
		if (!g_shell_parse_argv(wrapper, NULL, &words, &error))
			g_error("OTD_TEST_WRAPPER: %s", error->message);
		for (guint i = 0; words[i] != NULL; i++)
			g_ptr_array_add(argv, g_strdup(words[i]));
	}
	g_ptr_array_add(argv, g_strdup(program));
	va_start(ap, first_arg);
	for (const gchar *a = first_arg; a != NULL; a = va_arg(ap, const gchar *))
		g_ptr_array_add(argv, g_strdup(a));
	va_end(ap);
	g_ptr_array_add(argv, NULL);
	return argv;
}

void
otd_test_env_use_system_policy(gboolean on)
{
	otd_test_system_policy = on;
}

/* the system bus's defaults (deny owning and calling, allow the driver), then our file */
static gchar *
otd_test_system_bus_conf(OtdTestEnv *env)
{
	g_autofree gchar *policy =
	    g_build_filename(otd_test_getenv("OTD_TEST_DBUS_DIR"), "org.opentokd.OpenTok1.conf", NULL);
	return g_strdup_printf(
	    "<busconfig><type>system</type><listen>unix:path=%s/bus</listen>"
	    "<auth>EXTERNAL</auth><policy context=\"default\"><allow user=\"*\"/>"
	    "<deny own=\"*\"/><deny send_type=\"method_call\"/>"
	    "<allow send_type=\"signal\"/><allow send_requested_reply=\"true\" "
	    "send_type=\"method_return\"/><allow send_requested_reply=\"true\" "
	    "send_type=\"error\"/><allow receive_type=\"method_call\"/>"
	    "<allow receive_type=\"method_return\"/><allow receive_type=\"error\"/>"
	    "<allow receive_type=\"signal\"/><allow send_destination=\"org.freedesktop.DBus\" "
	    "send_interface=\"org.freedesktop.DBus\"/><allow "
	    "send_destination=\"org.freedesktop.DBus\" "
	    "send_interface=\"org.freedesktop.DBus.Introspectable\"/></policy>"
	    "<include>%s</include></busconfig>",
	    env->tmpdir, policy);
}

static void
otd_test_start_bus(OtdTestEnv *env)
{
	g_autofree gchar *conf = g_build_filename(env->tmpdir, "bus.conf", NULL);
	g_autofree gchar *text =
	    otd_test_system_policy
		? otd_test_system_bus_conf(env)
		: g_strdup_printf(
		      "<busconfig><type>session</type><listen>unix:path=%s/bus</listen>"
		      "<auth>EXTERNAL</auth><policy context=\"default\"><allow "
		      "send_destination=\"*\"/><allow receive_sender=\"*\"/><allow own=\"*\"/>"
		      "<allow user=\"*\"/></policy></busconfig>",
		      env->tmpdir);
	g_autoptr(GError) error = NULL;

	g_assert_true(g_file_set_contents(conf, text, -1, NULL));
	env->bus = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "dbus-daemon",
				    "--nofork", "--print-address", "--config-file", conf, NULL);
	g_assert_no_error(error);
	otd_test_pids[0] = atoi(g_subprocess_get_identifier(env->bus));
	env->bus_address = otd_test_read_line(env->bus);
}

static void
otd_test_start_emulator(OtdTestEnv *env)
{
	g_autofree gchar *secret = g_build_filename(env->tmpdir, "emulator-secret", NULL);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *line = NULL;

	g_autofree gchar *text = g_strdup_printf("%s\n", env->secret);
	g_autoptr(GPtrArray) argv = NULL;

	g_assert_true(g_file_set_contents(secret, text, -1, NULL));
	g_chmod(secret, 0600);
	if (otd_test_tls_cert != NULL)
		argv = otd_test_command(otd_test_getenv("OTD_TEST_EMULATOR"), "--listen",
					"127.0.0.1:0", "--api-key", OTD_TEST_KEY,
					"--api-secret-file", secret, "--tls-cert", otd_test_tls_cert,
					"--tls-key", otd_test_tls_key, NULL);
	else
		argv = otd_test_command(otd_test_getenv("OTD_TEST_EMULATOR"), "--listen",
					"127.0.0.1:0", "--api-key", OTD_TEST_KEY,
					"--api-secret-file", secret, NULL);
	env->emulator = g_subprocess_newv((const gchar *const *)argv->pdata,
					  G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
	g_assert_no_error(error);
	otd_test_pids[1] = atoi(g_subprocess_get_identifier(env->emulator));
	line = otd_test_read_line(env->emulator);
	g_assert_true(g_str_has_prefix(line, "listening on http://127.0.0.1:") ||
		      g_str_has_prefix(line, "listening on https://127.0.0.1:"));
	env->emulator_url = g_strdup(line + strlen("listening on "));
	/* the control calls trust the test's private CA */
	if (otd_test_tls_ca != NULL) {
		g_autoptr(GTlsDatabase) db = g_tls_file_database_new(otd_test_tls_ca, &error);
		g_assert_no_error(error);
		soup_session_set_tls_database(env->http, db);
	}
}

static void
otd_test_link_plugins(OtdTestEnv *env)
{
	g_auto(GStrv) plugins = g_strsplit(otd_test_getenv("OTD_TEST_PLUGINS"), ":", -1);

	env->plugin_dir = g_build_filename(env->tmpdir, "plugins", NULL);
	g_assert_cmpint(g_mkdir(env->plugin_dir, 0755), ==, 0);
	for (guint i = 0; plugins[i] != NULL; i++) {
		g_autofree gchar *base = g_path_get_basename(plugins[i]);
		g_autofree gchar *link = g_build_filename(env->plugin_dir, base, NULL);
		g_assert_cmpint(symlink(plugins[i], link), ==, 0);
	}
}

static void
otd_test_write_config(OtdTestEnv *env, const gchar *extra)
{
	g_autofree gchar *secret = g_build_filename(env->tmpdir, "api-secret", NULL);
	g_autofree gchar *text = NULL;
	g_autofree gchar *secret_text = g_strdup_printf("%s\n", env->secret);

	g_assert_true(g_file_set_contents(secret, secret_text, -1, NULL));
	g_chmod(secret, 0600);
	text = g_strdup_printf("[API]\nKey=%s\nSecretFile=%s\nUrl=%s\n%s", OTD_TEST_KEY, secret,
			       env->emulator_url, extra != NULL ? extra : "");
	env->config_path = g_build_filename(env->tmpdir, "opentokd.conf", NULL);
	g_assert_true(g_file_set_contents(env->config_path, text, -1, NULL));
}

void
otd_test_env_start_daemon(OtdTestEnv *env)
{
	g_autoptr(GSubprocessLauncher) launcher = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *bus_arg = g_strdup_printf("--bus-address=%s", env->bus_address);
	g_autofree gchar *config_arg = g_strdup_printf("--config=%s", env->config_path);
	g_autofree gchar *plugin_arg = g_strdup_printf("--plugin-dir=%s", env->plugin_dir);
	OtkCallError *cerr = NULL;
	g_autoptr(GPtrArray) argv = NULL;
	guint tries = 500 * otd_test_env_time_factor();

	int log_fd = open(env->daemon_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

	/* GLib writes debug and info to stdout, warnings to stderr: both go to the log */
	g_assert_cmpint(log_fd, >=, 0);
	launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_NONE);
	g_subprocess_launcher_take_stdout_fd(launcher, dup(log_fd));
	g_subprocess_launcher_take_stderr_fd(launcher, log_fd);
	g_subprocess_launcher_unsetenv(launcher, "CREDENTIALS_DIRECTORY");
	for (guint i = 0; otd_test_daemon_env != NULL && otd_test_daemon_env[i] != NULL; i++) {
		g_auto(GStrv) kv = g_strsplit(otd_test_daemon_env[i], "=", 2);
		g_assert_nonnull(kv[1]);
		g_subprocess_launcher_setenv(launcher, kv[0], kv[1], TRUE);
	}
	argv = otd_test_command(otd_test_getenv("OTD_TEST_DAEMON"), bus_arg, config_arg,
				plugin_arg, "--verbose", NULL);
	env->daemon = g_subprocess_launcher_spawnv(launcher, (const gchar *const *)argv->pdata,
						   &error);
	g_assert_no_error(error);
	otd_test_pids[2] = atoi(g_subprocess_get_identifier(env->daemon));
	if (otd_test_log_fd < 0)
		otd_test_log_fd = open(env->daemon_log, O_RDONLY | O_CLOEXEC);
	/* ready once the name answers a ping: at most 10 s (times the time factor) */
	for (guint i = 0; i < tries; i++) {
		if (otk_client_ping(env->client, &cerr) >= 0)
			return;
		otk_call_error_free(g_steal_pointer(&cerr));
		/* GLib reaps the child: no identifier once it has exited */
		if (g_subprocess_get_identifier(env->daemon) == NULL)
			g_error("opentokd exited during start-up");
		g_usleep(20000);
	}
	g_error("opentokd did not appear on the bus within 10 s");
}

static void
otd_test_waited_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	gboolean *done = user_data;
	g_subprocess_wait_finish(G_SUBPROCESS(source), result, NULL);
	*done = TRUE;
}

gint
otd_test_env_stop_daemon(OtdTestEnv *env, guint timeout_ms)
{
	gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
	g_autoptr(GSubprocess) daemon = g_steal_pointer(&env->daemon);
	gboolean done = FALSE;

	if (daemon == NULL)
		return -1;
	g_subprocess_send_signal(daemon, SIGTERM);
	g_subprocess_wait_async(daemon, NULL, otd_test_waited_cb, &done);
	while (!done && g_get_monotonic_time() < deadline) {
		if (!g_main_context_iteration(NULL, FALSE))
			g_usleep(5000);
	}
	if (!done) {
		g_subprocess_force_exit(daemon);
		while (!done)
			g_main_context_iteration(NULL, TRUE);
		otd_test_pids[2] = 0;
		return -1;
	}
	otd_test_pids[2] = 0;
	if (g_subprocess_get_if_exited(daemon))
		return g_subprocess_get_exit_status(daemon);
	return 128 + g_subprocess_get_term_sig(daemon);
}

pid_t
otd_test_env_daemon_pid(OtdTestEnv *env)
{
	return atoi(g_subprocess_get_identifier(env->daemon));
}

OtdTestEnv *
otd_test_env_new(const gchar *extra_config)
{
	return otd_test_env_new_full(extra_config, OTD_TEST_SECRET);
}

OtdTestEnv *
otd_test_env_new_full(const gchar *extra_config, const gchar *secret)
{
	OtdTestEnv *env = g_new0(OtdTestEnv, 1);
	OtkCallError *cerr = NULL;

	/* g_assert() aborts, g_error() traps: both print the log and kill the children */
	env->secret = g_strdup(secret);
	signal(SIGABRT, otd_test_abort_handler);
	signal(SIGTRAP, otd_test_abort_handler);
	env->tmpdir = g_dir_make_tmp("otd-bus-XXXXXX", NULL);
	g_assert_nonnull(env->tmpdir);
	/* other users must reach the bus socket: the access tests call as nobody */
	g_chmod(env->tmpdir, 0755);
	env->daemon_log = g_build_filename(env->tmpdir, "opentokd.log", NULL);
	env->http = soup_session_new();
	otd_test_start_bus(env);
	otd_test_start_emulator(env);
	otd_test_link_plugins(env);
	otd_test_write_config(env, extra_config);
	env->client = otk_client_new_address(env->bus_address, &cerr);
	g_assert_null(cerr);
	otd_test_env_start_daemon(env);
	return env;
}

static void
otd_test_rm_rf(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;

	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *child = g_build_filename(path, name, NULL);
		if (g_file_test(child, G_FILE_TEST_IS_DIR) &&
		    !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
			otd_test_rm_rf(child);
		else
			g_unlink(child);
	}
	g_rmdir(path);
}

void
otd_test_env_free(OtdTestEnv *env)
{
	if (env == NULL)
		return;
	if (env->daemon != NULL)
		g_assert_cmpint(otd_test_env_stop_daemon(env, 5000 * otd_test_env_time_factor()), ==,
				0);
	otk_client_free(env->client);
	if (env->emulator != NULL) {
		/* the emulator exits 0 on SIGTERM; anything else (a sanitizer report) fails */
		g_subprocess_send_signal(env->emulator, SIGTERM);
		g_subprocess_wait(env->emulator, NULL, NULL);
		g_assert_true(g_subprocess_get_if_exited(env->emulator));
		g_assert_cmpint(g_subprocess_get_exit_status(env->emulator), ==, 0);
	}
	if (env->bus != NULL) {
		g_subprocess_send_signal(env->bus, SIGTERM);
		g_subprocess_wait(env->bus, NULL, NULL);
	}
	memset(otd_test_pids, 0, sizeof(otd_test_pids));
	if (otd_test_log_fd >= 0)
		close(otd_test_log_fd);
	otd_test_log_fd = -1;
	g_clear_object(&env->emulator);
	g_clear_object(&env->bus);
	g_clear_object(&env->http);
	otd_test_rm_rf(env->tmpdir);
	g_free(env->tmpdir);
	g_free(env->secret);
	g_free(env->bus_address);
	g_free(env->emulator_url);
	g_free(env->daemon_log);
	g_free(env->config_path);
	g_free(env->plugin_dir);
	g_free(env);
}

sd_bus *
otd_test_env_open_bus(OtdTestEnv *env)
{
	sd_bus *bus = NULL;

	g_assert_cmpint(sd_bus_new(&bus), >=, 0);
	g_assert_cmpint(sd_bus_set_address(bus, env->bus_address), >=, 0);
	g_assert_cmpint(sd_bus_set_bus_client(bus, 1), >=, 0);
	g_assert_cmpint(sd_bus_start(bus), >=, 0);
	return bus;
}

JsonNode *
otd_test_env_http(OtdTestEnv *env, const gchar *method, const gchar *path, const gchar *body,
		  guint *ret_status)
{
	g_autofree gchar *uri = g_strconcat(env->emulator_url, path, NULL);
	g_autoptr(SoupMessage) msg = soup_message_new(method, uri);
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) answer = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	gsize len = 0;
	const gchar *data;

	g_assert_nonnull(msg);
	if (body != NULL) {
		g_autoptr(GBytes) bytes = g_bytes_new_static(body, strlen(body));
		soup_message_set_request_body_from_bytes(msg, "application/json", bytes);
	}
	answer = soup_session_send_and_read(env->http, msg, NULL, &error);
	g_assert_no_error(error);
	if (ret_status != NULL)
		*ret_status = soup_message_get_status(msg);
	data = g_bytes_get_data(answer, &len);
	if (len == 0)
		return NULL;
	if (!json_parser_load_from_data(parser, data, (gssize)len, &error))
		g_error("emulator %s %s answered non-JSON: %.*s", method, path, (int)len, data);
	return json_node_ref(json_parser_get_root(parser));
}

static JsonArray *
otd_test_env_requests(OtdTestEnv *env, JsonNode **ret_node)
{
	JsonNode *node = otd_test_env_http(env, "GET", "/_emulator/requests", NULL, NULL);
	g_assert_nonnull(node);
	*ret_node = node;
	if (JSON_NODE_HOLDS_ARRAY(node))
		return json_node_get_array(node);
	return json_object_get_array_member(json_node_get_object(node), "requests");
}

guint
otd_test_env_request_count(OtdTestEnv *env)
{
	g_autoptr(JsonNode) node = NULL;
	JsonArray *array = otd_test_env_requests(env, &node);
	return json_array_get_length(array);
}

JsonObject *
otd_test_env_last_request(OtdTestEnv *env)
{
	g_autoptr(JsonNode) node = NULL;
	JsonArray *array = otd_test_env_requests(env, &node);
	guint n = json_array_get_length(array);
	if (n == 0)
		return NULL;
	return json_object_ref(json_array_get_object_element(array, n - 1));
}

void
otd_test_env_fault(OtdTestEnv *env, const gchar *json)
{
	guint status = 0;
	g_autoptr(JsonNode) node = otd_test_env_http(env, "POST", "/_emulator/faults", json, &status);
	g_assert_cmpuint(status, ==, 201);
}

gchar *
otd_test_env_create_session(OtdTestEnv *env)
{
	OtkOptions *options = otk_options_new();
	OtkCallError *error = NULL;
	char *id = NULL;

	otk_options_set_string(options, "media_mode", "routed");
	g_assert_cmpint(otk_client_create_session(env->client, options, &id, &error), >=, 0);
	g_assert_null(error);
	otk_options_free(options);
	return id;
}

guint
otd_test_env_join(OtdTestEnv *env, const gchar *session_id, const gchar *token,
		  gchar **ret_text)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", session_id);
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(JsonNode) answer = NULL;
	g_autofree gchar *body = NULL;
	guint status = 0;
	JsonObject *obj;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "token");
	json_builder_add_string_value(b, token);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	body = json_to_string(root, FALSE);
	answer = otd_test_env_http(env, "POST", path, body, &status);
	if (ret_text != NULL && answer != NULL && JSON_NODE_HOLDS_OBJECT(answer)) {
		obj = json_node_get_object(answer);
		*ret_text = g_strdup(json_object_get_string_member_with_default(
		    obj, status == 201 ? "connectionId" : "reason", ""));
	}
	return status;
}

gint
otd_test_env_ctl(OtdTestEnv *env, gchar **ret_stdout, gchar **ret_stderr, const gchar *first,
		 ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;
	va_list args;

	g_ptr_array_add(argv, g_strdup(otd_test_getenv("OTD_TEST_CTL")));
	g_ptr_array_add(argv, g_strdup_printf("--bus-address=%s", env->bus_address));
	va_start(args, first);
	for (const gchar *a = first; a != NULL; a = va_arg(args, const gchar *))
		g_ptr_array_add(argv, g_strdup(a));
	va_end(args);
	g_ptr_array_add(argv, NULL);
	proc = g_subprocess_newv((const gchar *const *)argv->pdata,
				 G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
				 &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, ret_stdout, ret_stderr,
						    &error));
	g_assert_no_error(error);
	return g_subprocess_get_exit_status(proc);
}

void
otd_test_assert_error(OtkCallError *error, const gchar *name, const gchar *needle)
{
	g_autofree gchar *full = g_strconcat("org.opentokd.OpenTok1.Error.", name, NULL);

	if (error == NULL)
		g_error("expected %s, the call succeeded", name);
	if (g_strcmp0(otk_call_error_get_name(error), full) != 0 ||
	    (needle != NULL && strstr(otk_call_error_get_message(error), needle) == NULL))
		g_error("expected %s with '%s', got %s: %s", name, needle ? needle : "",
			otk_call_error_get_name(error), otk_call_error_get_message(error));
}
