/* session create: option rules, the form body and the answer (JSON or XML) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* validates CreateSession's a{sv} and returns the form-encoded body */
gchar *
otd_session_build_form(GVariant *options, GError **error);

/* the session id from a 2xx answer, JSON array or XML */
gchar *
otd_session_parse_answer(const gchar *content_type, GBytes *body, GError **error);

G_END_DECLS
