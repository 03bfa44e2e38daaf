/*
 * Unit tests: `opentokctl render …` and `opentokctl captions …` against the fake
 * opentokd of otk-test-server-renders.c (see otk-ctl-test-util.h). The fake refuses
 * option values of the wrong D-Bus type, so a start it accepts sent `properties` as
 * `a{sv}` and the durations as `x`; Test.LastCall shows the values. Usage errors are
 * checked byte for byte and to send nothing at all.
 */
#include "otk-ctl-test-util.h"

#define OTK_TEST_RENDER_HEAD_JSON(id, session, url, status)                                        \
	"{\"id\":\"" id "\",\"session_id\":\"" session "\",\"project_id\":\"123456\","             \
	"\"created_at\":1747655658197,\"updated_at\":1747655665197,\"url\":\"" url "\","           \
	"\"resolution\":\"1280x720\",\"status\":\"" status "\""

#define OTK_TEST_STARTED_RENDER_JSON(id)                                                           \
	OTK_TEST_RENDER_HEAD_JSON(id, "S1", "https://app.example/composer", "started")             \
	",\"stream_id\":\"ST-render\"}"

#define OTK_TEST_FAILED_RENDER_JSON                                                                \
	OTK_TEST_RENDER_HEAD_JSON("R2", "S1", "https://app.example/composer", "failed")            \
	",\"reason\":\"Could not load URL\"}"

static void
otk_ctl_render_help_func(void)
{
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun main_help = OTK_TEST_CTL("--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun group = OTK_TEST_CTL("render", "--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun start = OTK_TEST_CTL("render", "start", "-h");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun list = OTK_TEST_CTL("render", "list", "--help");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun captions = OTK_TEST_CTL("captions", "start", "--help");
	static const char *const lines[] = {
	    "\n  render start SESSION URL [OPTIONS] ",
	    "\n  render get ID ",
	    "\n  render list [OPTIONS] ",
	    "\n  render stop ID ",
	    "\n  captions start SESSION [OPTIONS] ",
	    "\n  captions stop ID ",
	};

	otk_test_assert_run(&main_help, 0, NULL, "");
	for (size_t i = 0; i < OTK_N_ELEMENTS(lines); i++)
		OTK_TEST_ASSERT(strstr(main_help.out, lines[i]) != NULL);
	otk_test_assert_run(&group, 0, NULL, "");
	OTK_TEST_ASSERT(strncmp(group.out, "Usage: opentokctl render COMMAND [ARGUMENTS]\n", 45) ==
			0);
	otk_test_assert_run(&start, 0, NULL, "");
	OTK_TEST_ASSERT(
	    strncmp(start.out, "Usage: opentokctl render start SESSION URL [OPTIONS]\n", 53) == 0);
	OTK_TEST_ASSERT(strstr(start.out, "\n  --token=TOKEN ") != NULL);
	OTK_TEST_ASSERT(strstr(start.out, "\n  --name=NAME ") != NULL);
	OTK_TEST_ASSERT(strstr(start.out, "\n  --status-callback-url=URL ") != NULL);
	/* renders are not listed by session */
	otk_test_assert_run(&list, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(list.out, "\n  --count=N ") != NULL);
	OTK_TEST_ASSERT(strstr(list.out, "--session=SESSION") == NULL);
	otk_test_assert_run(&captions, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(captions.out, "\n  --language=CODE ") != NULL);
	OTK_TEST_ASSERT(strstr(captions.out, "\n  --no-partial-captions ") != NULL);
}

static const OtkTestUsage otk_test_render_usages[] = {
    {{"render", "start", "S1"}, "missing argument URL", "render start"},
    {{"render", "start", "S1", "", "--name=n"}, "URL must not be empty", "render start"},
    {{"render", "start", "S1", "T1==s3cret", "https://a.example/"},
     "too many arguments (a token goes in --token)",
     "render start"},
    {{"render", "start", "S1", "https://a.example/", "--token="},
     "--token needs a token (leave it out to have opentokd mint one)",
     "render start"},
    {{"render", "start", "S1", "https://a.example/", "--max-duration", "2h"},
     "--max-duration needs a whole number, not '2h'",
     "render start"},
    {{"render", "start", "S1", "https://a.example/", "--properties=x"},
     "unknown or misused option '--properties'",
     "render start"},
    {{"render", "get"}, "missing argument ID", "render get"},
    {{"render", "list", "--session=S1"}, "unknown or misused option '--session'", "render list"},
    {{"render", "list", "--count=x"}, "--count needs a whole number, not 'x'", "render list"},
    {{"render", "list", "R1"}, "unexpected argument 'R1'", "render list"},
    {{"render", "stop", "R1", "R2"}, "unexpected argument 'R2'", "render stop"},
    {{"render", "delete", "R1"}, "unknown command 'render delete'", "render"},
    {{"captions", "start"}, "missing argument SESSION", "captions start"},
    {{"captions", "start", "S1", "T1==s3cret"},
     "too many arguments (a token goes in --token)",
     "captions start"},
    {{"captions", "start", "S1", "--max-duration=4h"},
     "--max-duration needs a whole number, not '4h'",
     "captions start"},
    {{"captions", "start", "S1", "--partial-captions"},
     "unknown or misused option '--partial-captions'",
     "captions start"},
    {{"captions", "start", "S1", "--language"},
     "option '--language' needs a value",
     "captions start"},
    {{"captions", "stop"}, "missing argument ID", "captions stop"},
    {{"captions", "stop", "CAP1", "--token=T1==s3cret"},
     "unknown or misused option '--token'",
     "captions stop"},
};

static void
otk_ctl_render_usage_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun first = OTK_TEST_CTL(otk_test_bus_option, "render", "stop", "R0");

	otk_test_assert_run(&first, 0, "", "");
	otk_test_assert_usages(otk_test_render_usages, OTK_N_ELEMENTS(otk_test_render_usages));
	OTK_TEST_ASSERT_LAST_CALL("Stop(s) \"R0\"");
}

