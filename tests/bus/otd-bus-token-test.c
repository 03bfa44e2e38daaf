/* GenerateToken end to end: minted by the daemon, verified by the emulator */
#include "config.h"

#include <string.h>

#include "otd-test-env.h"

#define OTHER_KEY_SESSION "1_MX42NTQzMjF-flNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-MC40OTAxMzAyNX4"

static gchar *
mint(OtdTestEnv *env, const gchar *session_id, OtkOptions *options)
{
	OtkCallError *error = NULL;
	char *token = NULL;
	int r = otk_client_generate_token(env->client, session_id, options, &token, &error);

	if (error != NULL)
		g_error("GenerateToken failed: %s", otk_call_error_get_message(error));
	g_assert_cmpint(r, >=, 0);
	return token;
}

static JsonObject *
find_client(OtdTestEnv *env, const gchar *session_id, const gchar *connection_id)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", session_id);
	g_autoptr(JsonNode) node = otd_test_env_http(env, "GET", path, NULL, NULL);
	JsonArray *clients = json_node_get_array(node);

	for (guint i = 0; i < json_array_get_length(clients); i++) {
		JsonObject *c = json_array_get_object_element(clients, i);
		if (g_strcmp0(json_object_get_string_member(c, "connectionId"), connection_id) == 0)
			return json_object_ref(c);
	}
	return NULL;
}

static void
test_default_jwt_joins(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid = otd_test_env_create_session(env);
	g_autofree gchar *token = mint(env, sid, NULL);
	g_autofree gchar *cid = NULL;
	g_autoptr(JsonObject) client = NULL;

	g_assert_true(g_str_has_prefix(token, "eyJ"));
	g_assert_cmpuint(otd_test_env_join(env, sid, token, &cid), ==, 201);
	client = find_client(env, sid, cid);
	g_assert_nonnull(client);
	g_assert_cmpstr(json_object_get_string_member(client, "role"), ==, "publisher");
}

static void
check_options_join(OtdTestEnv *env, const gchar *type)
{
	g_autofree gchar *sid = otd_test_env_create_session(env);
	OtkOptions *options = otk_options_new();
	const char *layout[] = {"focus", "small", NULL};
	g_autofree gchar *token = NULL;
	g_autofree gchar *cid = NULL;
	g_autoptr(JsonObject) client = NULL;

	otk_options_set_string(options, "role", "moderator");
	otk_options_set_string(options, "data", "name=Johnny & friends");
	otk_options_set_strv(options, "initial_layout_class_list", layout);
	otk_options_set_int64(options, "expire_time", g_get_real_time() / G_USEC_PER_SEC + 3600);
	otk_options_set_string(options, "token_type", type);
	token = mint(env, sid, options);
	otk_options_free(options);
	if (g_strcmp0(type, "T1") == 0)
		g_assert_true(g_str_has_prefix(token, "T1=="));
	g_assert_cmpuint(otd_test_env_join(env, sid, token, &cid), ==, 201);
	client = find_client(env, sid, cid);
	g_assert_nonnull(client);
	g_assert_cmpstr(json_object_get_string_member(client, "role"), ==, "moderator");
	g_assert_cmpstr(json_object_get_string_member(client, "data"), ==,
			"name=Johnny & friends");
}

/* strings only: the daemon reads these straight from the message (its usual case) */
static void
check_string_options_join(OtdTestEnv *env, const gchar *role, const gchar *type)
{
	g_autofree gchar *sid = otd_test_env_create_session(env);
	OtkOptions *options = otk_options_new();
	g_autofree gchar *token = NULL;
	g_autofree gchar *cid = NULL;
	g_autoptr(JsonObject) client = NULL;

	otk_options_set_string(options, "data", "seat=12");
	otk_options_set_string(options, "role", role);
	if (type != NULL)
		otk_options_set_string(options, "token_type", type);
	token = mint(env, sid, options);
	otk_options_free(options);
	g_assert_true(g_str_has_prefix(token, "T1==") == (g_strcmp0(type, "T1") == 0));
	g_assert_cmpuint(otd_test_env_join(env, sid, token, &cid), ==, 201);
	client = find_client(env, sid, cid);
	g_assert_nonnull(client);
	g_assert_cmpstr(json_object_get_string_member(client, "role"), ==, role);
	g_assert_cmpstr(json_object_get_string_member(client, "data"), ==, "seat=12");
}

