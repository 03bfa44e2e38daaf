/* bodies of SetLayoutClasses and ForceMuteAll */
#include "config.h"

#include <string.h>

#include "otd-streams.h"

static gchar *
to_text(JsonObject *object)
{
	g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), object);
	return json_to_string(node, FALSE);
}

static void
expect_layout(const gchar *classes, const gchar *expected)
{
	g_autoptr(GVariant) v = g_variant_ref_sink(g_variant_new_parsed(classes));
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = otd_streams_layout_body(v, &error);
	g_autofree gchar *text = NULL;

	g_assert_no_error(error);
	text = to_text(body);
	g_assert_cmpstr(text, ==, expected);
}

static void
expect_layout_refused(const gchar *classes)
{
	g_autoptr(GVariant) v = g_variant_ref_sink(g_variant_new_parsed(classes));
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = otd_streams_layout_body(v, &error);

	g_assert_null(body);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
}

static void
test_layout_classes(void)
{
	expect_layout("{'8b73-Ab': ['full', 'focus'], 'x1': @as []}",
		      "{\"items\":[{\"id\":\"8b73-Ab\",\"layoutClassList\":[\"full\",\"focus\"]},"
		      "{\"id\":\"x1\",\"layoutClassList\":[]}]}");
	expect_layout_refused("@a{sas} {}");
	expect_layout_refused("{'s1': ['two words']}");
	expect_layout_refused("{'s1': ['']}");
	expect_layout_refused("{'': ['full']}");
	expect_layout_refused("{'a b': ['full']}");
}

static void
test_mute_all(void)
{
	const gchar *excluded[] = {"s1", "s2", NULL};
	const gchar *bad[] = {"", NULL};
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = otd_streams_mute_all_body(excluded, &error);
	g_autoptr(JsonObject) none = otd_streams_mute_all_body(NULL, &error);
	g_autoptr(JsonObject) refused = NULL;
	g_autofree gchar *a = to_text(body);
	g_autofree gchar *b = to_text(none);

	g_assert_cmpstr(a, ==, "{\"active\":true,\"excludedStreamIds\":[\"s1\",\"s2\"]}");
	g_assert_cmpstr(b, ==, "{\"active\":true,\"excludedStreamIds\":[]}");
	refused = otd_streams_mute_all_body(bad, &error);
	g_assert_null(refused);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/streams/layout-classes", test_layout_classes);
	g_test_add_func("/otd/streams/mute-all", test_mute_all);
	return g_test_run();
}
