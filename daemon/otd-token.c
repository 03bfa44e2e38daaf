/*
 * Token minting. JWTs are assembled as text rather than through json-glib: it is five
 * times faster, and every value is either a number we formatted or a string escaped by
 * otd_json_escape_append().
 */
#include "config.h"

#include <gnutls/crypto.h>
#include <string.h>

#include "otd-error.h"
#include "otd-token.h"

static const gchar *const otd_role_names[] = {
    [OTD_ROLE_SUBSCRIBER] = "subscriber",
    [OTD_ROLE_PUBLISHERONLY] = "publisheronly",
    [OTD_ROLE_PUBLISHER] = "publisher",
    [OTD_ROLE_MODERATOR] = "moderator",
};

const gchar *
otd_role_to_string(OtdRole role)
{
	if ((guint)role >= G_N_ELEMENTS(otd_role_names))
		return NULL;
	return otd_role_names[role];
}

gboolean
otd_role_from_string(const gchar *text, OtdRole *ret_role)
{
	for (guint i = 0; i < G_N_ELEMENTS(otd_role_names); i++) {
		if (g_strcmp0(text, otd_role_names[i]) == 0) {
			*ret_role = (OtdRole)i;
			return TRUE;
		}
	}
	return FALSE;
}

gchar *
otd_base64url_encode(const guint8 *data, gsize len)
{
	static const gchar alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	gchar *out = g_malloc(len / 3 * 4 + 5);
	gchar *o = out;
	gsize i = 0;

	/* unpadded, straight into the URL alphabet: no second pass over g_base64_encode()'s */
	for (; i + 2 < len; i += 3) {
		guint32 v = (guint32)data[i] << 16 | (guint32)data[i + 1] << 8 | data[i + 2];
		*o++ = alphabet[v >> 18];
		*o++ = alphabet[(v >> 12) & 63];
		*o++ = alphabet[(v >> 6) & 63];
		*o++ = alphabet[v & 63];
	}
	if (i < len) {
		guint32 v = (guint32)data[i] << 16 | (i + 1 < len ? (guint32)data[i + 1] << 8 : 0);
		*o++ = alphabet[v >> 18];
		*o++ = alphabet[(v >> 12) & 63];
		if (i + 1 < len)
			*o++ = alphabet[(v >> 6) & 63];
	}
	*o = '\0';
	return out;
}

void
otd_json_escape_append(GString *out, const gchar *text)
{
	g_string_append_c(out, '"');
	for (const guchar *p = (const guchar *)text; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			g_string_append(out, "\\\"");
			break;
		case '\\':
			g_string_append(out, "\\\\");
			break;
		case '\n':
			g_string_append(out, "\\n");
			break;
		case '\r':
			g_string_append(out, "\\r");
			break;
		case '\t':
			g_string_append(out, "\\t");
			break;
		default:
			if (*p < 0x20)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (gchar)*p);
		}
	}
	g_string_append_c(out, '"');
}

/* decimal digits of @v; GString's printf showed in the profile of every token */
static void
otd_append_int(GString *out, gint64 v)
{
	gchar buf[24];
	gchar *p = buf + sizeof(buf);
	guint64 u = v < 0 ? (guint64)0 - (guint64)v : (guint64)v;

	do {
		*--p = (gchar)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	g_string_append_len(out, p, buf + sizeof(buf) - p);
}

static gchar *
otd_int_to_string(gint64 v)
{
	GString *out = g_string_sized_new(24);
	otd_append_int(out, v);
	return g_string_free(out, FALSE);
}

gchar *
otd_token_new_jti(void)
{
	static gsize once = 0;
	static guint32 boot_a, boot_b;
	static guint64 counter = 0;
	static const gchar hex[] = "0123456789abcdef";
	G_LOCK_DEFINE_STATIC(counter);
	GString *jti = g_string_sized_new(40);
	guint64 n;

	/* a random per-process prefix plus a counter: unique for the daemon's life and
	 * unlikely to collide across restarts; locked, because the main thread mints client
	 * tokens while the REST worker thread signs its auth JWTs */
	if (g_once_init_enter(&once)) {
		boot_a = g_random_int();
		boot_b = g_random_int();
		g_once_init_leave(&once, 1);
	}
	G_LOCK(counter);
	n = ++counter;
	G_UNLOCK(counter);
	for (gint shift = 28; shift >= 0; shift -= 4)
		g_string_append_c(jti, hex[(boot_a >> shift) & 0xf]);
	for (gint shift = 28; shift >= 0; shift -= 4)
		g_string_append_c(jti, hex[(boot_b >> shift) & 0xf]);
	g_string_append_c(jti, '-');
	otd_append_int(jti, (gint64)n);
	return g_string_free(jti, FALSE);
}

/* the decoded text of a session id: '~'-separated fields */
static gchar *
otd_session_id_decode_text(const gchar *session_id, GError **error)
{
	g_autofree gchar *b64 = NULL;
	g_autofree guchar *raw = NULL;
	gsize len = 0, n;

	if (session_id == NULL || strlen(session_id) < 4 || strlen(session_id) > 512 ||
	    session_id[1] != '_') {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid session id: not in the form <digit>_<base64>");
		return NULL;
	}
	n = strlen(session_id + 2);
	b64 = g_malloc0(n + 4);
	for (gsize i = 0; i < n; i++) {
		gchar c = session_id[2 + i];
		if (c == '-')
			c = '+';
		else if (c == '_')
			c = '/';
		else if (!g_ascii_isalnum(c) && c != '+' && c != '/' && c != '=') {
			g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
					    "invalid session id: unexpected character");
			return NULL;
		}
		b64[i] = c;
	}
	while (n % 4 != 0)
		b64[n++] = '=';
	raw = g_base64_decode(b64, &len);
	if (len == 0 || memchr(raw, '~', len) == NULL || !g_utf8_validate((gchar *)raw, len, NULL)) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid session id: does not decode to session fields");
		return NULL;
	}
	raw = g_realloc(raw, len + 1);
	raw[len] = '\0';
	return (gchar *)g_steal_pointer(&raw);
}

