/* opentokctl against the real daemon: every command, --json, exit codes, archive wait and
 * the spinner */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <string.h>
#include <unistd.h>

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

/* runs opentokctl with --bus-address and the NULL-terminated @args */
static gint
ctl_argv(OtdTestEnv *env, const gchar *const *args, gchar **ret_stdout, gchar **ret_stderr)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autofree gchar *bus = g_strdup_printf("--bus-address=%s", env->bus_address);
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;

	g_ptr_array_add(argv, (gpointer)g_getenv("OTD_TEST_CTL"));
	g_ptr_array_add(argv, bus);
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)args[i]);
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

/*
 * The --json contract (client/opentokctl/README.md): exit 0, nothing on stderr, and on
 * stdout one compact JSON object on one line; NULL when the command prints nothing, which
 * then must be exactly nothing.
 */
static JsonObject *
ctl_json_v(OtdTestEnv *env, const gchar *const *args)
{
	g_autofree gchar *out = NULL, *err = NULL;
	gint status = ctl_argv(env, args, &out, &err);
	g_autofree gchar *line = g_strjoinv(" ", (gchar **)args);

	if (status != 0 || g_strcmp0(err, "") != 0)
		g_error("opentokctl %s: exit %d, stderr: %s", line, status, err);
	if (out[0] == '\0')
		return NULL;
	/* one line: a newline only at the end */
	g_assert_true(g_str_has_suffix(out, "}\n"));
	g_assert_true(strchr(out, '\n') == out + strlen(out) - 1);
	return parse_json(out);
}
#define CTL_JSON(env, ...) ctl_json_v(env, (const gchar *const[]){"--json", __VA_ARGS__, NULL})

/* a command without a result: with --json too, stdout stays empty */
#define CTL_JSON_NOTHING(env, ...)                                                             \
	g_assert_null(ctl_json_v(env, (const gchar *const[]){"--json", __VA_ARGS__, NULL}))

static gboolean
json_node_has_type(JsonNode *node, gchar type)
{
	switch (type) {
	case 's':
		return JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING;
	case 'i':
		return JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_INT64;
	case 'b':
		return JSON_NODE_HOLDS_VALUE(node) &&
		       json_node_get_value_type(node) == G_TYPE_BOOLEAN;
	case 'o':
		return JSON_NODE_HOLDS_OBJECT(node);
	case 'a':
		return JSON_NODE_HOLDS_ARRAY(node);
	case '*':
		return !JSON_NODE_HOLDS_NULL(node);
	default:
		g_assert_not_reached();
	}
}

/*
 * Checks @obj against "key:T" (required) and "key?:T" (type-checked when present), T one
 * of s (string), i (integer), b (boolean), o (object), a (array), * (any but null). JSON
 * null never appears: the daemon leaves such keys out.
 */
static void
assert_shape_v(JsonObject *obj, const gchar *const *spec)
{
	g_autoptr(GList) members = json_object_get_members(obj);

	for (GList *l = members; l != NULL; l = l->next)
		g_assert_false(JSON_NODE_HOLDS_NULL(json_object_get_member(obj, l->data)));
	for (guint i = 0; spec[i] != NULL; i++) {
		const gchar *colon = strchr(spec[i], ':');
		gboolean optional = colon[-1] == '?';
		g_autofree gchar *key = g_strndup(spec[i], colon - spec[i] - (optional ? 1 : 0));
		JsonNode *node = json_object_get_member(obj, key);

		if (node == NULL && optional)
			continue;
		if (node == NULL)
			g_error("key '%s' missing", key);
		if (!json_node_has_type(node, colon[1]))
			g_error("key '%s' is not of type '%c'", key, colon[1]);
	}
}
#define assert_shape(obj, ...) assert_shape_v(obj, (const gchar *const[]){__VA_ARGS__, NULL})

