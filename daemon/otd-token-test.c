/* tokens: T1 byte for byte against the Python SDK's vectors, JWTs by verification */
#include "config.h"

#include <gnutls/crypto.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "otd-error.h"
#include "otd-token.h"

#define KEY	   "123456"
#define SECRET	   "1234567890abcdef1234567890abcdef1234567890"
#define SESSION	   "1_MX4xMjM0NTZ-flNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-MC40OTAxMzAyNX4"
#define SESSION_KEY2 "1_MX42NTQzMjF-flNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-MC40OTAxMzAyNX4"
#define NOW	   1492510660

/* reference §5.6, Python SDK, defaults and options */
#define PY_T1_DEFAULTS                                                                             \
	"T1==cGFydG5lcl9pZD0xMjM0NTYmc2lnPWEzZDhiYmJjN2U2NWIyZGY4OTVjZDg3NGI5ZDhlOGVkYWZkMWM5ZDQ6c2Vz" \
	"c2lvbl9pZD0xX01YNHhNak0wTlRaLWZsTmhkQ0JOWVhJZ01UVWdNVFE2TkRJNk1qTWdVRVJVSURJd01UUi1NQzQwT1RB" \
	"eE16QXlOWDQmY3JlYXRlX3RpbWU9MTQ5MjUxMDY2MCZleHBpcmVfdGltZT0xNDkyNTk3MDYwJnJvbGU9cHVibGlzaGVy" \
	"Jm5vbmNlPTEyMzQ1NiZpbml0aWFsX2xheW91dF9jbGFzc19saXN0PQ=="
#define PY_T1_OPTIONS                                                                              \
	"T1==cGFydG5lcl9pZD0xMjM0NTYmc2lnPWVjY2NjNjhkMDNhNGNlNTE5YjljNjJkZjU3YjVhN2I5NDE0OWI0NTQ6c2Vz" \
	"c2lvbl9pZD0xX01YNHhNak0wTlRaLWZsTmhkQ0JOWVhJZ01UVWdNVFE2TkRJNk1qTWdVRVJVSURJd01UUi1NQzQwT1RB" \
	"eE16QXlOWDQmY3JlYXRlX3RpbWU9MTQ5MjUxMDY2MCZleHBpcmVfdGltZT0xNDkyNTE0MjYwJnJvbGU9bW9kZXJhdG9y" \
	"Jm5vbmNlPTEyMzQ1NiZpbml0aWFsX2xheW91dF9jbGFzc19saXN0PWZvY3VzK3NtYWxsJmNvbm5lY3Rpb25fZGF0YT1u" \
	"YW1lJTNESm9obm55"

static OtdSecret *
test_secret(void)
{
	return otd_secret_new((const guint8 *)SECRET, strlen(SECRET));
}

static void
test_t1_python_defaults(void)
{
	g_autoptr(OtdSecret) secret = test_secret();
	g_autoptr(GError) error = NULL;
	OtdTokenOptions options = {.role = OTD_ROLE_PUBLISHER, .type = OTD_TOKEN_TYPE_T1};
	OtdTokenEntropy entropy = {.now = NOW, .nonce = 123456, .jti = "x"};
	g_autofree gchar *token =
	    otd_token_generate_full(KEY, secret, SESSION, &options, &entropy, &error);

	g_assert_no_error(error);
	g_assert_cmpstr(token, ==, PY_T1_DEFAULTS);
}

static void
test_t1_python_options(void)
{
	g_autoptr(OtdSecret) secret = test_secret();
	g_autoptr(GError) error = NULL;
	const gchar *layout[] = {"focus", "small", NULL};
	OtdTokenOptions options = {.role = OTD_ROLE_MODERATOR,
				   .expire_time = 1492514260,
				   .data = "name=Johnny",
				   .layout = layout,
				   .type = OTD_TOKEN_TYPE_T1};
	OtdTokenEntropy entropy = {.now = NOW, .nonce = 123456, .jti = "x"};
	g_autofree gchar *token =
	    otd_token_generate_full(KEY, secret, SESSION, &options, &entropy, &error);

	g_assert_no_error(error);
	g_assert_cmpstr(token, ==, PY_T1_OPTIONS);
}

static GBytes *
b64url_decode(const gchar *text)
{
	g_autoptr(GString) s = g_string_new(text);
	gsize len = 0;
	guchar *raw;

	g_strdelimit(s->str, "-", '+');
	g_strdelimit(s->str, "_", '/');
	while (s->len % 4 != 0)
		g_string_append_c(s, '=');
	raw = g_base64_decode(s->str, &len);
	return g_bytes_new_take(raw, len);
}

/* an HS256 verification of our own, independent of the minting code */
static JsonObject *
verify_jwt(const gchar *jwt)
{
	g_auto(GStrv) parts = g_strsplit(jwt, ".", -1);
	g_autofree gchar *input = NULL;
	g_autoptr(GBytes) sig = NULL;
	g_autoptr(GBytes) header = NULL;
	g_autoptr(GBytes) payload = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	guint8 digest[32];

	g_assert_cmpuint(g_strv_length(parts), ==, 3);
	header = b64url_decode(parts[0]);
	g_assert_cmpmem(g_bytes_get_data(header, NULL), g_bytes_get_size(header),
			"{\"alg\":\"HS256\",\"typ\":\"JWT\"}", 27);
	input = g_strdup_printf("%s.%s", parts[0], parts[1]);
	g_assert_cmpint(gnutls_hmac_fast(GNUTLS_MAC_SHA256, SECRET, strlen(SECRET), input,
					 strlen(input), digest),
			==, 0);
	sig = b64url_decode(parts[2]);
	g_assert_cmpmem(g_bytes_get_data(sig, NULL), g_bytes_get_size(sig), digest, 32);
	payload = b64url_decode(parts[1]);
	g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(payload, NULL),
						 (gssize)g_bytes_get_size(payload), NULL));
	return json_object_ref(json_node_get_object(json_parser_get_root(parser)));
}

