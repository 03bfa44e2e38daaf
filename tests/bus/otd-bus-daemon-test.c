/* the daemon process: idle CPU, clean shutdown with calls in flight, access, refusals */
#include "config.h"

#include <glib/gstdio.h>
#include <grp.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "otd-test-env.h"

static guint64
cpu_ticks(pid_t pid)
{
	g_autofree gchar *path = g_strdup_printf("/proc/%d/stat", pid);
	g_autofree gchar *text = NULL;
	g_auto(GStrv) fields = NULL;
	const gchar *after_comm;

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	after_comm = strrchr(text, ')');
	g_assert_nonnull(after_comm);
	fields = g_strsplit(after_comm + 2, " ", -1);
	/* fields 14 and 15 of stat(5), utime and stime, counted after the comm field */
	return g_ascii_strtoull(fields[11], NULL, 10) + g_ascii_strtoull(fields[12], NULL, 10);
}

static void
test_idle_cpu(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	pid_t pid = otd_test_env_daemon_pid(env);
	guint64 before, after;

	g_usleep(G_USEC_PER_SEC / 2);
	before = cpu_ticks(pid);
	g_usleep(3 * G_USEC_PER_SEC);
	after = cpu_ticks(pid);
	/* a spinning loop would burn ~300 ticks here; an idle one none */
	g_test_message("idle CPU over 3 s: %" G_GUINT64_FORMAT " ticks", after - before);
	g_assert_cmpuint(after - before, <=, 2);
}

static void
test_sigterm_in_flight(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid = otd_test_env_create_session(env);
	g_autoptr(GSubprocess) ctl = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *bus_arg = g_strdup_printf("--bus-address=%s", env->bus_address);
	g_autofree gchar *out = NULL, *err = NULL;
	gint64 start;

	otd_test_env_fault(env, "{\"path\":\"/v2/project/*/connection\",\"delayMs\":15000}");
	ctl = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
			       &error, g_getenv("OTD_TEST_CTL"), bus_arg, "connection", "list", sid,
			       NULL);
	g_assert_no_error(error);
	g_usleep(G_USEC_PER_SEC / 2);
	start = g_get_monotonic_time();
	g_assert_cmpint(otd_test_env_stop_daemon(env, 3000), ==, 0);
	g_assert_cmpint(g_get_monotonic_time() - start, <, 2 * G_USEC_PER_SEC);
	g_assert_true(g_subprocess_communicate_utf8(ctl, NULL, NULL, &out, &err, &error));
	g_assert_cmpint(g_subprocess_get_exit_status(ctl), ==, 1);
	g_assert_nonnull(strstr(err, "Cancelled"));
}

