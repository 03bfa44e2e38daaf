/* opentokctl against the real daemon: every command, --json, exit codes */
#include "config.h"

#include <string.h>

#include "otd-test-env.h"

static JsonObject *
parse_json(const gchar *text)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;

	if (!json_parser_load_from_data(parser, text, -1, &error))
		g_error("not JSON (%s): %s", error->message, text);
	g_assert_true(JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)));
	return json_object_ref(json_node_get_object(json_parser_get_root(parser)));
}

static void
test_status(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *out = NULL, *err = NULL, *jout = NULL;
	g_autoptr(JsonObject) obj = NULL;

	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "status", NULL), ==, 0);
	g_assert_nonnull(strstr(out, PACKAGE_VERSION));
	g_assert_nonnull(strstr(out, OTD_TEST_KEY));
	g_assert_nonnull(strstr(out, "connections"));
	g_assert_cmpint(otd_test_env_ctl(env, &jout, NULL, "--json", "status", NULL), ==, 0);
	obj = parse_json(jout);
	g_assert_cmpstr(json_object_get_string_member(obj, "version"), ==, PACKAGE_VERSION);
	g_assert_cmpstr(json_object_get_string_member(obj, "api_key"), ==, OTD_TEST_KEY);
	g_assert_cmpstr(json_object_get_string_member(obj, "api_url"), ==, env->emulator_url);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(obj, "plugins")), ==,
			 10);
}

static void
test_session_token_connection(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid_out = NULL, *tok_out = NULL, *list_out = NULL, *text_out = NULL;
	g_autofree gchar *t1_out = NULL, *cid = NULL, *err = NULL;
	g_autoptr(JsonObject) sid_obj = NULL, tok_obj = NULL, list_obj = NULL;
	g_autoptr(JsonObject) request = NULL;
	const gchar *sid, *token;
	JsonArray *items;

	g_assert_cmpint(otd_test_env_ctl(env, &sid_out, NULL, "--json", "session", "create",
					 "--media-mode", "routed", "--archive-mode", "always",
					 "--archive-name", "demo", "--archive-resolution",
					 "1280x720", "--location", "10.1.2.3", NULL),
			==, 0);
	sid_obj = parse_json(sid_out);
	sid = json_object_get_string_member(sid_obj, "session_id");
	g_assert_true(g_str_has_prefix(sid, "1_"));
	request = otd_test_env_last_request(env);
	g_assert_cmpstr(json_object_get_string_member(request, "body"), ==,
			"archiveMode=always&archiveName=demo&archiveResolution=1280x720&"
			"location=10.1.2.3&p2p.preference=disabled");

	g_assert_cmpint(otd_test_env_ctl(env, &tok_out, NULL, "--json", "token", sid, "--role",
					 "moderator", "--data", "who=me", "--layout-class", "focus",
					 "--layout-class", "big", "--expire-in", "600", NULL),
			==, 0);
	tok_obj = parse_json(tok_out);
	token = json_object_get_string_member(tok_obj, "token");
	g_assert_cmpuint(otd_test_env_join(env, sid, token, &cid), ==, 201);

	g_assert_cmpint(otd_test_env_ctl(env, &t1_out, NULL, "token", sid, "--type", "T1", NULL),
			==, 0);
	g_strstrip(t1_out);
	g_assert_true(g_str_has_prefix(t1_out, "T1=="));
	g_assert_cmpuint(otd_test_env_join(env, sid, t1_out, NULL), ==, 201);

	g_assert_cmpint(otd_test_env_ctl(env, &list_out, NULL, "--json", "connection", "list",
					 sid, NULL),
			==, 0);
	list_obj = parse_json(list_out);
	g_assert_cmpint(json_object_get_int_member(list_obj, "total"), ==, 2);
	items = json_object_get_array_member(list_obj, "items");
	g_assert_cmpstr(json_object_get_string_member(json_array_get_object_element(items, 0),
						      "connection_id"),
			==, cid);
	g_assert_cmpint(otd_test_env_ctl(env, &text_out, NULL, "connection", "list", sid, NULL),
			==, 0);
	g_assert_nonnull(strstr(text_out, cid));
	g_assert_cmpint(otd_test_env_ctl(env, NULL, &err, "connection", "disconnect", sid, cid,
					 NULL),
			==, 0);
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(otd_test_env_ctl(env, NULL, &err, "connection", "disconnect", sid, cid,
					 NULL),
			==, 1);
	g_assert_nonnull(strstr(err, "NotFound"));
}

static void
test_exit_codes(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid = otd_test_env_create_session(env);
	gchar *out = NULL, *err = NULL;
	const gchar *help_cmds[][3] = {{"--help", NULL, NULL},
				       {"status", "--help", NULL},
				       {"session", "--help", NULL},
				       {"session", "create", "--help"},
				       {"token", "--help", NULL},
				       {"connection", "--help", NULL},
				       {"connection", "list", "--help"},
				       {"connection", "disconnect", "--help"}};

	for (guint i = 0; i < G_N_ELEMENTS(help_cmds); i++) {
		g_assert_cmpint(otd_test_env_ctl(env, &out, &err, help_cmds[i][0], help_cmds[i][1],
						 help_cmds[i][2], NULL),
				==, 0);
		g_assert_nonnull(strcasestr(out, "usage"));
		g_clear_pointer(&out, g_free);
		g_clear_pointer(&err, g_free);
	}
	/* usage errors: 2 */
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "token", NULL), ==, 2);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "frobnicate", NULL), ==, 2);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "token", sid, "--expire-in", "soon",
					 NULL),
			==, 2);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
	/* the daemon refuses: 1, with the error's name and the key */
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "token", sid, "--role", "boss", NULL),
			==, 1);
	g_assert_nonnull(strstr(err, "InvalidArgs"));
	g_assert_nonnull(strstr(err, "'role'"));
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
}

static void
test_unreachable(void)
{
	g_autofree gchar *out = NULL, *err = NULL;
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;

	proc = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
				&error, g_getenv("OTD_TEST_CTL"),
				"--bus-address=unix:path=/nonexistent/bus", "status", NULL);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, &out, &err, &error));
	g_assert_cmpint(g_subprocess_get_exit_status(proc), ==, 3);
}

static void
test_no_daemon_on_bus(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *out = NULL, *err = NULL;

	g_assert_cmpint(otd_test_env_stop_daemon(env, 5000), ==, 0);
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "status", NULL), ==, 3);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/bus/ctl/status", test_status);
	g_test_add_func("/otd/bus/ctl/session-token-connection", test_session_token_connection);
	g_test_add_func("/otd/bus/ctl/exit-codes", test_exit_codes);
	g_test_add_func("/otd/bus/ctl/unreachable", test_unreachable);
	g_test_add_func("/otd/bus/ctl/no-daemon", test_no_daemon_on_bus);
	return g_test_run();
}
