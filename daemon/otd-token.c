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

static const gchar otd_base64_std[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const gchar otd_base64_url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* the base64 of @data at @out, with @alphabet, '='-padded or not; returns the end (no NUL
 * written); @out has room for len / 3 * 4 + 4 */
static gchar *
otd_base64_put(gchar *out, const guint8 *data, gsize len, const gchar *alphabet, gboolean pad)
{
	gchar *o = out;
	gsize i = 0;

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
		else if (pad)
			*o++ = '=';
		if (pad)
			*o++ = '=';
	}
	return o;
}

/* @text as the inside of a JSON string */
static void
otd_json_escape_body(GString *out, const gchar *text)
{
	const guchar *run = (const guchar *)text;
	const guchar *p = run;

	for (;; p++) {
		const gchar *escape = NULL;

		/* plain bytes are copied by runs; only the end and what needs escaping stop one */
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		g_string_append_len(out, (const gchar *)run, p - run);
		run = p + 1;
		switch (*p) {
		case '\0':
			return;
		case '"':
			escape = "\\\"";
			break;
		case '\\':
			escape = "\\\\";
			break;
		case '\n':
			escape = "\\n";
			break;
		case '\r':
			escape = "\\r";
			break;
		case '\t':
			escape = "\\t";
			break;
		default:
			g_string_append_printf(out, "\\u%04x", *p);
			continue;
		}
		g_string_append_len(out, escape, 2);
	}
}

static void
otd_json_escape_append(GString *out, const gchar *text)
{
	g_string_append_c(out, '"');
	otd_json_escape_body(out, text);
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

/* the longest session id we decode, and what it decodes to at most */
#define OTD_SESSION_ID_MAX     512
#define OTD_SESSION_ID_RAW_MAX (OTD_SESSION_ID_MAX / 4 * 3 + 3)

/* one more than the value of each base64 character, in both alphabets ('=' counts as zero);
 * 0 for what is not base64 */
static const guint8 otd_base64_rank1[256] = {
    ['A'] = 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13,
    ['N'] = 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    ['a'] = 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39,
    ['n'] = 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52,
    ['0'] = 53, 54, 55, 56, 57, 58, 59, 60, 61, 62,
    ['+'] = 63, ['-'] = 63, ['/'] = 64, ['_'] = 64, ['='] = 1,
};

/* the decoded text of a session id, '~'-separated fields, at @out (OTD_SESSION_ID_RAW_MAX + 1
 * bytes), NUL-terminated; returns its length, or -1. Base64 in either alphabet, padding
 * optional, decoded as g_base64_decode() would ('=' counts as zero bits; a quantum whose last
 * one or two characters are '=' gives fewer bytes) but without its allocations: this runs
 * for every token. */
static gssize
otd_session_id_decode_into(const gchar *session_id, guint8 *out, GError **error)
{
	gsize n = session_id != NULL ? strlen(session_id) : 0;
	guint8 *o = out;
	guint32 v = 0;
	guint quantum = 0;
	gchar last = 0, before_last = 0;

	if (n < 4 || n > OTD_SESSION_ID_MAX || session_id[1] != '_') {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid session id: not in the form <digit>_<base64>");
		return -1;
	}
	/* the text after "N_", then the '=' that pad it to a multiple of four */
	for (gsize i = 2; i < n || quantum != 0; i++) {
		gchar c = i < n ? session_id[i] : '=';
		guint rank1 = otd_base64_rank1[(guchar)c];

		if (rank1 == 0) {
			g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
					    "invalid session id: unexpected character");
			return -1;
		}
		before_last = last;
		last = c;
		v = v << 6 | (rank1 - 1);
		if (++quantum == 4) {
			*o++ = (guint8)(v >> 16);
			if (before_last != '=')
				*o++ = (guint8)(v >> 8);
			if (last != '=')
				*o++ = (guint8)v;
			quantum = 0;
		}
	}
	*o = '\0';
	if (memchr(out, '~', (gsize)(o - out)) == NULL ||
	    !g_utf8_validate((const gchar *)out, o - out, NULL)) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid session id: does not decode to session fields");
		return -1;
	}
	return o - out;
}

gchar **
otd_session_id_decode(const gchar *session_id, GError **error)
{
	guint8 text[OTD_SESSION_ID_RAW_MAX + 1];

	if (otd_session_id_decode_into(session_id, text, error) < 0)
		return NULL;
	return g_strsplit((const gchar *)text, "~", -1);
}

