/*
 * Unit tests: AudioConnector.Connect against the fake opentokd (otk-test-server-sip.c).
 * Test.LastCall shows the exact arguments; the fake refuses option values of another
 * D-Bus type than the contract's (`streams` as, `headers` a{ss}, `audio_rate` x,
 * `bidirectional` b).
 */
#include "otk-audio-connector.h"
#include "otk-client-private.h"
#include "otk-test-server.h"

static void
otk_audio_connector_connect_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *connection = NULL;

	OTK_TEST_ASSERT(opts != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_strv_item(opts, "streams", "ST1"), 0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_add_string_map_entry(opts, "headers", "Authorization", "Bearer abc"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_string_map_entry(opts, "headers", "x-room", "7"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(opts, "audio_rate", 16000), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "bidirectional", true), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_audio_connector_connect(client,
								  "S1",
								  "T1==abc",
								  "wss://ws.example/audio",
								  opts,
								  &connection,
								  NULL),
			       0);
	OTK_TEST_ASSERT_SENT(client,
			     "Connect(sssa{sv}) \"S1\", \"T1==abc\", \"wss://ws.example/audio\", "
			     "{\"streams\": [\"ST1\"], \"headers\": {\"Authorization\": \"Bearer "
			     "abc\", \"x-room\": \"7\"}, \"audio_rate\": x 16000, "
			     "\"bidirectional\": true}");
	OTK_TEST_ASSERT_DICT_JSON(connection, "{\"id\":\"AC1\",\"connection_id\":\"C-ws\"}");
	otk_test_client_finish(client, &peer);
}

static void
otk_audio_connector_minted_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);

	OTK_TEST_ASSERT_CMPINT(
	    otk_client_audio_connector_connect(client, "S2", NULL, "ws://h/a", NULL, NULL, NULL),
	    0);
	OTK_TEST_ASSERT_SENT(client, "Connect(sssa{sv}) \"S2\", \"\", \"ws://h/a\", {}");
	OTK_TEST_ASSERT_CMPINT(
	    otk_client_audio_connector_connect(client, "S3", "", "ws://h/a", NULL, NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Connect(sssa{sv}) \"S3\", \"\", \"ws://h/a\", {}");
	otk_test_client_finish(client, &peer);
}

/* connects with one option, expecting the fake's refusal @message */
static void
otk_test_connect_refused(OtkClient *client, OtkOptions *opts, const char *message)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *owned = opts;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT(otk_client_audio_connector_connect(
			    client, "S1", NULL, "ws://h/a", owned, NULL, &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error), message);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
}

static void
otk_audio_connector_errors_func(void)
{
	static const char *const header[] = {"x-room", NULL};
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OtkOptions *rate = otk_options_new();
	OtkOptions *headers = otk_options_new();
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT(rate != NULL && headers != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_uint32(rate, "audio_rate", 8000), 0);
	otk_test_connect_refused(client, rate, "invalid option 'audio_rate': must be x, not u");
	OTK_TEST_ASSERT_CMPINT(otk_options_set_strv(headers, "headers", header), 0);
	otk_test_connect_refused(
	    client, headers, "invalid option 'headers': must be a{ss}, not as");

	OTK_TEST_ASSERT(otk_client_audio_connector_connect(
			    client, "missing", NULL, "ws://h/a", NULL, NULL, &error) < 0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_audio_connector_connect(
			    client, "relayed", NULL, "ws://h/a", NULL, NULL, &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "session 'relayed' is not routed: 409 conflict");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "Conflict", false);
	otk_test_client_finish(client, &peer);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/audio-connector/connect", otk_audio_connector_connect_func},
	    {"/otk/audio-connector/minted", otk_audio_connector_minted_func},
	    {"/otk/audio-connector/errors", otk_audio_connector_errors_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
