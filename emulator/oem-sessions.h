/*
 * POST /session/create.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

void oem_sessions_register(OemRouter *api);
OemSession *oem_sessions_create_from_form(OemState *state, GHashTable *form, GError **error);
gchar *oem_sessions_format_create_dt(OemSession *session);

G_END_DECLS
