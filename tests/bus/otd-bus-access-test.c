/* the [Access] policy with real uids: every caller is a child process that switches to
 * the uid and groups of the case before it connects (needs root; skipped otherwise) */
#include "config.h"

#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <errno.h>

#include "otd-test-env.h"
#include "otk-archives.h"

#include <systemd/sd-bus.h>

/* real accounts, created when missing: the bus only lets known users connect */
static uid_t KIOSK_UID, WEB_UID, DENIED_UID;
static gid_t WEB_GID;

static void
run_or_die(const gchar *const *argv)
{
	gint status = 0;
	g_autoptr(GError) error = NULL;
	g_assert_true(g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
				   NULL, NULL, &status, &error));
	g_assert_no_error(error);
}

static uid_t
ensure_user(const gchar *name)
{
	struct passwd *pw = getpwnam(name);
	if (pw == NULL) {
		const gchar *argv[] = {"useradd", "--system", "--no-create-home", "--shell",
				       "/usr/sbin/nologin", name, NULL};
		run_or_die(argv);
		pw = getpwnam(name);
	}
	g_assert_nonnull(pw);
	return pw->pw_uid;
}

static gid_t
ensure_group(const gchar *name)
{
	struct group *gr = getgrnam(name);
	if (gr == NULL) {
		const gchar *argv[] = {"groupadd", "--system", name, NULL};
		run_or_die(argv);
		gr = getgrnam(name);
	}
	g_assert_nonnull(gr);
	return gr->gr_gid;
}

static void
ensure_accounts(void)
{
	KIOSK_UID = ensure_user("otd-test-kiosk");
	WEB_UID = ensure_user("otd-test-web");
	DENIED_UID = ensure_user("otd-test-denied");
	WEB_GID = ensure_group("otd-test-webapps");
}

typedef int (*CallFunc)(OtkClient *client, const gchar *sid, OtkCallError **error);

/* runs @func as @uid (with supplementary group @gid unless 0); returns "ok" or
 * "<error name>|<message>" */
