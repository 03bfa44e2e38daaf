/* JSON <-> a{sv} and the option tables */
#include "config.h"

#include <string.h>

#include "otd-error.h"
#include "otd-json.h"

static void
test_case_conversion(void)
{
	const struct {
		const gchar *camel;
		const gchar *snake;
	} cases[] = {
	    {"sessionId", "session_id"},
	    {"hasAudio", "has_audio"},
	    {"multiArchiveTag", "multi_archive_tag"},
	    {"id", "id"},
	    {"broadcastUrls", "broadcast_urls"},
	    {"p2p", "p2p"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *snake = otd_json_camel_to_snake(cases[i].camel);
		g_autofree gchar *camel = otd_json_snake_to_camel(cases[i].snake);
		g_assert_cmpstr(snake, ==, cases[i].snake);
		g_assert_cmpstr(camel, ==, cases[i].camel);
	}
	{
		g_autofree gchar *s = otd_json_camel_to_snake("hlsURL");
		g_assert_cmpstr(s, ==, "hls_url");
	}
}

static OtdJsonDoc *
parse_object(const gchar *text)
{
	g_autoptr(GError) error = NULL;
	OtdJsonDoc *doc = otd_json_doc_parse(text, strlen(text), &error);

	g_assert_no_error(error);
	g_assert_cmpint(otd_json_doc_root(doc)->type, ==, OTD_JSON_OBJECT);
	return doc;
}

static void
test_json_to_variant(void)
{
	g_autoptr(OtdJsonDoc) obj = parse_object(
	    "{\"connectionId\":\"c1\",\"createdAt\":1747655658197,\"score\":1.5,\"ok\":true,"
	    "\"gone\":null,\"tags\":[\"a\",\"b\"],\"empty\":[],\"mixed\":[1,\"x\"],"
	    "\"layout\":{\"type\":\"bestFit\",\"screenshareType\":\"pip\"},"
	    "\"items\":[{\"streamId\":\"s1\"}],\"headers\":{\"X-My-Header\":\"v\"},"
	    "\"newField\":\"kept\"}");
	const gchar *data_maps[] = {"headers", NULL};
	g_autoptr(GVariant) v = g_variant_ref_sink(otd_json_object_to_variant(otd_json_doc_root(obj), data_maps));
	g_autoptr(GVariantDict) dict = g_variant_dict_new(v);
	g_autoptr(GVariant) layout = NULL;
	g_autoptr(GVariant) items = NULL;
	g_autoptr(GVariant) headers = NULL;
	g_autoptr(GVariant) empty = NULL;
	g_autoptr(GVariant) mixed = NULL;
	g_autoptr(GVariant) tags = NULL;
	const gchar *s = NULL;
	gint64 x = 0;
	gdouble d = 0;
	gboolean b = FALSE;

	g_assert_true(g_variant_dict_lookup(dict, "connection_id", "&s", &s));
	g_assert_cmpstr(s, ==, "c1");
	g_assert_true(g_variant_dict_lookup(dict, "created_at", "x", &x));
	g_assert_cmpint(x, ==, 1747655658197);
	g_assert_true(g_variant_dict_lookup(dict, "score", "d", &d));
	g_assert_cmpfloat(d, ==, 1.5);
	g_assert_true(g_variant_dict_lookup(dict, "ok", "b", &b));
	g_assert_true(b);
	g_assert_false(g_variant_dict_contains(dict, "gone"));
	g_assert_true(g_variant_dict_lookup(dict, "new_field", "&s", &s));
	layout = g_variant_dict_lookup_value(dict, "layout", G_VARIANT_TYPE_VARDICT);
	g_assert_nonnull(layout);
	g_assert_true(g_variant_lookup(layout, "screenshare_type", "&s", &s));
	g_assert_cmpstr(s, ==, "pip");
	items = g_variant_dict_lookup_value(dict, "items", G_VARIANT_TYPE("aa{sv}"));
	g_assert_nonnull(items);
	g_assert_cmpuint(g_variant_n_children(items), ==, 1);
	tags = g_variant_dict_lookup_value(dict, "tags", G_VARIANT_TYPE("as"));
	g_assert_nonnull(tags);
	empty = g_variant_dict_lookup_value(dict, "empty", G_VARIANT_TYPE("av"));
	g_assert_nonnull(empty);
	g_assert_cmpuint(g_variant_n_children(empty), ==, 0);
	mixed = g_variant_dict_lookup_value(dict, "mixed", G_VARIANT_TYPE("av"));
	g_assert_nonnull(mixed);
	g_assert_cmpuint(g_variant_n_children(mixed), ==, 2);
	headers = g_variant_dict_lookup_value(dict, "headers", G_VARIANT_TYPE_VARDICT);
	g_assert_true(g_variant_lookup(headers, "X-My-Header", "&s", &s));
}

static const gchar *const colours[] = {"red", "green", NULL};

static const OtdOption nested_table[] = {
    {"screenshare_type", OTD_OPTION_STRING},
    {NULL},
};

static const OtdOption table[] = {
    {"name", OTD_OPTION_STRING, NULL, NULL, 1, 5},
    {"colour", OTD_OPTION_STRING, NULL, colours},
    {"count", OTD_OPTION_INT, NULL, NULL, 0, 1000},
    {"has_audio", OTD_OPTION_BOOL},
    {"ids", OTD_OPTION_STRV},
    {"layout", OTD_OPTION_DICT, NULL, NULL, 0, 0, NULL, nested_table},
    {"p2p", OTD_OPTION_STRING, "p2p.preference"},
    {NULL},
};

static JsonObject *
options_from_text(const gchar *text, GError **error)
{
	g_autoptr(GVariant) v = g_variant_parse(G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);
	g_assert_nonnull(v);
	return otd_options_to_json(table, v, error);
}

static void
expect_invalid(const gchar *text, const gchar *needle)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) obj = options_from_text(text, &error);
	g_assert_null(obj);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	if (g_strstr_len(error->message, -1, needle) == NULL)
		g_error("'%s' not in '%s'", needle, error->message);
}

