/* the renders plugin (Experience Composer) */
#pragma once

#include "otd-plugin.h"

G_BEGIN_DECLS

/* Start's body {"sessionId","token",…,"url"} */
JsonObject *
otd_renders_body(const gchar *session_id, const gchar *token, const gchar *url,
		 GVariant *options, GError **error);

G_END_DECLS
