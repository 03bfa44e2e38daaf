/* the signals plugin */
#pragma once

#include "otd-plugin.h"

G_BEGIN_DECLS

#define OTD_SIGNALS_MAX_TYPE 128
#define OTD_SIGNALS_MAX_DATA 8192

/* Send's body {"type":…,"data":…} from the a{sv} signal: InvalidArgs for a bad key, type or
 * character, TooLarge for a type over 128 bytes or data over 8192 bytes */
JsonObject *
otd_signals_body(GVariant *signal, GError **error);

gboolean
otd_signals_bus_register(OtdPlugin *plugin, GError **error);

G_END_DECLS
