/*
 * POST /session/create.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

void oem_sessions_register(OemRouter *api);
OemSession *oem_sessions_create_from_form(OemState *state, GHashTable *form, GError **error);
gchar *oem_sessions_format_create_dt(OemSession *session);
/* the session named by the path's {session}; answers 404 and gives NULL when unknown */
OemSession *oem_sessions_from_path(OemRequest *req);
/* that session and the client named by {connection}; answers 400 or 404 and gives FALSE */
gboolean oem_sessions_client_from_path(OemRequest *req, OemSession **ret_session,
				       OemClient **ret_client);

G_END_DECLS
