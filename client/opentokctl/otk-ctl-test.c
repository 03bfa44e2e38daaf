/*
 * Unit tests: the opentokctl binary ($OPENTOKCTL) against the fake opentokd of
 * otk-test-server.c (see otk-ctl-test-util.h): the common behaviour, and the session,
 * token, connection and archive commands. Checks exit codes, stdout and stderr byte for
 * byte.
 */
#include <stdio.h>
#include <time.h>

#include "config.h"
#include "otk-ctl-test-util.h"

static void
otk_ctl_help_func(void)
{
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun main_help = OTK_TEST_CTL("--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun token = OTK_TEST_CTL("token", "--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun group = OTK_TEST_CTL("connection", "--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun sub = OTK_TEST_CTL("session", "create", "-h");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun version = OTK_TEST_CTL("--version");

	otk_test_assert_run(&main_help, 0, NULL, "");
	OTK_TEST_ASSERT(strncmp(main_help.out, "Usage: opentokctl [OPTIONS] COMMAND", 35) == 0);
	OTK_TEST_ASSERT(strstr(main_help.out, "  connection disconnect SESSION CONNECTION\n") !=
			NULL);
	otk_test_assert_run(&token, 0, NULL, "");
	OTK_TEST_ASSERT(strncmp(token.out, "Usage: opentokctl token SESSION [OPTIONS]\n", 42) == 0);
	OTK_TEST_ASSERT(strstr(token.out, "--layout-class=NAME") != NULL);
	otk_test_assert_run(&group, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(group.out, "  disconnect SESSION CONNECTION ") != NULL);
	otk_test_assert_run(&sub, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(sub.out, "--archive-resolution=WxH") != NULL);
	otk_test_assert_run(&version, 0, "opentokctl " PACKAGE_VERSION "\n", "");
}

static void
otk_ctl_usage_func(void)
{
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun none = OTK_TEST_CTL(NULL);
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun unknown = OTK_TEST_CTL("frobnicate");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun no_session = OTK_TEST_CTL("token");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun number = OTK_TEST_CTL("token", "S", "--expire-in", "12x");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun both = OTK_TEST_CTL("token", "S", "--expire-time", "1", "--expire-in", "2");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun option = OTK_TEST_CTL("token", "S", "--nope");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun value = OTK_TEST_CTL("token", "S", "--role");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun extra = OTK_TEST_CTL("status", "more");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun sub = OTK_TEST_CTL("connection", "drop");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL("connection", "disconnect", "S1");

	otk_test_assert_run(
	    &none, 2, "", "opentokctl: missing command\nTry 'opentokctl --help'.\n");
	otk_test_assert_run(&unknown, 2, "", NULL);
	otk_test_assert_run(&no_session,
			    2,
			    "",
			    "opentokctl: missing argument SESSION\n"
			    "Try 'opentokctl token --help'.\n");
	otk_test_assert_run(&number, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(number.err, "'12x' is not a whole number") != NULL);
	otk_test_assert_run(&both, 2, "", NULL);
	otk_test_assert_run(&option, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(option.err, "'--nope'") != NULL);
	otk_test_assert_run(&value,
			    2,
			    "",
			    "opentokctl: option '--role' needs a value\n"
			    "Try 'opentokctl token --help'.\n");
	otk_test_assert_run(&extra, 2, "", NULL);
	otk_test_assert_run(&sub, 2, "", NULL);
	otk_test_assert_run(&missing,
			    2,
			    "",
			    "opentokctl: missing argument CONNECTION\n"
			    "Try 'opentokctl connection disconnect --help'.\n");
}

static void
otk_ctl_unreachable_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun run = OTK_TEST_CTL("--bus-address=unix:path=/nonexistent/bus", "status");

	otk_test_assert_run(&run, 3, "", NULL);
	OTK_TEST_ASSERT(strncmp(run.err, "opentokctl: ", 12) == 0);
	OTK_TEST_ASSERT(strstr(run.err, "/nonexistent/bus") != NULL);
}

static void
otk_ctl_status_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun text = OTK_TEST_CTL(otk_test_bus_option, "status");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL("status", "--json", otk_test_bus_option);

	otk_test_assert_run(&text,
			    0,
			    "version: 0.1.0-test\n"
			    "api_key: 123456\n"
			    "api_url: http://127.0.0.1:9/api\n"
			    "plugins: archives, connections\n",
			    "");
	otk_test_assert_run(&json,
			    0,
			    "{\"version\":\"0.1.0-test\",\"api_key\":\"123456\","
			    "\"api_url\":\"http://127.0.0.1:9/api\","
			    "\"plugins\":[\"archives\",\"connections\"]}\n",
			    "");
}

