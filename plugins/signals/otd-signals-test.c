/* a signal's rules: characters, sizes, keys */
#include "config.h"

#include <string.h>

#include "otd-signals.h"

static JsonObject *
body_for(GVariant *v, GError **error)
{
	g_autoptr(GVariant) owned = g_variant_ref_sink(v);
	return otd_signals_body(owned, error);
}

static GVariant *
signal_of(const gchar *type, const gchar *data)
{
	g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT(G_VARIANT_TYPE_VARDICT);
	if (type != NULL)
		g_variant_builder_add(&b, "{sv}", "type", g_variant_new_string(type));
	if (data != NULL)
		g_variant_builder_add(&b, "{sv}", "data", g_variant_new_string(data));
	return g_variant_builder_end(&b);
}

static void
expect_error(GVariant *v, gint code, const gchar *needle)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = body_for(v, &error);
	g_assert_null(body);
	g_assert_error(error, OTD_ERROR, code);
	if (strstr(error->message, needle) == NULL)
		g_error("'%s' not in '%s'", needle, error->message);
}

static void
test_signal_rules(void)
{
	g_autofree gchar *type128 = g_strnfill(128, 'a');
	g_autofree gchar *type129 = g_strnfill(129, 'a');
	g_autofree gchar *data8192 = g_strnfill(8192, 'd');
	g_autofree gchar *data8193 = g_strnfill(8193, 'd');
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) ok = body_for(signal_of("chat-1_x~", "héllo \"you\""), &error);
	g_autoptr(JsonObject) big = NULL;

	g_assert_no_error(error);
	g_assert_cmpstr(json_object_get_string_member(ok, "type"), ==, "chat-1_x~");
	g_assert_cmpstr(json_object_get_string_member(ok, "data"), ==, "héllo \"you\"");
	big = body_for(signal_of(type128, data8192), &error);
	g_assert_no_error(error);
	expect_error(signal_of("chat room", "x"), OTD_ERROR_INVALID_ARGS, "'type'");
	expect_error(signal_of("chat.1", "x"), OTD_ERROR_INVALID_ARGS, "'type'");
	expect_error(signal_of("ç", "x"), OTD_ERROR_INVALID_ARGS, "'type'");
	expect_error(signal_of(type129, "x"), OTD_ERROR_TOO_LARGE, "'type'");
	expect_error(signal_of("chat", data8193), OTD_ERROR_TOO_LARGE, "'data'");
	expect_error(signal_of(NULL, NULL), OTD_ERROR_INVALID_ARGS, "'data'");
	expect_error(signal_of("chat", NULL), OTD_ERROR_INVALID_ARGS, "'data'");
	expect_error(g_variant_new_parsed("{'type': <1>}"), OTD_ERROR_INVALID_ARGS, "'type'");
	expect_error(g_variant_new_parsed("{'kind': <'x'>}"), OTD_ERROR_INVALID_ARGS, "'kind'");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/signals/rules", test_signal_rules);
	return g_test_run();
}
