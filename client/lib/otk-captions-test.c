/*
 * Unit tests: the Captions calls against the fake opentokd (otk-test-server-renders.c).
 * Test.LastCall shows the exact arguments; the fake refuses option values of another
 * D-Bus type than the contract's.
 */
#include "otk-captions.h"
#include "otk-client-private.h"
#include "otk-test-server.h"

static void
otk_captions_start_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_AUTOFREE char *captions_id = NULL;

	OTK_TEST_ASSERT(opts != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "language_code", "en-GB"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(opts, "max_duration", 5000), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "partial_captions", false), 0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_set_string(opts, "status_callback_url", "https://app.example/captions"),
	    0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_client_captions_start(client, "S1", "T-mod", opts, &captions_id, NULL), 0);
	OTK_TEST_ASSERT_CMPSTR(captions_id, "CAP1");
	OTK_TEST_ASSERT_SENT(client,
			     "Start(ssa{sv}) \"S1\", \"T-mod\", {\"language_code\": \"en-GB\", "
			     "\"max_duration\": x 5000, \"partial_captions\": false, "
			     "\"status_callback_url\": \"https://app.example/captions\"}");
	otk_test_client_finish(client, &peer);
}

static void
otk_captions_start_minted_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);

	OTK_TEST_ASSERT_CMPINT(otk_client_captions_start(client, "S2", NULL, NULL, NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Start(ssa{sv}) \"S2\", \"\", {}");
	OTK_TEST_ASSERT_CMPINT(otk_client_captions_start(client, "S3", "", NULL, NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Start(ssa{sv}) \"S3\", \"\", {}");
	otk_test_client_finish(client, &peer);
}

static void
otk_captions_start_errors_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	char *captions_id = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT(opts != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_uint32(opts, "max_duration", 60), 0);
	OTK_TEST_ASSERT(otk_client_captions_start(client, "S1", NULL, opts, &captions_id, &error) <
			0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "invalid option 'max_duration': must be x, not u");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
	error = NULL;
	OTK_TEST_ASSERT(
	    otk_client_captions_start(client, "busy", NULL, NULL, &captions_id, &error) < 0);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_CONFLICT);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "Conflict", false);
	error = NULL;
	OTK_TEST_ASSERT(
	    otk_client_captions_start(client, "missing", NULL, NULL, &captions_id, &error) < 0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	/* out parameters are only written on success */
	OTK_TEST_ASSERT(captions_id == NULL);
	otk_test_client_finish(client, &peer);
}

static void
otk_captions_stop_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_captions_stop(client, "CAP1", NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Stop(s) \"CAP1\"");
	OTK_TEST_ASSERT_CMPINT(otk_client_captions_stop(client, NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Stop(s) \"\"");
	OTK_TEST_ASSERT(otk_client_captions_stop(client, "missing", &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "'missing' not found: 404 captions not found");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/captions/start", otk_captions_start_func},
	    {"/otk/captions/start-minted", otk_captions_start_minted_func},
	    {"/otk/captions/start-errors", otk_captions_start_errors_func},
	    {"/otk/captions/stop", otk_captions_stop_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