/* a list result: {"items":[…],"total":N}, nothing else, each item with @spec's shape */
static void
assert_list_shape_v(JsonObject *obj, guint min_items, const gchar *const *spec)
{
	JsonArray *items;

	g_assert_cmpuint(json_object_get_size(obj), ==, 2);
	assert_shape(obj, "items:a", "total:i");
	items = json_object_get_array_member(obj, "items");
	g_assert_cmpuint(json_array_get_length(items), >=, min_items);
	g_assert_cmpint(json_object_get_int_member(obj, "total"), >=,
			json_array_get_length(items));
	for (guint i = 0; i < json_array_get_length(items); i++) {
		JsonNode *item = json_array_get_element(items, i);
		g_assert_true(JSON_NODE_HOLDS_OBJECT(item));
		assert_shape_v(json_node_get_object(item), spec);
	}
}
#define assert_list_shape(obj, min, ...)                                                       \
	assert_list_shape_v(obj, min, (const gchar *const[]){__VA_ARGS__, NULL})

#define ARCHIVE_SHAPE                                                                          \
	"id:s", "status:s", "session_id:s", "created_at:i", "updated_at?:i", "name?:s",        \
	    "reason?:s", "duration?:i", "size?:i", "url?:s", "has_audio?:b", "has_video?:b",   \
	    "output_mode?:s", "stream_mode?:s", "resolution?:s", "layout?:o", "streams?:a",    \
	    "project_id?:*", "partner_id?:*", "multi_archive_tag?:s", "max_bitrate?:i"
#define BROADCAST_SHAPE                                                                        \
	"id:s", "status:s", "session_id:s", "created_at:i", "updated_at?:i",                   \
	    "broadcast_urls?:o", "max_duration?:i", "resolution?:s", "stream_mode?:s",         \
	    "streams?:a", "layout?:o", "has_audio?:b", "has_video?:b", "settings?:o",          \
	    "project_id?:*", "partner_id?:*"
#define RENDER_SHAPE                                                                           \
	"id:s", "status:s", "session_id:s", "url:s", "created_at:i", "updated_at?:i",          \
	    "resolution?:s", "name?:s", "stream_id?:s", "reason?:s", "project_id?:*"
#define STREAM_SHAPE "id:s", "video_type:s", "name?:s", "layout_class_list:a"
#define CONNECTION_SHAPE "connection_id:s", "connection_state:s", "created_at:i"

/* a routed session with one client that publishes one camera stream */
static void
live_session(OtdTestEnv *env, gchar **ret_sid, gchar **ret_cid, gchar **ret_stream)
{
	g_autofree gchar *sid = otd_test_env_create_session(env);
	g_autofree gchar *out = NULL, *cid = NULL, *path = NULL;
	g_autoptr(JsonNode) answer = NULL;
	guint status = 0;

	g_assert_cmpint(otd_test_env_ctl(env, &out, NULL, "token", sid, NULL), ==, 0);
	g_strstrip(out);
	g_assert_cmpuint(otd_test_env_join(env, sid, out, &cid), ==, 201);
	path = g_strdup_printf("/_emulator/sessions/%s/clients/%s/streams", sid, cid);
	answer = otd_test_env_http(env, "POST", path, "{\"videoType\":\"camera\",\"name\":\"cam\"}",
				   &status);
	g_assert_cmpuint(status, ==, 201);
	*ret_stream =
	    g_strdup(json_object_get_string_member(json_node_get_object(answer), "streamId"));
	*ret_sid = g_steal_pointer(&sid);
	*ret_cid = g_steal_pointer(&cid);
}

/* moves an archive on through the emulator's control API, as the service would */
static void
archive_set_status(OtdTestEnv *env, const gchar *id, const gchar *body)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/archives/%s/status", id);
	guint status = 0;
	g_autoptr(JsonNode) answer = otd_test_env_http(env, "POST", path, body, &status);

	g_assert_cmpuint(status, ==, 200);
}

static gchar *
ctl_archive_start(OtdTestEnv *env, const gchar *sid)
{
	g_autoptr(JsonObject) archive = CTL_JSON(env, "archive", "start", sid);

	g_assert_cmpstr(json_object_get_string_member(archive, "status"), ==, "started");
	return g_strdup(json_object_get_string_member(archive, "id"));
}