gchar **
otd_session_id_decode(const gchar *session_id, GError **error)
{
	g_autofree gchar *text = otd_session_id_decode_text(session_id, error);

	if (text == NULL)
		return NULL;
	return g_strsplit(text, "~", -1);
}

gboolean
otd_session_id_check_owner(const gchar *session_id, const gchar *api_key, GError **error)
{
	g_autofree gchar *text = otd_session_id_decode_text(session_id, error);
	const gchar *field1, *end;

	if (text == NULL)
		return FALSE;
	/* field 1, between the first and the second '~' (or the end) */
	field1 = strchr(text, '~') + 1;
	end = strchr(field1, '~');
	if (end == NULL)
		end = field1 + strlen(field1);
	if ((gsize)(end - field1) != strlen(api_key) ||
	    strncmp(field1, api_key, (gsize)(end - field1)) != 0) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "session %s does not belong to API key %s", session_id, api_key);
		return FALSE;
	}
	return TRUE;
}

static gchar *
otd_hs256_sign(const OtdSecret *secret, const gchar *header_b64, const GString *payload)
{
	g_autofree gchar *payload_b64 =
	    otd_base64url_encode((const guint8 *)payload->str, payload->len);
	g_autofree gchar *signing_input = g_strconcat(header_b64, ".", payload_b64, NULL);
	g_autofree gchar *sig_b64 = NULL;
	guint8 digest[32];

	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, otd_secret_get_data(secret),
			     otd_secret_get_size(secret), signing_input, strlen(signing_input),
			     digest) < 0)
		return NULL;
	sig_b64 = otd_base64url_encode(digest, sizeof(digest));
	return g_strconcat(signing_input, ".", sig_b64, NULL);
}

/* base64url of {"alg":"HS256","typ":"JWT"} */
#define OTD_JWT_HEADER_B64 "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"

gchar *
otd_auth_jwt_new_full(const gchar *api_key, const OtdSecret *secret, gint64 now,
		      const gchar *jti)
{
	g_autoptr(GString) claims = g_string_sized_new(160);

	g_string_append(claims, "{\"iss\":");
	otd_json_escape_append(claims, api_key);
	g_string_append(claims, ",\"ist\":\"project\",\"iat\":");
	otd_append_int(claims, now);
	g_string_append(claims, ",\"exp\":");
	otd_append_int(claims, now + OTD_AUTH_JWT_LIFETIME);
	g_string_append(claims, ",\"jti\":");
	otd_json_escape_append(claims, jti);
	g_string_append_c(claims, '}');
	return otd_hs256_sign(secret, OTD_JWT_HEADER_B64, claims);
}

gchar *
otd_auth_jwt_new(const gchar *api_key, const OtdSecret *secret)
{
	g_autofree gchar *jti = otd_token_new_jti();
	return otd_auth_jwt_new_full(api_key, secret, g_get_real_time() / G_USEC_PER_SEC, jti);
}

static gchar *
otd_token_join_layout(const gchar *const *layout)
{
	if (layout == NULL)
		return g_strdup("");
	return g_strjoinv(" ", (gchar **)layout);
}

static gchar *
otd_token_jwt(const gchar *api_key, const OtdSecret *secret, const gchar *session_id,
	      const OtdTokenOptions *options, const OtdTokenEntropy *entropy, gint64 expire)
{
	g_autoptr(GString) claims = g_string_sized_new(512);

	g_string_append(claims, "{\"iss\":");
	otd_json_escape_append(claims, api_key);
	g_string_append(claims, ",\"ist\":\"project\",\"iat\":");
	otd_append_int(claims, entropy->now);
	g_string_append(claims, ",\"exp\":");
	otd_append_int(claims, expire);
	g_string_append(claims, ",\"jti\":");
	otd_json_escape_append(claims, entropy->jti);
	g_string_append(claims, ",\"nonce\":");
	otd_append_int(claims, entropy->nonce);
	g_string_append(claims, ",\"role\":\"");
	g_string_append(claims, otd_role_to_string(options->role));
	g_string_append_c(claims, '"');
	g_string_append(claims, ",\"scope\":\"session.connect\",\"session_id\":");
	otd_json_escape_append(claims, session_id);
	if (options->data != NULL) {
		g_string_append(claims, ",\"connection_data\":");
		otd_json_escape_append(claims, options->data);
	}
	if (options->layout != NULL && options->layout[0] != NULL) {
		g_autofree gchar *layout = otd_token_join_layout(options->layout);
		g_string_append(claims, ",\"initial_layout_class_list\":");
		otd_json_escape_append(claims, layout);
	}
	g_string_append_c(claims, '}');
	return otd_hs256_sign(secret, OTD_JWT_HEADER_B64, claims);
}

