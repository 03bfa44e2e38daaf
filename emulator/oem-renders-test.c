/*
 * Experience Composer renders over HTTP, against the in-process emulator of oem-test-http.c:
 * the start answer, the lifecycle (starting, started with its client and stream, failed,
 * stopped), the list, the control calls and the refusals. A render is made old enough to move
 * on by moving its createdAt back in the state, so no test waits.
 */
#include <string.h>

#include "oem-test-http.h"

#define KEY OEM_TEST_KEY
#define API "/v2/project/" KEY

#define NO_RENDER "0b9e2a58-7bd1-4e1f-9d0c-3a8b1c5e7f20"
#define PAGE	  "\"url\":\"https://example.com/my-render\""

static const gchar *const error_members[] = {"code", "message", "description", NULL};

/* POST …/render with @options (",\"…\":…") added to sessionId and token */
static JsonNode *
oem_test_start(OemFixture *f, const gchar *sid, const gchar *token, const gchar *options,
	       guint *ret_status)
{
	g_autofree gchar *body =
	    g_strdup_printf("{\"sessionId\":\"%s\",\"token\":\"%s\"%s}", sid, token, options);

	return oem_test_api(f, "POST", API "/render", body, ret_status);
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

static const gchar *
oem_test_member(JsonNode *node, const gchar *name)
{
	JsonObject *obj = json_node_get_object(node);

	return json_object_has_member(obj, name) ? json_object_get_string_member(obj, name) : NULL;
}

/* a started render's id */
static gchar *
oem_test_start_ok(OemFixture *f, const gchar *sid, const gchar *options)
{
	g_autofree gchar *token = oem_test_client_token(sid, "publisher");
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_start(f, sid, token, options, &status);

	g_assert_cmpuint(status, ==, 202);
	g_assert_cmpstr(oem_test_member(node, "status"), ==, "starting");
	return g_strdup(oem_test_member(node, "id"));
}

static JsonNode *
oem_test_get(OemFixture *f, const gchar *id, guint expected)
{
	g_autofree gchar *path = g_strdup_printf(API "/render/%s", id);
	guint status = 0;
	JsonNode *node = oem_test_api(f, "GET", path, NULL, &status);

	g_assert_cmpuint(status, ==, expected);
	return node;
}

static guint
oem_test_stop(OemFixture *f, const gchar *id)
{
	g_autofree gchar *path = g_strdup_printf(API "/render/%s", id);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_api(f, "DELETE", path, NULL, &status);

	if (status == 204)
		g_assert_null(node);
	else
		oem_test_assert_members(node, error_members);
	return status;
}

/* as if the render had been started 2 s ago */
static void
oem_test_age(OemFixture *f, const gchar *id)
{
	OemRender *render = oem_state_lookup_render(f->state, id);

	g_assert_nonnull(render);
	render->created_at -= 2000;
}

static JsonNode *
oem_test_set_status(OemFixture *f, const gchar *id, const gchar *body, guint expected)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/renders/%s/status", id);
	guint status = 0;
	JsonNode *node = oem_test_control(f, "POST", path, body, &status);

	g_test_message("status %s -> %u", body, status);
	g_assert_cmpuint(status, ==, expected);
	return node;
}

static void
oem_test_start_answer(OemFixture *f, gconstpointer user_data)
{
	static const gchar *const members[] = {"id",	     "sessionId", "projectId",
					       "createdAt",  "updatedAt", "url",
					       "resolution", "status",	  NULL};
	static const gchar *const named[] = {"id",	  "sessionId", "projectId",  "createdAt",
					     "updatedAt", "url",       "resolution", "status",
					     "name",	  NULL};
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *token = oem_test_client_token(sid, "moderator");
	g_autoptr(JsonNode) node = NULL, named_node = NULL;
	guint status = 0;

	node = oem_test_start(f, sid, token, "," PAGE, &status);
	g_assert_cmpuint(status, ==, 202);
	oem_test_assert_members(node, members);
	g_assert_true(g_uuid_string_is_valid(oem_test_member(node, "id")));
	g_assert_cmpstr(oem_test_member(node, "sessionId"), ==, sid);
	g_assert_cmpstr(oem_test_member(node, "projectId"), ==, KEY);
	g_assert_cmpstr(oem_test_member(node, "resolution"), ==, "1280x720");
	g_assert_cmpstr(oem_test_member(node, "status"), ==, "starting");
	named_node = oem_test_start(f, sid, token,
				    "," PAGE ",\"maxDuration\":60,\"resolution\":\"1080x1920\","
				    "\"properties\":{\"name\":\"Composed stream\"},"
				    "\"statusCallbackUrl\":\"https://example.com/status\"",
				    &status);
	g_assert_cmpuint(status, ==, 202);
	oem_test_assert_members(named_node, named);
	g_assert_cmpstr(oem_test_member(named_node, "name"), ==, "Composed stream");
	g_assert_cmpstr(oem_test_member(named_node, "resolution"), ==, "1080x1920");
}

