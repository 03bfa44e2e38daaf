/*
 * Broadcasts: the REST calls under /v2/project/{K}/broadcast and the /_emulator/broadcasts
 * control calls. oem_state_sync_session() keeps their streams in step with the session.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

void oem_broadcasts_register(OemRouter *api);
void oem_broadcasts_register_control(OemRouter *control);

G_END_DECLS
