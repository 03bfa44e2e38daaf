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

/* the session-id rules written the slow, obvious way: map the URL alphabet, pad, let
 * g_base64_decode() decode; NULL where the id is refused */
static gchar *
reference_session_text(const gchar *id)
{
	g_autoptr(GString) b64 = NULL;
	g_autofree guchar *raw = NULL;
	gsize len = 0;

	if (strlen(id) < 4 || strlen(id) > 512 || id[1] != '_')
		return NULL;
	b64 = g_string_new(id + 2);
	for (gsize i = 0; i < b64->len; i++) {
		if (b64->str[i] == '-')
			b64->str[i] = '+';
		else if (b64->str[i] == '_')
			b64->str[i] = '/';
		else if (!g_ascii_isalnum(b64->str[i]) && strchr("+/=", b64->str[i]) == NULL)
			return NULL;
	}
	while (b64->len % 4 != 0)
		g_string_append_c(b64, '=');
	raw = g_base64_decode(b64->str, &len);
	if (len == 0 || memchr(raw, '~', len) == NULL ||
	    !g_utf8_validate((const gchar *)raw, (gssize)len, NULL))
		return NULL;
	return g_strndup((const gchar *)raw, len);
}

static void
check_session_against_reference(const gchar *id)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *expected = reference_session_text(id);
	g_auto(GStrv) fields = otd_session_id_decode(id, &error);
	g_autofree gchar *joined = fields != NULL ? g_strjoinv("~", fields) : NULL;

	g_assert_true((fields == NULL) == (error != NULL));
	if (g_strcmp0(joined, expected) != 0)
		g_error("session id %s: decoded to %s, expected %s", id, joined, expected);
}

/* the decoder that runs for every token, against the reference on ids made to be awkward:
 * both alphabets, '=' anywhere, every length modulo 4, refused characters */
static void
test_session_decode_reference(void)
{
	static const gchar alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=";
	static const gchar *const fixed[] = {
	    SESSION, SESSION_KEY2, "1_fg", "1_fg=", "1_fg==", "1_fn4", "1_fn4=", "1_f=4=",
	    "1_=fn4", "1_MX4=", "1_MX4xMg==fn4", "1_MX4xMg=fn4", "2_fn5+", "2_fn5-", "1_fn5/",
	    "1_fn5_", "1_fn5.", "1_ fn", "x_fn4", "1-fn4", "1_", "1_f", "", "1_////", "1_wA~~",
    };
	GRand *rand = g_rand_new_with_seed(20261129);

	for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
		check_session_against_reference(fixed[i]);
	for (guint n = 0; n < 20000; n++) {
		gsize len = (gsize)g_rand_int_range(rand, 0, 40);
		g_autoptr(GString) id = g_string_new(g_rand_boolean(rand) ? "1_" : "2_");

		/* mostly '~'-bearing text, encoded, then mangled a little */
		if (g_rand_boolean(rand)) {
			g_autoptr(GString) text = g_string_new("1~");
			g_autofree gchar *b64 = NULL;
			for (gsize i = 0; i < len; i++)
				g_string_append_c(text, (gchar)g_rand_int_range(rand, 1, 256));
			b64 = g_base64_encode((const guchar *)text->str, text->len);
			g_string_append(id, b64);
			for (guint k = (guint)g_rand_int_range(rand, 0, 3); k > 0 && id->len > 2; k--)
				id->str[g_rand_int_range(rand, 2, (gint32)id->len)] =
				    alphabet[g_rand_int_range(rand, 0, sizeof(alphabet) - 1)];
			if (g_rand_boolean(rand))
				g_string_truncate(id, id->len - (gsize)g_rand_int_range(rand, 0, 3));
		} else {
			for (gsize i = 0; i < len; i++)
				g_string_append_c(id, alphabet[g_rand_int_range(rand, 0,
										sizeof(alphabet) - 1)]);
		}
		check_session_against_reference(id->str);
	}
	/* the longest id taken, and one more */
	{
		g_autoptr(GString) id = g_string_new("1_");
		while (id->len < 512)
			g_string_append(id, "fn4-");
		g_string_truncate(id, 512);
		check_session_against_reference(id->str);
		g_string_append_c(id, 'A');
		check_session_against_reference(id->str);
	}
	g_rand_free(rand);
}

/* T1 written the slow, obvious way, as the Python SDK lays it out */
static void
reference_form_append(GString *out, const gchar *key, const gchar *value)
{
	if (out->len > 0)
		g_string_append_c(out, '&');
	g_string_append_printf(out, "%s=", key);
	for (const guchar *p = (const guchar *)value; *p != '\0'; p++) {
		if (g_ascii_isalnum(*p) || strchr("_.-~", *p) != NULL)
			g_string_append_c(out, (gchar)*p);
		else if (*p == ' ')
			g_string_append_c(out, '+');
		else
			g_string_append_printf(out, "%%%02X", *p);
	}
}