static gchar *
call_as(OtdTestEnv *env, uid_t uid, gid_t gid, CallFunc func, const gchar *sid)
{
	int fds[2];
	gchar buf[1024] = {0};
	gsize len = 0;
	int status = 0;
	pid_t pid;

	g_assert_cmpint(pipe(fds), ==, 0);
	pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		OtkCallError *error = NULL;
		OtkClient *client;
		gid_t groups[1] = {gid};
		g_autofree gchar *answer = NULL;

		close(fds[0]);
		if (setgroups(gid != 0 ? 1 : 0, groups) != 0 || setresgid(65534, 65534, 65534) != 0 ||
		    setresuid(uid, uid, uid) != 0)
			_exit(3);
		client = otk_client_new_address(env->bus_address, &error);
		if (client != NULL)
			func(client, sid, &error);
		answer = error == NULL ? g_strdup("ok")
				       : g_strdup_printf("%s|%s", otk_call_error_get_name(error),
							 otk_call_error_get_message(error));
		(void)!write(fds[1], answer, strlen(answer));
		_exit(0);
	}
	close(fds[1]);
	while (len < sizeof(buf) - 1) {
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

static int
mint_subscriber(OtkClient *c, const gchar *sid, OtkCallError **error)
{
	OtkOptions *o = otk_options_new();
	char *token = NULL;
	int r;
	otk_options_set_string(o, "role", "subscriber");
	r = otk_client_generate_token(c, sid, o, &token, error);
	otk_options_free(o);
	free(token);
	return r;
}

static int
mint_moderator(OtkClient *c, const gchar *sid, OtkCallError **error)
{
	OtkOptions *o = otk_options_new();
	char *token = NULL;
	int r;
	otk_options_set_string(o, "role", "moderator");
	r = otk_client_generate_token(c, sid, o, &token, error);
	otk_options_free(o);
	free(token);
	return r;
}

static int
mint_default(OtkClient *c, const gchar *sid, OtkCallError **error)
{
	char *token = NULL;
	int r = otk_client_generate_token(c, sid, NULL, &token, error);
	free(token);
	return r;
}

static int
create_session(OtkClient *c, const gchar *sid, OtkCallError **error)
{
	char *id = NULL;
	int r = otk_client_create_session(c, NULL, &id, error);
	free(id);
	return r;
}

static int
list_archives(OtkClient *c, const gchar *sid, OtkCallError **error)
{
	OtkDict *list = NULL;
	int r = otk_client_archive_list(c, NULL, &list, error);
	otk_dict_free(list);
	return r;
}

static int
list_connections(OtkClient *c, const gchar *sid, OtkCallError **error)
{
	OtkDict *list = NULL;
	int r = otk_client_list_connections(c, sid, &list, error);
	otk_dict_free(list);
	return r;
}

static int
disconnect_unknown(OtkClient *c, const gchar *sid, OtkCallError **error)
{
	return otk_client_force_disconnect(c, sid, "00000000-0000-4000-8000-000000000000", error);
}

static int
reload(OtkClient *c, const gchar *sid, OtkCallError **error)
{
	return otk_client_reload(c, error);
}

static void
expect(OtdTestEnv *env, uid_t uid, gid_t gid, CallFunc func, const gchar *sid,
       const gchar *expected)
{
	g_autofree gchar *answer = call_as(env, uid, gid, func, sid);
	if (!g_str_has_prefix(answer, expected))
		g_error("uid %u: expected '%s', got '%s'", (guint)uid, expected, answer);
}

#define DENIED "org.opentokd.OpenTok1.Error.PermissionDenied|"

static void
test_policy(void)
{
	g_autoptr(OtdTestEnv) env = NULL;
	g_autofree gchar *sid = NULL;
	g_autofree gchar *config = NULL;

	if (getuid() != 0) {
		g_test_skip("needs root to call as other uids");
		return;
	}
	ensure_accounts();
	config = g_strdup_printf("[Access]\n"
				 "user:otd-test-kiosk=tokens:subscriber\n"
				 "group:otd-test-webapps=sessions;tokens:moderator;archives:read;"
				 "connections\n");
	env = otd_test_env_new(config);
	sid = otd_test_env_create_session(env);

	/* a kiosk may mint subscriber tokens only */
	expect(env, KIOSK_UID, 0, mint_subscriber, sid, "ok");
	expect(env, KIOSK_UID, 0, mint_default, sid, DENIED);
	expect(env, KIOSK_UID, 0, mint_moderator, sid, DENIED);
	expect(env, KIOSK_UID, 0, create_session, sid, DENIED);
	expect(env, KIOSK_UID, 0, list_archives, sid, DENIED);
	/* the web back end, through its group */
	expect(env, WEB_UID, WEB_GID, create_session, sid, "ok");
	expect(env, WEB_UID, WEB_GID, mint_moderator, sid, "ok");
	expect(env, WEB_UID, WEB_GID, list_archives, sid, "ok");
	expect(env, WEB_UID, WEB_GID, list_connections, sid, "ok");
	expect(env, WEB_UID, WEB_GID, disconnect_unknown, sid,
	       "org.opentokd.OpenTok1.Error.NotFound");
	expect(env, WEB_UID, WEB_GID, reload, sid, DENIED);
	/* the same uid without the group has nothing */
	expect(env, WEB_UID, 0, create_session, sid, DENIED);
	/* anyone else: deny by default */
	expect(env, DENIED_UID, 0, mint_subscriber, sid, DENIED);
	expect(env, DENIED_UID, 0, list_connections, sid, DENIED);
	expect(env, DENIED_UID, 0, disconnect_unknown, sid, DENIED);
	{
		/* the refusal names the capability that is missing */
		g_autofree gchar *a = call_as(env, KIOSK_UID, 0, mint_default, sid);
		g_autofree gchar *b = call_as(env, DENIED_UID, 0, list_connections, sid);
		g_autofree gchar *want_a =
		    g_strdup_printf(DENIED "caller uid %u lacks 'tokens:publisher'", KIOSK_UID);
		g_autofree gchar *want_b =
		    g_strdup_printf(DENIED "caller uid %u lacks 'connections:read'", DENIED_UID);
		g_assert_cmpstr(a, ==, want_a);
		g_assert_cmpstr(b, ==, want_b);
	}
	/* root may do everything, Reload included */
	g_assert_cmpint(otk_client_reload(env->client, NULL), >=, 0);
}

static void
test_reload_changes_policy(void)
{
	g_autoptr(OtdTestEnv) env = NULL;
	g_autofree gchar *sid = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *log = NULL;
	OtkCallError *error = NULL;

	if (getuid() != 0) {
		g_test_skip("needs root to call as other uids");
		return;
	}
	ensure_accounts();
	env = otd_test_env_new(NULL);
	sid = otd_test_env_create_session(env);
	expect(env, KIOSK_UID, 0, mint_subscriber, sid, DENIED);
	g_assert_true(g_file_get_contents(env->config_path, &text, NULL, NULL));
	{
		g_autofree gchar *more =
		    g_strdup_printf("%s[Access]\nuid:%u=tokens:subscriber\n", text, KIOSK_UID);
		g_assert_true(g_file_set_contents(env->config_path, more, -1, NULL));
	}
	g_assert_cmpint(otk_client_reload(env->client, &error), >=, 0);
	g_assert_null(error);
	expect(env, KIOSK_UID, 0, mint_subscriber, sid, "ok");
	/* a broken configuration is refused and the running one stays */
	g_assert_true(g_file_set_contents(env->config_path, "[Access]\nuid:1=nonsense\n", -1, NULL));
	g_assert_cmpint(otk_client_reload(env->client, &error), <, 0);
	otd_test_assert_error(error, "InvalidArgs", NULL);
	otk_call_error_free(error);
	expect(env, KIOSK_UID, 0, mint_subscriber, sid, "ok");
	/* the refusals and allowed calls were recorded */
	g_assert_true(g_file_get_contents(env->daemon_log, &log, NULL, NULL));
	g_assert_nonnull(strstr(log, "refused org.opentokd.OpenTok1.GenerateToken"));
	g_assert_nonnull(strstr(log, "allowed org.opentokd.OpenTok1.Reload()"));
}

/* as @uid, try to own the daemon's name; returns the errno of RequestName */
static int
squat_as(OtdTestEnv *env, uid_t uid)
{
	int status = 0;
	pid_t pid = fork();

	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		sd_bus *bus = NULL;
		int r;
		if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
		    setresuid(uid, uid, uid) != 0)
			_exit(200);
		r = sd_bus_new(&bus);
		if (r >= 0)
			r = sd_bus_set_address(bus, env->bus_address);
		if (r >= 0)
			r = sd_bus_set_bus_client(bus, 1);
		if (r >= 0)
			r = sd_bus_start(bus);
		if (r >= 0)
			r = sd_bus_request_name(bus, "org.opentokd.OpenTok1", 0);
		_exit(r < 0 ? -r : 0);
	}
	waitpid(pid, &status, 0);
	g_assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void