static void
test_options_join(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	check_options_join(env, "JWT");
	check_options_join(env, "T1");
	check_string_options_join(env, "subscriber", NULL);
	check_string_options_join(env, "publisheronly", "JWT");
	check_string_options_join(env, "moderator", "T1");
}

static void
test_refused_by_emulator(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid = otd_test_env_create_session(env);
	g_autofree gchar *other = otd_test_env_create_session(env);
	OtkOptions *options = otk_options_new();
	g_autofree gchar *short_lived = NULL;
	g_autofree gchar *token = mint(env, sid, NULL);
	g_autofree gchar *reason = NULL;

	/* a token for one session does not open another */
	g_assert_cmpuint(otd_test_env_join(env, other, token, &reason), ==, 403);
	g_clear_pointer(&reason, g_free);
	/* a token past its expiry is refused */
	otk_options_set_uint32(options, "expire_time",
			       (guint32)(g_get_real_time() / G_USEC_PER_SEC + 2));
	short_lived = mint(env, sid, options);
	otk_options_free(options);
	g_usleep(3 * G_USEC_PER_SEC);
	g_assert_cmpuint(otd_test_env_join(env, sid, short_lived, &reason), ==, 403);
	g_assert_nonnull(strstr(reason, "expire"));
}

static void
expect_invalid(OtdTestEnv *env, const gchar *sid, OtkOptions *options, const gchar *name,
	       const gchar *needle)
{
	OtkCallError *error = NULL;
	char *token = NULL;

	g_assert_cmpint(otk_client_generate_token(env->client, sid, options, &token, &error), <, 0);
	g_assert_null(token);
	otd_test_assert_error(error, name, needle);
	otk_call_error_free(error);
	otk_options_free(options);
}

static OtkOptions *
opt_string(const gchar *key, const gchar *value)
{
	OtkOptions *o = otk_options_new();
	otk_options_set_string(o, key, value);
	return o;
}

static OtkOptions *
opt_int(const gchar *key, gint64 value)
{
	OtkOptions *o = otk_options_new();
	otk_options_set_int64(o, key, value);
	return o;
}

static void
test_validation(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid = otd_test_env_create_session(env);
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	g_autofree gchar *long_data = g_strnfill(1001, 'x');
	const char *bad_layout[] = {"two words", NULL};
	OtkOptions *o;

	expect_invalid(env, sid, opt_string("role", "boss"), "InvalidArgs", "'role'");
	expect_invalid(env, sid, opt_string("role", "Publisher"), "InvalidArgs", "'role'");
	expect_invalid(env, sid, opt_int("role", 1), "InvalidArgs", "'role'");
	expect_invalid(env, sid, opt_int("expire_time", now - 60), "InvalidArgs", "'expire_time'");
	expect_invalid(env, sid, opt_int("expire_time", now + 31 * 86400), "InvalidArgs",
		       "'expire_time'");
	expect_invalid(env, sid, opt_string("expire_time", "tomorrow"), "InvalidArgs",
		       "'expire_time'");
	expect_invalid(env, sid, opt_string("data", long_data), "InvalidArgs", "'data'");
	expect_invalid(env, sid, opt_string("token_type", "jwt"), "InvalidArgs", "'token_type'");
	expect_invalid(env, sid, opt_string("colour", "red"), "InvalidArgs", "'colour'");
	o = otk_options_new();
	otk_options_set_strv(o, "initial_layout_class_list", bad_layout);
	expect_invalid(env, sid, o, "InvalidArgs", "'initial_layout_class_list'");
	expect_invalid(env, OTHER_KEY_SESSION, NULL, "InvalidArgs", "does not belong");
	expect_invalid(env, "", NULL, "InvalidArgs", "session id");
	expect_invalid(env, "not-a-session", NULL, "InvalidArgs", "session id");
	/* 1000 characters of data are fine */
	long_data[1000] = '\0';
	o = opt_string("data", long_data);
	g_free(mint(env, sid, o));
	otk_options_free(o);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/bus/token/default-jwt-joins", test_default_jwt_joins);
	g_test_add_func("/otd/bus/token/options-join", test_options_join);
	g_test_add_func("/otd/bus/token/refused-by-emulator", test_refused_by_emulator);
	g_test_add_func("/otd/bus/token/validation", test_validation);
	return g_test_run();
}
