/* the archives plugin */
#pragma once

#include "otd-plugin.h"

G_BEGIN_DECLS

/* Start's JSON body: sessionId, then the options the caller set, checked by the rules of
 * reference §6.1 and §6.2 */
JsonObject *
otd_archives_start_body(const gchar *session_id, GVariant *options, GError **error);

gboolean
otd_archives_bus_register(OtdPlugin *plugin, GError **error);

G_END_DECLS
