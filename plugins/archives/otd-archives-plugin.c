/* the archives plugin: record sessions */
#include "config.h"

#include "otd-archives.h"

static gboolean
otd_archives_setup(OtdPlugin *plugin, GError **error)
{
	return otd_archives_bus_register(plugin, error);
}

OTD_PLUGIN_DEFINE("archives", otd_archives_setup, NULL);
