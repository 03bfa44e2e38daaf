/*
 * The examples in examples/ against a private bus, the real opentokd and opentok-emulator
 * (the bus tests' harness): each must record an archive, and the emulator's own view must
 * show it as the example says. A part whose interpreter or tool is missing is skipped,
 * saying what to install.
 */
#include "config.h"

#include <string.h>

#include "otd-test-env.h"

/* what an example printed: "session: S", "archive: A <status>" lines, "url: U" */
typedef struct {
	gchar *session_id;
	gchar *archive_id;
	GPtrArray *statuses; /* of the archive, in the order printed */
	gchar *url;
} ExampleOutput;

static void
example_output_clear(ExampleOutput *o)
{
	g_free(o->session_id);
	g_free(o->archive_id);
	g_clear_pointer(&o->statuses, g_ptr_array_unref);
	g_free(o->url);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ExampleOutput, example_output_clear)

static void
example_output_parse(ExampleOutput *o, const gchar *text)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	o->statuses = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; lines[i] != NULL; i++) {
		g_auto(GStrv) words = g_strsplit(lines[i], " ", -1);
		guint n = g_strv_length(words);

		if (n == 2 && g_str_equal(words[0], "session:"))
			o->session_id = g_strdup(words[1]);
		else if (n == 2 && g_str_equal(words[0], "url:"))
			o->url = g_strdup(words[1]);
		else if (n == 3 && g_str_equal(words[0], "archive:")) {
			if (o->archive_id == NULL)
				o->archive_id = g_strdup(words[1]);
			g_assert_cmpstr(o->archive_id, ==, words[1]);
			g_ptr_array_add(o->statuses, g_strdup(words[2]));
		}
	}
	g_assert_nonnull(o->session_id);
	g_assert_nonnull(o->archive_id);
}

/* runs @argv with the examples' environment; asserts exit 0 and returns stdout */
static gchar *
run_example(OtdTestEnv *env, const gchar *const *argv)
{
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(
	    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *err = NULL;
	gchar *out = NULL;

	/* the examples take the bus and the emulator from arguments; these must not matter */
	g_subprocess_launcher_unsetenv(launcher, "OPENTOKD_BUS_ADDRESS");
	g_subprocess_launcher_unsetenv(launcher, "OPENTOK_EMULATOR_URL");
	g_subprocess_launcher_setenv(launcher, "OPENTOKCTL", g_getenv("OTD_TEST_CTL"), TRUE);
	proc = g_subprocess_launcher_spawnv(launcher, argv, &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(proc, NULL, NULL, &out, &err, &error));
	g_assert_no_error(error);
	g_test_message("%s printed:\n%s%s", argv[1], out, err);
	if (!g_subprocess_get_if_exited(proc) || g_subprocess_get_exit_status(proc) != 0)
		g_error("%s failed: %s", argv[1], err);
	return out;
}

/* the archive as the emulator has it, looked up by id */
static JsonObject *
emulator_archive(OtdTestEnv *env, const gchar *id)
{
	g_autoptr(JsonNode) node = otd_test_env_http(env, "GET", "/_emulator/archives", NULL, NULL);
	JsonArray *archives = json_node_get_array(node);

	for (guint i = 0; i < json_array_get_length(archives); i++) {
		JsonObject *a = json_array_get_object_element(archives, i);
		if (g_strcmp0(json_object_get_string_member(a, "id"), id) == 0)
			return json_object_ref(a);
	}
	g_error("the emulator has no archive '%s'", id);
}

/* the example recorded the stream its client published, in the session it created */
static void
assert_recorded(OtdTestEnv *env, const ExampleOutput *o, JsonObject *archive,
		const gchar *name)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", o->session_id);
	g_autoptr(JsonNode) clients = otd_test_env_http(env, "GET", path, NULL, NULL);
	JsonObject *client;

	g_assert_cmpstr(json_object_get_string_member(archive, "sessionId"), ==, o->session_id);
	g_assert_cmpstr(json_object_get_string_member(archive, "name"), ==, name);
	g_assert_cmpstr(json_object_get_string_member(archive, "reason"), ==, "user initiated");
	g_assert_cmpint(json_object_get_int_member(archive, "duration"), >=, 1);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(archive, "streams")),
			 ==, 1);
	/* the client joined with the token the example minted */
	g_assert_cmpuint(json_array_get_length(json_node_get_array(clients)), ==, 1);
	client = json_array_get_object_element(json_node_get_array(clients), 0);
	g_assert_cmpstr(json_object_get_string_member(client, "role"), ==, "publisher");
	g_assert_cmpstr(json_object_get_string_member(client, "data"), ==, "name=camera-1");
}