/* the render's client in the control view; NULL when none is in the session */
static JsonObject *
oem_test_render_client(OemFixture *f, const gchar *sid, const gchar *id, JsonNode **ret_node)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", sid);
	guint status = 0;
	JsonArray *clients;

	*ret_node = oem_test_control(f, "GET", path, NULL, &status);
	clients = json_node_get_array(*ret_node);
	for (guint i = 0; i < json_array_get_length(clients); i++) {
		JsonObject *client = json_array_get_object_element(clients, i);

		if (json_object_has_member(client, "renderId") &&
		    g_strcmp0(json_object_get_string_member(client, "renderId"), id) == 0)
			return client;
	}
	return NULL;
}

static void
oem_test_check_started(OemFixture *f, const gchar *sid, const gchar *id, JsonNode *render)
{
	g_autoptr(JsonNode) clients = NULL;
	JsonObject *client = oem_test_render_client(f, sid, id, &clients);
	JsonObject *stream;

	g_assert_cmpstr(oem_test_member(render, "status"), ==, "started");
	g_assert_nonnull(client);
	g_assert_true(json_object_get_boolean_member(client, "render"));
	g_assert_cmpstr(json_object_get_string_member(client, "role"), ==, "publisher");
	stream = json_array_get_object_element(json_object_get_array_member(client, "streams"), 0);
	g_assert_cmpstr(json_object_get_string_member(stream, "streamId"), ==,
			oem_test_member(render, "streamId"));
	g_assert_cmpstr(json_object_get_string_member(stream, "name"), ==, "Composed stream");
	g_assert_true(json_object_get_boolean_member(stream, "hasVideo"));
}

static void
oem_test_lifecycle(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, TRUE);
	g_autofree gchar *id =
	    oem_test_start_ok(f, sid, "," PAGE ",\"properties\":{\"name\":\"Composed stream\"}");
	g_autoptr(JsonNode) render = oem_test_get(f, id, 200);
	g_autoptr(JsonNode) clients = NULL;

	/* too young to move on, even on a relayed session */
	g_assert_cmpstr(oem_test_member(render, "status"), ==, "starting");
	g_assert_null(oem_test_member(render, "streamId"));
	g_assert_null(oem_test_render_client(f, sid, id, &clients));
	oem_test_age(f, id);
	g_clear_pointer(&render, json_node_unref);
	render = oem_test_get(f, id, 200);
	oem_test_check_started(f, sid, id, render);

	/* stop: the client leaves, the stream id stays in the answer */
	g_assert_cmpuint(oem_test_stop(f, id), ==, 204);
	g_clear_pointer(&render, json_node_unref);
	render = oem_test_get(f, id, 200);
	g_assert_cmpstr(oem_test_member(render, "status"), ==, "stopped");
	g_assert_cmpstr(oem_test_member(render, "reason"), ==, "User requested");
	g_assert_nonnull(oem_test_member(render, "streamId"));
	g_clear_pointer(&clients, json_node_unref);
	g_assert_null(oem_test_render_client(f, sid, id, &clients));
	g_assert_cmpuint(oem_test_stop(f, id), ==, 404);
	g_assert_cmpuint(oem_test_stop(f, NO_RENDER), ==, 404);
	g_clear_pointer(&render, json_node_unref);
	render = oem_test_get(f, NO_RENDER, 404);
	oem_test_assert_members(render, error_members);
}

/* a render of @url fails after its start delay, and stays so */
static void
oem_test_fails_on(OemFixture *f, const gchar *sid, const gchar *url)
{
	g_autofree gchar *options = g_strdup_printf(",\"url\":\"%s\"", url);
	g_autofree gchar *id = oem_test_start_ok(f, sid, options);
	g_autoptr(JsonNode) render = NULL, clients = NULL;

	oem_test_age(f, id);
	render = oem_test_get(f, id, 200);
	g_test_message("%s: %s", url, oem_test_member(render, "status"));
	g_assert_cmpstr(oem_test_member(render, "status"), ==, "failed");
	g_assert_cmpstr(oem_test_member(render, "reason"), ==, "Could not load URL");
	g_assert_null(oem_test_member(render, "streamId"));
	g_assert_null(oem_test_render_client(f, sid, id, &clients));
	g_assert_cmpuint(oem_test_stop(f, id), ==, 404);
}