/* form encoding as Python's quote_plus: keep A-Z a-z 0-9 _ . - ~, space as '+' */
static void
otd_form_append(GString *out, const gchar *key, const gchar *value)
{
	if (out->len > 0)
		g_string_append_c(out, '&');
	g_string_append(out, key);
	g_string_append_c(out, '=');
	for (const guchar *p = (const guchar *)value; *p != '\0'; p++) {
		if (g_ascii_isalnum(*p) || *p == '_' || *p == '.' || *p == '-' || *p == '~')
			g_string_append_c(out, (gchar)*p);
		else if (*p == ' ')
			g_string_append_c(out, '+');
		else {
			g_string_append_c(out, '%');
			g_string_append_c(out, "0123456789ABCDEF"[*p >> 4]);
			g_string_append_c(out, "0123456789ABCDEF"[*p & 0xf]);
		}
	}
}

static gchar *
otd_token_t1(const gchar *api_key, const OtdSecret *secret, const gchar *session_id,
	     const OtdTokenOptions *options, const OtdTokenEntropy *entropy, gint64 expire)
{
	g_autoptr(GString) data = g_string_sized_new(256);
	g_autoptr(GString) plain = g_string_sized_new(512);
	g_autofree gchar *create = otd_int_to_string(entropy->now);
	g_autofree gchar *expire_s = otd_int_to_string(expire);
	g_autofree gchar *nonce = otd_int_to_string(entropy->nonce);
	g_autofree gchar *layout = otd_token_join_layout(options->layout);
	g_autofree gchar *b64 = NULL;
	guint8 digest[20];

	/* the Python SDK's byte layout, so our tokens match its vectors exactly */
	otd_form_append(data, "session_id", session_id);
	otd_form_append(data, "create_time", create);
	otd_form_append(data, "expire_time", expire_s);
	otd_form_append(data, "role", otd_role_to_string(options->role));
	otd_form_append(data, "nonce", nonce);
	otd_form_append(data, "initial_layout_class_list", layout);
	if (options->data != NULL)
		otd_form_append(data, "connection_data", options->data);
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA1, otd_secret_get_data(secret),
			     otd_secret_get_size(secret), data->str, data->len, digest) < 0)
		return NULL;
	g_string_append(plain, "partner_id=");
	g_string_append(plain, api_key);
	g_string_append(plain, "&sig=");
	for (guint i = 0; i < sizeof(digest); i++) {
		g_string_append_c(plain, "0123456789abcdef"[digest[i] >> 4]);
		g_string_append_c(plain, "0123456789abcdef"[digest[i] & 0xf]);
	}
	g_string_append_c(plain, ':');
	g_string_append_len(plain, data->str, (gssize)data->len);
	b64 = g_base64_encode((const guchar *)plain->str, plain->len);
	return g_strconcat("T1==", b64, NULL);
}

gchar *
otd_token_generate_full(const gchar *api_key, const OtdSecret *secret, const gchar *session_id,
			const OtdTokenOptions *options, const OtdTokenEntropy *entropy,
			GError **error)
{
	gint64 expire = options->expire_time;
	gchar *token;

	if (expire == 0)
		expire = entropy->now + OTD_TOKEN_DEFAULT_LIFETIME;
	if (options->type == OTD_TOKEN_TYPE_T1)
		token = otd_token_t1(api_key, secret, session_id, options, entropy, expire);
	else
		token = otd_token_jwt(api_key, secret, session_id, options, entropy, expire);
	if (token == NULL)
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INTERNAL, "cannot compute HMAC");
	return token;
}

gchar *
otd_token_generate(const gchar *api_key, const OtdSecret *secret, const gchar *session_id,
		   const OtdTokenOptions *options, GError **error)
{
	g_autofree gchar *jti = otd_token_new_jti();
	OtdTokenEntropy entropy = {
	    .now = g_get_real_time() / G_USEC_PER_SEC,
	    .nonce = (guint32)g_random_int_range(0, 1000000),
	    .jti = jti,
	};

	if (!otd_session_id_check_owner(session_id, api_key, error))
		return NULL;
	if (options->expire_time != 0 &&
	    (options->expire_time <= entropy.now ||
	     options->expire_time > entropy.now + OTD_TOKEN_MAX_LIFETIME)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option 'expire_time': %" G_GINT64_FORMAT
			    " must be after now (%" G_GINT64_FORMAT ") and within 30 days",
			    options->expire_time, entropy.now);
		return NULL;
	}
	return otd_token_generate_full(api_key, secret, session_id, options, &entropy, error);
}
