/*
 * Live captions over HTTP, against the in-process emulator of oem-test-http.c: start with its
 * options, one run per session, stop, and the refusals; the runs are read back through the
 * control API.
 */
#include <string.h>

#include "oem-test-http.h"

#define KEY OEM_TEST_KEY
#define API "/v2/project/" KEY

static const gchar *const error_members[] = {"code", "message", "description", NULL};

/* POST …/captions with @options (",\"…\":…" or "") added to sessionId and token */
static JsonNode *
oem_test_start(OemFixture *f, const gchar *sid, const gchar *token, const gchar *options,
	       guint *ret_status)
{
	g_autofree gchar *body =
	    g_strdup_printf("{\"sessionId\":\"%s\",\"token\":\"%s\"%s}", sid, token, options);

	return oem_test_api(f, "POST", API "/captions", body, ret_status);
}

static void
oem_test_start_refused(OemFixture *f, const gchar *sid, const gchar *token, const gchar *options,
		       guint expected)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_start(f, sid, token, options, &status);

	g_test_message("start %.80s -> %u", options, status);
	g_assert_cmpuint(status, ==, expected);
	oem_test_assert_members(node, error_members);
	if (expected == 403)
		g_assert_cmpstr(
		    json_object_get_string_member(json_node_get_object(node), "message"), ==,
		    "Invalid token");
}

/* a started run's id */
static gchar *
oem_test_start_ok(OemFixture *f, const gchar *sid, const gchar *options)
{
	static const gchar *const members[] = {"captionsId", NULL};
	g_autofree gchar *token = oem_test_client_token(sid, "moderator");
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_start(f, sid, token, options, &status);
	const gchar *id;

	g_assert_cmpuint(status, ==, 202);
	oem_test_assert_members(node, members);
	id = json_object_get_string_member(json_node_get_object(node), "captionsId");
	g_assert_true(g_uuid_string_is_valid(id));
	return g_strdup(id);
}

static guint
oem_test_stop(OemFixture *f, const gchar *id)
{
	g_autofree gchar *path = g_strdup_printf(API "/captions/%s/stop", id);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_api(f, "POST", path, NULL, &status);

	if (status == 202)
		g_assert_null(node);
	else
		oem_test_assert_members(node, error_members);
	return status;
}

/* the control view of run @id, without its times, as JSON */
static gchar *
oem_test_control_run(OemFixture *f, const gchar *id)
{
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "GET", "/_emulator/captions", NULL, &status);
	JsonArray *runs = json_node_get_array(node);

	g_assert_cmpuint(status, ==, 200);
	for (guint i = 0; i < json_array_get_length(runs); i++) {
		JsonObject *run = json_array_get_object_element(runs, i);
		g_autoptr(JsonNode) copy = NULL;

		if (g_strcmp0(json_object_get_string_member(run, "captionsId"), id) != 0)
			continue;
		g_assert_cmpint(json_object_get_int_member(run, "updatedAt"), >=,
				json_object_get_int_member(run, "createdAt"));
		json_object_remove_member(run, "createdAt");
		json_object_remove_member(run, "updatedAt");
		copy = json_node_new(JSON_NODE_OBJECT);
		json_node_set_object(copy, run);
		return json_to_string(copy, FALSE);
	}
	g_assert_not_reached();
}

static void
oem_test_start_options(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *other = oem_test_new_session(f, FALSE);
	g_autofree gchar *id = oem_test_start_ok(f, sid, "");
	g_autofree gchar *run = oem_test_control_run(f, id);
	g_autofree gchar *expected = NULL, *second = NULL;

	expected =
	    g_strdup_printf("{\"captionsId\":\"%s\",\"sessionId\":\"%s\",\"projectId\":\"" KEY
			    "\",\"status\":\"started\",\"languageCode\":\"en-US\","
			    "\"maxDuration\":14400,\"partialCaptions\":true}",
			    id, sid);
	g_assert_cmpstr(run, ==, expected);

	/* another session may run its own, with every option */
	second = oem_test_start_ok(f, other,
				   ",\"languageCode\":\"en-GB\",\"maxDuration\":300,"
				   "\"partialCaptions\":false,\"statusCallbackUrl\":"
				   "\"https://example.com/captions/status\"");
	g_clear_pointer(&run, g_free);
	g_clear_pointer(&expected, g_free);
	run = oem_test_control_run(f, second);
	expected =
	    g_strdup_printf("{\"captionsId\":\"%s\",\"sessionId\":\"%s\",\"projectId\":\"" KEY
			    "\",\"status\":\"started\",\"languageCode\":\"en-GB\","
			    "\"maxDuration\":300,\"partialCaptions\":false,"
			    "\"statusCallbackUrl\":\"https://example.com/captions/status\"}",
			    second, other);
	g_assert_cmpstr(run, ==, expected);
}

