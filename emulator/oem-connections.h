/*
 * GET and DELETE /v2/project/{K}/session/{S}/connection[/{C}].
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

void oem_connections_register(OemRouter *api);

G_END_DECLS
