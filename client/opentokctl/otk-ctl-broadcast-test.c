/*
 * Unit tests: `opentokctl broadcast …` against the fake opentokd of
 * otk-test-server-broadcasts.c (see otk-ctl-test-util.h). The fake refuses option values
 * of the wrong D-Bus type, so a start it accepts sent every nested output with the
 * contract's type; Test.LastCall shows the values.
 */
#include "otk-ctl-test-util.h"

/* the complete broadcast of the fake server, as text */
#define OTK_TEST_FULL_BROADCAST_TEXT                                                               \
	"id:           B1\n"                                                                       \
	"status:       started\n"                                                                  \
	"session_id:   S1\n"                                                                       \
	"created_at:   2025-05-19T11:54:18Z\n"                                                     \
	"resolution:   1280x720\n"                                                                 \
	"max_duration: 7200\n"                                                                     \
	"stream_mode:  manual\n"                                                                   \
	"hls:          https://cdn.example/B1/playlist.m3u8\n"                                     \
	"rtmp:         yt rtmp://a.rtmp.youtube.com/live2/abcd-1234 (live)\n"                      \
	"rtmp:         - rtmps://live.example:443/app/k9 (connecting)\n"

#define OTK_TEST_FULL_BROADCAST_JSON(id)                                                           \
	"{\"id\":\"" id "\",\"session_id\":\"S1\",\"project_id\":123456,"                          \
	"\"created_at\":1747655658197,\"status\":\"started\",\"resolution\":\"1280x720\","         \
	"\"partner_id\":123456,\"updated_at\":1747655658697,\"max_duration\":7200,"                \
	"\"max_bitrate\":2000000,\"has_audio\":true,\"has_video\":true,"                           \
	"\"stream_mode\":\"manual\",\"multi_broadcast_tag\":\"main\",\"event\":\"broadcast\","     \
	"\"layout\":{\"type\":\"bestFit\",\"screenshare_type\":\"pip\"},"                          \
	"\"streams\":[{\"stream_id\":\"ST1\",\"has_video\":false}],\"broadcast_urls\":{"           \
	"\"hls\":\"https://cdn.example/B1/playlist.m3u8\",\"hls_status\":\"ready\",\"rtmp\":["     \
	"{\"id\":\"yt\",\"server_url\":\"rtmp://a.rtmp.youtube.com/live2\",\"stream_name\":"       \
	"\"abcd-1234\",\"status\":\"live\"},{\"server_url\":\"rtmps://live.example:443/app\","     \
	"\"stream_name\":\"k9\",\"status\":\"connecting\"}]},\"region\":\"eu-west\"}"

/* a stopped broadcast has no URLs: neither hls nor rtmp lines */
#define OTK_TEST_STOPPED_BROADCAST_TEXT(id)                                                        \
	"id:         " id "\n"                                                                     \
	"status:     stopped\n"                                                                    \
	"session_id: S1\n"                                                                         \
	"created_at: 2025-05-19T11:55:18Z\n"                                                       \
	"resolution: 640x480\n"

#define OTK_TEST_YT_TARGET                                                                         \
	"{\"id\": \"yt\", \"server_url\": \"rtmp://a.rtmp.youtube.com/live2\", "                   \
	"\"stream_name\": \"abcd-1234\"}"