static void
otk_ctl_session_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun text = OTK_TEST_CTL(otk_test_bus_option,
				       "session",
				       "create",
				       "--media-mode=routed",
				       "--location",
				       "10.1.2.3",
				       "--archive-mode=always",
				       "--archive-name=Daily",
				       "--archive-resolution=1280x720",
				       "--e2ee");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL("--json", otk_test_bus_option, "session", "create");

	otk_test_assert_run(&text,
			    0,
			    "session:{\"media_mode\":\"routed\",\"location\":\"10.1.2.3\","
			    "\"archive_mode\":\"always\",\"archive_name\":\"Daily\","
			    "\"archive_resolution\":\"1280x720\",\"e2ee\":true}\n",
			    "");
	otk_test_assert_run(&json, 0, "{\"session_id\":\"session:{}\"}\n", "");
}

static void
otk_ctl_token_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun full = OTK_TEST_CTL(otk_test_bus_option,
				       "token",
				       "S1",
				       "--role=moderator",
				       "--expire-time=1700000000",
				       "--data",
				       "a \"b\"",
				       "--layout-class=full",
				       "--layout-class",
				       "focus",
				       "--type=T1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun relative = OTK_TEST_CTL(otk_test_bus_option, "token", "--expire-in=60", "S2");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun refused = OTK_TEST_CTL(otk_test_bus_option, "token", "bad", "--json");
	long long expire = 0;
	long long now = (long long)time(NULL);

	otk_test_assert_run(&full,
			    0,
			    "token:S1:{\"role\":\"moderator\",\"expire_time\":1700000000,"
			    "\"data\":\"a \\\"b\\\"\",\"initial_layout_class_list\":[\"full\","
			    "\"focus\"],\"token_type\":\"T1\"}\n",
			    "");
	otk_test_assert_run(&relative, 0, NULL, "");
	OTK_TEST_ASSERT(sscanf(relative.out, "token:S2:{\"expire_time\":%lld}", &expire) == 1);
	OTK_TEST_ASSERT(expire >= now + 59 && expire <= now + 61);
	otk_test_assert_run(&refused, 1, "", "opentokctl: InvalidArgs: invalid session id 'bad'\n");
}

