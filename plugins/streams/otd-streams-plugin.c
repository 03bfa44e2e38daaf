/* the streams plugin: a session's streams, their layout classes, force mute */
#include "config.h"

#include "otd-streams.h"

static gboolean
otd_streams_setup(OtdPlugin *plugin, GError **error)
{
	return otd_streams_bus_register(plugin, error);
}

OTD_PLUGIN_DEFINE("streams", otd_streams_setup, NULL);
