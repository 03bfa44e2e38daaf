/* client tokens (JWT and T1), REST auth JWTs and session-id decoding; no network */
#pragma once

#include <glib.h>

#include "otd-credentials.h"

G_BEGIN_DECLS

#define OTD_TOKEN_MAX_DATA	   1000
#define OTD_TOKEN_MAX_LAYOUT	   1000
#define OTD_TOKEN_DEFAULT_LIFETIME (24 * 3600)
#define OTD_TOKEN_MAX_LIFETIME	   (30 * 24 * 3600)
#define OTD_AUTH_JWT_LIFETIME	   180

typedef enum {
	OTD_TOKEN_TYPE_JWT,
	OTD_TOKEN_TYPE_T1,
} OtdTokenType;

typedef enum {
	OTD_ROLE_SUBSCRIBER,
	OTD_ROLE_PUBLISHERONLY,
	OTD_ROLE_PUBLISHER,
	OTD_ROLE_MODERATOR,
} OtdRole; /* in the order of their power */

typedef struct {
	OtdRole role;
	gint64 expire_time;	      /* Unix seconds; 0 = now + 24 h */
	const gchar *data;	      /* connection data, or NULL */
	const gchar *const *layout;   /* initial layout class list, or NULL */
	OtdTokenType type;
} OtdTokenOptions;

/* what is normally random or the clock, fixed by tests */
typedef struct {
	gint64 now;
	guint32 nonce;
	const gchar *jti;
} OtdTokenEntropy;

const gchar *
otd_role_to_string(OtdRole role);
gboolean
otd_role_from_string(const gchar *text, OtdRole *ret_role);

/* the '~'-separated fields of a session id, or NULL with InvalidArgs */
gchar **
otd_session_id_decode(const gchar *session_id, GError **error);
/* field 1 of the decoded id must be @api_key */
gboolean
otd_session_id_check_owner(const gchar *session_id, const gchar *api_key, GError **error);

gchar *
otd_token_generate_full(const gchar *api_key, const OtdSecret *secret, const gchar *session_id,
			const OtdTokenOptions *options, const OtdTokenEntropy *entropy,
			GError **error);
/* checks ownership and expiry, then mints with the real clock and fresh randomness */
gchar *
otd_token_generate(const gchar *api_key, const OtdSecret *secret, const gchar *session_id,
		   const OtdTokenOptions *options, GError **error);

/* the X-OPENTOK-AUTH value: HS256, claims iss, ist, iat, exp, jti */
gchar *
otd_auth_jwt_new_full(const gchar *api_key, const OtdSecret *secret, gint64 now,
		      const gchar *jti);
gchar *
otd_auth_jwt_new(const gchar *api_key, const OtdSecret *secret);

/* a jti unique over the daemon's life */
gchar *
otd_token_new_jti(void);

G_END_DECLS
