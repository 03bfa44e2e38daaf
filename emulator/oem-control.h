/*
 * The /_emulator/ control API: faults, the request log and a view of the sessions.
 * Simulated clients are in oem-clients.c.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

#define OEM_CONTROL_PREFIX "/_emulator"

gboolean oem_control_is_control_path(const gchar *path);
void oem_control_register(OemRouter *control);

G_END_DECLS