static gchar *
reference_t1(const OtdTokenOptions *options, const OtdTokenEntropy *entropy, gint64 expire)
{
	g_autoptr(GString) data = g_string_new(NULL);
	g_autofree gchar *create = g_strdup_printf("%" G_GINT64_FORMAT, entropy->now);
	g_autofree gchar *exp = g_strdup_printf("%" G_GINT64_FORMAT, expire);
	g_autofree gchar *nonce = g_strdup_printf("%" G_GINT64_FORMAT, (gint64)entropy->nonce);
	g_autofree gchar *layout =
	    options->layout != NULL ? g_strjoinv(" ", (gchar **)options->layout) : g_strdup("");
	g_autofree gchar *sig = NULL;
	g_autofree gchar *plain = NULL;
	g_autofree gchar *b64 = NULL;

	reference_form_append(data, "session_id", SESSION);
	reference_form_append(data, "create_time", create);
	reference_form_append(data, "expire_time", exp);
	reference_form_append(data, "role", otd_role_to_string(options->role));
	reference_form_append(data, "nonce", nonce);
	reference_form_append(data, "initial_layout_class_list", layout);
	if (options->data != NULL)
		reference_form_append(data, "connection_data", options->data);
	sig = g_compute_hmac_for_string(G_CHECKSUM_SHA1, (const guchar *)SECRET, strlen(SECRET),
					data->str, (gssize)data->len);
	plain = g_strdup_printf("partner_id=%s&sig=%s:%s", KEY, sig, data->str);
	b64 = g_base64_encode((const guchar *)plain, strlen(plain));
	return g_strconcat("T1==", b64, NULL);
}

/* every byte a D-Bus string can carry in the data and the layout, every padding length,
 * every role, against the reference */
static void
test_t1_reference(void)
{
	g_autoptr(OtdSecret) secret = test_secret();
	g_autoptr(GString) data = g_string_new(NULL);
	const gchar *layouts[][4] = {
	    {NULL}, {"a", NULL}, {"focus", "small", NULL}, {"x y", "ü~.-_", "%+&=", NULL}};

	for (guint c = 1; c < 256; c++)
		g_string_append_c(data, (gchar)c);
	for (guint n = 0; n < 600; n++) {
		g_autoptr(GError) error = NULL;
		g_autofree gchar *data_n = g_strndup(data->str + n % 255, n % 7 * 40);
		OtdTokenOptions options = {.role = (OtdRole)(n % 4),
					   .data = n % 11 == 0 ? NULL : data_n,
					   .layout = n % 5 == 0 ? NULL : layouts[n % 4],
					   .type = OTD_TOKEN_TYPE_T1};
		OtdTokenEntropy entropy = {.now = NOW + n, .nonce = n * 1777 % 1000000, .jti = "j"};
		g_autofree gchar *token =
		    otd_token_generate_full(KEY, secret, SESSION, &options, &entropy, &error);
		g_autofree gchar *expected = reference_t1(&options, &entropy, NOW + n + 86400);

		g_assert_no_error(error);
		g_assert_cmpstr(token, ==, expected);
	}
}

/* every control character, quotes, backslashes and UTF-8 in the data and the layout come
 * back unchanged through a JSON parser */
static void
test_jwt_escapes(void)
{
	g_autoptr(OtdSecret) secret = test_secret();
	g_autoptr(GString) data = g_string_new("\"\\ü");
	const gchar *layout[] = {"a\tb", "\"c\\", "\x01\x1f", NULL};

	for (guint c = 1; c < 0x80; c++)
		g_string_append_c(data, (gchar)c);
	g_string_append(data, "end\\\"");
	for (gsize cut = 0; cut <= data->len; cut += 7) {
		g_autoptr(GError) error = NULL;
		g_autofree gchar *data_n = g_strndup(data->str + cut, data->len - cut);
		OtdTokenOptions options = {.role = OTD_ROLE_PUBLISHER,
					   .data = data_n,
					   .layout = cut % 2 == 0 ? layout : NULL,
					   .type = OTD_TOKEN_TYPE_JWT};
		OtdTokenEntropy entropy = {.now = NOW, .nonce = 1, .jti = "j\"\\\n"};
		g_autofree gchar *token =
		    otd_token_generate_full(KEY, secret, SESSION, &options, &entropy, &error);
		g_autoptr(JsonObject) claims = NULL;

		g_assert_no_error(error);
		claims = verify_jwt(token);
		/* JSON forbids raw control characters in strings, which json-glib lets through */
		{
			g_auto(GStrv) parts = g_strsplit(token, ".", -1);
			g_autoptr(GBytes) payload = b64url_decode(parts[1]);
			gsize len = 0;
			const guchar *bytes = g_bytes_get_data(payload, &len);
			for (gsize i = 0; i < len; i++)
				g_assert_cmpuint(bytes[i], >=, 0x20);
		}
		g_assert_cmpstr(json_object_get_string_member(claims, "connection_data"), ==, data_n);
		g_assert_cmpstr(json_object_get_string_member(claims, "jti"), ==, "j\"\\\n");
		if (cut % 2 == 0)
			g_assert_cmpstr(
			    json_object_get_string_member(claims, "initial_layout_class_list"), ==,
			    "a\tb \"c\\ \x01\x1f");
		else
			g_assert_false(json_object_has_member(claims, "initial_layout_class_list"));
	}
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
	g_test_add_func("/otd/token/session-decode-reference", test_session_decode_reference);
	g_test_add_func("/otd/token/t1-reference", test_t1_reference);
	g_test_add_func("/otd/token/jwt-escapes", test_jwt_escapes);
	return g_test_run();
}
