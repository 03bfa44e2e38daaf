/*
 * Unit tests: `opentokctl sip …` and `opentokctl audio-connector connect` against the
 * fake opentokd of otk-test-server-sip.c (see otk-ctl-test-util.h). The fake refuses
 * option values of the wrong D-Bus type, so a call it accepts sent `headers` as `a{ss}`,
 * `auth` as `a{sv}` and `streams` as `as`; Test.LastCall shows the values. Usage errors
 * are checked byte for byte, which also shows that no password or token is echoed, and
 * to send nothing at all.
 */
#include "otk-ctl-test-util.h"

#define OTK_TEST_SIP_CALL_TEXT                                                                     \
	"id:            SIP1\n"                                                                    \
	"connection_id: C-sip\n"                                                                   \
	"stream_id:     ST-sip\n"

#define OTK_TEST_SIP_CALL_JSON(session)                                                            \
	"{\"id\":\"SIP1\",\"project_id\":\"123456\",\"session_id\":\"" session "\","               \
	"\"connection_id\":\"C-sip\",\"stream_id\":\"ST-sip\",\"created_at\":1747655658197,"       \
	"\"updated_at\":1747655658297}\n"

static void
otk_ctl_sip_help_func(void)
{
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun main_help = OTK_TEST_CTL("--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun group = OTK_TEST_CTL("sip", "--help");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun dial = OTK_TEST_CTL("sip", "dial", "-h");
	OTK_CLEANUP(otk_test_run_clear) OtkTestRun dtmf = OTK_TEST_CTL("sip", "dtmf", "--help");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun connect = OTK_TEST_CTL("audio-connector", "connect", "--help");
	static const char *const dial_options[] = {
	    "\n  --token=TOKEN ",
	    "\n  --from=FROM ",
	    "\n  --header=NAME=VALUE ",
	    "\n  --auth=USER:PASSWORD ",
	    "\n  --secure ",
	    "\n  --video ",
	    "\n  --observe-force-mute ",
	    "\n  --stream=STREAM ",
	};

	otk_test_assert_run(&main_help, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(main_help.out, "\n  sip dial SESSION SIP_URI [OPTIONS] ") != NULL);
	OTK_TEST_ASSERT(strstr(main_help.out, "\n  sip dtmf SESSION DIGITS [OPTIONS] ") != NULL);
	OTK_TEST_ASSERT(
	    strstr(main_help.out, "\n  audio-connector connect SESSION URI [OPTIONS]\n") != NULL);
	otk_test_assert_run(&group, 0, NULL, "");
	OTK_TEST_ASSERT(strncmp(group.out, "Usage: opentokctl sip COMMAND [ARGUMENTS]\n", 42) == 0);
	otk_test_assert_run(&dial, 0, NULL, "");
	OTK_TEST_ASSERT(
	    strncmp(dial.out, "Usage: opentokctl sip dial SESSION SIP_URI [OPTIONS]\n", 53) == 0);
	for (size_t i = 0; i < OTK_N_ELEMENTS(dial_options); i++)
		OTK_TEST_ASSERT(strstr(dial.out, dial_options[i]) != NULL);
	otk_test_assert_run(&dtmf, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(dtmf.out, "\n  --to=CONNECTION ") != NULL);
	otk_test_assert_run(&connect, 0, NULL, "");
	OTK_TEST_ASSERT(strstr(connect.out, "\n  --audio-rate=HZ ") != NULL);
	OTK_TEST_ASSERT(strstr(connect.out, "\n  --bidirectional ") != NULL);
}

/* refused before anything is sent; no message repeats a password, token or header */
static const OtkTestUsage otk_test_sip_usages[] = {
    {{"sip", "dial", "S1"}, "missing argument SIP_URI", "sip dial"},
    {{"sip", "dial", "", "sip:a@b"}, "SESSION must not be empty", "sip dial"},
    {{"sip", "dial", "S1", "T1==s3cret", "sip:a@b"},
     "too many arguments (a token goes in --token)",
     "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--token="},
     "--token needs a token (leave it out to have opentokd mint one)",
     "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--token"}, "option '--token' needs a value", "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--tokne=T1==s3cret"},
     "unknown or misused option '--tokne'",
     "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--auth", "s3cret"},
     "--auth needs USER:PASSWORD, neither empty",
     "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--auth=:s3cret"},
     "--auth needs USER:PASSWORD, neither empty",
     "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--auth=bob:"},
     "--auth needs USER:PASSWORD, neither empty",
     "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--auth=bob:\xff"}, "--auth needs valid UTF-8", "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--auth"}, "option '--auth' needs a value", "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--atuh=bob:s3cret"},
     "unknown or misused option '--atuh'",
     "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--secure=bob:s3cret"},
     "unknown or misused option '--secure'",
     "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--header", "X-Secret"},
     "--header needs NAME=VALUE",
     "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--header==s3cret"},
     "--header needs NAME=VALUE",
     "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--header=X-A=\xff"},
     "--header needs valid UTF-8",
     "sip dial"},
    {{"sip", "dial", "S1", "sip:a@b", "--stream="}, "--stream must not be empty", "sip dial"},
    {{"sip", "dtmf", "S1"}, "missing argument DIGITS", "sip dtmf"},
    {{"sip", "dtmf", "S1", ""}, "DIGITS must not be empty", "sip dtmf"},
    {{"sip", "dtmf", "S1", "12", "C1"}, "unexpected argument 'C1'", "sip dtmf"},
    {{"sip", "dtmf", "S1", "12", "--to="},
     "--to needs a connection id (leave it out to play to everyone)",
     "sip dtmf"},
    {{"sip", "dtmf", "S1", "12", "--token=T"}, "unknown or misused option '--token'", "sip dtmf"},
    {{"sip", "hangup", "S1"}, "unknown command 'sip hangup'", "sip"},
    {{"audio-connector", "connect", "S1"}, "missing argument URI", "audio-connector connect"},
    {{"audio-connector", "connect", "S1", "T1==s3cret", "ws://h/a"},
     "too many arguments (a token goes in --token)",
     "audio-connector connect"},
    {{"audio-connector", "connect", "S1", "ws://h/a", "--audio-rate=16k"},
     "--audio-rate needs a whole number, not '16k'",
     "audio-connector connect"},
    {{"audio-connector", "connect", "S1", "ws://h/a", "--header=Authorization"},
     "--header needs NAME=VALUE",
     "audio-connector connect"},
    {{"audio-connector", "connect", "S1", "ws://h/a", "--bidirectional=yes"},
     "unknown or misused option '--bidirectional'",
     "audio-connector connect"},
    {{"audio-connector", "connect", "S1", "ws://h/a", "--auth=bob:pw"},
     "unknown or misused option '--auth'",
     "audio-connector connect"},
    {{"audio-connector", "disconnect"},
     "unknown command 'audio-connector disconnect'",
     "audio-connector"},
};

