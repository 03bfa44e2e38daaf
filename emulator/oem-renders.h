/*
 * Experience Composer (reference §2.7): POST, GET and DELETE /v2/project/{K}/render[/{R}], and
 * the control API's view of every render and its status moves.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

void oem_renders_register(OemRouter *api);
void oem_renders_register_control(OemRouter *control);

G_END_DECLS
