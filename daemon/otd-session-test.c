/* CreateSession's rules, form body and both answer formats */
#include "config.h"

#include <string.h>

#include "otd-error.h"
#include "otd-session.h"

static gchar *
form_for(const gchar *text, GError **error)
{
	g_autoptr(GVariant) v = g_variant_parse(G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);
	g_assert_nonnull(v);
	return otd_session_build_form(v, error);
}

static void
expect_form(const gchar *text, const gchar *expected)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *form = form_for(text, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(form, ==, expected);
}

static void
expect_refusal(const gchar *text, const gchar *key)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *form = form_for(text, &error);
	g_autofree gchar *needle = g_strdup_printf("'%s'", key);
	g_assert_null(form);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	if (strstr(error->message, needle) == NULL)
		g_error("'%s' not in '%s'", needle, error->message);
}

static void
test_session_form(void)
{
	expect_form("@a{sv} {}", "p2p.preference=enabled");
	expect_form("{'media_mode': <'routed'>}", "p2p.preference=disabled");
	expect_form("{'archive_mode': <'always'>}", "archiveMode=always&p2p.preference=disabled");
	expect_form("{'e2ee': <true>}", "e2ee=true&p2p.preference=disabled");
	expect_form("{'location': <'12.34.56.78'>}", "location=12.34.56.78&p2p.preference=enabled");
	expect_form("{'archive_mode': <'always'>, 'archive_name': <'my show'>, "
		    "'archive_resolution': <'720x1280'>, 'media_mode': <'routed'>}",
		    "archiveMode=always&archiveName=my%20show&archiveResolution=720x1280&"
		    "p2p.preference=disabled");
	expect_form("{'archive_mode': <'manual'>, 'e2ee': <false>}",
		    "archiveMode=manual&e2ee=false&p2p.preference=enabled");
}

static void
test_session_refusals(void)
{
	expect_refusal("{'media_mode': <'Routed'>}", "media_mode");
	expect_refusal("{'media_mode': <'relayed'>, 'archive_mode': <'always'>}", "media_mode");
	expect_refusal("{'media_mode': <'relayed'>, 'e2ee': <true>}", "media_mode");
	expect_refusal("{'e2ee': <true>, 'archive_mode': <'always'>}", "e2ee");
	expect_refusal("{'location': <'1'>}", "location");
	expect_refusal("{'location': <'::1'>}", "location");
	expect_refusal("{'location': <'1.2.3.256'>}", "location");
	expect_refusal("{'archive_name': <'x'>}", "archive_name");
	expect_refusal("{'archive_resolution': <'640x480'>, 'archive_mode': <'manual'>}",
		       "archive_resolution");
	expect_refusal("{'archive_mode': <'always'>, 'archive_resolution': <'641x480'>}",
		       "archive_resolution");
	expect_refusal("{'archive_mode': <'always'>, 'archive_name': <''>}", "archive_name");
	expect_refusal("{'e2ee': <'yes'>}", "e2ee");
	expect_refusal("{'colour': <'red'>}", "colour");
}

static gchar *
parse(const gchar *ctype, const gchar *text, GError **error)
{
	g_autoptr(GBytes) body = g_bytes_new(text, strlen(text));
	return otd_session_parse_answer(ctype, body, error);
}

static void
test_session_answers(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *json = parse(
	    "application/json",
	    "[{\"session_id\":\"1_MX40NzY2NTk3MX5-MTczOTUzODg5NDk1OX5ROW1jWEcxUXJOM1RJWXU4eStwcHgv"
	    "Z3N-UH5-\",\"project_id\":\"47665971\",\"session_status\":null}]",
	    &error);
	g_autofree gchar *xml = NULL;
	gchar *bad;

	g_assert_no_error(error);
	g_assert_cmpstr(json, ==,
			"1_MX40NzY2NTk3MX5-MTczOTUzODg5NDk1OX5ROW1jWEcxUXJOM1RJWXU4eStwcHgvZ3N-UH5-");
	xml = parse("text/xml",
		    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sessions><Session>"
		    "<session_id>1_MX4xMjM0NTZ-fk1vbiBNYXIgMTcgMDA6NDE6MzEgUERUIDIwMTR-MC42ODM3OD"
		    "k1MzQ0OTQyODA4fg</session_id><partner_id>123456</partner_id></Session>"
		    "</sessions>",
		    &error);
	g_assert_no_error(error);
	g_assert_cmpstr(xml, ==,
			"1_MX4xMjM0NTZ-fk1vbiBNYXIgMTcgMDA6NDE6MzEgUERUIDIwMTR-MC42ODM3ODk1MzQ0OTQy"
			"ODA4fg");
	const gchar *bad_bodies[] = {"",
				     "[]",
				     "{\"session_id\":\"x\"}",
				     "[{\"session_id\":42}]",
				     "[{\"session_id\":\"bad id with spaces\"}]",
				     "<html><body>oops</body></html>",
				     "<error code=\"1\"><session_id>1_abc</session_id></error>",
				     "[{\"session_id\":\"1_ab"};
	for (guint i = 0; i < G_N_ELEMENTS(bad_bodies); i++) {
		bad = parse("application/json", bad_bodies[i], &error);
		g_assert_null(bad);
		g_assert_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE);
		g_clear_error(&error);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/session/form", test_session_form);
	g_test_add_func("/otd/session/refusals", test_session_refusals);
	g_test_add_func("/otd/session/answers", test_session_answers);
	return g_test_run();
}
