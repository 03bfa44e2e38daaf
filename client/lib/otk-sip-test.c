/*
 * Unit tests: the Sip calls against the fake opentokd (otk-test-server-sip.c). Test.LastCall
 * shows the exact arguments; the fake refuses option values of another D-Bus type than
 * the contract's, so a dial it accepts sent `headers` as `a{ss}`, `auth` as a nested
 * `a{sv}` and `streams` as `as`.
 */
#include <errno.h>

#include "otk-client-private.h"
#include "otk-sip.h"
#include "otk-test-server.h"

#define OTK_TEST_SIP_CALL(session)                                                                 \
	"{\"id\":\"SIP1\",\"project_id\":\"123456\",\"session_id\":\"" session "\","               \
	"\"connection_id\":\"C-sip\",\"stream_id\":\"ST-sip\",\"created_at\":1747655658197,"       \
	"\"updated_at\":1747655658297}"

static OtkOptions *
otk_test_auth_new(const char *username, const char *password)
{
	OtkOptions *auth = otk_options_new();

	OTK_TEST_ASSERT(auth != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(auth, "username", username), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(auth, "password", password), 0);
	return auth;
}

static void
otk_sip_dial_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *call = NULL;

	OTK_TEST_ASSERT(opts != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "from", "14155550101@example.com"), 0);
	/* header names are data: their case and dashes go out as given */
	OTK_TEST_ASSERT_CMPINT(otk_options_add_string_map_entry(opts, "headers", "X-Call-Id", "42"),
			       0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_add_string_map_entry(opts, "headers", "x_lower Case", "a=b"), 0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_set_dict(opts, "auth", otk_test_auth_new("bob", "s3cr:et")), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "secure", true), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "video", false), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "observe_force_mute", true), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_strv_item(opts, "streams", "ST1"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_strv_item(opts, "streams", "ST2"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_sip_dial(client,
						   "S1",
						   "T1==abc",
						   "sip:+15128675309@pstn.example;transport=tls",
						   opts,
						   &call,
						   NULL),
			       0);
	OTK_TEST_ASSERT_SENT(client,
			     "Dial(sssa{sv}) \"S1\", \"T1==abc\", "
			     "\"sip:+15128675309@pstn.example;transport=tls\", {\"from\": "
			     "\"14155550101@example.com\", \"headers\": {\"X-Call-Id\": \"42\", "
			     "\"x_lower Case\": \"a=b\"}, \"auth\": {\"username\": \"bob\", "
			     "\"password\": \"s3cr:et\"}, \"secure\": true, \"video\": false, "
			     "\"observe_force_mute\": true, \"streams\": [\"ST1\", \"ST2\"]}");
	OTK_TEST_ASSERT_DICT_JSON(call, OTK_TEST_SIP_CALL("S1"));
	otk_test_client_finish(client, &peer);
}

/* NULL and "" tokens both ask the daemon to mint one; NULL options send an empty a{sv} */
static void
otk_sip_dial_minted_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_dict_freep) OtkDict *call = NULL;

	OTK_TEST_ASSERT_CMPINT(
	    otk_client_sip_dial(client, "S2", NULL, "sip:bridge@conf.example", NULL, &call, NULL),
	    0);
	OTK_TEST_ASSERT_SENT(client,
			     "Dial(sssa{sv}) \"S2\", \"\", \"sip:bridge@conf.example\", {}");
	OTK_TEST_ASSERT_DICT_JSON(call, OTK_TEST_SIP_CALL("S2"));
	OTK_TEST_ASSERT_CMPINT(
	    otk_client_sip_dial(client, "S3", "", "sip:bridge@conf.example", NULL, NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client,
			     "Dial(sssa{sv}) \"S3\", \"\", \"sip:bridge@conf.example\", {}");
	OTK_TEST_ASSERT_CMPINT(otk_client_sip_dial(client, NULL, NULL, NULL, NULL, NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Dial(sssa{sv}) \"\", \"\", \"\", {}");
	otk_test_client_finish(client, &peer);
}

/* dials with @opts, expecting the fake's refusal @message */
static void
otk_test_dial_refused(OtkClient *client, OtkOptions *opts, const char *message)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *owned = opts;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT(otk_client_sip_dial(client, "S1", "", "sip:a@b", owned, NULL, &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error), message);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
}

