/*
 * Unit tests: `opentokctl stream …` and `opentokctl signal` against the fake opentokd of
 * otk-test-server-streams.c and otk-test-server-signals.c (see otk-ctl-test-util.h).
 * Test.LastCall shows the exact arguments on the wire; usage errors are checked to send
 * nothing at all.
 */
#include "otk-ctl-test-util.h"

#define OTK_TEST_CAMERA_JSON(id)                                                                   \
	"{\"id\":\"" id "\",\"video_type\":\"camera\",\"name\":\"Alice\","                         \
	"\"layout_class_list\":[\"full\",\"focus\"]}"
#define OTK_TEST_SCREEN_JSON                                                                       \
	"{\"id\":\"ST2\",\"video_type\":\"screen\",\"name\":\"\",\"layout_class_list\":[]}"

#define OTK_TEST_ASSERT_PREFIX(text, prefix)                                                       \
	OTK_TEST_ASSERT(strncmp(text, prefix, strlen(prefix)) == 0)

static void
otk_ctl_stream_help_func(void)
{
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun main_help = OTK_TEST_CTL("--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun group = OTK_TEST_CTL("stream", "--help");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun layout = OTK_TEST_CTL("stream", "layout", "--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun mute = OTK_TEST_CTL("stream", "mute-all", "-h");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun signal = OTK_TEST_CTL("signal", "--help");
	static const char *const lines[] = {
	    "\n  stream get SESSION STREAM ",
	    "\n  stream list SESSION ",
	    "\n  stream layout SESSION STREAM=CLASS[,CLASS...]...\n",
	    "\n  stream mute SESSION STREAM ",
	    "\n  stream mute-all SESSION [OPTIONS] ",
	    "\n  stream unmute-all SESSION ",
	    "\n  signal SESSION [OPTIONS] ",
	};

	otk_test_assert_run(&main_help, 0, NULL, "");
	for (size_t i = 0; i < OTK_N_ELEMENTS(lines); i++)
		OTK_TEST_ASSERT(strstr(main_help.out, lines[i]) != NULL);
	otk_test_assert_run(&group, 0, NULL, "");
	OTK_TEST_ASSERT_PREFIX(group.out, "Usage: opentokctl stream COMMAND [ARGUMENTS]\n");
	OTK_TEST_ASSERT(strstr(group.out, "\n  unmute-all SESSION ") != NULL);
	otk_test_assert_run(&layout, 0, NULL, "");
	OTK_TEST_ASSERT_PREFIX(layout.out,
			       "Usage: opentokctl stream layout SESSION "
			       "STREAM=CLASS[,CLASS...]...\n\n"
			       "Set the layout classes of streams of SESSION.\n\n"
			       "Each STREAM gets");
	otk_test_assert_run(&mute, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(mute.out, "\n  --exclude=STREAM ") != NULL);
	otk_test_assert_run(&signal, 0, NULL, "");
	OTK_TEST_ASSERT_PREFIX(signal.out, "Usage: opentokctl signal SESSION [OPTIONS]\n");
	OTK_TEST_ASSERT(strstr(signal.out, "\n  --to=CONNECTION ") != NULL);
	OTK_TEST_ASSERT(strstr(signal.out, "\n  --type=TYPE ") != NULL);
	OTK_TEST_ASSERT(strstr(signal.out, "\n  --data=DATA ") != NULL);
}

static const OtkTestUsage otk_test_stream_usages[] = {
    {{"stream", "get", "S1"}, "missing argument STREAM", "stream get"},
    {{"stream", "get", "S1", ""}, "STREAM must not be empty", "stream get"},
    {{"stream", "list"}, "missing argument SESSION", "stream list"},
    {{"stream", "list", "S1", "S2"}, "unexpected argument 'S2'", "stream list"},
    {{"stream", "layout"}, "missing argument SESSION", "stream layout"},
    {{"stream", "layout", "S1"}, "missing argument STREAM=CLASS[,CLASS...]", "stream layout"},
    {{"stream", "layout", "", "ST1=a"}, "SESSION must not be empty", "stream layout"},
    {{"stream", "layout", "S1", "ST1"},
     "'ST1' is not STREAM=CLASS[,CLASS...] (or STREAM= to clear)",
     "stream layout"},
    {{"stream", "layout", "S1", "ST1=a", "=a"},
     "'=a' is not STREAM=CLASS[,CLASS...] (or STREAM= to clear)",
     "stream layout"},
    {{"stream", "layout", "S1", "ST1=a,,b"}, "empty class name in 'ST1=a,,b'", "stream layout"},
    {{"stream", "layout", "S1", "ST1=a,"}, "empty class name in 'ST1=a,'", "stream layout"},
    {{"stream", "layout", "S1", "ST1=,"}, "empty class name in 'ST1=,'", "stream layout"},
    {{"stream", "layout", "S1", "ST1=a", "ST1="}, "stream 'ST1' is given twice", "stream layout"},
    {{"stream", "layout", "S1", "ST1=a", "--type=x"},
     "unknown or misused option '--type'",
     "stream layout"},
    {{"stream", "mute", "S1"}, "missing argument STREAM", "stream mute"},
    {{"stream", "mute-all"}, "missing argument SESSION", "stream mute-all"},
    {{"stream", "mute-all", "S1", "--exclude"},
     "option '--exclude' needs a value",
     "stream mute-all"},
    {{"stream", "mute-all", "S1", "--exclude="}, "--exclude needs a stream id", "stream mute-all"},
    {{"stream", "mute-all", "S1", "ST1"}, "unexpected argument 'ST1'", "stream mute-all"},
    {{"stream", "unmute-all", "S1", "--exclude=ST1"},
     "unknown or misused option '--exclude'",
     "stream unmute-all"},
    {{"stream", "unmute"}, "unknown command 'stream unmute'", "stream"},
    {{"signal", "S1"}, "give --type, --data or both", "signal"},
    {{"signal", "S1", "--to", "C1"}, "give --type, --data or both", "signal"},
    {{"signal", "--type=t"}, "missing argument SESSION", "signal"},
    {{"signal", "S1", "C1", "--type=t"}, "unexpected argument 'C1'", "signal"},
    {{"signal", "S1", "--to=", "--type=t"},
     "--to needs a connection id (leave it out to signal everyone)",
     "signal"},
    {{"signal", "S1", "--data"}, "option '--data' needs a value", "signal"},
};

static void
otk_ctl_stream_usage_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun first = OTK_TEST_CTL(otk_test_bus_option, "stream", "unmute-all", "S0");

	otk_test_assert_run(&first, 0, "", "");
	otk_test_assert_usages(otk_test_stream_usages, OTK_N_ELEMENTS(otk_test_stream_usages));
	OTK_TEST_ASSERT_LAST_CALL("DisableForceMute(s) \"S0\"");
}

