/*
 * Verification of the X-OPENTOK-AUTH JWT that signs every REST call.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the service allows at most five minutes between iat and exp */
#define OEM_AUTH_MAX_LIFETIME 300
/* how far a caller's clock may run ahead of ours */
#define OEM_AUTH_CLOCK_SKEW 60

gboolean oem_auth_verify(const gchar *jwt, const gchar *api_key, GBytes *secret, gint64 now,
			 GError **error);

G_END_DECLS
