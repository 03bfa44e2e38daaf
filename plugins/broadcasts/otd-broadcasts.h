/* the broadcasts plugin */
#pragma once

#include "otd-plugin.h"

G_BEGIN_DECLS

/* Start's JSON body: sessionId, then the options the caller set, checked by the rules of
 * reference §6.2 and §6.3 */
JsonObject *
otd_broadcasts_start_body(const gchar *session_id, GVariant *options, GError **error);
/* broadcastUrls.rtmp as an array whatever form the API used: an object keyed by target id
 * becomes an array whose elements carry that id */
void
otd_broadcasts_fixup(OtdJsonDoc *doc, OtdJsonVal *broadcast);

gboolean
otd_broadcasts_bus_register(OtdPlugin *plugin, GError **error);

G_END_DECLS
