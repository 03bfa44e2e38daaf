/* the captions plugin */
#pragma once

#include "otd-plugin.h"

G_BEGIN_DECLS

/* Start's body {"sessionId","token",languageCode…} */
JsonObject *
otd_captions_body(const gchar *session_id, const gchar *token, GVariant *options,
		  GError **error);

G_END_DECLS
