/*
 * The three segments are decoded strictly (base64url, no padding) so that a token with a
 * changed character can never decode to the same bytes as the signed one.
 */
#include <string.h>

#include "oem-jwt.h"
#include "oem-util.h"

void
oem_jwt_free(OemJwt *jwt)
{
	if (jwt == NULL)
		return;
	g_clear_pointer(&jwt->header, json_object_unref);
	g_clear_pointer(&jwt->payload, json_object_unref);
	g_clear_pointer(&jwt->signature, g_bytes_unref);
	g_free(jwt->signing_input);
	g_free(jwt);
}

static JsonObject *
oem_jwt_decode_object(const gchar *segment, gsize len, GError **error)
{
	g_autoptr(GBytes) raw = oem_base64_decode(segment, len, OEM_BASE64_URL, error);
	g_autoptr(JsonParser) parser = json_parser_new();
	gsize raw_len = 0;
	const gchar *raw_data;
	JsonNode *root;

	if (raw == NULL)
		return NULL;
	raw_data = g_bytes_get_data(raw, &raw_len);
	if (raw_len == 0 || !g_utf8_validate_len(raw_data, raw_len, NULL) ||
	    !json_parser_load_from_data(parser, raw_data, (gssize)raw_len, NULL)) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID, "segment is not JSON");
		return NULL;
	}
	root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "segment is not a JSON object");
		return NULL;
	}
	return json_object_ref(json_node_get_object(root));
}

OemJwt *
oem_jwt_parse(const gchar *token, GError **error)
{
	g_autoptr(OemJwt) jwt = g_new0(OemJwt, 1);
	const gchar *dot1 = token != NULL ? strchr(token, '.') : NULL;
	const gchar *dot2 = dot1 != NULL ? strchr(dot1 + 1, '.') : NULL;

	if (dot2 == NULL || strchr(dot2 + 1, '.') != NULL) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "a JWT has three dot-separated segments");
		return NULL;
	}
	jwt->header = oem_jwt_decode_object(token, (gsize)(dot1 - token), error);
	if (jwt->header == NULL)
		return NULL;
	jwt->payload = oem_jwt_decode_object(dot1 + 1, (gsize)(dot2 - dot1 - 1), error);
	if (jwt->payload == NULL)
		return NULL;
	jwt->signature = oem_base64_decode(dot2 + 1, strlen(dot2 + 1), OEM_BASE64_URL, error);
	if (jwt->signature == NULL)
		return NULL;
	jwt->signing_input = g_strndup(token, (gsize)(dot2 - token));
	return g_steal_pointer(&jwt);
}

gboolean
oem_jwt_has_valid_hs256(OemJwt *jwt, GBytes *secret)
{
	g_autoptr(GBytes) expected = NULL;
	gsize expected_len = 0, got_len = 0;
	const guint8 *expected_data, *got_data;

	expected = oem_hmac(TRUE, secret, jwt->signing_input, strlen(jwt->signing_input));
	if (expected == NULL)
		return FALSE;
	expected_data = g_bytes_get_data(expected, &expected_len);
	got_data = g_bytes_get_data(jwt->signature, &got_len);
	return oem_memeq_const_time(expected_data, expected_len, got_data, got_len);
}

gchar *
oem_jwt_sign_hs256(const gchar *header_json, const gchar *payload_json, GBytes *secret)
{
	g_autofree gchar *header =
	    oem_base64url_encode((const guint8 *)header_json, strlen(header_json));
	g_autofree gchar *payload =
	    oem_base64url_encode((const guint8 *)payload_json, strlen(payload_json));
	g_autofree gchar *input = g_strdup_printf("%s.%s", header, payload);
	g_autoptr(GBytes) mac = oem_hmac(TRUE, secret, input, strlen(input));
	gsize mac_len = 0;
	const guint8 *mac_data = g_bytes_get_data(mac, &mac_len);
	g_autofree gchar *sig = oem_base64url_encode(mac_data, mac_len);

	return g_strdup_printf("%s.%s", input, sig);
}

gboolean
oem_json_has_type(JsonObject *obj, const gchar *name, GType type)
{
	JsonNode *node = json_object_get_member(obj, name);

	return node != NULL && JSON_NODE_HOLDS_VALUE(node) &&
	       json_node_get_value_type(node) == type;
}

const gchar *
oem_json_get_string(JsonObject *obj, const gchar *name)
{
	if (!oem_json_has_type(obj, name, G_TYPE_STRING))
		return NULL;
	return json_object_get_string_member(obj, name);
}

gboolean
oem_json_get_int(JsonObject *obj, const gchar *name, gint64 *ret_value)
{
	/* a number written with a fraction or exponent is not an integer here */
	if (!oem_json_has_type(obj, name, G_TYPE_INT64))
		return FALSE;
	*ret_value = json_object_get_int_member(obj, name);
	return TRUE;
}
