/*
 * Helpers shared by the token verifiers and the REST handlers. The decoders are strict on
 * purpose: a verifier that accepts two spellings of one signature lets a changed character
 * through unnoticed.
 */
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "oem-util.h"

G_DEFINE_QUARK(oem - error - quark, oem_error)

static gint
oem_base64_value(gchar c, OemBase64Flags flags)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if ((flags & OEM_BASE64_STANDARD) && (c == '+' || c == '/'))
		return c == '+' ? 62 : 63;
	if ((flags & OEM_BASE64_URL) && (c == '-' || c == '_'))
		return c == '-' ? 62 : 63;
	return -1;
}

static gsize
oem_base64_strip_padding(const gchar *text, gsize *len, OemBase64Flags flags)
{
	gsize pad = 0;

	if ((flags & OEM_BASE64_PADDING) == 0)
		return 0;
	while (pad < 2 && *len > 0 && text[*len - 1] == '=') {
		(*len)--;
		pad++;
	}
	return pad;
}

GBytes *
oem_base64_decode(const gchar *text, gsize len, OemBase64Flags flags, GError **error)
{
	g_autoptr(GByteArray) out = g_byte_array_sized_new(len * 3 / 4 + 3);
	gsize pad = oem_base64_strip_padding(text, &len, flags);
	guint32 acc = 0;
	guint bits = 0;

	/* padding is optional, but when present it has to complete the last quantum */
	if ((pad > 0 && (len + pad) % 4 != 0) || len % 4 == 1) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID, "invalid base64 length");
		return NULL;
	}
	for (gsize i = 0; i < len; i++) {
		gint value = oem_base64_value(text[i], flags);

		if (value < 0) {
			g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID,
					    "invalid base64 character");
			return NULL;
		}
		acc = (acc << 6) | (guint32)value;
		bits += 6;
		if (bits >= 8) {
			guint8 byte;

			bits -= 8;
			byte = (guint8)((acc >> bits) & 0xff);
			g_byte_array_append(out, &byte, 1);
		}
	}
	/* leftover bits must be zero, otherwise two texts would decode to the same bytes */
	if ((acc & ((1u << bits) - 1)) != 0) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "non-canonical base64 encoding");
		return NULL;
	}
	return g_byte_array_free_to_bytes(g_steal_pointer(&out));
}

gchar *
oem_base64url_encode(const guint8 *data, gsize len)
{
	gchar *text = g_base64_encode(data, len);
	gsize n = strlen(text);

	while (n > 0 && text[n - 1] == '=')
		text[--n] = '\0';
	for (gchar *p = text; *p != '\0'; p++) {
		if (*p == '+')
			*p = '-';
		else if (*p == '/')
			*p = '_';
	}
	return text;
}

static gchar *
oem_form_unescape(const gchar *text, gsize len, GError **error)
{
	g_autoptr(GString) out = g_string_sized_new(len);

	for (gsize i = 0; i < len; i++) {
		gint hi, lo;

		if (text[i] == '+') {
			g_string_append_c(out, ' ');
			continue;
		}
		if (text[i] != '%') {
			g_string_append_c(out, text[i]);
			continue;
		}
		hi = i + 2 < len ? g_ascii_xdigit_value(text[i + 1]) : -1;
		lo = i + 2 < len ? g_ascii_xdigit_value(text[i + 2]) : -1;
		if (hi < 0 || lo < 0) {
			g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID,
					    "invalid percent escape");
			return NULL;
		}
		g_string_append_c(out, (gchar)((hi << 4) | lo));
		i += 2;
	}
	/* this also refuses embedded NUL bytes */
	if (!g_utf8_validate_len(out->str, out->len, NULL)) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID, "text is not UTF-8");
		return NULL;
	}
	return g_string_free(g_steal_pointer(&out), FALSE);
}

static gboolean
oem_form_add_pair(GHashTable *fields, const gchar *pair, gsize len, GError **error)
{
	const gchar *eq = memchr(pair, '=', len);
	gsize key_len = eq != NULL ? (gsize)(eq - pair) : len;
	g_autofree gchar *key = oem_form_unescape(pair, key_len, error);
	g_autofree gchar *value = NULL;

	if (key == NULL)
		return FALSE;
	value = eq != NULL ? oem_form_unescape(eq + 1, len - key_len - 1, error) : g_strdup("");
	if (value == NULL)
		return FALSE;
	if (key[0] == '\0') {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID, "empty field name");
		return FALSE;
	}
	/* a repeated field is ambiguous: different parsers keep different copies */
	if (g_hash_table_contains(fields, key)) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "duplicate field '%s'", key);
		return FALSE;
	}
	g_hash_table_insert(fields, g_steal_pointer(&key), g_steal_pointer(&value));
	return TRUE;
}

GHashTable *
oem_form_decode(const gchar *data, gsize len, GError **error)
{
	g_autoptr(GHashTable) fields =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	gsize start = 0;

	while (start <= len) {
		const gchar *amp = memchr(data + start, '&', len - start);
		gsize end = amp != NULL ? (gsize)(amp - data) : len;

		if (end > start && !oem_form_add_pair(fields, data + start, end - start, error))
			return NULL;
		start = end + 1;
	}
	return g_steal_pointer(&fields);
}

GBytes *
oem_hmac(gboolean sha256, GBytes *key, const void *data, gsize len)
{
	gnutls_mac_algorithm_t algo = sha256 ? GNUTLS_MAC_SHA256 : GNUTLS_MAC_SHA1;
	gsize key_len = 0;
	const void *key_data = g_bytes_get_data(key, &key_len);
	guint8 digest[32];
	gsize digest_len = gnutls_hmac_get_len(algo);

	if (gnutls_hmac_fast(algo, key_data, key_len, data, len, digest) < 0)
		return NULL;
	return g_bytes_new(digest, digest_len);
}

gboolean
oem_memeq_const_time(const guint8 *a, gsize a_len, const guint8 *b, gsize b_len)
{
	guint8 diff = 0;

	/* the length of a MAC is public; only its content must not leak through timing */
	if (a_len != b_len)
		return FALSE;
	for (gsize i = 0; i < a_len; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

gboolean
oem_parse_int64(const gchar *text, gint64 *ret_value)
{
	if (text == NULL || text[0] == '+')
		return FALSE;
	return g_ascii_string_to_signed(text, 10, G_MININT64, G_MAXINT64, ret_value, NULL);
}

gchar *
oem_random_text(guint len)
{
	static const gchar alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	g_autofree guint8 *raw = g_malloc(len);
	gchar *text = g_malloc(len + 1);

	if (gnutls_rnd(GNUTLS_RND_NONCE, raw, len) < 0) {
		for (guint i = 0; i < len; i++)
			raw[i] = (guint8)g_random_int();
	}
	for (guint i = 0; i < len; i++)
		text[i] = alphabet[raw[i] % 64];
	text[len] = '\0';
	return text;
}

gint64
oem_now_ms(void)
{
	return g_get_real_time() / 1000;
}
