/*
 * An id is "<version>_" followed by unpadded URL-safe base64 of a '~'-separated text whose
 * field 1 is the API key. Clients only ever decode it to check that field, so that is the
 * one property the generator has to guarantee; the rest mirrors what the service emits.
 */
#include <string.h>

#include "oem-session-id.h"
#include "oem-util.h"

gchar *
oem_session_id_new(const gchar *api_key, const gchar *location, gint64 now_ms, gboolean relayed)
{
	g_autofree gchar *random = oem_random_text(24);
	g_autofree gchar *plain = NULL;
	g_autofree gchar *payload = NULL;

	plain =
	    g_strdup_printf("1~%s~%s~%" G_GINT64_FORMAT "~%s~%s~~", api_key,
			    location != NULL ? location : "", now_ms, random, relayed ? "P" : "");
	payload = oem_base64url_encode((const guint8 *)plain, strlen(plain));
	return g_strdup_printf("1_%s", payload);
}

GStrv
oem_session_id_decode(const gchar *session_id)
{
	g_autoptr(GBytes) raw = NULL;
	g_autofree gchar *text = NULL;
	gsize len = 0;
	const gchar *data;

	if (session_id == NULL || !g_ascii_isdigit(session_id[0]) || session_id[1] != '_')
		return NULL;
	/* both alphabets: the SDKs swap '-' and '_' back before a lenient standard decode */
	raw = oem_base64_decode(session_id + 2, strlen(session_id + 2),
				OEM_BASE64_URL | OEM_BASE64_STANDARD | OEM_BASE64_PADDING, NULL);
	if (raw == NULL)
		return NULL;
	data = g_bytes_get_data(raw, &len);
	if (len == 0 || !g_utf8_validate_len(data, len, NULL))
		return NULL;
	text = g_strndup(data, len);
	return g_strsplit(text, "~", -1);
}

gchar *
oem_session_id_get_key(const gchar *session_id)
{
	g_auto(GStrv) fields = oem_session_id_decode(session_id);

	if (fields == NULL || g_strv_length(fields) < 2)
		return NULL;
	return g_strdup(fields[1]);
}
