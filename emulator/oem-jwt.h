/*
 * Compact JWS (HS256) parsing and signing, shared by the REST auth check and the client
 * token verifier. Claim rules live with their callers.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
	JsonObject *header;
	JsonObject *payload;
	gchar *signing_input; /* "<header>.<payload>" as received */
	GBytes *signature;
} OemJwt;

OemJwt *oem_jwt_parse(const gchar *token, GError **error);
gboolean oem_jwt_has_valid_hs256(OemJwt *jwt, GBytes *secret);
gchar *oem_jwt_sign_hs256(const gchar *header_json, const gchar *payload_json, GBytes *secret);
void oem_jwt_free(OemJwt *jwt);

const gchar *oem_json_get_string(JsonObject *obj, const gchar *name);
gboolean oem_json_get_int(JsonObject *obj, const gchar *name, gint64 *ret_value);
gboolean oem_json_has_type(JsonObject *obj, const gchar *name, GType type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemJwt, oem_jwt_free)

G_END_DECLS