static void
otk_ctl_render_start_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun full = OTK_TEST_CTL(otk_test_bus_option,
				       "render",
				       "start",
				       "--name",
				       "Slides",
				       "S1",
				       "--max-duration=1800",
				       "https://app.example/slides?deck=7",
				       "--resolution",
				       "720x1280",
				       "--status-callback-url=https://app.example/status",
				       "--token=T1==pub");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL(
	    otk_test_bus_option, "render", "start", "S2", "https://a.example/", "--json");

	otk_test_assert_run(&full,
			    0,
			    "id:         R-new\n"
			    "status:     starting\n"
			    "session_id: S1\n"
			    "created_at: 2025-05-19T11:54:18Z\n"
			    "url:        https://app.example/slides?deck=7\n"
			    "resolution: 1280x720\n",
			    "");
	/* the name goes into `properties`, after the keys given directly */
	OTK_TEST_ASSERT_CMPSTR(sent,
			       "Start(sssa{sv}) \"S1\", \"T1==pub\", "
			       "\"https://app.example/slides?deck=7\", {\"max_duration\": x 1800, "
			       "\"resolution\": \"720x1280\", \"status_callback_url\": "
			       "\"https://app.example/status\", \"properties\": {\"name\": "
			       "\"Slides\"}}");
	otk_test_assert_run(&json,
			    0,
			    OTK_TEST_RENDER_HEAD_JSON(
				"R-new", "S2", "https://a.example/", "starting") "}\n",
			    "");
	OTK_TEST_ASSERT_LAST_CALL("Start(sssa{sv}) \"S2\", \"\", \"https://a.example/\", {}");
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun missing = OTK_TEST_CTL(
		    otk_test_bus_option, "render", "start", "missing", "https://a.example/");
		otk_test_assert_run(
		    &missing,
		    1,
		    "",
		    "opentokctl: NotFound: 'missing' not found: 404 session not found\n");
	}
}

static void
otk_ctl_render_get_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun started = OTK_TEST_CTL(otk_test_bus_option, "render", "get", "R1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun failed = OTK_TEST_CTL(otk_test_bus_option, "render", "get", "R2");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL("--json", otk_test_bus_option, "render", "get", "R9");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL(otk_test_bus_option, "render", "get", "missing");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun unreachable =
	    OTK_TEST_CTL("--bus-address=unix:path=/nonexistent/bus", "render", "get", "R1");

	otk_test_assert_run(&started,
			    0,
			    "id:         R1\n"
			    "status:     started\n"
			    "session_id: S1\n"
			    "created_at: 2025-05-19T11:54:18Z\n"
			    "url:        https://app.example/composer\n"
			    "resolution: 1280x720\n"
			    "stream_id:  ST-render\n",
			    "");
	otk_test_assert_run(&failed,
			    0,
			    "id:         R2\n"
			    "status:     failed\n"
			    "session_id: S1\n"
			    "created_at: 2025-05-19T11:54:18Z\n"
			    "url:        https://app.example/composer\n"
			    "resolution: 1280x720\n"
			    "reason:     Could not load URL\n",
			    "");
	otk_test_assert_run(&json, 0, OTK_TEST_STARTED_RENDER_JSON("R9") "\n", "");
	otk_test_assert_run(
	    &missing, 1, "", "opentokctl: NotFound: 'missing' not found: 404 render not found\n");
	OTK_TEST_ASSERT_LAST_CALL("Get(s) \"missing\"");
	otk_test_assert_run(&unreachable, 3, "", NULL);
}