static void
otk_ctl_broadcast_help_func(void)
{
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun main_help = OTK_TEST_CTL("--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun group = OTK_TEST_CTL("broadcast", "--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun start = OTK_TEST_CTL("broadcast", "start", "-h");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun list = OTK_TEST_CTL("broadcast", "list", "--help");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun stream = OTK_TEST_CTL("broadcast", "add-stream", "--help");
	static const char *const lines[] = {
	    "\n  start SESSION [OPTIONS] ",
	    "\n  get ID ",
	    "\n  list [OPTIONS] ",
	    "\n  stop ID ",
	    "\n  layout ID --type=TYPE [OPTIONS] ",
	    "\n  add-stream ID STREAM [OPTIONS] ",
	    "\n  remove-stream ID STREAM ",
	};

	otk_test_assert_run(&main_help, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(main_help.out, "\n  broadcast start SESSION [OPTIONS] ") != NULL);
	OTK_TEST_ASSERT(strstr(main_help.out, "\n  broadcast remove-stream ID STREAM ") != NULL);
	otk_test_assert_run(&group, 0, NULL, "");
	OTK_TEST_ASSERT(strncmp(group.out, "Usage: opentokctl broadcast COMMAND", 35) == 0);
	for (size_t i = 0; i < OTK_N_ELEMENTS(lines); i++)
		OTK_TEST_ASSERT(strstr(group.out, lines[i]) != NULL);
	OTK_TEST_ASSERT(strstr(group.out, "\n  delete ") == NULL);
	otk_test_assert_run(&start, 0, NULL, "");
	OTK_TEST_ASSERT(
	    strncmp(start.out, "Usage: opentokctl broadcast start SESSION [OPTIONS]\n", 52) == 0);
	OTK_TEST_ASSERT(strstr(start.out, "\n  --rtmp=[ID=]URL/STREAM ") != NULL);
	OTK_TEST_ASSERT(strstr(start.out, "\n  --hls-low-latency ") != NULL);
	OTK_TEST_ASSERT(strstr(start.out, "\n  --multi-broadcast-tag=TAG ") != NULL);
	otk_test_assert_run(&list, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(list.out, "only the broadcasts of SESSION") != NULL);
	otk_test_assert_run(&stream, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(stream.out, "\n  --no-video ") != NULL);
}

/* a malformed --rtmp is a usage error, and nothing is sent */
static void
otk_test_assert_bad_rtmp(const char *value)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun run =
	    OTK_TEST_CTL(otk_test_bus_option, "broadcast", "start", "S1", "--hls", "--rtmp", value);

	otk_test_assert_run(&run,
			    2,
			    "",
			    "opentokctl: --rtmp needs [ID=]URL/STREAM, e.g. "
			    "yt=rtmp://a.rtmp.youtube.com/live2/KEY\n"
			    "Try 'opentokctl broadcast start --help'.\n");
	OTK_TEST_ASSERT_LAST_CALL("Get(s) \"B0\"");
}

static void
otk_ctl_broadcast_rtmp_usage_func(void)
{
	static const char *const bad[] = {
	    "rtmp://a.rtmp.youtube.com", /* no stream name */
	    "rtmp://a.rtmp.youtube.com/live2/",
	    "yt=",
	    "=rtmp://a.rtmp.youtube.com/live2/abcd",
	    "yt=a.rtmp.youtube.com/live2/abcd", /* no scheme */
	    "rtmp:///abcd",			 /* no host */
	    "rtmp:///live2/abcd",
	    "rt mp://a.rtmp.youtube.com/live2/abcd",
	    "abcd",
	};
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun get = OTK_TEST_CTL(otk_test_bus_option, "broadcast", "get", "B0");

	otk_test_assert_run(&get, 0, NULL, "");
	for (size_t i = 0; i < OTK_N_ELEMENTS(bad); i++)
		otk_test_assert_bad_rtmp(bad[i]);
}

