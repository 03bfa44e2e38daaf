#pragma once

#include "otd-plugin.h"

G_BEGIN_DECLS

gboolean
otd_connections_bus_register(OtdPlugin *plugin, GError **error);

G_END_DECLS