/* runs GenerateToken as the user nobody in a child process; returns the error name */
static gchar *
call_as_nobody(OtdTestEnv *env, const gchar *sid)
{
	int fds[2];
	pid_t pid;
	gchar buf[512] = {0};
	int status = 0;

	g_assert_cmpint(pipe(fds), ==, 0);
	pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		OtkClient *client;
		OtkCallError *error = NULL;
		char *token = NULL;
		const char *answer = "connect-failed";

		close(fds[0]);
		if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
		    setresuid(65534, 65534, 65534) != 0)
			_exit(3);
		client = otk_client_new_address(env->bus_address, &error);
		if (client != NULL) {
			otk_client_generate_token(client, sid, NULL, &token, &error);
			answer = error != NULL ? otk_call_error_get_name(error) : "ok";
			if (error != NULL) {
				(void)!write(fds[1], answer, strlen(answer));
				(void)!write(fds[1], "|", 1);
				answer = otk_call_error_get_message(error);
			}
		}
		(void)!write(fds[1], answer, strlen(answer));
		_exit(0);
	}
	close(fds[1]);
	for (gsize len = 0; len < sizeof(buf) - 1;) {
		ssize_t n = read(fds[0], buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			break;
		len += (gsize)n;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return g_strdup(buf);
}

static void
test_access_denied(void)
{
	g_autoptr(OtdTestEnv) env = NULL;
	g_autofree gchar *sid = NULL;
	g_autofree gchar *answer = NULL;

	if (getuid() != 0) {
		g_test_skip("needs root to call as another user");
		return;
	}
	env = otd_test_env_new(NULL);
	sid = otd_test_env_create_session(env);
	answer = call_as_nobody(env, sid);
	g_assert_cmpstr(answer, ==,
			"org.opentokd.OpenTok1.Error.PermissionDenied|caller uid 65534 lacks "
			"'tokens'");
	/* the same identity is cached and still refused; root still works */
	g_free(answer);
	answer = call_as_nobody(env, sid);
	g_assert_true(g_str_has_prefix(answer, "org.opentokd.OpenTok1.Error.PermissionDenied"));
	g_assert_cmpint(otk_client_ping(env->client, NULL), >=, 0);
}

static void
expect_startup_failure(const gchar *config, const gchar *secret, guint mode, const gchar *needle)
{
	g_autofree gchar *dir = g_dir_make_tmp("otd-start-XXXXXX", NULL);
	g_autofree gchar *conf = g_build_filename(dir, "opentokd.conf", NULL);
	g_autofree gchar *secret_path = g_build_filename(dir, "secret", NULL);
	g_autofree gchar *text = g_strdup_printf("%sSecretFile=%s\n", config, secret_path);
	g_autofree gchar *conf_arg = g_strdup_printf("--config=%s", conf);
	g_autofree gchar *out = NULL, *err = NULL;
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;

	g_assert_true(g_file_set_contents(conf, text, -1, NULL));
	g_assert_true(g_file_set_contents(secret_path, secret, -1, NULL));
	g_assert_cmpint(chmod(secret_path, mode), ==, 0);
	proc = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
				&error, g_getenv("OTD_TEST_DAEMON"), conf_arg,
				"--bus-address=unix:path=/nonexistent/bus", NULL);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, &out, &err, &error));
	g_assert_cmpint(g_subprocess_get_exit_status(proc), ==, 1);
	if (strstr(err, needle) == NULL)
		g_error("'%s' not in '%s'", needle, err);
	/* the secret never appears in what the daemon prints */
	g_assert_null(strstr(err, "TopSecretValue"));
	g_unlink(conf);
	g_unlink(secret_path);
	g_rmdir(dir);
}

static void
test_startup_refusals(void)
{
	expect_startup_failure("[API]\nKey=123456\n", "TopSecretValue\n", 0644,
			       "chmod 0600");
	expect_startup_failure("[API]\nKey=123456\n", "TopSecretValue\n", 0604,
			       "mode 0604");
	expect_startup_failure("[API]\n", "TopSecretValue\n", 0600,
			       "Key= is required");
	expect_startup_failure("[API]\nKey=123456\nTimeout=60\n",
			       "TopSecretValue\n", 0600, "Timeout=60");
	/* a good configuration gets as far as the bus */
	expect_startup_failure("[API]\nKey=123456\n", "TopSecretValue\n", 0600,
			       "cannot connect to the bus");
}

static void
test_idle_exit(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new("[Daemon]\nIdleExitSec=2\n");
	g_autoptr(GSubprocess) daemon = NULL;
	gint64 start = g_get_monotonic_time();

	/* calls keep it alive */
	for (guint i = 0; i < 6; i++) {
		g_assert_cmpint(otk_client_ping(env->client, NULL), >=, 0);
		g_autofree gchar *sid = otd_test_env_create_session(env);
		g_assert_nonnull(sid);
		g_usleep(G_USEC_PER_SEC / 2);
	}
	g_assert_nonnull(g_subprocess_get_identifier(env->daemon));
	/* then it leaves on its own, cleanly, within IdleExitSec plus a second of checking */
	daemon = g_steal_pointer(&env->daemon);
	start = g_get_monotonic_time();
	g_assert_true(g_subprocess_wait(daemon, NULL, NULL));
	g_assert_cmpint(g_get_monotonic_time() - start, <, 4 * G_USEC_PER_SEC);
	g_assert_true(g_subprocess_get_if_exited(daemon));
	g_assert_cmpint(g_subprocess_get_exit_status(daemon), ==, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/bus/daemon/idle-cpu", test_idle_cpu);
	g_test_add_func("/otd/bus/daemon/sigterm-in-flight", test_sigterm_in_flight);
	g_test_add_func("/otd/bus/daemon/access-denied", test_access_denied);
	g_test_add_func("/otd/bus/daemon/startup-refusals", test_startup_refusals);
	g_test_add_func("/otd/bus/daemon/idle-exit", test_idle_exit);
	return g_test_run();
}