static void
otk_ctl_broadcast_usage_func(void)
{
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun none = OTK_TEST_CTL("broadcast", "start");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun duration = OTK_TEST_CTL("broadcast", "start", "S1", "--max-duration", "1h");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun rtmp = OTK_TEST_CTL("broadcast", "start", "S1", "--rtmp");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun dvr = OTK_TEST_CTL("broadcast", "start", "S1", "--hls-dvr=yes");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun count = OTK_TEST_CTL("broadcast", "list", "--count=x");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun type = OTK_TEST_CTL("broadcast", "layout", "B1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun stream = OTK_TEST_CTL("broadcast", "add-stream", "B1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun flag = OTK_TEST_CTL("broadcast", "stop", "B1", "--hls");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun sub = OTK_TEST_CTL("broadcast", "delete", "B1");

	otk_test_assert_run(&none,
			    2,
			    "",
			    "opentokctl: missing argument SESSION\n"
			    "Try 'opentokctl broadcast start --help'.\n");
	otk_test_assert_run(&duration,
			    2,
			    "",
			    "opentokctl: --max-duration needs a whole number, not '1h'\n"
			    "Try 'opentokctl broadcast start --help'.\n");
	otk_test_assert_run(&rtmp, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(rtmp.err, "option '--rtmp' needs a value") != NULL);
	otk_test_assert_run(&dvr, 2, "", NULL);
	otk_test_assert_run(&count, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(count.err, "--count needs a whole number") != NULL);
	otk_test_assert_run(&type,
			    2,
			    "",
			    "opentokctl: missing option --type\n"
			    "Try 'opentokctl broadcast layout --help'.\n");
	otk_test_assert_run(&stream, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(stream.err, "missing argument STREAM") != NULL);
	otk_test_assert_run(&flag, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(flag.err, "'--hls'") != NULL);
	otk_test_assert_run(&sub, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(sub.err, "unknown command 'broadcast delete'") != NULL);
}

static void
otk_ctl_broadcast_start_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun full = OTK_TEST_CTL(otk_test_bus_option,
				       "broadcast",
				       "start",
				       "S1",
				       "--no-audio",
				       "--rtmp",
				       "yt=rtmp://a.rtmp.youtube.com/live2/abcd-1234",
				       "--hls-dvr",
				       "--max-duration=3600",
				       "--rtmp=rtmps://live.example:443/app/k9",
				       "--max-bitrate",
				       "2000000",
				       "--resolution=1280x720",
				       "--layout=custom",
				       "--stylesheet",
				       "stream { width: 50%; }",
				       "--screenshare-type=pip",
				       "--stream-mode=manual",
				       "--multi-broadcast-tag=main",
				       "--no-video",
				       "--hls-low-latency");

	otk_test_assert_run(&full,
			    0,
			    "id:         B-new\n"
			    "status:     started\n"
			    "session_id: S1\n"
			    "created_at: 2025-05-19T11:55:18Z\n"
			    "resolution: 640x480\n"
			    "hls:        https://cdn.example/B-new/playlist.m3u8\n",
			    "");
	/* outputs first and hls first in it, whatever the order on the command line */
	OTK_TEST_ASSERT_LAST_CALL(
	    "Start(sa{sv}) \"S1\", {\"outputs\": {\"hls\": {\"dvr\": true, \"low_latency\": "
	    "true}, \"rtmp\": [" OTK_TEST_YT_TARGET ", {\"server_url\": "
	    "\"rtmps://live.example:443/app\", \"stream_name\": \"k9\"}]}, \"has_audio\": false, "
	    "\"max_duration\": x 3600, \"max_bitrate\": x 2000000, \"resolution\": \"1280x720\", "
	    "\"stream_mode\": \"manual\", \"multi_broadcast_tag\": \"main\", \"has_video\": false, "
	    "\"layout\": {\"type\": \"custom\", \"stylesheet\": \"stream { width: 50%; }\", "
	    "\"screenshare_type\": \"pip\"}}");
}

/* the outputs alone: HLS as an empty dictionary, RTMP targets split, or nothing at all */
static void
otk_ctl_broadcast_start_outputs_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun hls = OTK_TEST_CTL(otk_test_bus_option, "broadcast", "start", "S2", "--hls");

	otk_test_assert_run(&hls, 0, NULL, "");
	OTK_TEST_ASSERT_LAST_CALL("Start(sa{sv}) \"S2\", {\"outputs\": {\"hls\": {}}}");
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun rtmp = OTK_TEST_CTL(otk_test_bus_option,
					       "broadcast",
					       "start",
					       "S2",
					       "--rtmp=rtmp://h.example/app?token=a=b/key");
		otk_test_assert_run(&rtmp, 0, NULL, "");
		OTK_TEST_ASSERT_LAST_CALL("Start(sa{sv}) \"S2\", {\"outputs\": {\"rtmp\": [{"
					  "\"server_url\": \"rtmp://h.example/app?token=a=b\", "
					  "\"stream_name\": \"key\"}]}}");
	}
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun both = OTK_TEST_CTL(otk_test_bus_option,
					       "broadcast",
					       "start",
					       "--rtmp",
					       "yt=rtmp://a.rtmp.youtube.com/live2/abcd-1234",
					       "S3",
					       "--hls");
		otk_test_assert_run(&both, 0, NULL, "");
		OTK_TEST_ASSERT_LAST_CALL("Start(sa{sv}) \"S3\", {\"outputs\": {\"hls\": {}, "
					  "\"rtmp\": [" OTK_TEST_YT_TARGET "]}}");
	}
	{
		/* no output is the daemon's to refuse */
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun none = OTK_TEST_CTL(otk_test_bus_option, "broadcast", "start", "S4");
		otk_test_assert_run(&none, 0, NULL, "");
		OTK_TEST_ASSERT_LAST_CALL("Start(sa{sv}) \"S4\", {}");
	}
}

