/*
 * Verification of client tokens (T1 and JWT), as the service does when a client connects
 * (reference §5.5). Whether the session exists is the caller's check, not this one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OEM_TOKEN_MAX_LIFETIME	 (30 * 24 * 3600)
#define OEM_TOKEN_MAX_DATA_CHARS 1000

typedef struct {
	gboolean is_jwt;
	gchar *session_id;
	gchar *role;
	gchar *connection_data;		  /* NULL when the token has none */
	gchar *initial_layout_class_list; /* NULL when the token has none */
	gint64 expire_time;		  /* 0 when the token has none */
} OemTokenInfo;

OemTokenInfo *oem_token_verify(const gchar *token, const gchar *api_key, GBytes *secret, gint64 now,
			       GError **error);
gboolean oem_token_role_is_valid(const gchar *role);
void oem_token_info_free(OemTokenInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemTokenInfo, oem_token_info_free)

G_END_DECLS
