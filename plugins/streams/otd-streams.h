/* the streams plugin */
#pragma once

#include "otd-plugin.h"

G_BEGIN_DECLS

/* SetLayoutClasses' body from a{sas}: {"items":[{"id":…,"layoutClassList":[…]}]} */
JsonObject *
otd_streams_layout_body(GVariant *classes, GError **error);
/* ForceMuteAll's body: {"active":true,"excludedStreamIds":[…]} */
JsonObject *
otd_streams_mute_all_body(const gchar *const *excluded, GError **error);

gboolean
otd_streams_bus_register(OtdPlugin *plugin, GError **error);

G_END_DECLS
