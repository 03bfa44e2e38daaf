/*
 * Unit tests: Signals.Send against the fake opentokd (otk-test-server-signals.c), which
 * checks the signal dictionary as the daemon does. Test.LastCall shows the exact
 * arguments: only the keys given, as `s`.
 */
#include <errno.h>

#include "otk-client-private.h"
#include "otk-signals.h"
#include "otk-test-server.h"
#include "otk-test.h"

static void
otk_signals_send_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);

	/* NULL and "" both mean the whole session: the connection argument is "" */
	OTK_TEST_ASSERT_CMPINT(otk_client_signal_send(client, "S1", NULL, "chat", "hi", NULL), 0);
	OTK_TEST_ASSERT_SENT(client,
				  "Send(ssa{sv}) \"S1\", \"\", {\"type\": \"chat\", \"data\": "
				  "\"hi\"}");
	OTK_TEST_ASSERT_CMPINT(otk_client_signal_send(client, "S1", "", "chat", NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Send(ssa{sv}) \"S1\", \"\", {\"type\": \"chat\"}");
	OTK_TEST_ASSERT_CMPINT(
	    otk_client_signal_send(client, "S1", "C1", NULL, "{\"x\": 1}", NULL), 0);
	OTK_TEST_ASSERT_SENT(client,
				  "Send(ssa{sv}) \"S1\", \"C1\", {\"data\": \"{\\\"x\\\": 1}\"}");
	/* empty strings are given, so sent */
	OTK_TEST_ASSERT_CMPINT(otk_client_signal_send(client, "S1", "C1", "a-b_c~1", "", NULL), 0);
	OTK_TEST_ASSERT_SENT(client,
				  "Send(ssa{sv}) \"S1\", \"C1\", {\"type\": \"a-b_c~1\", "
				  "\"data\": \"\"}");
	otk_test_client_finish(client, &peer);
}

/* the daemon's refusals come back with their names; invalid UTF-8 stays here */
static void
otk_signals_errors_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	char data[8194];
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT(otk_client_signal_send(client, "S1", NULL, NULL, NULL, &error) < 0);
	OTK_TEST_ASSERT_SENT(client, "Send(ssa{sv}) \"S1\", \"\", {}");
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error), "a signal needs a type or data");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_signal_send(client, "S1", "gone", "t", NULL, &error) < 0);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NOT_FOUND);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_signal_send(client, "S1", NULL, "a b", NULL, &error) < 0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_signal_send(client, "S2", NULL, "t", "\xc3\x28", &error) ==
			-EINVAL);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "the type and data of a signal must be valid UTF-8: "
			       "Invalid argument");
	otk_test_assert_error(error, "org.freedesktop.DBus.Error.InvalidArgs", false);
	OTK_TEST_ASSERT_SENT(client, "Send(ssa{sv}) \"S1\", \"\", {\"type\": \"a b\"}");

	memset(data, 'd', sizeof(data) - 1);
	data[sizeof(data) - 1] = '\0';
	error = NULL;
	OTK_TEST_ASSERT(otk_client_signal_send(client, "S1", NULL, NULL, data, &error) < 0);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_TOO_LARGE);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "signal 'data' is 8193 bytes, over 8192");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "TooLarge", false);
	otk_test_client_finish(client, &peer);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/signals/send", otk_signals_send_func},
	    {"/otk/signals/errors", otk_signals_errors_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
