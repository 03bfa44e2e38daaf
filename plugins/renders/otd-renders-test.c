/* render start bodies and rules */
#include "config.h"

#include <string.h>

#include "otd-renders.h"

static gchar *
body_text(const gchar *url, const gchar *options, GError **error)
{
	g_autoptr(GVariant) v = g_variant_ref_sink(g_variant_new_parsed(options));
	g_autoptr(JsonObject) body = otd_renders_body("1_S", "tok", url, v, error);
	g_autoptr(JsonNode) node = NULL;

	if (body == NULL)
		return NULL;
	node = json_node_init_object(json_node_alloc(), body);
	return json_to_string(node, FALSE);
}

static void
expect_refused(const gchar *url, const gchar *options, const gchar *needle)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = body_text(url, options, &error);
	g_assert_null(text);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	if (strstr(error->message, needle) == NULL)
		g_error("'%s' not in '%s'", needle, error->message);
}

static void
test_renders(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *long_name = g_strnfill(201, 'n');
	g_autofree gchar *bad_name = g_strdup_printf("{'properties': <{'name': <'%s'>}>}", long_name);
	g_autofree gchar *text = body_text(
	    "https://example.com/my-render",
	    "{'max_duration': <7200>, 'resolution': <'1280x720'>, "
	    "'properties': <{'name': <'Composed stream'>}>, "
	    "'status_callback_url': <'https://example.com/status'>}",
	    &error);

	g_assert_no_error(error);
	g_assert_cmpstr(text, ==,
			"{\"sessionId\":\"1_S\",\"token\":\"tok\",\"maxDuration\":7200,\"resolution\":"
			"\"1280x720\",\"properties\":{\"name\":\"Composed stream\"},"
			"\"statusCallbackUrl\":\"https://example.com/status\",\"url\":"
			"\"https://example.com/my-render\"}");
	expect_refused("http://a.b", "@a{sv} {}", "url");
	expect_refused("file:///etc/passwd/xxxxx", "@a{sv} {}", "url");
	expect_refused("https://example.com/r", "{'max_duration': <59>}", "'max_duration'");
	expect_refused("https://example.com/r", "{'resolution': <'800x600'>}", "'resolution'");
	expect_refused("https://example.com/r", bad_name, "'properties.name'");
	expect_refused("https://example.com/r", "{'properties': <{'title': <'x'>}>}",
		       "'properties.title'");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/renders/start", test_renders);
	return g_test_run();
}
