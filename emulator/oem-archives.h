/*
 * Archives: the REST calls under /v2/project/{K}/archive, the /_emulator/archives control
 * calls, and the hook that pauses and resumes archives as streams come and go.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

void oem_archives_register(OemRouter *api);
void oem_archives_register_control(OemRouter *control);
void oem_archives_sync_session(OemState *state, OemSession *session);

G_END_DECLS
