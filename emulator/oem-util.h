/*
 * Small helpers shared by the emulator: strict base64, form decoding, HMAC, ids.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OEM_ERROR (oem_error_quark())

typedef enum {
	OEM_ERROR_INVALID, /* malformed input */
	OEM_ERROR_REFUSED, /* well-formed but not acceptable */
} OemError;

/* which base64 alphabets a decoder accepts */
typedef enum {
	OEM_BASE64_STANDARD = 1 << 0, /* '+' and '/' */
	OEM_BASE64_URL = 1 << 1,      /* '-' and '_' */
	OEM_BASE64_PADDING = 1 << 2,  /* trailing '=' allowed (never required) */
} OemBase64Flags;

GQuark oem_error_quark(void);

GBytes *oem_base64_decode(const gchar *text, gsize len, OemBase64Flags flags, GError **error);
gchar *oem_base64url_encode(const guint8 *data, gsize len);

GHashTable *oem_form_decode(const gchar *data, gsize len, GError **error);

GBytes *oem_hmac(gboolean sha256, GBytes *key, const void *data, gsize len);
gboolean oem_memeq_const_time(const guint8 *a, gsize a_len, const guint8 *b, gsize b_len);

gboolean oem_parse_int64(const gchar *text, gint64 *ret_value);
gchar *oem_random_text(guint len);
gint64 oem_now_ms(void);

G_END_DECLS