static void
otk_ctl_connection_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun list = OTK_TEST_CTL(otk_test_bus_option, "connection", "list", "S1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL(otk_test_bus_option, "connection", "--json", "list", "S1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL(otk_test_bus_option, "connection", "list", "missing");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun drop = OTK_TEST_CTL(otk_test_bus_option, "connection", "disconnect", "S1", "c1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun gone =
	    OTK_TEST_CTL(otk_test_bus_option, "connection", "disconnect", "S1", "gone");

	otk_test_assert_run(&list,
			    0,
			    "CONNECTION ID  STATE       CREATED\n"
			    "c1             Connected   2025-05-19T11:54:18Z\n"
			    "connection-2   Connecting  -\n"
			    "Total: 2\n",
			    "");
	otk_test_assert_run(&json,
			    0,
			    "{\"items\":[{\"connection_id\":\"c1\",\"connection_state\":"
			    "\"Connected\",\"created_at\":1747655658197},{\"connection_id\":"
			    "\"connection-2\",\"connection_state\":\"Connecting\"}],\"total\":2}\n",
			    "");
	otk_test_assert_run(&missing,
			    1,
			    "",
			    "opentokctl: NotFound: session 'missing' not found: "
			    "404 session not found\n");
	otk_test_assert_run(&drop, 0, "", "");
	otk_test_assert_run(&gone, 1, "", "opentokctl: NotFound: connection 'gone' not found\n");
}

/* the complete archive of the fake server (otk-test-server-archives.c) */
#define OTK_TEST_FULL_ARCHIVE_TEXT(id, status)                                                     \
	"id:          " id "\n"                                                                    \
	"status:      " status "\n"                                                                \
	"name:        Weekly review\n"                                                             \
	"session_id:  S1\n"                                                                        \
	"created_at:  2025-05-19T11:54:18Z\n"                                                      \
	"duration:    62\n"                                                                        \
	"size:        8347554\n"                                                                   \
	"output_mode: composed\n"                                                                  \
	"resolution:  1280x720\n"                                                                  \
	"stream_mode: manual\n"                                                                    \
	"url:         https://media.example/A1.mp4\n"                                              \
	"reason:      user initiated\n"

#define OTK_TEST_FULL_ARCHIVE_JSON(id, status)                                                     \
	"{\"id\":\"" id "\",\"status\":\"" status "\",\"name\":\"Weekly review\","                 \
	"\"session_id\":\"S1\",\"created_at\":1747655658197,\"project_id\":123456,"                \
	"\"updated_at\":1747655720197,\"duration\":62,\"size\":8347554,\"has_audio\":true,"        \
	"\"has_video\":false,\"output_mode\":\"composed\",\"resolution\":\"1280x720\","            \
	"\"stream_mode\":\"manual\",\"layout\":{\"type\":\"pip\"},\"streams\":[{\"stream_id\":"    \
	"\"ST1\",\"has_audio\":true}],\"url\":\"https://media.example/A1.mp4\","                   \
	"\"reason\":\"user initiated\",\"sha256sum\":\"9f86d0\"}"

static void
otk_ctl_archive_help_func(void)
{
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun main_help = OTK_TEST_CTL("--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun group = OTK_TEST_CTL("archive", "--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun start = OTK_TEST_CTL("archive", "start", "-h");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun list = OTK_TEST_CTL("archive", "list", "--help");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun layout = OTK_TEST_CTL("archive", "layout", "--help");
	static const char *const lines[] = {
	    "  start SESSION [OPTIONS] ",
	    "  get ID ",
	    "  list [OPTIONS] ",
	    "  stop ID ",
	    "  wait ID --status=STATUS [OPTIONS] ",
	    "  delete ID ",
	    "  layout ID --type=TYPE [OPTIONS] ",
	    "  add-stream ID STREAM [OPTIONS] ",
	    "  remove-stream ID STREAM ",
	};

	otk_test_assert_run(&main_help, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(main_help.out, "\n  archive remove-stream ID STREAM ") != NULL);
	otk_test_assert_run(&group, 0, NULL, "");
	OTK_TEST_ASSERT(strncmp(group.out, "Usage: opentokctl archive COMMAND", 33) == 0);
	for (size_t i = 0; i < OTK_N_ELEMENTS(lines); i++)
		OTK_TEST_ASSERT(strstr(group.out, lines[i]) != NULL);
	otk_test_assert_run(&start, 0, NULL, "");
	OTK_TEST_ASSERT(
	    strncmp(start.out, "Usage: opentokctl archive start SESSION [OPTIONS]\n", 50) == 0);
	OTK_TEST_ASSERT(strstr(start.out, "  --quantization-parameter=QP ") != NULL);
	OTK_TEST_ASSERT(strstr(start.out, "  --screenshare-type=TYPE ") != NULL);
	otk_test_assert_run(&list, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(list.out, "  --session=SESSION ") != NULL);
	otk_test_assert_run(&layout, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(layout.out, "(required)") != NULL);
}

static void
otk_ctl_archive_usage_func(void)
{
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun none = OTK_TEST_CTL("archive", "start");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun empty = OTK_TEST_CTL("archive", "start", "");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun bitrate = OTK_TEST_CTL("archive", "start", "S1", "--max-bitrate", "2M");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun qp = OTK_TEST_CTL("archive", "start", "S1", "--quantization-parameter= 20");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun count = OTK_TEST_CTL("archive", "list", "--count=99999999999999999999");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun session = OTK_TEST_CTL("archive", "list", "--session");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun extra = OTK_TEST_CTL("archive", "get", "A1", "A2");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun stream = OTK_TEST_CTL("archive", "add-stream", "A1", "--no-video");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun type = OTK_TEST_CTL("archive", "layout", "A1", "--stylesheet=x");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun flag = OTK_TEST_CTL("archive", "stop", "A1", "--no-audio");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun sub = OTK_TEST_CTL("archive", "pause", "A1");

	otk_test_assert_run(&none,
			    2,
			    "",
			    "opentokctl: missing argument SESSION\n"
			    "Try 'opentokctl archive start --help'.\n");
	otk_test_assert_run(&empty, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(empty.err, "SESSION must not be empty") != NULL);
	otk_test_assert_run(&bitrate,
			    2,
			    "",
			    "opentokctl: --max-bitrate needs a whole number, not '2M'\n"
			    "Try 'opentokctl archive start --help'.\n");
	otk_test_assert_run(&qp, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(qp.err, "--quantization-parameter needs a whole number") != NULL);
	otk_test_assert_run(&count, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(count.err, "--count needs a whole number") != NULL);
	otk_test_assert_run(&session,
			    2,
			    "",
			    "opentokctl: option '--session' needs a value\n"
			    "Try 'opentokctl archive list --help'.\n");
	otk_test_assert_run(&extra, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(extra.err, "unexpected argument 'A2'") != NULL);
	otk_test_assert_run(&stream, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(stream.err, "missing argument STREAM") != NULL);
	otk_test_assert_run(&type,
			    2,
			    "",
			    "opentokctl: missing option --type\n"
			    "Try 'opentokctl archive layout --help'.\n");
	otk_test_assert_run(&flag, 2, "", NULL);
	otk_test_assert_run(&sub, 2, "", NULL);
	OTK_TEST_ASSERT(strstr(sub.err, "unknown command 'archive pause'") != NULL);
}

static void
otk_ctl_archive_start_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun full = OTK_TEST_CTL(otk_test_bus_option,
				       "archive",
				       "start",
				       "S1",
				       "--name=Demo",
				       "--no-audio",
				       "--output-mode",
				       "composed",
				       "--resolution=1280x720",
				       "--layout=custom",
				       "--stylesheet",
				       "stream { width: 50%; }",
				       "--screenshare-type=pip",
				       "--stream-mode=manual",
				       "--multi-archive-tag=second",
				       "--max-bitrate=2000000",
				       "--quantization-parameter",
				       "-3");
	const char *sent_full =
	    "Start(sa{sv}) \"S1\", {\"name\": \"Demo\", \"has_audio\": false, \"output_mode\": "
	    "\"composed\", \"resolution\": \"1280x720\", \"stream_mode\": \"manual\", "
	    "\"multi_archive_tag\": \"second\", \"max_bitrate\": x 2000000, "
	    "\"quantization_parameter\": x -3, \"layout\": {\"type\": \"custom\", \"stylesheet\": "
	    "\"stream { width: 50%; }\", \"screenshare_type\": \"pip\"}}";

	otk_test_assert_run(&full,
			    0,
			    "id:         A-new\n"
			    "status:     started\n"
			    "session_id: S1\n"
			    "created_at: 2025-05-19T11:55:18Z\n",
			    "");
	OTK_TEST_ASSERT_LAST_CALL(sent_full);
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun json = OTK_TEST_CTL(
		    otk_test_bus_option, "archive", "start", "--json", "S2", "--no-video");
		otk_test_assert_run(&json,
				    0,
				    "{\"id\":\"A-new\",\"status\":\"started\",\"name\":\"\","
				    "\"session_id\":\"S2\",\"created_at\":1747655718197}\n",
				    "");
		OTK_TEST_ASSERT_LAST_CALL("Start(sa{sv}) \"S2\", {\"has_video\": false}");
	}
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun missing =
		    OTK_TEST_CTL(otk_test_bus_option, "archive", "start", "missing");
		otk_test_assert_run(&missing,
				    1,
				    "",
				    "opentokctl: NotFound: 'missing' not found: 404 resource does "
				    "not exist\n");
		OTK_TEST_ASSERT_LAST_CALL("Start(sa{sv}) \"missing\", {}");
	}
}

