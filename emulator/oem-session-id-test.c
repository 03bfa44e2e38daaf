/*
 * Generated session ids must survive every SDK's decoding (reference §4.4).
 */
#include <string.h>

#include "oem-session-id.h"

/* the decoding of the Node SDK, written independently of the emulator's decoder */
static gchar *
oem_test_sdk_key(const gchar *session_id)
{
	g_autofree gchar *b64 = g_strdup(session_id + 2);
	g_autoptr(GString) padded = NULL;
	g_autofree guchar *raw = NULL;
	g_auto(GStrv) fields = NULL;
	g_autofree gchar *text = NULL;
	gsize len = 0;

	g_strdelimit(b64, "-", '+');
	g_strdelimit(b64, "_", '/');
	padded = g_string_new(b64);
	while (padded->len % 4 != 0)
		g_string_append_c(padded, '=');
	raw = g_base64_decode(padded->str, &len);
	text = g_strndup((const gchar *)raw, len);
	fields = g_strsplit(text, "~", -1);
	return g_strv_length(fields) > 1 ? g_strdup(fields[1]) : NULL;
}

static void
oem_test_round_trip(void)
{
	/* enough ids for the payload length to cover every padding case */
	for (guint i = 0; i < 64; i++) {
		const gchar *location = i % 2 == 0 ? "12.34.56.78" : NULL;
		g_autofree gchar *id =
		    oem_session_id_new("123456", location, 1739538894959 + i, i % 3 == 0);
		g_autofree gchar *sdk_key = oem_test_sdk_key(id);
		g_autofree gchar *key = oem_session_id_get_key(id);
		g_auto(GStrv) fields = oem_session_id_decode(id);

		g_assert_true(g_str_has_prefix(id, "1_"));
		g_assert_null(strpbrk(id, "=+/~"));
		g_assert_cmpstr(sdk_key, ==, "123456");
		g_assert_cmpstr(key, ==, "123456");
		g_assert_cmpuint(g_strv_length(fields), ==, 8);
		g_assert_cmpstr(fields[0], ==, "1");
		g_assert_cmpstr(fields[2], ==, location != NULL ? location : "");
		g_assert_cmpuint(strlen(fields[4]), ==, 24);
		g_assert_cmpstr(fields[5], ==, i % 3 == 0 ? "P" : "");
		g_assert_cmpstr(fields[6], ==, "");
		g_assert_cmpstr(fields[7], ==, "");
	}
}

static void
oem_test_unique(void)
{
	g_autofree gchar *a = oem_session_id_new("123456", NULL, 1, FALSE);
	g_autofree gchar *b = oem_session_id_new("123456", NULL, 1, FALSE);

	g_assert_cmpstr(a, !=, b);
}

static void
oem_test_fixtures(void)
{
	const gchar *cases[][2] = {
	    {"1_MX4xMjM0NTZ-flNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-MC40OTAxMzAyNX4", "123456"},
	    {"1_MX42NTQzMjF-flNhdCBNYXIgMTUgMTQ6NDI6MjMgUERUIDIwMTR-MC40OTAxMzAyNX4", "654321"},
	    {"1_MX40NzY2NTk3MX5-MTczOTUzODg5NDk1OX5ROW1jWEcxUXJOM1RJWXU4eStwcHgvZ3N-UH5-",
	     "47665971"},
	    {"2_MX4xMjM0NTZ-fk1vbiBNYXIgMTcgMDA6NDE6MzEgUERUIDIwMTR-MC42ODM3ODk1MzQ0OTQyODA4fg",
	     "123456"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *key = oem_session_id_get_key(cases[i][0]);

		g_assert_cmpstr(key, ==, cases[i][1]);
	}
}

static void
oem_test_malformed(void)
{
	const gchar *cases[] = {"",   "1", "1_", "x_MX4xMjM0NTZ-", "1_MX4x!!", "1-MX4xMjM0NTZ-",
				"1_A"};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *key = oem_session_id_get_key(cases[i]);

		g_assert_null(key);
	}
	g_assert_null(oem_session_id_get_key(NULL));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/oem/session-id/round-trip", oem_test_round_trip);
	g_test_add_func("/oem/session-id/unique", oem_test_unique);
	g_test_add_func("/oem/session-id/fixtures", oem_test_fixtures);
	g_test_add_func("/oem/session-id/malformed", oem_test_malformed);
	return g_test_run();
}
