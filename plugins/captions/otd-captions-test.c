/* captions start bodies and rules */
#include "config.h"

#include <string.h>

#include "otd-captions.h"

static gchar *
body_text(const gchar *options, GError **error)
{
	g_autoptr(GVariant) v = g_variant_ref_sink(g_variant_new_parsed(options));
	g_autoptr(JsonObject) body = otd_captions_body("1_S", "tok", v, error);
	g_autoptr(JsonNode) node = NULL;

	if (body == NULL)
		return NULL;
	node = json_node_init_object(json_node_alloc(), body);
	return json_to_string(node, FALSE);
}

static void
expect_refused(const gchar *options, const gchar *needle)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = body_text(options, &error);
	g_assert_null(text);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	if (strstr(error->message, needle) == NULL)
		g_error("'%s' not in '%s'", needle, error->message);
}

static void
test_captions(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = body_text(
	    "{'language_code': <'en-GB'>, 'max_duration': <5000>, 'partial_captions': <false>, "
	    "'status_callback_url': <'https://example.com/captions/status'>}",
	    &error);
	g_autofree gchar *plain = body_text("@a{sv} {}", &error);

	g_assert_no_error(error);
	g_assert_cmpstr(text, ==,
			"{\"sessionId\":\"1_S\",\"token\":\"tok\",\"languageCode\":\"en-GB\","
			"\"maxDuration\":5000,\"partialCaptions\":false,\"statusCallbackUrl\":"
			"\"https://example.com/captions/status\"}");
	g_assert_cmpstr(plain, ==, "{\"sessionId\":\"1_S\",\"token\":\"tok\"}");
	expect_refused("{'language_code': <'english'>}", "'language_code'");
	expect_refused("{'language_code': <'EN-us'>}", "'language_code'");
	expect_refused("{'max_duration': <299>}", "'max_duration'");
	expect_refused("{'max_duration': <14401>}", "'max_duration'");
	expect_refused("{'status_callback_url': <'ftp://example.com/x'>}", "'status_callback_url'");
	expect_refused("{'status_callback_url': <'https://a.b'>}", "'status_callback_url'");
	expect_refused("{'partial_captions': <'no'>}", "'partial_captions'");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/captions/start", test_captions);
	return g_test_run();
}
