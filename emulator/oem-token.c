/*
 * Each refusal carries a reason a developer can act on, since the control API hands it
 * back verbatim. Every check the reference lists is made; nothing is trusted before the
 * signature has been verified.
 */
#include <string.h>

#include "oem-jwt.h"
#include "oem-session-id.h"
#include "oem-token.h"
#include "oem-util.h"

#define OEM_TOKEN_T1_PREFIX "T1=="

void
oem_token_info_free(OemTokenInfo *info)
{
	if (info == NULL)
		return;
	g_free(info->session_id);
	g_free(info->role);
	g_free(info->connection_data);
	g_free(info->initial_layout_class_list);
	g_free(info);
}

static gpointer
oem_token_refuse(GError **error, const gchar *reason)
{
	g_set_error_literal(error, OEM_ERROR, OEM_ERROR_REFUSED, reason);
	return NULL;
}

gboolean
oem_token_role_is_valid(const gchar *role)
{
	static const gchar *const roles[] = {"subscriber", "publisher", "moderator",
					     "publisheronly", NULL};

	return role != NULL && g_strv_contains(roles, role);
}

/* the checks both formats share, once their fields have been read into @info */
static OemTokenInfo *
oem_token_check_common(OemTokenInfo *info, const gchar *api_key, GError **error)
{
	g_autofree gchar *owner = NULL;

	if (!oem_token_role_is_valid(info->role))
		return oem_token_refuse(error, "invalid role");
	owner = oem_session_id_get_key(info->session_id);
	if (owner == NULL)
		return oem_token_refuse(error, "malformed session id");
	if (g_strcmp0(owner, api_key) != 0)
		return oem_token_refuse(error, "session does not belong to this project");
	if (info->connection_data != NULL &&
	    g_utf8_strlen(info->connection_data, -1) > OEM_TOKEN_MAX_DATA_CHARS)
		return oem_token_refuse(error, "connection data is longer than 1000 characters");
	return info;
}

static gboolean
oem_token_t1_signature_matches(const gchar *sig, GBytes *secret, const gchar *data, gsize len)
{
	g_autoptr(GBytes) mac = oem_hmac(FALSE, secret, data, len);
	g_autofree gchar *given = g_ascii_strdown(sig, -1);
	g_autoptr(GString) expected = g_string_new(NULL);
	gsize mac_len = 0;
	const guint8 *mac_data;

	if (mac == NULL)
		return FALSE;
	mac_data = g_bytes_get_data(mac, &mac_len);
	for (gsize i = 0; i < mac_len; i++)
		g_string_append_printf(expected, "%02x", mac_data[i]);
	return oem_memeq_const_time((const guint8 *)expected->str, expected->len,
				    (const guint8 *)given, strlen(given));
}

static gboolean
oem_token_t1_check_meta(const gchar *meta, gsize len, const gchar *api_key, GBytes *secret,
			const gchar *data, gsize data_len, GError **error)
{
	g_autoptr(GHashTable) fields = oem_form_decode(meta, len, NULL);
	const gchar *partner_id, *sig;

	if (fields == NULL || g_hash_table_size(fields) != 2) {
		oem_token_refuse(error, "malformed token");
		return FALSE;
	}
	partner_id = g_hash_table_lookup(fields, "partner_id");
	sig = g_hash_table_lookup(fields, "sig");
	if (partner_id == NULL || sig == NULL) {
		oem_token_refuse(error, "malformed token");
		return FALSE;
	}
	if (g_strcmp0(partner_id, api_key) != 0) {
		oem_token_refuse(error, "token was issued for another project");
		return FALSE;
	}
	if (!oem_token_t1_signature_matches(sig, secret, data, data_len)) {
		oem_token_refuse(error, "invalid signature");
		return FALSE;
	}
	return TRUE;
}