/* every command's --json output against the real daemon and emulator, as documented */
static void
test_json_shapes(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid = NULL, *cid = NULL, *stream = NULL, *layout = NULL;
	g_autofree gchar *aid = NULL, *bid = NULL, *rid = NULL, *cap = NULL;
	g_autofree gchar *out = NULL, *err = NULL;
	JsonObject *o;

	live_session(env, &sid, &cid, &stream);
	layout = g_strdup_printf("%s=focus", stream);

	o = CTL_JSON(env, "status");
	assert_shape(o, "version:s", "api_key:s", "api_url:s", "plugins:a");
	json_object_unref(o);
	o = CTL_JSON(env, "session", "create", "--media-mode", "routed");
	g_assert_cmpuint(json_object_get_size(o), ==, 1);
	assert_shape(o, "session_id:s");
	json_object_unref(o);
	o = CTL_JSON(env, "token", sid);
	g_assert_cmpuint(json_object_get_size(o), ==, 1);
	assert_shape(o, "token:s");
	json_object_unref(o);
	o = CTL_JSON(env, "connection", "list", sid);
	assert_list_shape(o, 1, CONNECTION_SHAPE);
	json_object_unref(o);
	o = CTL_JSON(env, "stream", "get", sid, stream);
	assert_shape(o, STREAM_SHAPE);
	json_object_unref(o);
	o = CTL_JSON(env, "stream", "list", sid);
	assert_list_shape(o, 1, STREAM_SHAPE);
	json_object_unref(o);
	CTL_JSON_NOTHING(env, "stream", "layout", sid, layout);
	CTL_JSON_NOTHING(env, "stream", "mute", sid, stream);
	CTL_JSON_NOTHING(env, "stream", "mute-all", sid);
	CTL_JSON_NOTHING(env, "stream", "unmute-all", sid);
	CTL_JSON_NOTHING(env, "signal", sid, "--type", "chat", "--data", "hi");

	/* archives, through the whole lifecycle */
	o = CTL_JSON(env, "archive", "start", sid, "--stream-mode", "manual", "--name", "shapes");
	assert_shape(o, ARCHIVE_SHAPE);
	aid = g_strdup(json_object_get_string_member(o, "id"));
	json_object_unref(o);
	CTL_JSON_NOTHING(env, "archive", "add-stream", aid, stream);
	CTL_JSON_NOTHING(env, "archive", "remove-stream", aid, stream);
	CTL_JSON_NOTHING(env, "archive", "layout", aid, "--type", "pip");
	o = CTL_JSON(env, "archive", "get", aid);
	assert_shape(o, ARCHIVE_SHAPE);
	json_object_unref(o);
	o = CTL_JSON(env, "archive", "stop", aid);
	assert_shape(o, ARCHIVE_SHAPE);
	g_assert_cmpstr(json_object_get_string_member(o, "status"), ==, "stopped");
	json_object_unref(o);
	archive_set_status(env, aid, "{\"status\":\"available\"}");
	o = CTL_JSON(env, "archive", "wait", aid, "--status", "available", "--timeout", "0");
	assert_shape(o, ARCHIVE_SHAPE, "url:s", "size:i", "duration:i");
	json_object_unref(o);
	o = CTL_JSON(env, "archive", "list", "--session", sid);
	assert_list_shape(o, 1, ARCHIVE_SHAPE);
	json_object_unref(o);
	CTL_JSON_NOTHING(env, "archive", "delete", aid);

	/* broadcasts */
	o = CTL_JSON(env, "broadcast", "start", sid, "--hls", "--stream-mode", "manual");
	assert_shape(o, BROADCAST_SHAPE, "broadcast_urls:o");
	bid = g_strdup(json_object_get_string_member(o, "id"));
	json_object_unref(o);
	CTL_JSON_NOTHING(env, "broadcast", "add-stream", bid, stream);
	CTL_JSON_NOTHING(env, "broadcast", "remove-stream", bid, stream);
	CTL_JSON_NOTHING(env, "broadcast", "layout", bid, "--type", "bestFit");
	o = CTL_JSON(env, "broadcast", "get", bid);
	assert_shape(o, BROADCAST_SHAPE);
	json_object_unref(o);
	o = CTL_JSON(env, "broadcast", "list", "--session", sid);
	assert_list_shape(o, 1, BROADCAST_SHAPE);
	json_object_unref(o);
	o = CTL_JSON(env, "broadcast", "stop", bid);
	assert_shape(o, BROADCAST_SHAPE);
	json_object_unref(o);

	/* renders, captions, SIP and the audio connector */
	o = CTL_JSON(env, "render", "start", sid, "https://example.com/page");
	assert_shape(o, RENDER_SHAPE);
	rid = g_strdup(json_object_get_string_member(o, "id"));
	json_object_unref(o);
	o = CTL_JSON(env, "render", "get", rid);
	assert_shape(o, RENDER_SHAPE);
	json_object_unref(o);
	o = CTL_JSON(env, "render", "list");
	assert_list_shape(o, 1, RENDER_SHAPE);
	json_object_unref(o);
	CTL_JSON_NOTHING(env, "render", "stop", rid);
	o = CTL_JSON(env, "captions", "start", sid);
	g_assert_cmpuint(json_object_get_size(o), ==, 1);
	assert_shape(o, "captions_id:s");
	cap = g_strdup(json_object_get_string_member(o, "captions_id"));
	json_object_unref(o);
	CTL_JSON_NOTHING(env, "captions", "stop", cap);
	o = CTL_JSON(env, "sip", "dial", sid, "sip:+15555550100@pstn.example.com");
	assert_shape(o, "id:s", "connection_id:s", "stream_id:s", "session_id?:s",
		     "created_at?:i", "updated_at?:i", "project_id?:*");
	json_object_unref(o);
	CTL_JSON_NOTHING(env, "sip", "dtmf", sid, "1234#");
	o = CTL_JSON(env, "audio-connector", "connect", sid, "wss://asr.example.com/ws");
	assert_shape(o, "id:s", "connection_id:s");
	json_object_unref(o);

	CTL_JSON_NOTHING(env, "connection", "disconnect", sid, cid);
	/* a failure prints nothing on stdout, --json or not */
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "--json", "archive", "stop", aid, NULL),
			==, 1);
	g_assert_cmpstr(out, ==, "");
	g_assert_true(g_str_has_prefix(err, "opentokctl: Conflict: "));
}