static void
otk_ctl_sip_usage_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun first = OTK_TEST_CTL(otk_test_bus_option, "sip", "dtmf", "S0", "1");

	otk_test_assert_run(&first, 0, "", "");
	otk_test_assert_usages(otk_test_sip_usages, OTK_N_ELEMENTS(otk_test_sip_usages));
	OTK_TEST_ASSERT_LAST_CALL("PlayDtmf(sss) \"S0\", \"\", \"1\"");
}

static void
otk_ctl_sip_dial_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun full = OTK_TEST_CTL(otk_test_bus_option,
				       "sip",
				       "dial",
				       "--token",
				       "T1==abc",
				       "S1",
				       "--from=14155550101@example.com",
				       "--auth=alice:old",
				       "--header",
				       "X-Call-Id=42",
				       "--secure",
				       "--header=x_lower Case=a=b",
				       "--auth",
				       "bob:pa:ss=w",
				       "--video",
				       "--observe-force-mute",
				       "--stream",
				       "ST1",
				       "sip:+15128675309@pstn.example;transport=tls",
				       "--stream=ST2");

	otk_test_assert_run(&full, 0, OTK_TEST_SIP_CALL_TEXT, "");
	/* in the order given; the first '=' ends a header's name, the first ':' the user */
	OTK_TEST_ASSERT_LAST_CALL(
	    "Dial(sssa{sv}) \"S1\", \"T1==abc\", \"sip:+15128675309@pstn.example;transport=tls\", "
	    "{\"from\": \"14155550101@example.com\", \"auth\": {\"username\": \"bob\", "
	    "\"password\": \"pa:ss=w\"}, \"headers\": {\"X-Call-Id\": \"42\", \"x_lower Case\": "
	    "\"a=b\"}, \"secure\": true, \"video\": true, \"observe_force_mute\": true, "
	    "\"streams\": [\"ST1\", \"ST2\"]}");
	{
		/* no token: "" asks opentokd to mint one; no options: an empty a{sv} */
		OTK_CLEANUP(otk_test_run_clear)
		OtkTestRun json = OTK_TEST_CTL(
		    otk_test_bus_option, "sip", "dial", "S2", "sip:bridge@conf.example", "--json");
		otk_test_assert_run(&json, 0, OTK_TEST_SIP_CALL_JSON("S2"), "");
		OTK_TEST_ASSERT_LAST_CALL(
		    "Dial(sssa{sv}) \"S2\", \"\", \"sip:bridge@conf.example\", {}");
	}
}