static gboolean
oem_token_t1_check_expiry(GHashTable *fields, gint64 create_time, gint64 now, OemTokenInfo *info,
			  GError **error)
{
	const gchar *text = g_hash_table_lookup(fields, "expire_time");

	if (text == NULL)
		return TRUE;
	if (!oem_parse_int64(text, &info->expire_time)) {
		oem_token_refuse(error, "invalid expire_time");
		return FALSE;
	}
	if (info->expire_time < now) {
		oem_token_refuse(error, "token expired");
		return FALSE;
	}
	if (info->expire_time > create_time + OEM_TOKEN_MAX_LIFETIME) {
		oem_token_refuse(error, "token expiry is more than 30 days after its creation");
		return FALSE;
	}
	return TRUE;
}

static OemTokenInfo *
oem_token_t1_read_data(GHashTable *fields, const gchar *api_key, gint64 now, GError **error)
{
	g_autoptr(OemTokenInfo) info = g_new0(OemTokenInfo, 1);
	const gchar *required[] = {"session_id", "create_time", "nonce", "role"};
	const gchar *scope = g_hash_table_lookup(fields, "scope");
	gint64 create_time = 0;

	for (guint i = 0; i < G_N_ELEMENTS(required); i++) {
		if (!g_hash_table_contains(fields, required[i])) {
			g_autofree gchar *reason = g_strdup_printf("token has no %s", required[i]);

			return oem_token_refuse(error, reason);
		}
	}
	if (!oem_parse_int64(g_hash_table_lookup(fields, "create_time"), &create_time))
		return oem_token_refuse(error, "invalid create_time");
	if (scope != NULL && g_strcmp0(scope, "session.connect") != 0)
		return oem_token_refuse(error, "invalid scope");
	info->session_id = g_strdup(g_hash_table_lookup(fields, "session_id"));
	info->role = g_strdup(g_hash_table_lookup(fields, "role"));
	info->connection_data = g_strdup(g_hash_table_lookup(fields, "connection_data"));
	info->initial_layout_class_list =
	    g_strdup(g_hash_table_lookup(fields, "initial_layout_class_list"));
	if (!oem_token_t1_check_expiry(fields, create_time, now, info, error))
		return NULL;
	if (oem_token_check_common(info, api_key, error) == NULL)
		return NULL;
	return g_steal_pointer(&info);
}

static OemTokenInfo *
oem_token_verify_t1(const gchar *token, const gchar *api_key, GBytes *secret, gint64 now,
		    GError **error)
{
	const gchar *body = token + strlen(OEM_TOKEN_T1_PREFIX);
	g_autoptr(GBytes) plain = NULL;
	g_autoptr(GHashTable) fields = NULL;
	const gchar *text, *colon;
	gsize len = 0;

	/* some SDKs emit the URL-safe alphabet, some drop the padding */
	plain = oem_base64_decode(body, strlen(body),
				  OEM_BASE64_STANDARD | OEM_BASE64_URL | OEM_BASE64_PADDING, NULL);
	if (plain == NULL)
		return oem_token_refuse(error, "malformed token");
	text = g_bytes_get_data(plain, &len);
	colon = text != NULL ? memchr(text, ':', len) : NULL;
	if (colon == NULL)
		return oem_token_refuse(error, "malformed token");
	if (!oem_token_t1_check_meta(text, (gsize)(colon - text), api_key, secret, colon + 1,
				     len - (gsize)(colon - text) - 1, error))
		return NULL;
	fields = oem_form_decode(colon + 1, len - (gsize)(colon - text) - 1, NULL);
	if (fields == NULL)
		return oem_token_refuse(error, "malformed token data");
	return oem_token_t1_read_data(fields, api_key, now, error);
}

static gboolean
oem_token_jwt_check_header(OemJwt *jwt, GBytes *secret, GError **error)
{
	const gchar *alg = oem_json_get_string(jwt->header, "alg");

	if (g_strcmp0(alg, "HS256") != 0) {
		oem_token_refuse(error, "unsupported token algorithm");
		return FALSE;
	}
	if (json_object_has_member(jwt->header, "typ") &&
	    g_strcmp0(oem_json_get_string(jwt->header, "typ"), "JWT") != 0) {
		oem_token_refuse(error, "invalid token type");
		return FALSE;
	}
	if (!oem_jwt_has_valid_hs256(jwt, secret)) {
		oem_token_refuse(error, "invalid signature");
		return FALSE;
	}
	return TRUE;
}

