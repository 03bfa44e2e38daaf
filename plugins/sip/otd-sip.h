/* the sip plugin */
#pragma once

#include "otd-plugin.h"

G_BEGIN_DECLS

/* Dial's body {"sessionId","token","sip":{"uri",…}} from the options */
JsonObject *
otd_sip_dial_body(const gchar *session_id, const gchar *token, const gchar *sip_uri,
		  GVariant *options, GError **error);
/* DTMF digits: 0-9, '*', '#', 'p' (a 500 ms pause), 1 to 4096 of them */
gboolean
otd_sip_check_digits(const gchar *digits, GError **error);

G_END_DECLS