test_bus_policy(void)
{
	g_autoptr(OtdTestEnv) env = NULL;
	g_autofree gchar *sid = NULL;
	g_autofree gchar *out = NULL, *err = NULL;
	g_autofree gchar *secret = NULL;
	g_autoptr(GSubprocess) wrong = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *uid_arg = NULL, *bus_arg = NULL, *conf_arg = NULL;

	if (getuid() != 0) {
		g_test_skip("needs root to call as other uids");
		return;
	}
	ensure_accounts();
	otd_test_env_use_system_policy(TRUE);
	env = otd_test_env_new(NULL);
	otd_test_env_use_system_policy(FALSE);
	sid = otd_test_env_create_session(env);
	/* everyone may call; the daemon decides */
	expect(env, DENIED_UID, 0, mint_subscriber, sid, DENIED);
	/* nobody but root and opentokd may own the name */
	g_assert_cmpint(squat_as(env, DENIED_UID), ==, EACCES);
	g_assert_cmpint(otd_test_env_stop_daemon(env, 5000), ==, 0);
	g_assert_cmpint(squat_as(env, KIOSK_UID), ==, EACCES);
	/* a daemon started as the wrong user cannot own it either, and says so */
	secret = g_build_filename(env->tmpdir, "api-secret", NULL);
	g_assert_cmpint(chown(secret, KIOSK_UID, 65534), ==, 0);
	uid_arg = g_strdup_printf("--reuid=%u", (guint)KIOSK_UID);
	bus_arg = g_strdup_printf("--bus-address=%s", env->bus_address);
	conf_arg = g_strdup_printf("--config=%s", env->config_path);
	wrong = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
				 &error, "setpriv", uid_arg, "--regid=65534", "--clear-groups",
				 g_getenv("OTD_TEST_DAEMON"), bus_arg, conf_arg,
				 "--plugin-dir=/nonexistent", NULL);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(wrong, NULL, NULL, &out, &err, &error));
	if (!g_subprocess_get_if_exited(wrong))
		g_error("the wrong-user daemon died of signal %d: %s%s", g_subprocess_get_term_sig(wrong),
			out, err);
	if (g_subprocess_get_exit_status(wrong) == 126 || g_subprocess_get_exit_status(wrong) == 127 ||
	    strstr(err, "Permission denied") != NULL) {
		g_test_message("the build folder is not reachable by another user: %s", err);
		return;
	}
	g_assert_cmpint(g_subprocess_get_exit_status(wrong), ==, 1);
	if (strstr(err, "cannot own org.opentokd.OpenTok1") == NULL)
		g_error("expected a refusal to own the name, got: %s", err);
}