static void
oem_test_one_run_per_session(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *token = oem_test_client_token(sid, "moderator");
	g_autofree gchar *id = oem_test_start_ok(f, sid, "");
	g_autofree gchar *run = NULL, *again = NULL;

	oem_test_start_refused(f, sid, token, ",\"languageCode\":\"fr-FR\"", 409);
	g_assert_cmpuint(oem_test_stop(f, id), ==, 202);
	run = oem_test_control_run(f, id);
	g_assert_nonnull(strstr(run, "\"status\":\"stopped\""));

	/* stopped twice is 409, an unknown id 404 */
	g_assert_cmpuint(oem_test_stop(f, id), ==, 409);
	g_assert_cmpuint(oem_test_stop(f, "0b9e2a58-7bd1-4e1f-9d0c-3a8b1c5e7f20"), ==, 404);
	again = oem_test_start_ok(f, sid, "");
	g_assert_cmpstr(again, !=, id);
}

static void
oem_test_start_refusals(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *relayed = oem_test_new_session(f, TRUE);
	g_autofree gchar *unknown = oem_test_unknown_session();
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	g_autofree gchar *token = oem_test_client_token(sid, "moderator");
	g_autofree gchar *publisher = oem_test_client_token(sid, "publisher");
	g_autofree gchar *subscriber = oem_test_client_token(sid, "subscriber");
	g_autofree gchar *expired =
	    oem_test_client_token_full(sid, "moderator", now - 600, now - 1, "");
	g_autofree gchar *for_unknown = oem_test_client_token(unknown, "moderator");
	g_autofree gchar *for_relayed = oem_test_client_token(relayed, "moderator");
	g_autofree gchar *path = g_strnfill(2030, 'a');
	g_autofree gchar *long_url =
	    g_strdup_printf(",\"statusCallbackUrl\":\"https://example.com/%s\"", path);
	const gchar *bad[] = {
	    ",\"languageCode\":\"en\"",
	    ",\"languageCode\":\"xx-XX\"",
	    ",\"languageCode\":\"en-us\"",
	    ",\"languageCode\":5",
	    ",\"maxDuration\":299",
	    ",\"maxDuration\":14401",
	    ",\"maxDuration\":\"300\"",
	    ",\"partialCaptions\":\"true\"",
	    ",\"statusCallbackUrl\":\"http://a.bc/d\"",
	    ",\"statusCallbackUrl\":\"ftp://example.com/status\"",
	    ",\"statusCallbackUrl\":7",
	    long_url,
	};

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++)
		oem_test_start_refused(f, sid, token, bad[i], 400);
	oem_test_start_refused(f, "", token, "", 400);
	oem_test_start_refused(f, sid, "", "", 400);
	oem_test_start_refused(f, sid, publisher, "", 403);
	oem_test_start_refused(f, sid, subscriber, "", 403);
	oem_test_start_refused(f, sid, expired, "", 403);
	oem_test_start_refused(f, sid, for_relayed, "", 403);
	oem_test_start_refused(f, unknown, for_unknown, "", 404);
	oem_test_start_refused(f, relayed, for_relayed, "", 409);
	g_assert_cmpuint(f->state->caption_list->len, ==, 0);
}

int
main(int argc, char **argv)
{
	struct {
		const gchar *path;
		void (*func)(OemFixture *, gconstpointer);
	} cases[] = {
	    {"/oem/captions/start-options", oem_test_start_options},
	    {"/oem/captions/one-run-per-session", oem_test_one_run_per_session},
	    {"/oem/captions/refusals", oem_test_start_refusals},
	};

	g_test_init(&argc, &argv, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add(cases[i].path, OemFixture, NULL, oem_fixture_setup, cases[i].func,
			   oem_fixture_teardown);
	return g_test_run();
}