static void
test_jwt_client_token(void)
{
	g_autoptr(OtdSecret) secret = test_secret();
	g_autoptr(GError) error = NULL;
	const gchar *layout[] = {"focus", "small", NULL};
	OtdTokenOptions options = {.role = OTD_ROLE_SUBSCRIBER,
				   .data = "name=\"J\\ohn\"\n",
				   .layout = layout,
				   .type = OTD_TOKEN_TYPE_JWT};
	OtdTokenEntropy entropy = {.now = NOW, .nonce = 42, .jti = "fixed-jti"};
	g_autofree gchar *token =
	    otd_token_generate_full(KEY, secret, SESSION, &options, &entropy, &error);
	g_autoptr(JsonObject) claims = NULL;

	g_assert_no_error(error);
	claims = verify_jwt(token);
	g_assert_cmpstr(json_object_get_string_member(claims, "iss"), ==, KEY);
	g_assert_cmpstr(json_object_get_string_member(claims, "ist"), ==, "project");
	g_assert_cmpint(json_object_get_int_member(claims, "iat"), ==, NOW);
	g_assert_cmpint(json_object_get_int_member(claims, "exp"), ==, NOW + 86400);
	g_assert_cmpstr(json_object_get_string_member(claims, "jti"), ==, "fixed-jti");
	g_assert_cmpint(json_object_get_int_member(claims, "nonce"), ==, 42);
	g_assert_cmpstr(json_object_get_string_member(claims, "role"), ==, "subscriber");
	g_assert_cmpstr(json_object_get_string_member(claims, "scope"), ==, "session.connect");
	g_assert_cmpstr(json_object_get_string_member(claims, "session_id"), ==, SESSION);
	g_assert_cmpstr(json_object_get_string_member(claims, "connection_data"), ==,
			"name=\"J\\ohn\"\n");
	g_assert_cmpstr(json_object_get_string_member(claims, "initial_layout_class_list"), ==,
			"focus small");
}

static void
test_auth_jwt(void)
{
	g_autoptr(OtdSecret) secret = test_secret();
	g_autofree gchar *jwt = otd_auth_jwt_new_full(KEY, secret, NOW, "abc-1");
	g_autoptr(JsonObject) claims = verify_jwt(jwt);
	g_autofree gchar *a = otd_token_new_jti();
	g_autofree gchar *b = otd_token_new_jti();

	g_assert_cmpstr(json_object_get_string_member(claims, "iss"), ==, KEY);
	g_assert_cmpstr(json_object_get_string_member(claims, "ist"), ==, "project");
	g_assert_cmpint(json_object_get_int_member(claims, "iat"), ==, NOW);
	g_assert_cmpint(json_object_get_int_member(claims, "exp"), <=, NOW + 300);
	g_assert_cmpint(json_object_get_int_member(claims, "exp"), >, NOW);
	g_assert_cmpstr(json_object_get_string_member(claims, "jti"), ==, "abc-1");
	g_assert_cmpstr(a, !=, b);
}

static void
test_session_decode(void)
{
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) fields = otd_session_id_decode(SESSION, &error);

	g_assert_no_error(error);
	g_assert_cmpstr(fields[0], ==, "1");
	g_assert_cmpstr(fields[1], ==, KEY);
	g_assert_cmpstr(fields[3], ==, "Sat Mar 15 14:42:23 PDT 2014");
	g_assert_true(otd_session_id_check_owner(SESSION, KEY, &error));
	/* the negative vector of reference §4.4: key 654321 */
	g_assert_false(otd_session_id_check_owner(SESSION_KEY2, KEY, &error));
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	g_clear_error(&error);
	/* a prefix of the key is not the key */
	g_assert_false(otd_session_id_check_owner(SESSION, "12345", &error));
	g_clear_error(&error);
	g_assert_false(otd_session_id_check_owner("garbage", KEY, &error));
	g_clear_error(&error);
	g_assert_false(otd_session_id_check_owner("1_!!!!", KEY, &error));
}

static void
test_generate_checks(void)
{
	g_autoptr(OtdSecret) secret = test_secret();
	g_autoptr(GError) error = NULL;
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	OtdTokenOptions options = {.role = OTD_ROLE_PUBLISHER};
	gchar *token;

	options.expire_time = now - 10;
	token = otd_token_generate(KEY, secret, SESSION, &options, &error);
	g_assert_null(token);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	g_assert_nonnull(strstr(error->message, "expire_time"));
	g_clear_error(&error);
	options.expire_time = now + 31 * 86400;
	g_assert_null(otd_token_generate(KEY, secret, SESSION, &options, &error));
	g_clear_error(&error);
	options.expire_time = now + 29 * 86400;
	token = otd_token_generate(KEY, secret, SESSION, &options, &error);
	g_assert_no_error(error);
	g_assert_nonnull(token);
	g_free(token);
	g_assert_null(otd_token_generate(KEY, secret, SESSION_KEY2, &options, &error));
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/token/t1-python-defaults", test_t1_python_defaults);
	g_test_add_func("/otd/token/t1-python-options", test_t1_python_options);
	g_test_add_func("/otd/token/jwt-client", test_jwt_client_token);
	g_test_add_func("/otd/token/jwt-auth", test_auth_jwt);
	g_test_add_func("/otd/token/session-decode", test_session_decode);
	g_test_add_func("/otd/token/generate-checks", test_generate_checks);
	return g_test_run();
}