typedef struct {
	gchar *path;
	gchar *interface;
	gchar *member;
	gchar *signature;
} Method;

static void
method_free(Method *m)
{
	g_free(m->path);
	g_free(m->interface);
	g_free(m->member);
	g_free(m->signature);
	g_free(m);
}

/* every method of every documented interface, from the XML files of dbus/ */
static GPtrArray *
all_methods(void)
{
	const gchar *dir = g_getenv("OTD_TEST_DBUS_DIR");
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)method_free);
	const gchar *name;

	g_assert_nonnull(d);
	while ((name = g_dir_read_name(d)) != NULL) {
		g_autofree gchar *fn = g_build_filename(dir, name, NULL);
		g_autofree gchar *xml = NULL;
		g_autoptr(GDBusNodeInfo) node = NULL;
		if (!g_str_has_suffix(name, ".xml"))
			continue;
		g_assert_true(g_file_get_contents(fn, &xml, NULL, NULL));
		node = g_dbus_node_info_new_for_xml(xml, NULL);
		g_assert_nonnull(node);
		for (guint i = 0; node->interfaces[i] != NULL; i++) {
			GDBusInterfaceInfo *iface = node->interfaces[i];
			const gchar *area = iface->name + strlen("org.opentokd.OpenTok1");
			for (guint j = 0; iface->methods != NULL && iface->methods[j] != NULL; j++) {
				GDBusMethodInfo *mi = iface->methods[j];
				GString *sig = g_string_new(NULL);
				Method *m = g_new0(Method, 1);
				for (guint k = 0; mi->in_args != NULL && mi->in_args[k] != NULL; k++)
					g_string_append(sig, mi->in_args[k]->signature);
				m->path = g_strdup_printf("/org/opentokd/OpenTok1%s%s",
							  area[0] == '.' ? "/" : "",
							  area[0] == '.' ? area + 1 : "");
				m->interface = g_strdup(iface->name);
				m->member = g_strdup(mi->name);
				m->signature = g_string_free(sig, FALSE);
				g_ptr_array_add(out, m);
			}
		}
	}
	return out;
}

/* appends an empty value of every complete type of @sig: "" for s, [] for arrays */
static int
append_empty(sd_bus_message *msg, const char *sig)
{
	for (const char *p = sig; *p != '\0';) {
		int r;
		if (*p == 's') {
			r = sd_bus_message_append_basic(msg, 's', "");
			p++;
		} else if (*p == 'a') {
			/* the element type: one complete type after 'a' */
			const char *e = p + 1;
			int depth = 0;
			char elem[64] = {0};
			gsize n = 0;
			do {
				if (*e == '{' || *e == '(')
					depth++;
				else if (*e == '}' || *e == ')')
					depth--;
				else if (*e == 'a') {
					elem[n++] = *e++;
					continue;
				}
				elem[n++] = *e++;
			} while (depth > 0 && n < sizeof(elem) - 1);
			r = sd_bus_message_open_container(msg, 'a', elem);
			if (r >= 0)
				r = sd_bus_message_close_container(msg);
			p = e;
		} else {
			return -EINVAL;
		}
		if (r < 0)
			return r;
	}
	return 0;
}

