/* Connections: D-Bus -> plugin -> REST -> emulator -> reply, and the faults on that path */
#include "config.h"

#include <string.h>

#include "otd-test-env.h"

static gchar *
join(OtdTestEnv *env, const gchar *sid)
{
	char *token = NULL;
	gchar *cid = NULL;

	g_assert_cmpint(otk_client_generate_token(env->client, sid, NULL, &token, NULL), >=, 0);
	g_assert_cmpuint(otd_test_env_join(env, sid, token, &cid), ==, 201);
	free(token);
	return cid;
}

static OtkDict *
list(OtdTestEnv *env, const gchar *sid, OtkCallError **ret_error)
{
	OtkDict *result = NULL;
	otk_client_list_connections(env->client, sid, &result, ret_error);
	return result;
}

static void
test_list_and_disconnect(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid = otd_test_env_create_session(env);
	g_autofree gchar *a = join(env, sid);
	g_autofree gchar *b = join(env, sid);
	OtkCallError *error = NULL;
	OtkDict *result = list(env, sid, &error);
	const OtkValue *items;
	const OtkDict *first;
	int64_t total = -1, created = 0;
	g_autoptr(JsonObject) request = NULL;

	g_assert_null(error);
	g_assert_true(otk_dict_get_int64(result, "total", &total));
	g_assert_cmpint(total, ==, 2);
	items = otk_dict_lookup(result, "items");
	g_assert_cmpuint(otk_value_get_length(items), ==, 2);
	first = otk_value_get_dict(otk_value_get_element(items, 0));
	g_assert_cmpstr(otk_dict_get_string(first, "connection_id"), ==, a);
	g_assert_cmpstr(otk_dict_get_string(first, "connection_state"), ==, "Connected");
	g_assert_true(otk_dict_get_int64(first, "created_at", &created));
	g_assert_cmpint(created, >, 1600000000000);
	otk_dict_free(result);
	request = otd_test_env_last_request(env);
	g_assert_cmpstr(json_object_get_string_member(request, "method"), ==, "GET");
	g_assert_true(g_str_has_prefix(json_object_get_string_member(request, "path"),
				       "/v2/project/" OTD_TEST_KEY "/session/"));

	g_assert_cmpint(otk_client_force_disconnect(env->client, sid, a, &error), >=, 0);
	g_assert_null(error);
	result = list(env, sid, &error);
	g_assert_true(otk_dict_get_int64(result, "total", &total));
	g_assert_cmpint(total, ==, 1);
	otk_dict_free(result);
	/* gone already: the API's 404 */
	g_assert_cmpint(otk_client_force_disconnect(env->client, sid, a, &error), <, 0);
	otd_test_assert_error(error, "NotFound", "404");
	otk_call_error_free(error);
}

static void
test_errors(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid = otd_test_env_create_session(env);
	g_autofree gchar *unknown = g_strdup(sid);
	g_autofree gchar *long_id = g_strnfill(300, 'a');
	OtkCallError *error = NULL;
	guint before;

	unknown[strlen(unknown) - 3] = unknown[strlen(unknown) - 3] == 'A' ? 'B' : 'A';
	g_assert_null(list(env, unknown, &error));
	otd_test_assert_error(error, "NotFound", "404");
	otk_call_error_free(g_steal_pointer(&error));
	before = otd_test_env_request_count(env);
	g_assert_null(list(env, "", &error));
	otd_test_assert_error(error, "InvalidArgs", "session_id");
	otk_call_error_free(g_steal_pointer(&error));
	g_assert_null(list(env, long_id, &error));
	otd_test_assert_error(error, "InvalidArgs", "session_id");
	otk_call_error_free(g_steal_pointer(&error));
	g_assert_null(list(env, "has space", &error));
	otd_test_assert_error(error, "InvalidArgs", "session_id");
	otk_call_error_free(g_steal_pointer(&error));
	g_assert_cmpint(otk_client_force_disconnect(env->client, sid, "", &error), <, 0);
	otd_test_assert_error(error, "InvalidArgs", "connection_id");
	otk_call_error_free(g_steal_pointer(&error));
	g_assert_cmpuint(otd_test_env_request_count(env), ==, before);
}

/* after each fault the daemon answers the next call normally */
static gint64
expect_fault(OtdTestEnv *env, const gchar *sid, const gchar *fault, const gchar *name)
{
	OtkCallError *error = NULL;
	OtkDict *result;
	gint64 start, elapsed;

	otd_test_env_fault(env, fault);
	start = g_get_monotonic_time();
	g_assert_null(list(env, sid, &error));
	elapsed = g_get_monotonic_time() - start;
	otd_test_assert_error(error, name, NULL);
	otk_call_error_free(error);
	error = NULL;
	g_assert_cmpuint(otd_test_env_http(env, "DELETE", "/_emulator/faults", NULL, NULL) == NULL,
			 ==, TRUE);
	result = list(env, sid, &error);
	g_assert_null(error);
	g_assert_nonnull(result);
	otk_dict_free(result);
	return elapsed;
}

static void
test_faults(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new("Timeout=2\n");
	g_autofree gchar *sid = otd_test_env_create_session(env);
	gint64 elapsed;

	expect_fault(env, sid,
		     "{\"path\":\"/v2/project/*/connection\",\"status\":200,"
		     "\"body\":\"{\\\"count\\\": 1, \\\"items\\\": [\"}",
		     "BadResponse");
	expect_fault(env, sid,
		     "{\"path\":\"/v2/project/*/connection\",\"status\":200,"
		     "\"body\":\"{\\\"count\\\": \\\"one\\\", \\\"items\\\": 5}\"}",
		     "BadResponse");
	expect_fault(env, sid, "{\"path\":\"/v2/project/*/connection\",\"status\":500}",
		     "ServerError");
	expect_fault(env, sid, "{\"path\":\"/v2/project/*/connection\",\"status\":503}",
		     "ServerError");
	expect_fault(env, sid, "{\"path\":\"/v2/project/*/connection\",\"drop\":true}",
		     "NotReachable");
	elapsed = expect_fault(env, sid,
			       "{\"path\":\"/v2/project/*/connection\",\"delayMs\":5000}",
			       "TimedOut");
	/* Timeout=2 is honoured within +0.5 s */
	g_assert_cmpint(elapsed, <, 2500000);
	g_assert_cmpint(elapsed, >=, 2000000);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/bus/connections/list-and-disconnect", test_list_and_disconnect);
	g_test_add_func("/otd/bus/connections/errors", test_errors);
	g_test_add_func("/otd/bus/connections/faults", test_faults);
	return g_test_run();
}