static void
oem_test_failed(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);

	oem_test_fails_on(f, sid, "https://page.example.invalid/");
	oem_test_fails_on(f, sid, "http://INVALID:8080/page");
	oem_test_fails_on(f, sid, "https://example.com/fail");
}

/* GET …/render with @query: the ids of the page, the total in @ret_count */
static gchar *
oem_test_list(OemFixture *f, const gchar *query, guint expected, gint64 *ret_count)
{
	g_autofree gchar *path = g_strconcat(API "/render", query, NULL);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_api(f, "GET", path, NULL, &status);
	g_autoptr(GString) ids = g_string_new(NULL);
	JsonArray *items;

	g_test_message("list %s -> %u", query, status);
	g_assert_cmpuint(status, ==, expected);
	if (expected != 200)
		return NULL;
	*ret_count = json_object_get_int_member(json_node_get_object(node), "count");
	items = json_object_get_array_member(json_node_get_object(node), "items");
	for (guint i = 0; i < json_array_get_length(items); i++)
		g_string_append_printf(
		    ids, "%s%s", i > 0 ? " " : "",
		    json_object_get_string_member(json_array_get_object_element(items, i), "id"));
	return g_string_free(g_steal_pointer(&ids), FALSE);
}

static void
oem_test_list_pages(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *a = oem_test_start_ok(f, sid, "," PAGE);
	g_autofree gchar *b = oem_test_start_ok(f, sid, "," PAGE);
	g_autofree gchar *c = oem_test_start_ok(f, sid, "," PAGE);
	g_autofree gchar *page = NULL, *expected = NULL;
	gint64 count = 0;

	page = oem_test_list(f, "", 200, &count);
	expected = g_strdup_printf("%s %s %s", c, b, a);
	g_assert_cmpstr(page, ==, expected);
	g_assert_cmpint(count, ==, 3);
	g_clear_pointer(&page, g_free);
	g_clear_pointer(&expected, g_free);
	page = oem_test_list(f, "?offset=1&count=1", 200, &count);
	g_assert_cmpstr(page, ==, b);
	g_assert_cmpint(count, ==, 3);
	g_clear_pointer(&page, g_free);
	page = oem_test_list(f, "?offset=2&count=1000", 200, &count);
	g_assert_cmpstr(page, ==, a);
	g_clear_pointer(&page, g_free);
	page = oem_test_list(f, "?offset=5", 200, &count);
	g_assert_cmpstr(page, ==, "");
	g_assert_null(oem_test_list(f, "?count=0", 400, &count));
	g_assert_null(oem_test_list(f, "?count=1001", 400, &count));
	g_assert_null(oem_test_list(f, "?offset=-1", 400, &count));
	g_assert_null(oem_test_list(f, "?count=ten", 400, &count));
}

/* the control moves */
static void
oem_test_control_moves(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *id =
	    oem_test_start_ok(f, sid, "," PAGE ",\"properties\":{\"name\":\"Composed stream\"}");
	g_autofree gchar *other =
	    oem_test_start_ok(f, sid, ",\"url\":\"https://fail.example.com/\"");
	g_autoptr(JsonNode) render = NULL, clients = NULL;

	/* started at once, whatever the URL */
	render = oem_test_set_status(f, other, "{\"status\":\"started\"}", 200);
	g_assert_cmpstr(oem_test_member(render, "status"), ==, "started");
	g_assert_nonnull(oem_test_member(render, "connectionId"));
	g_clear_pointer(&render, json_node_unref);
	render = oem_test_set_status(f, other, "{\"status\":\"started\"}", 409);
	g_clear_pointer(&render, json_node_unref);
	render = oem_test_set_status(f, other, "{\"status\":\"failed\",\"reason\":\"crash\"}", 200);
	g_assert_cmpstr(oem_test_member(render, "reason"), ==, "crash");
	g_assert_null(oem_test_member(render, "connectionId"));
	g_assert_null(oem_test_render_client(f, sid, other, &clients));
	g_clear_pointer(&render, json_node_unref);
	render = oem_test_set_status(f, other, "{\"status\":\"stopped\"}", 409);
	g_clear_pointer(&render, json_node_unref);
	render = oem_test_set_status(f, id, "{\"status\":\"starting\"}", 400);
	g_clear_pointer(&render, json_node_unref);
	render = oem_test_set_status(f, id, "{\"status\":\"started\",\"reason\":1}", 400);
	g_clear_pointer(&render, json_node_unref);
	render = oem_test_set_status(f, NO_RENDER, "{\"status\":\"started\"}", 404);
}