static guint
count_gets(OtdTestEnv *env, const gchar *archive_id)
{
	g_autoptr(JsonNode) node = otd_test_env_http(env, "GET", "/_emulator/requests", NULL, NULL);
	g_autofree gchar *suffix = g_strdup_printf("/archive/%s", archive_id);
	JsonArray *requests = json_node_get_array(node);
	guint n = 0;

	for (guint i = 0; i < json_array_get_length(requests); i++) {
		JsonObject *r = json_array_get_object_element(requests, i);
		if (g_strcmp0(json_object_get_string_member(r, "method"), "GET") == 0 &&
		    g_str_has_suffix(json_object_get_string_member(r, "path"), suffix))
			n++;
	}
	return n;
}

static GSubprocess *
ctl_spawn(OtdTestEnv *env, const gchar *const *args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autofree gchar *bus = g_strdup_printf("--bus-address=%s", env->bus_address);
	g_autoptr(GError) error = NULL;
	GSubprocess *proc;

	g_ptr_array_add(argv, (gpointer)g_getenv("OTD_TEST_CTL"));
	g_ptr_array_add(argv, bus);
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)args[i]);
	g_ptr_array_add(argv, NULL);
	proc = g_subprocess_newv((const gchar *const *)argv->pdata,
				 G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
				 &error);
	g_assert_no_error(error);
	return proc;
}