static void
otk_ctl_sip_dial_errors_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun missing = OTK_TEST_CTL(otk_test_bus_option, "sip", "dial", "missing", "sip:a@b");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun relayed = OTK_TEST_CTL(
	    otk_test_bus_option, "sip", "dial", "relayed", "sip:a@b", "--auth=bob:s3cret");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun unreachable = OTK_TEST_CTL(
	    "--bus-address=unix:path=/nonexistent/bus", "sip", "dial", "S1", "sip:a@b");

	otk_test_assert_run(
	    &missing, 1, "", "opentokctl: NotFound: 'missing' not found: 404 session not found\n");
	otk_test_assert_run(&relayed,
			    1,
			    "",
			    "opentokctl: Conflict: session 'relayed' is not routed: "
			    "409 conflict\n");
	OTK_TEST_ASSERT_LAST_CALL("Dial(sssa{sv}) \"relayed\", \"\", \"sip:a@b\", {\"auth\": "
				  "{\"username\": \"bob\", \"password\": \"s3cret\"}}");
	otk_test_assert_run(&unreachable, 3, "", NULL);
}

static void
otk_ctl_sip_dtmf_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun all = OTK_TEST_CTL(otk_test_bus_option, "sip", "dtmf", "S1", "1p2#*");
	OTK_AUTOFREE char *sent_all = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun one =
	    OTK_TEST_CTL(otk_test_bus_option, "sip", "dtmf", "--to", "C-sip", "S1", "9", "--json");
	OTK_AUTOFREE char *sent_one = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun digits = OTK_TEST_CTL(otk_test_bus_option, "sip", "dtmf", "S1", "12a");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun gone = OTK_TEST_CTL(otk_test_bus_option, "sip", "dtmf", "S1", "1", "--to=gone");

	otk_test_assert_run(&all, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent_all, "PlayDtmf(sss) \"S1\", \"\", \"1p2#*\"");
	otk_test_assert_run(&one, 0, "", "");
	OTK_TEST_ASSERT_CMPSTR(sent_one, "PlayDtmf(sss) \"S1\", \"C-sip\", \"9\"");
	/* the digits are the daemon's to check */
	otk_test_assert_run(&digits,
			    1,
			    "",
			    "opentokctl: InvalidArgs: invalid digits: only 0-9, '*', '#' and 'p' "
			    "are allowed\n");
	otk_test_assert_run(
	    &gone, 1, "", "opentokctl: NotFound: connection 'gone' not found: 404 not connected\n");
	OTK_TEST_ASSERT_LAST_CALL("PlayDtmf(sss) \"S1\", \"gone\", \"1\"");
}

static void
otk_ctl_audio_connector_func(void)
{
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun full = OTK_TEST_CTL(otk_test_bus_option,
				       "audio-connector",
				       "connect",
				       "S1",
				       "wss://ws.example/audio?room=7",
				       "--stream=ST1",
				       "--header",
				       "Authorization=Bearer abc",
				       "--audio-rate",
				       "16000",
				       "--stream",
				       "ST2",
				       "--bidirectional",
				       "--token=T1==abc");
	OTK_AUTOFREE char *sent = otk_test_last_call();
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun json = OTK_TEST_CTL(
	    otk_test_bus_option, "--json", "audio-connector", "connect", "S2", "ws://h/a");
	OTK_CLEANUP(otk_test_run_clear)
	OtkTestRun relayed = OTK_TEST_CTL(otk_test_bus_option,
					  "audio-connector",
					  "connect",
					  "relayed",
					  "ws://h/a",
					  "--audio-rate=-1");

	otk_test_assert_run(&full,
			    0,
			    "id:            AC1\n"
			    "connection_id: C-ws\n",
			    "");
	OTK_TEST_ASSERT_CMPSTR(sent,
			       "Connect(sssa{sv}) \"S1\", \"T1==abc\", "
			       "\"wss://ws.example/audio?room=7\", {\"streams\": [\"ST1\", "
			       "\"ST2\"], \"headers\": {\"Authorization\": \"Bearer abc\"}, "
			       "\"audio_rate\": x 16000, \"bidirectional\": true}");
	otk_test_assert_run(&json, 0, "{\"id\":\"AC1\",\"connection_id\":\"C-ws\"}\n", "");
	/* the rate is the daemon's to check */
	otk_test_assert_run(&relayed,
			    1,
			    "",
			    "opentokctl: Conflict: session 'relayed' is not routed: "
			    "409 conflict\n");
	OTK_TEST_ASSERT_LAST_CALL(
	    "Connect(sssa{sv}) \"relayed\", \"\", \"ws://h/a\", {\"audio_rate\": x -1}");
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/ctl/sip-help", otk_ctl_sip_help_func},
	    {"/otk/ctl/sip-usage", otk_ctl_sip_usage_func},
	    {"/otk/ctl/sip-dial", otk_ctl_sip_dial_func},
	    {"/otk/ctl/sip-dial-errors", otk_ctl_sip_dial_errors_func},
	    {"/otk/ctl/sip-dtmf", otk_ctl_sip_dtmf_func},
	    {"/otk/ctl/audio-connector", otk_ctl_audio_connector_func},
	};
	return otk_ctl_test_main(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