static void
otk_ctl_archive_get_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun text = OTK_TEST_CTL(otk_test_bus_option, "archive", "get", "A1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL("--json", otk_test_bus_option, "archive", "get", "A9");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun sparse = OTK_TEST_CTL(otk_test_bus_option, "archive", "get", "A2");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun unreachable =
	    OTK_TEST_CTL("--bus-address=unix:path=/nonexistent/bus", "archive", "get", "A1");

	otk_test_assert_run(&text, 0, OTK_TEST_FULL_ARCHIVE_TEXT("A1", "available"), "");
	otk_test_assert_run(&json, 0, OTK_TEST_FULL_ARCHIVE_JSON("A9", "available") "\n", "");
	otk_test_assert_run(&sparse,
			    0,
			    "id:         A2\n"
			    "status:     started\n"
			    "session_id: S1\n"
			    "created_at: 2025-05-19T11:55:18Z\n",
			    "");
	OTK_TEST_ASSERT_LAST_CALL("Get(s) \"A2\"");
	otk_test_assert_run(&unreachable, 3, "", NULL);
}

static void
otk_ctl_archive_list_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun text = OTK_TEST_CTL(otk_test_bus_option,
				       "archive",
				       "list",
				       "--session",
				       "S1",
				       "--offset=0",
				       "--count",
				       "50");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL(otk_test_bus_option, "archive", "list", "--json");

	OTK_TEST_ASSERT_CMPSTR(
	    sent, "List(a{sv}) {\"session_id\": \"S1\", \"offset\": x 0, \"count\": x 50}");
	otk_test_assert_run(
	    &text,
	    0,
	    "ID  STATUS     NAME           CREATED               DURATION  SIZE\n"
	    "A1  available  Weekly review  2025-05-19T11:54:18Z  62        8347554\n"
	    "A2  started    -              2025-05-19T11:55:18Z  -         -\n"
	    "Total: 7\n",
	    "");
	otk_test_assert_run(&json,
			    0,
			    "{\"items\":[" OTK_TEST_FULL_ARCHIVE_JSON("A1", "available") ","
			    "{\"id\":\"A2\",\"status\":\"started\",\"name\":\"\",\"session_id\":"
			    "\"S1\",\"created_at\":1747655718197}],\"total\":7}\n",
			    "");
	OTK_TEST_ASSERT_LAST_CALL("List(a{sv}) {}");
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun again = OTK_TEST_CTL(
		    otk_test_bus_option, "archive", "list", "--count=2", "--session=S2");
		otk_test_assert_run(&again, 0, NULL, "");
		OTK_TEST_ASSERT_LAST_CALL("List(a{sv}) {\"count\": x 2, \"session_id\": \"S2\"}");
	}
}