/* archive wait against the emulator: success after the status moves, timeouts, dead ends */
static void
test_archive_wait(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid = NULL, *cid = NULL, *stream = NULL, *aid = NULL, *aid2 = NULL;
	g_autofree gchar *out = NULL, *err = NULL;
	g_autoptr(GSubprocess) waiter = NULL;
	g_autoptr(JsonObject) done = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *expected = NULL, *timeout_arg = NULL;
	guint factor = otd_test_env_time_factor();
	gint64 start, elapsed_ms, until;
	guint gets_before, timeout_s;

	live_session(env, &sid, &cid, &stream);
	aid = ctl_archive_start(env, sid);

	/* the status it has already: one check, exit 0 */
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "archive", "wait", aid, "--status",
					 "started", "--timeout", "0", NULL),
			==, 0);
	g_assert_true(g_str_has_prefix(out, "id:"));
	g_assert_nonnull(strstr(out, "status:      started\n"));
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	/*
	 * The timeout: exit 4 and no earlier than --timeout. The upper bound is functional:
	 * the last check may take one more second by design, and 8 s of slack (times the
	 * setup's time factor) cover process start-up and a loaded machine. Checks come once
	 * a second and at the deadline: timeout + 1 Gets at most, whatever the speed.
	 */
	timeout_s = 2 * factor;
	timeout_arg = g_strdup_printf("%u", timeout_s);
	gets_before = count_gets(env, aid);
	start = g_get_monotonic_time();
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "archive", "wait", aid, "--status",
					 "available", "--timeout", timeout_arg, NULL),
			==, 4);
	elapsed_ms = (g_get_monotonic_time() - start) / 1000;
	g_assert_cmpint(elapsed_ms, >=, timeout_s * 1000);
	g_assert_cmpint(elapsed_ms, <, timeout_s * 1000 + 1000 + 8000 * factor);
	g_assert_cmpuint(count_gets(env, aid) - gets_before, >=, 1);
	g_assert_cmpuint(count_gets(env, aid) - gets_before, <=, timeout_s + 1);
	g_assert_cmpstr(out, ==, "");
	expected = g_strdup_printf("opentokctl: timed out after %u s waiting for archive '%s' to "
				   "be 'available' (it is 'started')\n", timeout_s, aid);
	g_assert_cmpstr(err, ==, expected);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	/*
	 * Success after a change: the wait has seen 'stopped' at least once before the
	 * emulator makes the archive available, and then ends by itself with exit 0.
	 */
	g_assert_cmpint(otd_test_env_ctl(env, NULL, NULL, "archive", "stop", aid, NULL), ==, 0);
	gets_before = count_gets(env, aid);
	waiter = ctl_spawn(env, (const gchar *const[]){"--json", "archive", "wait", aid,
						      "--status", "available", "--timeout",
						      "60", NULL});
	until = g_get_monotonic_time() + 30 * factor * G_USEC_PER_SEC;
	while (count_gets(env, aid) == gets_before && g_get_monotonic_time() < until)
		g_usleep(20000);
	g_assert_cmpuint(count_gets(env, aid), >, gets_before);
	archive_set_status(env, aid, "{\"status\":\"available\"}");
	g_assert_true(g_subprocess_communicate_utf8(waiter, NULL, NULL, &out, &err, &error));
	g_assert_no_error(error);
	g_assert_cmpint(g_subprocess_get_exit_status(waiter), ==, 0);
	g_assert_cmpstr(err, ==, "");
	done = parse_json(out);
	g_assert_cmpstr(json_object_get_string_member(done, "id"), ==, aid);
	g_assert_cmpstr(json_object_get_string_member(done, "status"), ==, "available");
	g_assert_true(g_str_has_prefix(json_object_get_string_member(done, "url"), "https://"));
	g_assert_cmpuint(count_gets(env, aid) - gets_before, >=, 2);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	/* a status that cannot become the one waited for: exit 1 at once, with the reason */
	aid2 = ctl_archive_start(env, sid);
	g_assert_cmpint(otd_test_env_ctl(env, NULL, NULL, "archive", "stop", aid2, NULL), ==, 0);
	archive_set_status(env, aid2, "{\"status\":\"failed\",\"reason\":\"encoder crashed\"}");
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "archive", "wait", aid2, "--status",
					 "available", NULL),
			==, 1);
	g_assert_cmpstr(out, ==, "");
	g_clear_pointer(&expected, g_free);
	expected = g_strdup_printf("opentokctl: archive '%s' is 'failed' (reason: encoder crashed) "
				   "and will not become 'available'\n", aid2);
	g_assert_cmpstr(err, ==, expected);
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);

	/* errors of the calls end the wait as they end any command */
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "archive", "wait",
					 "00000000-0000-0000-0000-000000000000", "--status",
					 "available", NULL),
			==, 1);
	g_assert_true(g_str_has_prefix(err, "opentokctl: NotFound: "));
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "archive", "wait", aid, NULL), ==, 2);
	g_assert_true(g_str_has_prefix(err, "opentokctl: missing option --status\n"));
}

