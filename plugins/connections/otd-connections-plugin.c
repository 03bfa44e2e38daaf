/* the connections plugin: list a session's connections, force one to disconnect */
#include "config.h"

#include "otd-connections.h"

static gboolean
otd_connections_setup(OtdPlugin *plugin, GError **error)
{
	return otd_connections_bus_register(plugin, error);
}

OTD_PLUGIN_DEFINE("connections", otd_connections_setup, NULL);