/* the control list moves a render on as any read does; forcing its client out stops it */
static void
oem_test_forced_out(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *first = oem_test_start_ok(f, sid, "," PAGE);
	g_autofree gchar *id =
	    oem_test_start_ok(f, sid, "," PAGE ",\"properties\":{\"name\":\"Composed stream\"}");
	g_autofree gchar *path = NULL;
	g_autoptr(JsonNode) render = NULL, clients = NULL, answer = NULL;
	JsonObject *client;
	JsonArray *all;
	guint status = 0;

	oem_test_age(f, id);
	render = oem_test_control(f, "GET", "/_emulator/renders", NULL, &status);
	g_assert_cmpuint(status, ==, 200);
	all = json_node_get_array(render);
	g_assert_cmpuint(json_array_get_length(all), ==, 2);
	g_assert_cmpstr(json_object_get_string_member(json_array_get_object_element(all, 0), "id"),
			==, first);
	g_assert_cmpstr(
	    json_object_get_string_member(json_array_get_object_element(all, 0), "status"), ==,
	    "starting");
	g_assert_cmpstr(
	    json_object_get_string_member(json_array_get_object_element(all, 1), "status"), ==,
	    "started");
	client = oem_test_render_client(f, sid, id, &clients);
	g_assert_nonnull(client);
	path = g_strdup_printf(API "/session/%s/connection/%s", sid,
			       json_object_get_string_member(client, "connectionId"));
	answer = oem_test_api(f, "DELETE", path, NULL, &status);
	g_assert_cmpuint(status, ==, 204);
	g_clear_pointer(&render, json_node_unref);
	render = oem_test_get(f, id, 200);
	g_assert_cmpstr(oem_test_member(render, "status"), ==, "stopped");
	g_assert_cmpstr(oem_test_member(render, "reason"), ==, "Client disconnected");
}

static void
oem_test_start_refusals(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *sid = oem_test_new_session(f, FALSE);
	g_autofree gchar *other = oem_test_new_session(f, FALSE);
	g_autofree gchar *unknown = oem_test_unknown_session();
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	g_autofree gchar *token = oem_test_client_token(sid, "publisher");
	g_autofree gchar *subscriber = oem_test_client_token(sid, "subscriber");
	g_autofree gchar *expired =
	    oem_test_client_token_full(sid, "publisher", now - 600, now - 1, "");
	g_autofree gchar *foreign = oem_test_client_token(other, "publisher");
	g_autofree gchar *for_unknown = oem_test_client_token(unknown, "publisher");
	g_autofree gchar *tail = g_strnfill(2030, 'a');
	g_autofree gchar *long_url = g_strdup_printf(",\"url\":\"https://example.com/%s\"", tail);
	g_autofree gchar *long_name = g_strnfill(201, 'n');
	g_autofree gchar *name =
	    g_strdup_printf("," PAGE ",\"properties\":{\"name\":\"%s\"}", long_name);
	const gchar *bad[] = {
	    "",
	    ",\"url\":\"http://a.b/c\"",
	    ",\"url\":\"ftp://example.com/page\"",
	    long_url,
	    "," PAGE ",\"maxDuration\":59",
	    "," PAGE ",\"maxDuration\":36001",
	    "," PAGE ",\"resolution\":\"800x600\"",
	    "," PAGE ",\"properties\":\"name\"",
	    "," PAGE ",\"properties\":{\"name\":\"\"}",
	    name,
	    "," PAGE ",\"statusCallbackUrl\":\"mailto:someone@example.com\"",
	};

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++)
		oem_test_start_refused(f, sid, token, bad[i], 400);
	oem_test_start_refused(f, sid, subscriber, "," PAGE, 403);
	oem_test_start_refused(f, sid, expired, "," PAGE, 403);
	oem_test_start_refused(f, sid, foreign, "," PAGE, 403);
	oem_test_start_refused(f, unknown, for_unknown, "," PAGE, 404);
	g_assert_cmpuint(f->state->render_list->len, ==, 0);
}

int
main(int argc, char **argv)
{
	struct {
		const gchar *path;
		void (*func)(OemFixture *, gconstpointer);
	} cases[] = {
	    {"/oem/renders/start-answer", oem_test_start_answer},
	    {"/oem/renders/lifecycle", oem_test_lifecycle},
	    {"/oem/renders/failed", oem_test_failed},
	    {"/oem/renders/list", oem_test_list_pages},
	    {"/oem/renders/control", oem_test_control_moves},
	    {"/oem/renders/forced-out", oem_test_forced_out},
	    {"/oem/renders/refusals", oem_test_start_refusals},
	};

	g_test_init(&argc, &argv, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add(cases[i].path, OemFixture, NULL, oem_fixture_setup, cases[i].func,
			   oem_fixture_teardown);
	return g_test_run();
}
