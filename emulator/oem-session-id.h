/*
 * Session ids in the service's observed format (reference §4.3, §4.4).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gchar *oem_session_id_new(const gchar *api_key, const gchar *location, gint64 now_ms,
			  gboolean relayed);
GStrv oem_session_id_decode(const gchar *session_id);
gchar *oem_session_id_get_key(const gchar *session_id);

G_END_DECLS