static void
otk_ctl_render_list_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun text =
	    OTK_TEST_CTL(otk_test_bus_option, "render", "list", "--offset=50", "--count", "2");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL(otk_test_bus_option, "render", "list", "--json");

	OTK_TEST_ASSERT_CMPSTR(sent, "List(a{sv}) {\"offset\": x 50, \"count\": x 2}");
	otk_test_assert_run(&text,
			    0,
			    "ID  STATUS   SESSION  CREATED               URL\n"
			    "R1  started  S1       2025-05-19T11:54:18Z  "
			    "https://app.example/composer\n"
			    "R2  failed   S1       2025-05-19T11:54:18Z  "
			    "https://app.example/composer\n"
			    "Total: 5\n",
			    "");
	otk_test_assert_run(&json,
			    0,
			    "{\"items\":[" OTK_TEST_STARTED_RENDER_JSON(
				"R1") "," OTK_TEST_FAILED_RENDER_JSON "],\"total\":5}\n",
			    "");
	OTK_TEST_ASSERT_LAST_CALL("List(a{sv}) {}");
}

static void
otk_ctl_render_stop_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun stop = OTK_TEST_CTL(otk_test_bus_option, "render", "stop", "R1", "--json");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL(otk_test_bus_option, "render", "stop", "missing");

	/* Stop returns nothing, so nothing is printed, with --json too */
	otk_test_assert_run(&stop, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent, "Stop(s) \"R1\"");
	otk_test_assert_run(
	    &missing, 1, "", "opentokctl: NotFound: 'missing' not found: 404 render not found\n");
}

static void
otk_ctl_captions_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun full = OTK_TEST_CTL(otk_test_bus_option,
				       "captions",
				       "start",
				       "S1",
				       "--token",
				       "T-mod",
				       "--language=en-GB",
				       "--max-duration",
				       "5000",
				       "--no-partial-captions",
				       "--status-callback-url",
				       "https://app.example/captions");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL(otk_test_bus_option, "captions", "--json", "start", "S2");
	OTK_AUTOFREE char *sent_json = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun busy = OTK_TEST_CTL(otk_test_bus_option, "captions", "start", "busy");

	otk_test_assert_run(&full, 0, "CAP1\n", "");
	OTK_TEST_ASSERT_CMPSTR(sent,
			       "Start(ssa{sv}) \"S1\", \"T-mod\", {\"language_code\": \"en-GB\", "
			       "\"max_duration\": x 5000, \"partial_captions\": false, "
			       "\"status_callback_url\": \"https://app.example/captions\"}");
	otk_test_assert_run(&json, 0, "{\"captions_id\":\"CAP1\"}\n", "");
	OTK_TEST_ASSERT_CMPSTR(sent_json, "Start(ssa{sv}) \"S2\", \"\", {}");
	otk_test_assert_run(&busy,
			    1,
			    "",
			    "opentokctl: Conflict: session 'busy' has captions already: "
			    "409 conflict\n");
}

static void
otk_ctl_captions_stop_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun stop = OTK_TEST_CTL(otk_test_bus_option, "captions", "stop", "CAP1");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing =
	    OTK_TEST_CTL(otk_test_bus_option, "--json", "captions", "stop", "missing");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun unreachable =
	    OTK_TEST_CTL("--bus-address=unix:path=/nonexistent/bus", "captions", "stop", "CAP1");

	otk_test_assert_run(&stop, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent, "Stop(s) \"CAP1\"");
	otk_test_assert_run(
	    &missing, 1, "", "opentokctl: NotFound: 'missing' not found: 404 captions not found\n");
	otk_test_assert_run(&unreachable, 3, "", NULL);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/ctl/render-help", otk_ctl_render_help_func},
	    {"/otk/ctl/render-usage", otk_ctl_render_usage_func},
	    {"/otk/ctl/render-start", otk_ctl_render_start_func},
	    {"/otk/ctl/render-get", otk_ctl_render_get_func},
	    {"/otk/ctl/render-list", otk_ctl_render_list_func},
	    {"/otk/ctl/render-stop", otk_ctl_render_stop_func},
	    {"/otk/ctl/captions", otk_ctl_captions_func},
	    {"/otk/ctl/captions-stop", otk_ctl_captions_stop_func},
	};
	return otk_ctl_test_main(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