static void
otk_ctl_archive_stop_delete_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun stop = OTK_TEST_CTL(otk_test_bus_option, "archive", "stop", "A1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun idle = OTK_TEST_CTL(otk_test_bus_option, "archive", "stop", "idle");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun busy = OTK_TEST_CTL(otk_test_bus_option, "archive", "delete", "busy");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun del = OTK_TEST_CTL(otk_test_bus_option, "--json", "archive", "delete", "A7");

	otk_test_assert_run(&stop, 0, OTK_TEST_FULL_ARCHIVE_TEXT("A1", "stopped"), "");
	otk_test_assert_run(
	    &idle, 1, "", "opentokctl: Conflict: archive 'idle' is not recording: 409 conflict\n");
	otk_test_assert_run(&busy,
			    1,
			    "",
			    "opentokctl: Conflict: archive 'busy' is still recording: "
			    "409 conflict\n");
	otk_test_assert_run(&del, 0, "", "");
	OTK_TEST_ASSERT_LAST_CALL("Delete(s) \"A7\"");
}

static void
otk_ctl_archive_layout_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun custom = OTK_TEST_CTL(otk_test_bus_option,
					 "archive",
					 "layout",
					 "A1",
					 "--type=custom",
					 "--stylesheet",
					 "stream { float: left; }");

	otk_test_assert_run(&custom, 0, "", "");
	OTK_TEST_ASSERT_LAST_CALL("SetLayout(sa{sv}) \"A1\", {\"type\": \"custom\", "
				  "\"stylesheet\": \"stream { float: left; }\"}");
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun share = OTK_TEST_CTL(otk_test_bus_option,
						"archive",
						"layout",
						"--screenshare-type=pip",
						"A2",
						"--type",
						"bestFit");
		otk_test_assert_run(&share, 0, "", "");
		OTK_TEST_ASSERT_LAST_CALL("SetLayout(sa{sv}) \"A2\", "
					  "{\"screenshare_type\": \"pip\", \"type\": \"bestFit\"}");
	}
}

