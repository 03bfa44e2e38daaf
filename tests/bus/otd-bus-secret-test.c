/* a random canary secret must appear nowhere a caller or an operator can look */
#include "config.h"

#include <string.h>

#include "otd-test-env.h"
#include "otk-archives.h"
#include "otk-sip.h"

/* fails if any 8-byte piece of @secret occurs in @haystack */
static void
assert_no_part(const gchar *secret, const gchar *haystack, gsize len, const gchar *where)
{
	gsize n = strlen(secret);

	for (gsize i = 0; i + 8 <= n; i++) {
		for (gsize j = 0; j + 8 <= len; j++) {
			if (memcmp(haystack + j, secret + i, 8) == 0)
				g_error("a piece of the secret (offset %" G_GSIZE_FORMAT ") is in %s",
					i, where);
		}
	}
}

static gchar *
random_secret(void)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < 40; i++)
		g_string_append_c(s, "abcdefghijklmnopqrstuvwxyz0123456789"[g_random_int_range(0, 36)]);
	return g_string_free(s, FALSE);
}

static void
exercise(OtdTestEnv *env, GString *seen)
{
	OtkOptions *o = otk_options_new();
	OtkCallError *error = NULL;
	OtkDict *status = NULL, *archive = NULL;
	char *sid = NULL, *token = NULL;
	g_autofree gchar *out = NULL, *err = NULL;

	g_assert_cmpint(otk_client_create_session(env->client, NULL, &sid, NULL), >=, 0);
	g_assert_cmpint(otk_client_generate_token(env->client, sid, NULL, &token, NULL), >=, 0);
	otk_options_set_string(o, "token_type", "T1");
	free(token);
	g_assert_cmpint(otk_client_generate_token(env->client, sid, o, &token, NULL), >=, 0);
	g_string_append(seen, token);
	/* errors of every kind: local, API, transport */
	otk_options_set_string(o, "role", "boss");
	otk_client_generate_token(env->client, sid, o, &token, &error);
	g_string_append(seen, otk_call_error_get_message(error));
	otk_call_error_free(g_steal_pointer(&error));
	otk_client_archive_start(env->client, sid, NULL, &archive, &error);
	if (error != NULL)
		g_string_append(seen, otk_call_error_get_message(error));
	otk_call_error_free(g_steal_pointer(&error));
	otk_client_sip_dial(env->client, sid, "", "sip:a@b.example", NULL, &archive, &error);
	otk_dict_free(archive);
	otk_call_error_free(g_steal_pointer(&error));
	otd_test_env_fault(env, "{\"path\":\"/session/create\",\"status\":403,\"times\":1}");
	otk_client_create_session(env->client, NULL, &sid, &error);
	g_string_append(seen, otk_call_error_get_message(error));
	otk_call_error_free(error);
	g_assert_cmpint(otk_client_get_status(env->client, &status, NULL), >=, 0);
	{
		g_autofree char *json = otk_dict_to_json(status, 0);
		g_string_append(seen, json);
	}
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "--json", "status", NULL), ==, 0);
	g_string_append(seen, out);
	otk_dict_free(status);
	otk_options_free(o);
	free(token);
	free(sid);
}

static void
append_introspection(OtdTestEnv *env, GString *seen)
{
	const gchar *paths[] = {"/org/opentokd/OpenTok1",	 "/org/opentokd/OpenTok1/Archives",
				"/org/opentokd/OpenTok1/Sip",	 "/org/opentokd/OpenTok1/Captions",
				"/org/opentokd/OpenTok1/Renders", "/org/opentokd/OpenTok1/Streams"};
	g_autoptr(GError) error = NULL;
	g_autoptr(GDBusConnection) c = g_dbus_connection_new_for_address_sync(
	    env->bus_address,
	    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
		G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
	    NULL, NULL, &error);

	g_assert_no_error(error);
	for (guint i = 0; i < G_N_ELEMENTS(paths); i++) {
		g_autoptr(GVariant) xml = g_dbus_connection_call_sync(
		    c, "org.opentokd.OpenTok1", paths[i], "org.freedesktop.DBus.Introspectable",
		    "Introspect", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
		g_autoptr(GVariant) props = NULL;
		g_autoptr(GVariant) text = NULL;
		g_assert_no_error(error);
		text = g_variant_get_child_value(xml, 0);
		g_string_append(seen, g_variant_get_string(text, NULL));
		props = g_dbus_connection_call_sync(c, "org.opentokd.OpenTok1", paths[0],
						    "org.freedesktop.DBus.Properties", "GetAll",
						    g_variant_new("(s)", "org.opentokd.OpenTok1"),
						    NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
		g_assert_no_error(error);
		{
			g_autofree gchar *text = g_variant_print(props, TRUE);
			g_string_append(seen, text);
		}
	}
}

static void
append_file(GString *seen, const gchar *path)
{
	g_autofree gchar *data = NULL;
	gsize len = 0;
	if (g_file_get_contents(path, &data, &len, NULL))
		g_string_append_len(seen, data, (gssize)len);
}

static void
test_canary(void)
{
	g_autofree gchar *secret = random_secret();
	g_autoptr(OtdTestEnv) env = otd_test_env_new_full(NULL, secret);
	g_autoptr(GString) seen = g_string_new(NULL);
	g_autofree gchar *environ_path = NULL, *cmdline_path = NULL, *log = NULL;
	pid_t pid = otd_test_env_daemon_pid(env);
	gsize log_len = 0;

	exercise(env, seen);
	append_introspection(env, seen);
	environ_path = g_strdup_printf("/proc/%d/environ", pid);
	cmdline_path = g_strdup_printf("/proc/%d/cmdline", pid);
	append_file(seen, environ_path);
	append_file(seen, cmdline_path);
	assert_no_part(secret, seen->str, seen->len, "replies, errors, introspection, environ");
	/* the daemon log at debug level (--verbose) */
	g_assert_cmpint(otd_test_env_stop_daemon(env, 5000), ==, 0);
	g_assert_true(g_file_get_contents(env->daemon_log, &log, &log_len, NULL));
	g_assert_cmpuint(log_len, >, 0);
	assert_no_part(secret, log, log_len, "the daemon's log");
	/* and no minted token or auth JWT reached the log either */
	g_assert_null(strstr(log, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
	g_assert_null(strstr(log, "T1=="));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/bus/secret/canary", test_canary);
	return g_test_run();
}