/* --hls-dvr and --hls-low-latency each imply --hls */
static void
otk_ctl_broadcast_start_hls_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun dvr = OTK_TEST_CTL(otk_test_bus_option, "broadcast", "start", "S2", "--hls-dvr");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun low =
	    OTK_TEST_CTL(otk_test_bus_option, "broadcast", "start", "S2", "--hls-low-latency");

	otk_test_assert_run(&dvr, 0, NULL, "");
	OTK_TEST_ASSERT_CMPSTR(sent,
			       "Start(sa{sv}) \"S2\", {\"outputs\": {\"hls\": {\"dvr\": true}}}");
	otk_test_assert_run(&low, 0, NULL, "");
	OTK_TEST_ASSERT_LAST_CALL(
	    "Start(sa{sv}) \"S2\", {\"outputs\": {\"hls\": {\"low_latency\": true}}}");
}

static void
otk_ctl_broadcast_start_json_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json =
	    OTK_TEST_CTL(otk_test_bus_option, "broadcast", "start", "--json", "S5", "--hls");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing =
	    OTK_TEST_CTL(otk_test_bus_option, "broadcast", "start", "missing", "--hls");

	otk_test_assert_run(&json,
			    0,
			    "{\"id\":\"B-new\",\"session_id\":\"S5\",\"project_id\":123456,"
			    "\"created_at\":1747655718197,\"status\":\"started\","
			    "\"resolution\":\"640x480\",\"broadcast_urls\":{\"hls\":"
			    "\"https://cdn.example/B-new/playlist.m3u8\"}}\n",
			    "");
	otk_test_assert_run(&missing,
			    1,
			    "",
			    "opentokctl: NotFound: 'missing' not found: 404 broadcast not found\n");
	OTK_TEST_ASSERT_LAST_CALL("Start(sa{sv}) \"missing\", {\"outputs\": {\"hls\": {}}}");
}

static void
otk_ctl_broadcast_get_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun text = OTK_TEST_CTL(otk_test_bus_option, "broadcast", "get", "B1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL("--json", otk_test_bus_option, "broadcast", "get", "B9");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun stopped = OTK_TEST_CTL(otk_test_bus_option, "broadcast", "get", "B2");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL(otk_test_bus_option, "broadcast", "get", "missing");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun unreachable =
	    OTK_TEST_CTL("--bus-address=unix:path=/nonexistent/bus", "broadcast", "get", "B1");

	otk_test_assert_run(&text, 0, OTK_TEST_FULL_BROADCAST_TEXT, "");
	otk_test_assert_run(&json, 0, OTK_TEST_FULL_BROADCAST_JSON("B9") "\n", "");
	otk_test_assert_run(&stopped, 0, OTK_TEST_STOPPED_BROADCAST_TEXT("B2"), "");
	otk_test_assert_run(&missing,
			    1,
			    "",
			    "opentokctl: NotFound: 'missing' not found: 404 broadcast not found\n");
	OTK_TEST_ASSERT_LAST_CALL("Get(s) \"missing\"");
	otk_test_assert_run(&unreachable, 3, "", NULL);
}

static void
otk_ctl_broadcast_list_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun text = OTK_TEST_CTL(otk_test_bus_option,
				       "broadcast",
				       "list",
				       "--session",
				       "S1",
				       "--offset=10",
				       "--count",
				       "2");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL(otk_test_bus_option, "broadcast", "list", "--json");

	OTK_TEST_ASSERT_CMPSTR(
	    sent, "List(a{sv}) {\"session_id\": \"S1\", \"offset\": x 10, \"count\": x 2}");
	otk_test_assert_run(&text,
			    0,
			    "ID  STATUS   SESSION  CREATED               "
			    "HLS                                   RTMP\n"
			    "B1  started  S1       2025-05-19T11:54:18Z  "
			    "https://cdn.example/B1/playlist.m3u8  2\n"
			    "B2  stopped  S1       2025-05-19T11:55:18Z  "
			    "-                                     0\n"
			    "Total: 4\n",
			    "");
	otk_test_assert_run(&json,
			    0,
			    "{\"items\":[" OTK_TEST_FULL_BROADCAST_JSON(
				"B1") ",{\"id\":\"B2\",\"session_id\":\"S1\",\"project_id\":"
				      "123456,\"created_at\":1747655718197,\"status\":\"stopped\","
				      "\"resolution\":\"640x480\"}],\"total\":4}\n",
			    "");
	OTK_TEST_ASSERT_LAST_CALL("List(a{sv}) {}");
}

