/* the daemon's side of a plugin */
#pragma once

#include "otd-plugin.h"

G_BEGIN_DECLS

typedef struct _OtdDaemon OtdDaemon;

struct _OtdPlugin {
	const OtdPluginDesc *desc;
	GModule *module;
	gchar *name;
	gchar *path;
	OtdDaemon *daemon;
	gpointer data;
	GDestroyNotify data_destroy;
	gpointer bus_object; /* owned by the D-Bus layer */
	gboolean active;
};

OtdPlugin *
otd_plugin_new(OtdDaemon *daemon, GModule *module, const OtdPluginDesc *desc, const gchar *path);
void
otd_plugin_free(OtdPlugin *plugin);

/* the object path element and interface suffix: "audio-connector" -> "AudioConnector" */
gchar *
otd_plugin_name_to_area(const gchar *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OtdPlugin, otd_plugin_free)

G_END_DECLS