gboolean
otd_session_id_check_owner(const gchar *session_id, const gchar *api_key, GError **error)
{
	guint8 text[OTD_SESSION_ID_RAW_MAX + 1];
	const gchar *field1, *end;

	if (otd_session_id_decode_into(session_id, text, error) < 0)
		return FALSE;
	/* field 1, between the first and the second '~' (or the end) */
	field1 = strchr((const gchar *)text, '~') + 1;
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

/* "@header_b64.<base64url of @payload>.<base64url of its HS256>", in one allocation */
static gchar *
otd_hs256_sign(const OtdSecret *secret, const gchar *header_b64, const GString *payload)
{
	gsize header_len = strlen(header_b64);
	gchar *jwt = g_malloc(header_len + 1 + payload->len / 3 * 4 + 4 + 1 + 44 + 1);
	gchar *o = jwt;
	guint8 digest[32];

	memcpy(o, header_b64, header_len);
	o += header_len;
	*o++ = '.';
	o = otd_base64_put(o, (const guint8 *)payload->str, payload->len, otd_base64_url, FALSE);
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, otd_secret_get_data(secret),
			     otd_secret_get_size(secret), jwt, (gsize)(o - jwt), digest) < 0) {
		g_free(jwt);
		return NULL;
	}
	*o++ = '.';
	o = otd_base64_put(o, digest, sizeof(digest), otd_base64_url, FALSE);
	*o = '\0';
	return jwt;
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
	/* the classes joined with spaces */
	if (options->layout != NULL && options->layout[0] != NULL) {
		g_string_append(claims, ",\"initial_layout_class_list\":\"");
		for (guint i = 0; options->layout[i] != NULL; i++) {
			if (i > 0)
				g_string_append_c(claims, ' ');
			otd_json_escape_body(claims, options->layout[i]);
		}
		g_string_append_c(claims, '"');
	}
	g_string_append_c(claims, '}');
	return otd_hs256_sign(secret, OTD_JWT_HEADER_B64, claims);
}

/* form encoding as Python's quote_plus: keep A-Z a-z 0-9 _ . - ~, space as '+' */
static void
otd_form_append_value(GString *out, const gchar *value)
{
	const guchar *run = (const guchar *)value;
	const guchar *p = run;

	for (;; p++) {
		if (g_ascii_isalnum(*p) || *p == '_' || *p == '.' || *p == '-' || *p == '~')
			continue;
		/* copied by runs: a byte at a time showed in the profile of every T1 token */
		g_string_append_len(out, (const gchar *)run, p - run);
		run = p + 1;
		if (*p == '\0')
			return;
		if (*p == ' ') {
			g_string_append_c(out, '+');
		} else {
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
	static const gchar hex[] = "0123456789abcdef";
	g_autoptr(GString) plain = g_string_sized_new(512);
	gsize data_start;
	gchar *token, *o;
	guint8 digest[20];

	/* "partner_id=KEY&sig=<40 hex digits>:" + data, the signature filled in once the data
	 * is there; the data in the Python SDK's byte layout, so our tokens match its vectors
	 * exactly. Numbers need no form encoding, and neither does a role. */
	g_string_append(plain, "partner_id=");
	g_string_append(plain, api_key);
	g_string_append(plain, "&sig=0000000000000000000000000000000000000000:");
	data_start = plain->len;
	g_string_append(plain, "session_id=");
	otd_form_append_value(plain, session_id);
	g_string_append(plain, "&create_time=");
	otd_append_int(plain, entropy->now);
	g_string_append(plain, "&expire_time=");
	otd_append_int(plain, expire);
	g_string_append(plain, "&role=");
	g_string_append(plain, otd_role_to_string(options->role));
	g_string_append(plain, "&nonce=");
	otd_append_int(plain, entropy->nonce);
	/* the classes joined with spaces, which the encoding turns into '+' */
	g_string_append(plain, "&initial_layout_class_list=");
	for (guint i = 0; options->layout != NULL && options->layout[i] != NULL; i++) {
		if (i > 0)
			g_string_append_c(plain, '+');
		otd_form_append_value(plain, options->layout[i]);
	}
	if (options->data != NULL) {
		g_string_append(plain, "&connection_data=");
		otd_form_append_value(plain, options->data);
	}
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA1, otd_secret_get_data(secret),
			     otd_secret_get_size(secret), plain->str + data_start,
			     plain->len - data_start, digest) < 0)
		return NULL;
	o = plain->str + data_start - 1 - 2 * sizeof(digest);
	for (guint i = 0; i < sizeof(digest); i++) {
		*o++ = hex[digest[i] >> 4];
		*o++ = hex[digest[i] & 0xf];
	}
	token = g_malloc(4 + plain->len / 3 * 4 + 4 + 1);
	memcpy(token, "T1==", 4);
	o = otd_base64_put(token + 4, (const guint8 *)plain->str, plain->len, otd_base64_std, TRUE);
	*o = '\0';
	return token;
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