static void
otk_ctl_archive_streams_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun add =
	    OTK_TEST_CTL(otk_test_bus_option, "archive", "add-stream", "A1", "ST1", "--no-audio");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun refused =
	    OTK_TEST_CTL(otk_test_bus_option, "archive", "add-stream", "auto", "ST1");

	otk_test_assert_run(&add, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent, "AddStream(ssa{sv}) \"A1\", \"ST1\", {\"has_audio\": false}");
	otk_test_assert_run(&refused,
			    1,
			    "",
			    "opentokctl: NotAllowed: archive 'auto' selects its streams itself: "
			    "405 not allowed\n");
	OTK_TEST_ASSERT_LAST_CALL("AddStream(ssa{sv}) \"auto\", \"ST1\", {}");
	{
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun remove =
		    OTK_TEST_CTL(otk_test_bus_option, "archive", "remove-stream", "A1", "ST2");
		otk_test_assert_run(&remove, 0, "", "");
		OTK_TEST_ASSERT_LAST_CALL("RemoveStream(ss) \"A1\", \"ST2\"");
	}
}

static void
otk_ctl_archive_wait_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun text =
	    OTK_TEST_CTL(otk_test_bus_option, "archive", "wait", "A1", "--status=available");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL(
	    "--json", otk_test_bus_option, "archive", "wait", "--status", "available", "A9");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun dead_end =
	    OTK_TEST_CTL(otk_test_bus_option, "archive", "wait", "A1", "--status=stopped");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL(
	    otk_test_bus_option, "archive", "wait", "missing", "--status=available", "--json");

	otk_test_assert_run(&text, 0, OTK_TEST_FULL_ARCHIVE_TEXT("A1", "available"), "");
	otk_test_assert_run(&json, 0, OTK_TEST_FULL_ARCHIVE_JSON("A9", "available") "\n", "");
	otk_test_assert_run(&dead_end,
			    1,
			    "",
			    "opentokctl: archive 'A1' is 'available' (reason: user initiated) "
			    "and will not become 'stopped'\n");
	otk_test_assert_run(&missing, 1, "", NULL);
	OTK_TEST_ASSERT(strncmp(missing.err, "opentokctl: NotFound: ", 22) == 0);
	{
		/* --timeout 0 checks once: "A2" is "started" */
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun once = OTK_TEST_CTL(otk_test_bus_option,
					       "--json",
					       "archive",
					       "wait",
					       "A2",
					       "--status=available",
					       "--timeout=0");
		otk_test_assert_run(&once,
				    4,
				    "",
				    "opentokctl: timed out after 0 s waiting for archive 'A2' to be "
				    "'available' (it is 'started')\n");
		OTK_TEST_ASSERT_LAST_CALL("Get(s) \"A2\"");
	}
}

