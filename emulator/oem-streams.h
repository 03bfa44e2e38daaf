/*
 * The streams of a session: GET and PUT /v2/project/{K}/session/{S}/stream[/{ST}], and the
 * force mute of one stream or of the whole session.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

void oem_streams_register(OemRouter *api);

G_END_DECLS