static void
test_options(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) obj = options_from_text(
	    "{'name': <'abc'>, 'colour': <'red'>, 'count': <uint16 7>, 'has_audio': <false>,"
	    " 'ids': <['a','b']>, 'layout': <{'screenshare_type': <'pip'>}>, 'p2p': <'x'>}",
	    &error);
	JsonObject *layout;

	g_assert_no_error(error);
	g_assert_cmpstr(json_object_get_string_member(obj, "name"), ==, "abc");
	g_assert_cmpint(json_object_get_int_member(obj, "count"), ==, 7);
	g_assert_false(json_object_get_boolean_member(obj, "hasAudio"));
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(obj, "ids")), ==, 2);
	layout = json_object_get_object_member(obj, "layout");
	g_assert_cmpstr(json_object_get_string_member(layout, "screenshareType"), ==, "pip");
	g_assert_cmpstr(json_object_get_string_member(obj, "p2p.preference"), ==, "x");

	expect_invalid("{'nope': <1>}", "unknown option 'nope'");
	expect_invalid("{'name': <1>}", "'name': expected a string");
	expect_invalid("{'name': <''>}", "'name'");
	expect_invalid("{'name': <'toolong'>}", "'name'");
	expect_invalid("{'colour': <'blue'>}", "must be one of red, green");
	expect_invalid("{'count': <int64 1001>}", "'count': must be from 0 to 1000");
	expect_invalid("{'count': <int32 -1>}", "'count'");
	expect_invalid("{'count': <uint64 18446744073709551615>}", "'count'");
	expect_invalid("{'count': <'7'>}", "'count': expected an integer");
	expect_invalid("{'has_audio': <'true'>}", "'has_audio': expected a boolean");
	expect_invalid("{'ids': <[1]>}", "'ids'");
	expect_invalid("{'layout': <{'x': <1>}>}", "unknown option 'layout.x'");
	expect_invalid("{'layout': <'bestFit'>}", "'layout': expected a dictionary");
}

static void
test_options_duplicate(void)
{
	g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT(G_VARIANT_TYPE_VARDICT);
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) v = NULL;
	g_autoptr(JsonObject) obj = NULL;

	g_variant_builder_add(&b, "{sv}", "name", g_variant_new_string("a"));
	g_variant_builder_add(&b, "{sv}", "name", g_variant_new_string("b"));
	v = g_variant_ref_sink(g_variant_builder_end(&b));
	obj = otd_options_to_json(table, v, &error);
	g_assert_null(obj);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	g_assert_nonnull(strstr(error->message, "option 'name' is given twice"));
	/* a later row, with others between; different keys are no repeat */
	expect_invalid("{'p2p': <'x'>, 'name': <'a'>, 'count': <1>, 'p2p': <'y'>}",
		       "option 'p2p' is given twice");
	g_clear_pointer(&obj, json_object_unref);
	obj = options_from_text("{'p2p': <'x'>, 'name': <'a'>, 'count': <1>, 'ids': <['i']>}",
				NULL);
	g_assert_nonnull(obj);
	g_assert_cmpuint(json_object_get_size(obj), ==, 4);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/json/case", test_case_conversion);
	g_test_add_func("/otd/json/to-variant", test_json_to_variant);
	g_test_add_func("/otd/json/options", test_options);
	g_test_add_func("/otd/json/options-duplicate", test_options_duplicate);
	return g_test_run();
}
