/*
 * Live captions (reference §2.6): POST /v2/project/{K}/captions and …/captions/{CAP}/stop,
 * and the control API's view of every run.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

void oem_captions_register(OemRouter *api);
void oem_captions_register_control(OemRouter *control);

G_END_DECLS