/* runs opentokctl with stderr on a new pseudo-terminal @cols wide; returns what the
 * terminal got */
static gint
ctl_on_tty(OtdTestEnv *env, guint cols, const gchar *const *args, gchar **ret_stdout,
	   gchar **ret_tty)
{
	g_autoptr(GSubprocessLauncher) launcher =
	    g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE);
	g_autofree gchar *bus = g_strdup_printf("--bus-address=%s", env->bus_address);
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GString) tty = g_string_new(NULL);
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;
	int master = -1, slave = -1;
	gchar buf[4096];
	ssize_t n;

	struct winsize size = {.ws_row = 24, .ws_col = cols};

	g_assert_cmpint(openpty(&master, &slave, NULL, NULL, &size), ==, 0);
	g_ptr_array_add(argv, (gpointer)g_getenv("OTD_TEST_CTL"));
	g_ptr_array_add(argv, bus);
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer)args[i]);
	g_ptr_array_add(argv, NULL);
	g_subprocess_launcher_setenv(launcher, "TERM", "xterm", TRUE);
	g_subprocess_launcher_take_stderr_fd(launcher, slave);
	proc = g_subprocess_launcher_spawnv(launcher, (const gchar *const *)argv->pdata, &error);
	g_assert_no_error(error);
	/* the launcher holds the terminal's other end until it goes */
	g_clear_object(&launcher);
	g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, ret_stdout, NULL, &error));
	g_assert_no_error(error);
	/* the child has exited: what it wrote waits in the terminal, then comes EIO or EAGAIN */
	g_assert_cmpint(fcntl(master, F_SETFL, O_NONBLOCK), ==, 0);
	while ((n = read(master, buf, sizeof(buf))) > 0)
		g_string_append_len(tty, buf, n);
	close(master);
	*ret_tty = g_string_free(g_steal_pointer(&tty), FALSE);
	return g_subprocess_get_exit_status(proc);
}

/*
 * The spinner: on stderr only when it is a terminal, only for calls that last over a
 * second, erased before the result is printed, and never on stdout. A 2.5 s delay from the
 * emulator leaves 1.5 s of slack after the first frame at 1 s; a call without it takes
 * milliseconds on loopback, far below the second (which a slow setup, time factor > 1,
 * need not be: that check is left out there).
 */
