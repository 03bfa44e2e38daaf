/* the broadcasts plugin: live streaming to HLS and RTMP */
#include "config.h"

#include "otd-broadcasts.h"

static gboolean
otd_broadcasts_setup(OtdPlugin *plugin, GError **error)
{
	return otd_broadcasts_bus_register(plugin, error);
}

OTD_PLUGIN_DEFINE("broadcasts", otd_broadcasts_setup, NULL);