static void
otk_ctl_stream_get_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun camera = OTK_TEST_CTL(otk_test_bus_option, "stream", "get", "S1", "ST1");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun screen = OTK_TEST_CTL(otk_test_bus_option, "stream", "get", "S1", "ST2");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL("--json", otk_test_bus_option, "stream", "get", "S1", "ST9");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL(otk_test_bus_option, "stream", "get", "S1", "missing");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun unreachable =
	    OTK_TEST_CTL("--bus-address=unix:path=/nonexistent/bus", "stream", "get", "S1", "ST1");

	OTK_TEST_ASSERT_CMPSTR(sent, "Get(ss) \"S1\", \"ST1\"");
	otk_test_assert_run(&camera,
			    0,
			    "id:                ST1\n"
			    "video_type:        camera\n"
			    "name:              Alice\n"
			    "layout_class_list: full,focus\n",
			    "");
	/* an empty name is left out; an empty class list shows as "-" */
	otk_test_assert_run(&screen,
			    0,
			    "id:                ST2\n"
			    "video_type:        screen\n"
			    "layout_class_list: -\n",
			    "");
	otk_test_assert_run(&json, 0, OTK_TEST_CAMERA_JSON("ST9") "\n", "");
	otk_test_assert_run(
	    &missing, 1, "", "opentokctl: NotFound: 'missing' not found: 404 stream not found\n");
	OTK_TEST_ASSERT_LAST_CALL("Get(ss) \"S1\", \"missing\"");
	otk_test_assert_run(&unreachable, 3, "", NULL);
}

