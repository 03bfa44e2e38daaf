/* CreateSession end to end: the request on the wire, both answer formats, refusals */
#include "config.h"

#include <string.h>

#include "otd-test-env.h"

static const gchar *
header(JsonObject *request, const gchar *name)
{
	JsonObject *headers = json_object_get_object_member(request, "headers");
	g_autoptr(GList) names = json_object_get_members(headers);

	for (GList *l = names; l != NULL; l = l->next) {
		if (g_ascii_strcasecmp(l->data, name) == 0)
			return json_object_get_string_member(headers, l->data);
	}
	return NULL;
}

static gchar *
create(OtdTestEnv *env, OtkOptions *options, OtkCallError **ret_error)
{
	char *id = NULL;
	otk_client_create_session(env->client, options, &id, ret_error);
	otk_options_free(options);
	return id;
}

static void
expect_body(OtdTestEnv *env, OtkOptions *options, const gchar *body)
{
	OtkCallError *error = NULL;
	g_autofree gchar *id = create(env, options, &error);
	g_autoptr(JsonObject) request = otd_test_env_last_request(env);

	g_assert_null(error);
	g_assert_true(g_str_has_prefix(id, "1_"));
	g_assert_cmpstr(json_object_get_string_member(request, "method"), ==, "POST");
	g_assert_cmpstr(json_object_get_string_member(request, "path"), ==, "/session/create");
	g_assert_cmpstr(json_object_get_string_member(request, "body"), ==, body);
	g_assert_cmpstr(header(request, "Accept"), ==, "application/json");
	g_assert_cmpstr(header(request, "Content-Type"), ==, "application/x-www-form-urlencoded");
	g_assert_cmpstr(header(request, "User-Agent"), ==, "opentokd/" PACKAGE_VERSION " ci/1");
	g_assert_nonnull(header(request, "X-OPENTOK-AUTH"));
}

static void
test_wire(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new("UserAgentAddendum=ci/1\n");
	OtkOptions *o;

	expect_body(env, NULL, "p2p.preference=enabled");
	o = otk_options_new();
	otk_options_set_string(o, "media_mode", "routed");
	expect_body(env, o, "p2p.preference=disabled");
	o = otk_options_new();
	otk_options_set_string(o, "archive_mode", "always");
	otk_options_set_string(o, "archive_name", "Weekly sync");
	otk_options_set_string(o, "archive_resolution", "1280x720");
	expect_body(env, o,
		    "archiveMode=always&archiveName=Weekly%20sync&archiveResolution=1280x720&"
		    "p2p.preference=disabled");
	o = otk_options_new();
	otk_options_set_bool(o, "e2ee", true);
	otk_options_set_string(o, "location", "12.34.56.78");
	expect_body(env, o, "e2ee=true&location=12.34.56.78&p2p.preference=disabled");
	o = otk_options_new();
	otk_options_set_string(o, "media_mode", "relayed");
	otk_options_set_string(o, "archive_mode", "manual");
	expect_body(env, o, "archiveMode=manual&p2p.preference=enabled");
}

static void
expect_refused(OtdTestEnv *env, OtkOptions *options, const gchar *key)
{
	OtkCallError *error = NULL;
	guint before = otd_test_env_request_count(env);
	g_autofree gchar *needle = g_strdup_printf("'%s'", key);
	g_autofree gchar *id = create(env, options, &error);

	g_assert_null(id);
	otd_test_assert_error(error, "InvalidArgs", needle);
	otk_call_error_free(error);
	/* refused before any network traffic */
	g_assert_cmpuint(otd_test_env_request_count(env), ==, before);
}

static void
test_refusals(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	OtkOptions *o;

	o = otk_options_new();
	otk_options_set_string(o, "media_mode", "p2p");
	expect_refused(env, o, "media_mode");
	o = otk_options_new();
	otk_options_set_string(o, "media_mode", "relayed");
	otk_options_set_string(o, "archive_mode", "always");
	expect_refused(env, o, "media_mode");
	o = otk_options_new();
	otk_options_set_bool(o, "e2ee", true);
	otk_options_set_string(o, "archive_mode", "always");
	expect_refused(env, o, "e2ee");
	o = otk_options_new();
	otk_options_set_string(o, "location", "example.com");
	expect_refused(env, o, "location");
	o = otk_options_new();
	otk_options_set_string(o, "archive_name", "x");
	expect_refused(env, o, "archive_name");
	o = otk_options_new();
	otk_options_set_string(o, "archive_mode", "always");
	otk_options_set_string(o, "archive_resolution", "800x600");
	expect_refused(env, o, "archive_resolution");
	o = otk_options_new();
	otk_options_set_string(o, "e2ee", "true");
	expect_refused(env, o, "e2ee");
	o = otk_options_new();
	otk_options_set_int64(o, "p2p", 1);
	expect_refused(env, o, "p2p");
}

static void
test_xml_answer(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	OtkCallError *error = NULL;
	g_autofree gchar *id = NULL;

	otd_test_env_fault(
	    env, "{\"method\":\"POST\",\"path\":\"/session/create\",\"status\":200,\"times\":1,"
		 "\"contentType\":\"text/xml\",\"body\":\"<?xml version=\\\"1.0\\\"?><sessions>"
		 "<Session><session_id>1_MX4xMjM0NTZ-fk1vbiBNYXIgMTcgMDA6NDE6MzEgUERUIDIwMTR-MC42"
		 "ODM3ODk1MzQ0OTQyODA4fg</session_id><partner_id>123456</partner_id></Session>"
		 "</sessions>\"}");
	id = create(env, NULL, &error);
	g_assert_null(error);
	g_assert_cmpstr(id, ==,
			"1_MX4xMjM0NTZ-fk1vbiBNYXIgMTcgMDA6NDE6MzEgUERUIDIwMTR-MC42ODM3ODk1MzQ0OTQy"
			"ODA4fg");
}

static void
test_api_errors(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	OtkCallError *error = NULL;
	g_autofree gchar *id = NULL;

	otd_test_env_fault(env, "{\"path\":\"/session/create\",\"status\":403,\"times\":1,"
				"\"body\":\"{\\\"code\\\":-1,\\\"message\\\":\\\"Invalid "
				"signature\\\"}\"}");
	id = create(env, NULL, &error);
	g_assert_null(id);
	otd_test_assert_error(error, "AuthFailed", "403");
	otd_test_assert_error(error, "AuthFailed", "Invalid signature");
	otk_call_error_free(g_steal_pointer(&error));
	otd_test_env_fault(env, "{\"path\":\"/session/create\",\"status\":200,\"times\":1,"
				"\"body\":\"<html>maintenance</html>\",\"contentType\":\"text/html\"}");
	id = create(env, NULL, &error);
	otd_test_assert_error(error, "BadResponse", NULL);
	otk_call_error_free(g_steal_pointer(&error));
	/* and the daemon goes on working */
	id = create(env, NULL, &error);
	g_assert_null(error);
	g_assert_nonnull(id);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/bus/session/wire", test_wire);
	g_test_add_func("/otd/bus/session/refusals", test_refusals);
	g_test_add_func("/otd/bus/session/xml-answer", test_xml_answer);
	g_test_add_func("/otd/bus/session/api-errors", test_api_errors);
	return g_test_run();
}
