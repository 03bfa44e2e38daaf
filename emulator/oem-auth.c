/*
 * The checks run in the order the service needs them: the issuer picks the secret, so an
 * unknown issuer is reported before a bad signature, and claims are only trusted once the
 * signature holds. Messages follow the service's wording where users have quoted it.
 */
#include "oem-auth.h"
#include "oem-jwt.h"
#include "oem-util.h"

static gboolean
oem_auth_refuse(GError **error, const gchar *message)
{
	g_set_error_literal(error, OEM_ERROR, OEM_ERROR_REFUSED, message);
	return FALSE;
}

static gboolean
oem_auth_check_header(OemJwt *jwt, GError **error)
{
	const gchar *alg = oem_json_get_string(jwt->header, "alg");
	const gchar *typ = oem_json_get_string(jwt->header, "typ");

	if (g_strcmp0(alg, "HS256") != 0)
		return oem_auth_refuse(error, "Invalid token algorithm");
	if (json_object_has_member(jwt->header, "typ") && g_strcmp0(typ, "JWT") != 0)
		return oem_auth_refuse(error, "Invalid token type");
	return TRUE;
}

static gboolean
oem_auth_check_issuer_type(OemJwt *jwt, GError **error)
{
	/* one SDK sends ist in the JOSE header instead of the claims; the service accepts it */
	JsonObject *holder =
	    json_object_has_member(jwt->payload, "ist") ? jwt->payload : jwt->header;

	if (!json_object_has_member(holder, "ist"))
		return oem_auth_refuse(error, "Missing issuer type");
	if (g_strcmp0(oem_json_get_string(holder, "ist"), "project") != 0)
		return oem_auth_refuse(error, "Invalid issuer type");
	return TRUE;
}

static gboolean
oem_auth_check_times(OemJwt *jwt, gint64 now, GError **error)
{
	gint64 iat = 0, exp = 0;

	if (!oem_json_get_int(jwt->payload, "iat", &iat))
		return oem_auth_refuse(error, "Invalid issued time");
	if (iat > now + OEM_AUTH_CLOCK_SKEW)
		return oem_auth_refuse(error, "issued time cannot be greater than now");
	if (!oem_json_get_int(jwt->payload, "exp", &exp))
		return oem_auth_refuse(error, "Invalid expiration time");
	if (exp <= now)
		return oem_auth_refuse(error, "token expired");
	if (exp - iat > OEM_AUTH_MAX_LIFETIME)
		return oem_auth_refuse(error, "token lifetime cannot exceed 5 minutes");
	return TRUE;
}

gboolean
oem_auth_verify(const gchar *jwt_text, const gchar *api_key, GBytes *secret, gint64 now,
		GError **error)
{
	g_autoptr(OemJwt) jwt = NULL;
	const gchar *iss;

	if (jwt_text == NULL || jwt_text[0] == '\0')
		return oem_auth_refuse(error, "Missing X-OPENTOK-AUTH header");
	jwt = oem_jwt_parse(jwt_text, NULL);
	if (jwt == NULL)
		return oem_auth_refuse(error, "Invalid token format");
	if (!oem_auth_check_header(jwt, error))
		return FALSE;
	iss = oem_json_get_string(jwt->payload, "iss");
	if (iss == NULL)
		return oem_auth_refuse(error, "Invalid issuer format");
	if (g_strcmp0(iss, api_key) != 0)
		return oem_auth_refuse(error, "Issuer not found");
	if (!oem_jwt_has_valid_hs256(jwt, secret))
		return oem_auth_refuse(error, "Invalid signature");
	if (!oem_auth_check_issuer_type(jwt, error))
		return FALSE;
	return oem_auth_check_times(jwt, now, error);
}