static void
otk_ctl_stream_list_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun text = OTK_TEST_CTL(otk_test_bus_option, "stream", "list", "S1");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL(otk_test_bus_option, "stream", "list", "S2", "--json");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL(otk_test_bus_option, "stream", "list", "missing");

	OTK_TEST_ASSERT_CMPSTR(sent, "List(s) \"S1\"");
	otk_test_assert_run(&text,
			    0,
			    "ID   TYPE    NAME   CLASSES\n"
			    "ST1  camera  Alice  full,focus\n"
			    "ST2  screen  -      -\n"
			    "Total: 2\n",
			    "");
	otk_test_assert_run(&json,
			    0,
			    "{\"items\":[" OTK_TEST_CAMERA_JSON(
				"ST1") "," OTK_TEST_SCREEN_JSON "],\"total\":2}\n",
			    "");
	otk_test_assert_run(
	    &missing, 1, "", "opentokctl: NotFound: 'missing' not found: 404 session not found\n");
}

static void
otk_ctl_stream_layout_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun several = OTK_TEST_CTL(otk_test_bus_option,
					  "stream",
					  "layout",
					  "S1",
					  "ST1=full,focus",
					  "ST2=",
					  "St/3=a=b");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json =
	    OTK_TEST_CTL(otk_test_bus_option, "stream", "layout", "--json", "S2", "ST1=one");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing =
	    OTK_TEST_CTL(otk_test_bus_option, "stream", "layout", "missing", "ST1=");

	otk_test_assert_run(&several, 0, "", "");
	/* in the order given; the first '=' ends the stream id, the rest is data */
	OTK_TEST_ASSERT_CMPSTR(sent,
			       "SetLayoutClasses(sa{sas}) \"S1\", {\"ST1\": [\"full\", "
			       "\"focus\"], \"ST2\": [], \"St/3\": [\"a=b\"]}");
	otk_test_assert_run(&json, 0, "", "");
	otk_test_assert_run(
	    &missing, 1, "", "opentokctl: NotFound: 'missing' not found: 404 session not found\n");
	OTK_TEST_ASSERT_LAST_CALL("SetLayoutClasses(sa{sas}) \"missing\", {\"ST1\": []}");
}

static void
otk_ctl_stream_mute_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun one = OTK_TEST_CTL(otk_test_bus_option, "stream", "mute", "S1", "ST1");
	OTK_AUTOFREE char *sent_one = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun all = OTK_TEST_CTL(otk_test_bus_option,
				      "stream",
				      "mute-all",
				      "--exclude",
				      "ST1",
				      "S1",
				      "--exclude=ST2",
				      "--json");
	OTK_AUTOFREE char *sent_all = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun plain = OTK_TEST_CTL(otk_test_bus_option, "stream", "mute-all", "S2");
	OTK_AUTOFREE char *sent_plain = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun unmute = OTK_TEST_CTL(otk_test_bus_option, "stream", "unmute-all", "S3");
	OTK_AUTOFREE char *sent_unmute = otk_test_last_call();

	otk_test_assert_run(&one, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent_one, "ForceMute(ss) \"S1\", \"ST1\"");
	otk_test_assert_run(&all, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent_all, "ForceMuteAll(sas) \"S1\", [\"ST1\", \"ST2\"]");
	otk_test_assert_run(&plain, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent_plain, "ForceMuteAll(sas) \"S2\", []");
	otk_test_assert_run(&unmute, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent_unmute, "DisableForceMute(s) \"S3\"");
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun missing =
		    OTK_TEST_CTL(otk_test_bus_option, "stream", "mute", "S1", "missing");
		otk_test_assert_run(
		    &missing,
		    1,
		    "",
		    "opentokctl: NotFound: 'missing' not found: 404 stream not found\n");
	}
}

