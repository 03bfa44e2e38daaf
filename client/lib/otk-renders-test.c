/*
 * Unit tests: the Renders calls against the fake opentokd (otk-test-server-renders.c).
 * Test.LastCall shows the exact arguments; the fake refuses option values of another
 * D-Bus type than the contract's, so a start it accepts sent `properties` as a nested
 * `a{sv}` and `max_duration` as `x`.
 */
#include "otk-client-private.h"
#include "otk-renders.h"
#include "otk-test-server.h"

#define OTK_TEST_RENDER_HEAD(id, session, url, status)                                             \
	"{\"id\":\"" id "\",\"session_id\":\"" session "\",\"project_id\":\"123456\","             \
	"\"created_at\":1747655658197,\"updated_at\":1747655665197,\"url\":\"" url "\","           \
	"\"resolution\":\"1280x720\",\"status\":\"" status "\""

#define OTK_TEST_STARTED_RENDER(id)                                                                \
	OTK_TEST_RENDER_HEAD(id, "S1", "https://app.example/composer", "started")                  \
	",\"stream_id\":\"ST-render\"}"

#define OTK_TEST_FAILED_RENDER                                                                     \
	OTK_TEST_RENDER_HEAD("R2", "S1", "https://app.example/composer", "failed")                 \
	",\"reason\":\"Could not load URL\"}"

static void
otk_renders_start_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OtkOptions *properties = otk_options_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *render = NULL;

	OTK_TEST_ASSERT(opts != NULL && properties != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(opts, "max_duration", 1800), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "resolution", "1920x1080"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(properties, "name", "Slides"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(opts, "properties", properties), 0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_set_string(opts, "status_callback_url", "https://app.example/status"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_render_start(client,
						       "S1",
						       "T1==pub",
						       "https://app.example/slides?deck=7",
						       opts,
						       &render,
						       NULL),
			       0);
	OTK_TEST_ASSERT_SENT(client,
			     "Start(sssa{sv}) \"S1\", \"T1==pub\", "
			     "\"https://app.example/slides?deck=7\", {\"max_duration\": x 1800, "
			     "\"resolution\": \"1920x1080\", \"properties\": {\"name\": "
			     "\"Slides\"}, \"status_callback_url\": "
			     "\"https://app.example/status\"}");
	OTK_TEST_ASSERT_DICT_JSON(render,
				  OTK_TEST_RENDER_HEAD("R-new",
						       "S1",
						       "https://app.example/slides?deck=7",
						       "starting") "}");
	otk_test_client_finish(client, &peer);
}

/* starts with @opts, expecting the fake's refusal @message */
static void
otk_test_start_refused(OtkClient *client, OtkOptions *opts, const char *message)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *owned = opts;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT(otk_client_render_start(client, "S1", NULL, "https://a.example/", owned,
						NULL, &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error), message);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
}

static void
otk_renders_start_types_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OtkOptions *flat = otk_options_new();
	OtkOptions *name = otk_options_new();
	OtkOptions *properties = otk_options_new();
	OtkOptions *nested = otk_options_new();
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT(flat != NULL && name != NULL && properties != NULL && nested != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(flat, "properties", "Slides"), 0);
	otk_test_start_refused(client, flat, "invalid option 'properties': must be a{sv}, not s");
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(name, "name", "Slides"), 0);
	otk_test_start_refused(client, name, "unknown option 'name'");
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(nested, "name", true), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(properties, "properties", nested), 0);
	otk_test_start_refused(
	    client, properties, "invalid option 'properties.name': must be s, not b");

	/* NULL token and options: the daemon mints a token, and an empty a{sv} goes out */
	OTK_TEST_ASSERT_CMPINT(
	    otk_client_render_start(client, "S2", NULL, "https://a.example/", NULL, NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Start(sssa{sv}) \"S2\", \"\", \"https://a.example/\", {}");
	OTK_TEST_ASSERT(otk_client_render_start(
			    client, "missing", "", "https://a.example/", NULL, NULL, &error) < 0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_renders_get_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_dict_freep) OtkDict *started = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *failed = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_render_get(client, "R1", &started, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Get(s) \"R1\"");
	OTK_TEST_ASSERT_DICT_JSON(started, OTK_TEST_STARTED_RENDER("R1"));
	OTK_TEST_ASSERT_CMPINT(otk_client_render_get(client, "R2", &failed, NULL), 0);
	OTK_TEST_ASSERT_DICT_JSON(failed, OTK_TEST_FAILED_RENDER);
	OTK_TEST_ASSERT(otk_dict_lookup(failed, "stream_id") == NULL);
	OTK_TEST_ASSERT(otk_client_render_get(client, "missing", &started, &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "'missing' not found: 404 render not found");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_renders_list_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *filter = otk_options_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *list = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *unfiltered = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT(filter != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(filter, "offset", 50), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(filter, "count", 2), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_render_list(client, filter, &list, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "List(a{sv}) {\"offset\": x 50, \"count\": x 2}");
	OTK_TEST_ASSERT_DICT_JSON(list,
				  "{\"items\":[" OTK_TEST_STARTED_RENDER(
				      "R1") "," OTK_TEST_FAILED_RENDER "],\"total\":5}");
	OTK_TEST_ASSERT_CMPINT(otk_client_render_list(client, NULL, &unfiltered, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "List(a{sv}) {}");

	/* renders have no session filter */
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(filter, "session_id", "S1"), 0);
	OTK_TEST_ASSERT(otk_client_render_list(client, filter, &unfiltered, &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error), "unknown option 'session_id'");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_renders_stop_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_render_stop(client, "R1", NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Stop(s) \"R1\"");
	OTK_TEST_ASSERT(otk_client_render_stop(client, "missing", &error) < 0);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NOT_FOUND);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/renders/start", otk_renders_start_func},
	    {"/otk/renders/start-types", otk_renders_start_types_func},
	    {"/otk/renders/get", otk_renders_get_func},
	    {"/otk/renders/list", otk_renders_list_func},
	    {"/otk/renders/stop", otk_renders_stop_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