/* the fake's type check works: the same values with other D-Bus types are refused */
static void
otk_sip_dial_types_func(void)
{
	static const char *const pair[] = {"username", "bob", NULL};
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OtkOptions *headers = otk_options_new();
	OtkOptions *nested = otk_options_new();
	OtkOptions *auth_map = otk_options_new();
	OtkOptions *auth_int = otk_options_new();
	OtkOptions *auth = otk_options_new();
	OtkOptions *streams = otk_options_new();

	OTK_TEST_ASSERT(headers != NULL && nested != NULL && auth_map != NULL);
	OTK_TEST_ASSERT(auth_int != NULL && auth != NULL && streams != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(nested, "X-Id", "1"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(headers, "headers", nested), 0);
	otk_test_dial_refused(
	    client, headers, "invalid option 'headers': must be a{ss}, not a{sv}");
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string_map(auth_map, "auth", pair), 0);
	otk_test_dial_refused(client, auth_map, "invalid option 'auth': must be a{sv}, not a{ss}");
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(auth_int, "username", 7), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(auth, "auth", auth_int), 0);
	otk_test_dial_refused(client, auth, "invalid option 'auth.username': must be s, not x");
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(streams, "streams", "ST1"), 0);
	otk_test_dial_refused(client, streams, "invalid option 'streams': must be as, not s");
	otk_test_client_finish(client, &peer);
}

static void
otk_sip_dial_errors_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT(otk_client_sip_dial(client, "missing", "", "sip:a@b", NULL, NULL, &error) <
			0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "'missing' not found: 404 session not found");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_sip_dial(client, "relayed", "", "sip:a@b", NULL, NULL, &error) <
			0);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_CONFLICT);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "Conflict", false);
	/* a string that cannot go on the bus is refused here, without echoing it */
	error = NULL;
	OTK_TEST_ASSERT(otk_client_sip_dial(client, "S1", "T\xff", "sip:a@b", NULL, NULL, &error) ==
			-EINVAL);
	OTK_TEST_ASSERT(strstr(otk_call_error_get_message(error), "T\xff") == NULL);
	otk_test_assert_error(error, "org.freedesktop.DBus.Error.InvalidArgs", false);
	OTK_TEST_ASSERT_SENT(client, "Dial(sssa{sv}) \"relayed\", \"\", \"sip:a@b\", {}");
	otk_test_client_finish(client, &peer);
}

static void
otk_sip_play_dtmf_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OtkCallError *error = NULL;

	/* NULL and "" both mean every client of the session */
	OTK_TEST_ASSERT_CMPINT(otk_client_sip_play_dtmf(client, "S1", NULL, "1p2#", NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "PlayDtmf(sss) \"S1\", \"\", \"1p2#\"");
	OTK_TEST_ASSERT_CMPINT(otk_client_sip_play_dtmf(client, "S1", "", "*", NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "PlayDtmf(sss) \"S1\", \"\", \"*\"");
	OTK_TEST_ASSERT_CMPINT(otk_client_sip_play_dtmf(client, "S1", "C-sip", "0123456789", NULL),
			       0);
	OTK_TEST_ASSERT_SENT(client, "PlayDtmf(sss) \"S1\", \"C-sip\", \"0123456789\"");

	OTK_TEST_ASSERT(otk_client_sip_play_dtmf(client, "S1", "gone", "1", &error) < 0);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NOT_FOUND);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_sip_play_dtmf(client, "S1", NULL, "12a", &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "invalid digits: only 0-9, '*', '#' and 'p' are allowed");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_sip_play_dtmf(client, "S1", NULL, NULL, &error) < 0);
	OTK_TEST_ASSERT_SENT(client, "PlayDtmf(sss) \"S1\", \"\", \"\"");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
	otk_test_client_finish(client, &peer);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/sip/dial", otk_sip_dial_func},
	    {"/otk/sip/dial-minted", otk_sip_dial_minted_func},
	    {"/otk/sip/dial-types", otk_sip_dial_types_func},
	    {"/otk/sip/dial-errors", otk_sip_dial_errors_func},
	    {"/otk/sip/play-dtmf", otk_sip_play_dtmf_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
