/*
 * The strict decoders the verifiers rely on.
 */
#include <string.h>

#include "oem-util.h"

static void
oem_test_assert_decodes(const gchar *text, OemBase64Flags flags, const gchar *expected)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) bytes = oem_base64_decode(text, strlen(text), flags, &error);
	gsize len = 0;
	const gchar *data;

	g_test_message("%s", text);
	if (expected == NULL) {
		g_assert_null(bytes);
		g_assert_error(error, OEM_ERROR, OEM_ERROR_INVALID);
		return;
	}
	g_assert_no_error(error);
	data = g_bytes_get_data(bytes, &len);
	g_assert_cmpmem(data, len, expected, strlen(expected));
}

static void
oem_test_base64(void)
{
	const OemBase64Flags url = OEM_BASE64_URL;
	const OemBase64Flags any = OEM_BASE64_URL | OEM_BASE64_STANDARD | OEM_BASE64_PADDING;

	oem_test_assert_decodes("", url, "");
	oem_test_assert_decodes("Zm9v", url, "foo");
	oem_test_assert_decodes("Zm8", url, "fo");
	oem_test_assert_decodes("Zg", url, "f");
	oem_test_assert_decodes("Zg==", url, NULL);
	oem_test_assert_decodes("Zg==", any, "f");
	oem_test_assert_decodes("Zg", any, "f");
	oem_test_assert_decodes("Zg=", any, NULL);
	oem_test_assert_decodes("Zm8=", any, "fo");
	oem_test_assert_decodes("Zm9v=", any, NULL);
	oem_test_assert_decodes("Z", any, NULL);
	oem_test_assert_decodes("Zh", url, NULL); /* unused bits set: not canonical */
	oem_test_assert_decodes("-_-_", url, "\xfb\xff\xbf");
	oem_test_assert_decodes("+/+/", url, NULL);
	oem_test_assert_decodes("+/+/", any, "\xfb\xff\xbf");
	oem_test_assert_decodes("Zm 9v", any, NULL);
	oem_test_assert_decodes("Zm=9v", any, NULL);
}

static void
oem_test_base64url_encode(void)
{
	g_autofree gchar *a = oem_base64url_encode((const guint8 *)"\xfb\xff\xbf", 3);
	g_autofree gchar *b = oem_base64url_encode((const guint8 *)"f", 1);

	g_assert_cmpstr(a, ==, "-_-_");
	g_assert_cmpstr(b, ==, "Zg");
}

static void
oem_test_form(void)
{
	const gchar *text = "a=1&b=two+words&c=%3D%26&&d&e=caf%C3%A9&f=";
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) form = oem_form_decode(text, strlen(text), &error);
	const gchar *bad[] = {"a=1&a=2", "a=%2", "a=%zz", "=x", "a=%C3", "a=%00"};

	g_assert_no_error(error);
	g_assert_cmpuint(g_hash_table_size(form), ==, 6);
	g_assert_cmpstr(g_hash_table_lookup(form, "a"), ==, "1");
	g_assert_cmpstr(g_hash_table_lookup(form, "b"), ==, "two words");
	g_assert_cmpstr(g_hash_table_lookup(form, "c"), ==, "=&");
	g_assert_cmpstr(g_hash_table_lookup(form, "d"), ==, "");
	g_assert_cmpstr(g_hash_table_lookup(form, "e"), ==, "caf\xc3\xa9");
	g_assert_cmpstr(g_hash_table_lookup(form, "f"), ==, "");
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) bad_error = NULL;
		g_autoptr(GHashTable) bad_form =
		    oem_form_decode(bad[i], strlen(bad[i]), &bad_error);

		g_test_message("%s", bad[i]);
		g_assert_null(bad_form);
		g_assert_error(bad_error, OEM_ERROR, OEM_ERROR_INVALID);
	}
}

static void
oem_test_hmac(void)
{
	g_autoptr(GBytes) key = g_bytes_new_static("key", 3);
	const gchar *text = "The quick brown fox jumps over the lazy dog";
	g_autoptr(GBytes) sha1 = oem_hmac(FALSE, key, text, strlen(text));
	g_autoptr(GBytes) sha256 = oem_hmac(TRUE, key, text, strlen(text));
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(sha1, &len);

	/* the RFC 2104 examples everyone quotes */
	g_assert_cmpuint(len, ==, 20);
	g_assert_cmpuint(data[0], ==, 0xde);
	g_assert_cmpuint(data[19], ==, 0xd9);
	data = g_bytes_get_data(sha256, &len);
	g_assert_cmpuint(len, ==, 32);
	g_assert_cmpuint(data[0], ==, 0xf7);
	g_assert_cmpuint(data[31], ==, 0xd8);
}

static void
oem_test_memeq(void)
{
	g_assert_true(oem_memeq_const_time((const guint8 *)"abc", 3, (const guint8 *)"abc", 3));
	g_assert_false(oem_memeq_const_time((const guint8 *)"abc", 3, (const guint8 *)"abd", 3));
	g_assert_false(oem_memeq_const_time((const guint8 *)"abc", 3, (const guint8 *)"ab", 2));
}

static void
oem_test_int64(void)
{
	gint64 value = 0;

	g_assert_true(oem_parse_int64("1492510660", &value));
	g_assert_cmpint(value, ==, 1492510660);
	g_assert_true(oem_parse_int64("-5", &value));
	g_assert_false(oem_parse_int64("+5", &value));
	g_assert_false(oem_parse_int64("5.0", &value));
	g_assert_false(oem_parse_int64("", &value));
	g_assert_false(oem_parse_int64(NULL, &value));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/oem/util/base64", oem_test_base64);
	g_test_add_func("/oem/util/base64url-encode", oem_test_base64url_encode);
	g_test_add_func("/oem/util/form", oem_test_form);
	g_test_add_func("/oem/util/hmac", oem_test_hmac);
	g_test_add_func("/oem/util/memeq", oem_test_memeq);
	g_test_add_func("/oem/util/int64", oem_test_int64);
	return g_test_run();
}
