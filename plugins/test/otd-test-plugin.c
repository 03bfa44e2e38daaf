/*
 * A plugin for tests only, built three ways: "test" (works: Test.Echo), "test-fail"
 * (setup fails) and "test-badabi" (a descriptor with the wrong ABI version).
 */
#include "config.h"

#include "otd-plugin-bus.h"

#ifndef OTD_TEST_FAIL_SETUP
static int
method_echo(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *text = NULL;
	int r = sd_bus_message_read(m, "s", &text);
	if (r < 0)
		return r;
	return sd_bus_reply_method_return(m, "s", text);
}

static const OtdBusMethod otd_test_methods[] = {
    {SD_BUS_METHOD_WITH_NAMES("Echo", "s", SD_BUS_PARAM(text), "s", SD_BUS_PARAM(text),
			      method_echo, 0),
     OTD_ACCESS_READ},
};
#endif

static gboolean
otd_test_setup(OtdPlugin *plugin, GError **error)
{
#ifdef OTD_TEST_FAIL_SETUP
	g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INTERNAL, "setup fails on purpose");
	return FALSE;
#else
	return otd_plugin_add_methods(plugin, otd_test_methods, G_N_ELEMENTS(otd_test_methods),
				      plugin, error);
#endif
}

#if defined(OTD_TEST_BAD_ABI)
G_MODULE_EXPORT const OtdPluginDesc otd_plugin_desc = {OTD_PLUGIN_ABI_VERSION + 1, "test-badabi",
						       otd_test_setup, NULL};
#elif defined(OTD_TEST_FAIL_SETUP)
OTD_PLUGIN_DEFINE("test-fail", otd_test_setup, NULL);
#else
OTD_PLUGIN_DEFINE("test", otd_test_setup, NULL);
#endif
