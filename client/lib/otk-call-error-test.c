/*
 * Unit tests: the shared error table and how replies become OtkCallErrors.
 */
#include <errno.h>

#include "otk-client-private.h"
#include "otk-test.h"

/* DESIGN.md §4, in order: exactly these names, no more, no fewer */
static const char *const otk_test_error_names[] = {
    "InvalidArgs",
    "AuthFailed",
    "NotFound",
    "Conflict",
    "NotAllowed",
    "TooLarge",
    "RateLimited",
    "ServerError",
    "BadResponse",
    "NotReachable",
    "TimedOut",
    "PermissionDenied",
    "Cancelled",
    "NotSupported",
    "Internal",
};

static void
otk_call_error_table_func(void)
{
	OTK_TEST_ASSERT_CMPINT(OTK_ERROR_LAST - 1, OTK_N_ELEMENTS(otk_test_error_names));
	for (int code = OTK_ERROR_NONE + 1; code < OTK_ERROR_LAST; code++) {
		const char *name = otk_test_error_names[code - 1];
		char full[128];

		snprintf(full, sizeof(full), "org.opentokd.OpenTok1.Error.%s", name);
		OTK_TEST_ASSERT_CMPSTR(otk_error_to_name(code), name);
		OTK_TEST_ASSERT_CMPSTR(otk_error_to_dbus_name(code), full);
		OTK_TEST_ASSERT_CMPINT(otk_error_from_dbus_name(full), code);
		OTK_TEST_ASSERT_CMPINT(otk_error_from_dbus_name(name), code);
	}
	OTK_TEST_ASSERT(otk_error_to_name(OTK_ERROR_NONE) == NULL);
	OTK_TEST_ASSERT(otk_error_to_dbus_name(OTK_ERROR_LAST) == NULL);
	OTK_TEST_ASSERT_CMPINT(otk_error_from_dbus_name(NULL), OTK_ERROR_NONE);
	OTK_TEST_ASSERT_CMPINT(otk_error_from_dbus_name("org.freedesktop.DBus.Error.InvalidArgs"),
			       OTK_ERROR_NONE);
	OTK_TEST_ASSERT_CMPINT(otk_error_from_dbus_name("org.opentokd.OpenTok1.Error.Nope"),
			       OTK_ERROR_NONE);
}

static void
otk_call_error_ours_func(void)
{
	OTK_CLEANUP(otk_call_error_freep)
	OtkCallError *error = otk_call_error_new("org.opentokd.OpenTok1.Error.NotFound",
						 "archive 'a1' not found: 404 no such archive",
						 false);

	OTK_TEST_ASSERT(error != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NOT_FOUND);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_name(error),
			       "org.opentokd.OpenTok1.Error.NotFound");
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_short_name(error), "NotFound");
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "archive 'a1' not found: 404 no such archive");
	OTK_TEST_ASSERT(!otk_call_error_is_unreachable(error));
}

static void
otk_call_error_foreign_func(void)
{
	OTK_CLEANUP(otk_call_error_freep)
	OtkCallError *denied = otk_call_error_new("org.freedesktop.DBus.Error.AccessDenied",
						  "rejected by policy",
						  false);
	/* a bare "InvalidArgs" from some other peer is not ours */
	OTK_CLEANUP(otk_call_error_freep)
	OtkCallError *bare = otk_call_error_new("InvalidArgs", NULL, false);

	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(denied), OTK_ERROR_NONE);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_name(denied),
			       "org.freedesktop.DBus.Error.AccessDenied");
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_short_name(denied), "AccessDenied");
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(denied), "rejected by policy");
	OTK_TEST_ASSERT(!otk_call_error_is_unreachable(denied));
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(bare), OTK_ERROR_NONE);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_short_name(bare), "InvalidArgs");
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(bare), "");
}

