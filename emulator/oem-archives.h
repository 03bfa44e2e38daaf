/*
 * Archives: the REST calls under /v2/project/{K}/archive and the /_emulator/archives control
 * calls. oem_state_sync_session() pauses and resumes them as streams come and go.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

void oem_archives_register(OemRouter *api);
void oem_archives_register_control(OemRouter *control);

G_END_DECLS