static void
test_shell(void)
{
	g_autofree gchar *script = g_build_filename(OTD_EXAMPLES_DIR, "record-archive.sh", NULL);
	g_autofree gchar *bash = g_find_program_in_path("bash");
	g_autofree gchar *curl = g_find_program_in_path("curl");
	g_autoptr(OtdTestEnv) env = NULL;
	g_autofree gchar *bus = NULL, *emulator = NULL, *out = NULL;
	g_auto(ExampleOutput) o = {NULL};
	g_autoptr(JsonObject) archive = NULL;

	if (bash == NULL || curl == NULL) {
		g_test_skip("bash or curl is missing: the shell example needs both "
			    "(apt-get install bash curl, as .ci/install-deps does)");
		return;
	}
	env = otd_test_env_new(NULL);
	bus = g_strdup_printf("--bus-address=%s", env->bus_address);
	emulator = g_strdup_printf("--emulator=%s", env->emulator_url);
	out = run_example(
	    env, (const gchar *const[]){bash, script, bus, emulator, "--seconds=1", NULL});
	example_output_parse(&o, out);
	g_assert_cmpuint(o.statuses->len, ==, 3);
	g_assert_cmpstr(g_ptr_array_index(o.statuses, 0), ==, "started");
	g_assert_cmpstr(g_ptr_array_index(o.statuses, 1), ==, "stopped");
	g_assert_cmpstr(g_ptr_array_index(o.statuses, 2), ==, "available");

	archive = emulator_archive(env, o.archive_id);
	g_assert_cmpstr(json_object_get_string_member(archive, "status"), ==, "available");
	g_assert_cmpstr(json_object_get_string_member(archive, "url"), ==, o.url);
	assert_recorded(env, &o, archive, "record-archive.sh");
}

/* the first python3 that can import Gio, or NULL */
static gchar *
find_python_with_gi(void)
{
	g_autofree gchar *on_path = g_find_program_in_path("python3");
	const gchar *candidates[] = {g_getenv("OTD_TEST_PYTHON"), "/usr/bin/python3", on_path};

	for (guint i = 0; i < G_N_ELEMENTS(candidates); i++) {
		const gchar *argv[] = {candidates[i], "-c",
				       "import gi; gi.require_version('Gio', '2.0'); "
				       "from gi.repository import Gio",
				       NULL};
		gint status = -1;

		if (candidates[i] == NULL || !g_file_test(candidates[i], G_FILE_TEST_IS_EXECUTABLE))
			continue;
		if (g_spawn_sync(NULL, (gchar **)argv, NULL,
				 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
				 NULL, NULL, NULL, &status, NULL) &&
		    g_spawn_check_wait_status(status, NULL))
			return g_strdup(candidates[i]);
	}
	return NULL;
}

static void
test_python(void)
{
	g_autofree gchar *script = g_build_filename(OTD_EXAMPLES_DIR, "record-archive.py", NULL);
	g_autofree gchar *python = find_python_with_gi();
	g_autoptr(OtdTestEnv) env = NULL;
	g_autofree gchar *out = NULL;
	g_auto(ExampleOutput) o = {NULL};
	g_autoptr(JsonObject) archive = NULL;

	if (python == NULL) {
		g_test_skip("python3-gi is missing: no python3 here imports gi.repository.Gio "
			    "(apt-get install python3-gi, as .ci/install-deps does)");
		return;
	}
	env = otd_test_env_new(NULL);
	out = run_example(env, (const gchar *const[]){python, script, "--bus-address",
						      env->bus_address, "--emulator",
						      env->emulator_url, "--seconds", "1", NULL});
	example_output_parse(&o, out);
	g_assert_cmpuint(o.statuses->len, ==, 2);
	g_assert_cmpstr(g_ptr_array_index(o.statuses, 0), ==, "started");
	g_assert_cmpstr(g_ptr_array_index(o.statuses, 1), ==, "stopped");

	archive = emulator_archive(env, o.archive_id);
	g_assert_cmpstr(json_object_get_string_member(archive, "status"), ==, "stopped");
	assert_recorded(env, &o, archive, "record-archive.py");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/examples/shell", test_shell);
	g_test_add_func("/otd/examples/python", test_python);
	return g_test_run();
}
