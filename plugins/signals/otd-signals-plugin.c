/* the signals plugin: messages to a session's clients */
#include "config.h"

#include "otd-signals.h"

static gboolean
otd_signals_setup(OtdPlugin *plugin, GError **error)
{
	return otd_signals_bus_register(plugin, error);
}

OTD_PLUGIN_DEFINE("signals", otd_signals_setup, NULL);