static void
otk_call_error_unreachable_func(void)
{
	static const char *const unreachable[] = {
	    "org.freedesktop.DBus.Error.ServiceUnknown",
	    "org.freedesktop.DBus.Error.NameHasNoOwner",
	    "org.freedesktop.DBus.Error.NoReply",
	    "org.freedesktop.DBus.Error.Disconnected",
	    "org.freedesktop.DBus.Error.NoServer",
	    "org.freedesktop.DBus.Error.FileNotFound",
	    "org.freedesktop.DBus.Error.Timeout",
	};
	static const char *const reachable[] = {
	    "org.freedesktop.DBus.Error.AccessDenied",
	    "org.freedesktop.DBus.Error.UnknownMethod",
	    "org.freedesktop.DBus.Error.UnknownObject",
	    "org.opentokd.OpenTok1.Error.NotReachable", /* the API, not the daemon */
	    "org.opentokd.OpenTok1.Error.TimedOut",
	};

	for (size_t i = 0; i < OTK_N_ELEMENTS(unreachable); i++) {
		OTK_CLEANUP(otk_call_error_freep)
		OtkCallError *error = otk_call_error_new(unreachable[i], "x", false);
		if (!otk_call_error_is_unreachable(error))
			otk_test_fail(
			    __FILE__, __LINE__, "%s should be unreachable", unreachable[i]);
	}
	for (size_t i = 0; i < OTK_N_ELEMENTS(reachable); i++) {
		OTK_CLEANUP(otk_call_error_freep)
		OtkCallError *error = otk_call_error_new(reachable[i], "x", false);
		if (otk_call_error_is_unreachable(error))
			otk_test_fail(__FILE__, __LINE__, "%s should be reachable", reachable[i]);
	}
	OTK_TEST_ASSERT(!otk_call_error_is_unreachable(NULL));
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(NULL), OTK_ERROR_NONE);
	otk_call_error_free(NULL);
}

static void
otk_call_error_from_bus_func(void)
{
	OTK_CLEANUP(sd_bus_error_free) sd_bus_error remote = SD_BUS_ERROR_NULL;
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *ours = NULL;
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *refused = NULL;
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *nomem = NULL;

	sd_bus_error_set(&remote, "org.opentokd.OpenTok1.Error.RateLimited", "429 slow down");
	OTK_TEST_ASSERT(otk_call_error_set_from_bus(&ours, &remote, -EIO) == -EIO);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(ours), OTK_ERROR_RATE_LIMITED);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(ours), "429 slow down");

	/* a local failure without a name gets the one sd-bus gives its errno */
	OTK_TEST_ASSERT(otk_call_error_set_from_bus(&refused, NULL, -ECONNREFUSED) ==
			-ECONNREFUSED);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_name(refused), "System.Error.ECONNREFUSED");
	OTK_TEST_ASSERT(otk_call_error_is_unreachable(refused));

	OTK_TEST_ASSERT(otk_call_error_set_errno(&nomem, -ENOMEM, false, "cannot read %s", "x") ==
			-ENOMEM);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(nomem),
			       "cannot read x: Cannot allocate memory");
	OTK_TEST_ASSERT(!otk_call_error_is_unreachable(nomem));

	/* no place to store the error is fine */
	OTK_TEST_ASSERT(otk_call_error_set_from_bus(NULL, &remote, -EIO) == -EIO);
}

static void
otk_call_error_connect_func(void)
{
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OtkClient *client = otk_client_new_address("unix:path=/nonexistent/opentokd-test", &error);

	OTK_TEST_ASSERT(client == NULL);
	OTK_TEST_ASSERT(error != NULL);
	OTK_TEST_ASSERT(otk_call_error_is_unreachable(error));
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NONE);
	OTK_TEST_ASSERT(strstr(otk_call_error_get_message(error), "/nonexistent/opentokd-test") !=
			NULL);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/error/table", otk_call_error_table_func},
	    {"/otk/call-error/ours", otk_call_error_ours_func},
	    {"/otk/call-error/foreign", otk_call_error_foreign_func},
	    {"/otk/call-error/unreachable", otk_call_error_unreachable_func},
	    {"/otk/call-error/from-bus", otk_call_error_from_bus_func},
	    {"/otk/call-error/connect", otk_call_error_connect_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