static void
test_progress(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *sid = NULL, *cid = NULL, *stream = NULL, *aid = NULL;
	g_autofree gchar *out = NULL, *tty = NULL, *err = NULL, *plain = NULL;
	g_autofree gchar *waiting = NULL;
	g_auto(GStrv) frames = NULL;
	guint n_frames = 0;
	g_autoptr(JsonObject) obj = NULL;
	guint factor = otd_test_env_time_factor();
	g_autofree gchar *timeout_arg = g_strdup_printf("%u", 2 * factor);
	const gchar *delay =
	    "{\"method\":\"GET\",\"path\":\"/v2/project/*/archive/*\",\"delayMs\":2500,\"times\":1}";

	live_session(env, &sid, &cid, &stream);
	aid = ctl_archive_start(env, sid);
	g_assert_cmpint(otd_test_env_ctl(env, &plain, NULL, "archive", "get", aid, NULL), ==, 0);

	/* a slow call, stderr a pipe: no spinner at all */
	otd_test_env_fault(env, delay);
	g_assert_cmpint(otd_test_env_ctl(env, &out, &err, "archive", "get", aid, NULL), ==, 0);
	g_assert_cmpstr(err, ==, "");
	g_assert_cmpstr(out, ==, plain);
	g_clear_pointer(&out, g_free);

	/* a slow call, stderr a terminal: the spinner, erased at the end; stdout untouched */
	otd_test_env_fault(env, delay);
	g_assert_cmpint(ctl_on_tty(env, 200, (const gchar *const[]){"archive", "get", aid, NULL},
				   &out, &tty),
			==, 0);
	g_assert_cmpstr(out, ==, plain);
	g_assert_nonnull(strstr(tty, "\r\033[K| archive get: waiting for opentokd ("));
	g_assert_true(g_str_has_suffix(tty, "\r\033[K"));
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&tty, g_free);

	/* the same with --json: stdout is the JSON line alone */
	otd_test_env_fault(env, delay);
	g_assert_cmpint(ctl_on_tty(env, 200,
				   (const gchar *const[]){"--json", "archive", "get", aid, NULL}, &out,
				   &tty),
			==, 0);
	g_assert_null(strchr(out, '\r'));
	g_assert_null(strchr(out, '\033'));
	obj = parse_json(out);
	g_assert_cmpstr(json_object_get_string_member(obj, "id"), ==, aid);
	g_assert_nonnull(strstr(tty, "waiting for opentokd"));
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&tty, g_free);

	/* a fast call on a terminal: nothing */
	if (factor == 1) {
		g_assert_cmpint(ctl_on_tty(env, 200,
					   (const gchar *const[]){"archive", "get", aid, NULL}, &out,
					   &tty),
				==, 0);
		g_assert_cmpstr(tty, ==, "");
		g_clear_pointer(&out, g_free);
		g_clear_pointer(&tty, g_free);
	}

	/* archive wait shows what it has seen, then its error after the erased line */
	g_assert_cmpint(ctl_on_tty(env, 200,
				   (const gchar *const[]){"archive", "wait", aid, "--status",
							  "available", "--timeout", timeout_arg,
							  NULL},
				   &out, &tty),
			==, 4);
	g_assert_cmpstr(out, ==, "");
	waiting = g_strdup_printf("archive %s is 'started', waiting for 'available' (", aid);
	g_assert_nonnull(strstr(tty, waiting));
	g_assert_nonnull(strstr(tty, "\r\033[Kopentokctl: timed out after "));
	g_clear_pointer(&tty, g_free);
	g_clear_pointer(&out, g_free);

	/* on a narrow terminal every frame fits in one line, the text cut short, not the time */
	g_assert_cmpint(ctl_on_tty(env, 40,
				   (const gchar *const[]){"archive", "wait", aid, "--status",
							  "available", "--timeout", timeout_arg,
							  NULL},
				   &out, &tty),
			==, 4);
	frames = g_strsplit(tty, "\r\033[K", -1);
	for (guint i = 0; frames[i] != NULL; i++) {
		if (frames[i][0] == '\0' || g_str_has_prefix(frames[i], "opentokctl: "))
			continue;
		g_assert_cmpuint(strlen(frames[i]), <=, 39);
		g_assert_true(g_str_has_prefix(frames[i], "| archive ") ||
			      g_str_has_prefix(frames[i], "/ archive ") ||
			      g_str_has_prefix(frames[i], "- archive ") ||
			      g_str_has_prefix(frames[i], "\\ archive "));
		g_assert_nonnull(strstr(frames[i], "... ("));
		g_assert_true(g_str_has_suffix(frames[i], " s)"));
		n_frames++;
	}
	g_assert_cmpuint(n_frames, >, 0);
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
	g_test_add_func("/otd/bus/ctl/json-shapes", test_json_shapes);
	g_test_add_func("/otd/bus/ctl/archive-wait", test_archive_wait);
	g_test_add_func("/otd/bus/ctl/progress", test_progress);
	return g_test_run();
}