/* calls every method as @uid; writes one line "<member> <error name or ok>" each */
static gchar *
call_all_as(OtdTestEnv *env, uid_t uid, gid_t gid, GPtrArray *methods)
{
	int fds[2];
	GString *answer = g_string_new(NULL);
	gchar buf[4096];
	int status = 0;
	pid_t pid;

	g_assert_cmpint(pipe(fds), ==, 0);
	pid = fork();
	g_assert_cmpint(pid, >=, 0);
	if (pid == 0) {
		gid_t groups[1] = {gid};
		sd_bus *bus = NULL;
		close(fds[0]);
		if (setgroups(gid != 0 ? 1 : 0, groups) != 0 || setresgid(65534, 65534, 65534) != 0 ||
		    setresuid(uid, uid, uid) != 0)
			_exit(3);
		if (sd_bus_new(&bus) < 0 || sd_bus_set_address(bus, env->bus_address) < 0 ||
		    sd_bus_set_bus_client(bus, 1) < 0 || sd_bus_start(bus) < 0)
			_exit(4);
		for (guint i = 0; i < methods->len; i++) {
			Method *m = g_ptr_array_index(methods, i);
			sd_bus_message *call = NULL, *reply = NULL;
			sd_bus_error error = SD_BUS_ERROR_NULL;
			char line[512];
			if (sd_bus_message_new_method_call(bus, &call, "org.opentokd.OpenTok1", m->path,
							   m->interface, m->member) < 0 ||
			    append_empty(call, m->signature) < 0)
				_exit(5);
			sd_bus_call(bus, call, 10 * 1000 * 1000, &error, &reply);
			snprintf(line, sizeof(line), "%s.%s %s\n", m->interface, m->member,
				 sd_bus_error_is_set(&error) ? error.name : "ok");
			(void)!write(fds[1], line, strlen(line));
			sd_bus_error_free(&error);
			sd_bus_message_unref(call);
			sd_bus_message_unref(reply);
		}
		_exit(0);
	}
	close(fds[1]);
	for (;;) {
		ssize_t n = read(fds[0], buf, sizeof(buf));
		if (n <= 0)
			break;
		g_string_append_len(answer, buf, n);
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return g_string_free(answer, FALSE);
}

static void
test_every_method(void)
{
	g_autoptr(OtdTestEnv) env = NULL;
	g_autoptr(GPtrArray) methods = NULL;
	g_autofree gchar *denied = NULL, *allowed = NULL;
	g_auto(GStrv) denied_lines = NULL, allowed_lines = NULL;

	if (getuid() != 0) {
		g_test_skip("needs root to call as other uids");
		return;
	}
	ensure_accounts();
	env = otd_test_env_new("[Access]\nuser:otd-test-web=all\n");
	methods = all_methods();
	g_assert_cmpuint(methods->len, >=, 30);
	denied = call_all_as(env, DENIED_UID, 0, methods);
	allowed = call_all_as(env, WEB_UID, 0, methods);
	denied_lines = g_strsplit(g_strstrip(denied), "\n", -1);
	allowed_lines = g_strsplit(g_strstrip(allowed), "\n", -1);
	g_assert_cmpuint(g_strv_length(denied_lines), ==, methods->len);
	g_assert_cmpuint(g_strv_length(allowed_lines), ==, methods->len);
	for (guint i = 0; i < methods->len; i++) {
		/* denied: always the daemon's own refusal, never the bus's */
		if (!g_str_has_suffix(denied_lines[i], " org.opentokd.OpenTok1.Error.PermissionDenied"))
			g_error("denied caller: %s", denied_lines[i]);
		/* allowed: whatever the empty arguments earn, but not a refusal */
		if (strstr(allowed_lines[i], "PermissionDenied") != NULL ||
		    strstr(allowed_lines[i], "AccessDenied") != NULL ||
		    strstr(allowed_lines[i], "UnknownMethod") != NULL)
			g_error("allowed caller: %s", allowed_lines[i]);
	}
	g_test_message("%u methods called as allowed and as denied", methods->len);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/bus/access/policy", test_policy);
	g_test_add_func("/otd/bus/access/reload-changes-policy", test_reload_changes_policy);
	g_test_add_func("/otd/bus/access/bus-policy", test_bus_policy);
	g_test_add_func("/otd/bus/access/every-method", test_every_method);
	return g_test_run();
}