static void
otk_ctl_archive_wait_usage_func(void)
{
	static const OtkTestUsage usages[] = {
	    {{"archive", "wait", "A1", NULL}, "missing option --status", "archive wait"},
	    {{"archive", "wait", "--status=available", NULL},
	     "missing argument ID",
	     "archive wait"},
	    {{"archive", "wait", "A1", "--status=ready", NULL},
	     "--status must be started, paused, stopped, uploaded, available, expired, failed "
	     "or deleted, not 'ready'",
	     "archive wait"},
	    {{"archive", "wait", "A1", "--status=available", "--timeout=-1", NULL},
	     "--timeout needs a whole number of seconds from 0 to 31622400, not '-1'",
	     "archive wait"},
	    {{"archive", "wait", "A1", "--status=available", "--timeout=1.5", NULL},
	     "--timeout needs a whole number of seconds from 0 to 31622400, not '1.5'",
	     "archive wait"},
	    {{"archive", "wait", "A1", "--status=available", "--interval=0", NULL},
	     "--interval needs a whole number of seconds from 1 to 31622400, not '0'",
	     "archive wait"},
	};
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun help = OTK_TEST_CTL("archive", "wait", "--help");

	otk_test_assert_usages(usages, OTK_N_ELEMENTS(usages));
	otk_test_assert_run(&help, 0, NULL, "");
	OTK_TEST_ASSERT(strncmp(help.out,
				"Usage: opentokctl archive wait ID --status=STATUS [OPTIONS]\n",
				60) == 0);
	OTK_TEST_ASSERT(strstr(help.out, "  --timeout=SEC ") != NULL);
	OTK_TEST_ASSERT(strstr(help.out, "  --interval=SEC ") != NULL);
	OTK_TEST_ASSERT(strstr(help.out, "4 a wait timed out") != NULL);
}

/* --json prints one compact object and a newline, or nothing for calls without a result */
static void
otk_ctl_json_shapes_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun token = OTK_TEST_CTL(otk_test_bus_option, "--json", "token", "S1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun stop = OTK_TEST_CTL(otk_test_bus_option, "--json", "archive", "stop", "A3");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun layout = OTK_TEST_CTL(
	    otk_test_bus_option, "--json", "archive", "layout", "A1", "--type=bestFit");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun drop =
	    OTK_TEST_CTL(otk_test_bus_option, "--json", "connection", "disconnect", "S1", "c1");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun refused = OTK_TEST_CTL(otk_test_bus_option, "--json", "archive", "stop", "idle");

	otk_test_assert_run(&token, 0, "{\"token\":\"token:S1:{}\"}\n", "");
	otk_test_assert_run(&stop, 0, OTK_TEST_FULL_ARCHIVE_JSON("A3", "stopped") "\n", "");
	otk_test_assert_run(&layout, 0, "", "");
	otk_test_assert_run(&drop, 0, "", "");
	/* errors stay text on stderr, and stdout stays empty */
	otk_test_assert_run(&refused,
			    1,
			    "",
			    "opentokctl: Conflict: archive 'idle' is not recording: 409 conflict\n");
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/ctl/help", otk_ctl_help_func},
	    {"/otk/ctl/usage", otk_ctl_usage_func},
	    {"/otk/ctl/unreachable", otk_ctl_unreachable_func},
	    {"/otk/ctl/status", otk_ctl_status_func},
	    {"/otk/ctl/session", otk_ctl_session_func},
	    {"/otk/ctl/token", otk_ctl_token_func},
	    {"/otk/ctl/connection", otk_ctl_connection_func},
	    {"/otk/ctl/archive-help", otk_ctl_archive_help_func},
	    {"/otk/ctl/archive-usage", otk_ctl_archive_usage_func},
	    {"/otk/ctl/archive-start", otk_ctl_archive_start_func},
	    {"/otk/ctl/archive-get", otk_ctl_archive_get_func},
	    {"/otk/ctl/archive-list", otk_ctl_archive_list_func},
	    {"/otk/ctl/archive-stop-delete", otk_ctl_archive_stop_delete_func},
	    {"/otk/ctl/archive-layout", otk_ctl_archive_layout_func},
	    {"/otk/ctl/archive-streams", otk_ctl_archive_streams_func},
	    {"/otk/ctl/archive-wait", otk_ctl_archive_wait_func},
	    {"/otk/ctl/archive-wait-usage", otk_ctl_archive_wait_usage_func},
	    {"/otk/ctl/json-shapes", otk_ctl_json_shapes_func},
	};
	return otk_ctl_test_main(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