static void
otk_ctl_signal_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun both = OTK_TEST_CTL(
	    otk_test_bus_option, "signal", "S1", "--type", "chat", "--data", "hello \"you\"");
	OTK_AUTOFREE char *sent_both = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun to = OTK_TEST_CTL(otk_test_bus_option, "signal", "--to=C1", "S1", "--data=x");
	OTK_AUTOFREE char *sent_to = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL(otk_test_bus_option, "signal", "S2", "--type=t", "--json");
	OTK_AUTOFREE char *sent_json = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun empty = OTK_TEST_CTL(otk_test_bus_option, "signal", "S3", "--data=");

	otk_test_assert_run(&both, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent_both,
			       "Send(ssa{sv}) \"S1\", \"\", {\"type\": \"chat\", \"data\": "
			       "\"hello \\\"you\\\"\"}");
	otk_test_assert_run(&to, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent_to, "Send(ssa{sv}) \"S1\", \"C1\", {\"data\": \"x\"}");
	otk_test_assert_run(&json, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent_json, "Send(ssa{sv}) \"S2\", \"\", {\"type\": \"t\"}");
	/* empty data is data */
	otk_test_assert_run(&empty, 0, "", "");
	OTK_TEST_ASSERT_LAST_CALL("Send(ssa{sv}) \"S3\", \"\", {\"data\": \"\"}");
}

/* the daemon's refusals: exit status 1 with its name and message */
static void
otk_ctl_signal_errors_func(void)
{
	char type[7 + 129 + 1] = "--type=";
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun gone =
	    OTK_TEST_CTL(otk_test_bus_option, "signal", "S1", "--to=gone", "--type=t");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun chars = OTK_TEST_CTL(otk_test_bus_option, "signal", "S1", "--type=a b");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun large = {0};
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun unreachable =
	    OTK_TEST_CTL("--bus-address=unix:path=/nonexistent/bus", "signal", "S1", "--type=t");

	otk_test_assert_run(
	    &gone, 1, "", "opentokctl: NotFound: 'gone' not found: 404 not found\n");
	otk_test_assert_run(&chars,
			    1,
			    "",
			    "opentokctl: InvalidArgs: invalid signal 'type': only letters, digits, "
			    "'-', '_' and '~' are allowed\n");
	OTK_TEST_ASSERT_LAST_CALL("Send(ssa{sv}) \"S1\", \"\", {\"type\": \"a b\"}");
	memset(type + 7, 't', 129);
	type[sizeof(type) - 1] = '\0';
	large = OTK_TEST_CTL(otk_test_bus_option, "signal", "S1", type);
	otk_test_assert_run(
	    &large, 1, "", "opentokctl: TooLarge: signal 'type' is 129 bytes, over 128\n");
	otk_test_assert_run(&unreachable, 3, "", NULL);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/ctl/stream-help", otk_ctl_stream_help_func},
	    {"/otk/ctl/stream-usage", otk_ctl_stream_usage_func},
	    {"/otk/ctl/stream-get", otk_ctl_stream_get_func},
	    {"/otk/ctl/stream-list", otk_ctl_stream_list_func},
	    {"/otk/ctl/stream-layout", otk_ctl_stream_layout_func},
	    {"/otk/ctl/stream-mute", otk_ctl_stream_mute_func},
	    {"/otk/ctl/signal", otk_ctl_signal_func},
	    {"/otk/ctl/signal-errors", otk_ctl_signal_errors_func},
	};
	return otk_ctl_test_main(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