static const gchar *
oem_token_jwt_check_claims(JsonObject *claims, const gchar *api_key, gint64 now)
{
	gint64 iat = 0, exp = 0;

	if (!json_object_has_member(claims, "iss"))
		return "token has no iss";
	if (g_strcmp0(oem_json_get_string(claims, "iss"), api_key) != 0)
		return "token was issued for another project";
	if (g_strcmp0(oem_json_get_string(claims, "ist"), "project") != 0)
		return "invalid issuer type";
	if (g_strcmp0(oem_json_get_string(claims, "scope"), "session.connect") != 0)
		return "invalid scope";
	if (oem_json_get_string(claims, "session_id") == NULL)
		return "token has no session_id";
	if (!oem_json_get_int(claims, "iat", &iat))
		return "invalid iat";
	if (!oem_json_has_type(claims, "nonce", G_TYPE_INT64) &&
	    !oem_json_has_type(claims, "nonce", G_TYPE_DOUBLE) &&
	    !oem_json_has_type(claims, "nonce", G_TYPE_STRING))
		return "token has no nonce";
	if (!json_object_has_member(claims, "exp"))
		return NULL;
	if (!oem_json_get_int(claims, "exp", &exp))
		return "invalid exp";
	if (exp <= now)
		return "token expired";
	if (exp > iat + OEM_TOKEN_MAX_LIFETIME)
		return "token expiry is more than 30 days after its creation";
	return NULL;
}

static gboolean
oem_token_jwt_is_optional_string(JsonObject *claims, const gchar *name)
{
	return !json_object_has_member(claims, name) ||
	       oem_json_has_type(claims, name, G_TYPE_STRING);
}

static OemTokenInfo *
oem_token_verify_jwt(const gchar *token, const gchar *api_key, GBytes *secret, gint64 now,
		     GError **error)
{
	g_autoptr(OemJwt) jwt = oem_jwt_parse(token, NULL);
	g_autoptr(OemTokenInfo) info = g_new0(OemTokenInfo, 1);
	const gchar *reason;

	if (jwt == NULL)
		return oem_token_refuse(error, "malformed token");
	if (!oem_token_jwt_check_header(jwt, secret, error))
		return NULL;
	reason = oem_token_jwt_check_claims(jwt->payload, api_key, now);
	if (reason != NULL)
		return oem_token_refuse(error, reason);
	if (!oem_token_jwt_is_optional_string(jwt->payload, "connection_data"))
		return oem_token_refuse(error, "connection_data must be a string");
	if (!oem_token_jwt_is_optional_string(jwt->payload, "initial_layout_class_list"))
		return oem_token_refuse(error, "initial_layout_class_list must be a string");
	info->is_jwt = TRUE;
	info->session_id = g_strdup(oem_json_get_string(jwt->payload, "session_id"));
	info->role = g_strdup(oem_json_get_string(jwt->payload, "role"));
	info->connection_data = g_strdup(oem_json_get_string(jwt->payload, "connection_data"));
	info->initial_layout_class_list =
	    g_strdup(oem_json_get_string(jwt->payload, "initial_layout_class_list"));
	oem_json_get_int(jwt->payload, "exp", &info->expire_time);
	if (oem_token_check_common(info, api_key, error) == NULL)
		return NULL;
	return g_steal_pointer(&info);
}

OemTokenInfo *
oem_token_verify(const gchar *token, const gchar *api_key, GBytes *secret, gint64 now,
		 GError **error)
{
	if (token == NULL || token[0] == '\0')
		return oem_token_refuse(error, "no token");
	if (g_str_has_prefix(token, OEM_TOKEN_T1_PREFIX))
		return oem_token_verify_t1(token, api_key, secret, now, error);
	return oem_token_verify_jwt(token, api_key, secret, now, error);
}