static void
otk_ctl_broadcast_stop_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun stop = OTK_TEST_CTL(otk_test_bus_option, "broadcast", "stop", "B7");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL(otk_test_bus_option, "broadcast", "stop", "missing");

	otk_test_assert_run(&stop, 0, OTK_TEST_STOPPED_BROADCAST_TEXT("B7"), "");
	OTK_TEST_ASSERT_CMPSTR(sent, "Stop(s) \"B7\"");
	otk_test_assert_run(&missing,
			    1,
			    "",
			    "opentokctl: NotFound: 'missing' not found: 404 broadcast not found\n");
}

static void
otk_ctl_broadcast_layout_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun custom = OTK_TEST_CTL(otk_test_bus_option,
					 "broadcast",
					 "layout",
					 "B1",
					 "--type=custom",
					 "--stylesheet",
					 "stream { float: left; }");

	otk_test_assert_run(&custom, 0, "", "");
	OTK_TEST_ASSERT_LAST_CALL("SetLayout(sa{sv}) \"B1\", {\"type\": \"custom\", "
				  "\"stylesheet\": \"stream { float: left; }\"}");
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun share = OTK_TEST_CTL(otk_test_bus_option,
						"broadcast",
						"layout",
						"--screenshare-type=pip",
						"B2",
						"--type",
						"bestFit");
		otk_test_assert_run(&share, 0, "", "");
		OTK_TEST_ASSERT_LAST_CALL("SetLayout(sa{sv}) \"B2\", "
					  "{\"screenshare_type\": \"pip\", \"type\": \"bestFit\"}");
	}
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun missing = OTK_TEST_CTL(
		    otk_test_bus_option, "broadcast", "layout", "missing", "--type=pip");
		otk_test_assert_run(&missing, 1, "", NULL);
	}
}

static void
otk_ctl_broadcast_streams_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun add = OTK_TEST_CTL(otk_test_bus_option,
				      "broadcast",
				      "add-stream",
				      "B1",
				      "ST1",
				      "--no-audio",
				      "--no-video");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun refused =
	    OTK_TEST_CTL(otk_test_bus_option, "broadcast", "add-stream", "auto", "ST1");

	otk_test_assert_run(&add, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent,
			       "AddStream(ssa{sv}) \"B1\", \"ST1\", {\"has_audio\": false, "
			       "\"has_video\": false}");
	otk_test_assert_run(&refused,
			    1,
			    "",
			    "opentokctl: NotAllowed: broadcast 'auto' selects its streams itself: "
			    "405 not allowed\n");
	OTK_TEST_ASSERT_LAST_CALL("AddStream(ssa{sv}) \"auto\", \"ST1\", {}");
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun remove =
		    OTK_TEST_CTL(otk_test_bus_option, "broadcast", "remove-stream", "B1", "ST2");
		otk_test_assert_run(&remove, 0, "", "");
		OTK_TEST_ASSERT_LAST_CALL("RemoveStream(ss) \"B1\", \"ST2\"");
	}
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/ctl/broadcast-help", otk_ctl_broadcast_help_func},
	    {"/otk/ctl/broadcast-usage", otk_ctl_broadcast_usage_func},
	    {"/otk/ctl/broadcast-rtmp-usage", otk_ctl_broadcast_rtmp_usage_func},
	    {"/otk/ctl/broadcast-start", otk_ctl_broadcast_start_func},
	    {"/otk/ctl/broadcast-start-outputs", otk_ctl_broadcast_start_outputs_func},
	    {"/otk/ctl/broadcast-start-hls", otk_ctl_broadcast_start_hls_func},
	    {"/otk/ctl/broadcast-start-json", otk_ctl_broadcast_start_json_func},
	    {"/otk/ctl/broadcast-get", otk_ctl_broadcast_get_func},
	    {"/otk/ctl/broadcast-list", otk_ctl_broadcast_list_func},
	    {"/otk/ctl/broadcast-stop", otk_ctl_broadcast_stop_func},
	    {"/otk/ctl/broadcast-layout", otk_ctl_broadcast_layout_func},
	    {"/otk/ctl/broadcast-streams", otk_ctl_broadcast_streams_func},
	};
	return otk_ctl_test_main(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
