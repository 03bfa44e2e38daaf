/*
 * The answer parser: the tree it builds equals json-glib's for the same text (the
 * parser it replaced), strict refusals, escapes, integer limits and repeated keys.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "otd-json-doc.h"

static OtdJsonDoc *
parse(const gchar *text, GError **error)
{
	return otd_json_doc_parse(text, strlen(text), error);
}

/* @val holds what json-glib made of the same text */
static void
assert_same(JsonNode *node, const OtdJsonVal *val, const gchar *where)
{
	switch (JSON_NODE_TYPE(node)) {
	case JSON_NODE_NULL:
		g_assert_cmpint(val->type, ==, OTD_JSON_NULL);
		break;
	case JSON_NODE_VALUE:
		switch (json_node_get_value_type(node)) {
		case G_TYPE_INT64:
			g_assert_cmpint(val->type, ==, OTD_JSON_INT);
			g_assert_cmpint(val->integer, ==, json_node_get_int(node));
			break;
		case G_TYPE_DOUBLE:
			g_assert_cmpint(val->type, ==, OTD_JSON_DOUBLE);
			g_assert_cmpfloat(val->number, ==, json_node_get_double(node));
			break;
		case G_TYPE_BOOLEAN:
			g_assert_cmpint(val->type, ==, OTD_JSON_BOOLEAN);
			g_assert_cmpint(val->boolean, ==, json_node_get_boolean(node));
			break;
		default:
			g_assert_cmpint(val->type, ==, OTD_JSON_STRING);
			g_assert_cmpstr(val->string, ==, json_node_get_string(node));
		}
		break;
	case JSON_NODE_ARRAY: {
		JsonArray *array = json_node_get_array(node);
		g_assert_cmpint(val->type, ==, OTD_JSON_ARRAY);
		g_assert_cmpuint(val->n, ==, json_array_get_length(array));
		for (guint i = 0; i < val->n; i++)
			assert_same(json_array_get_element(array, i), &val->elements[i], where);
		break;
	}
	case JSON_NODE_OBJECT: {
		JsonObject *object = json_node_get_object(node);
		JsonObjectIter iter;
		const gchar *key;
		JsonNode *member;
		guint i = 0;
		g_assert_cmpint(val->type, ==, OTD_JSON_OBJECT);
		g_assert_cmpuint(val->n, ==, json_object_get_size(object));
		/* the same members in the same order, a repeated key where it first stood */
		json_object_iter_init_ordered(&iter, object);
		while (json_object_iter_next_ordered(&iter, &key, &member)) {
			g_assert_cmpuint(i, <, val->n);
			g_assert_cmpstr(val->members[i].key, ==, key);
			assert_same(member, &val->members[i].value, where);
			i++;
		}
		break;
	}
	default:
		g_assert_not_reached();
	}
}

static void
test_same_as_json_glib(void)
{
	const gchar *texts[] = {
	    "{}",
	    "[]",
	    "  {\"a\" : 1 }\n",
	    "{\"id\":\"8c3f\",\"status\":\"available\",\"createdAt\":1747655658197,\"size\":0,"
	    "\"duration\":12,\"hasAudio\":true,\"hasVideo\":false,\"url\":null,"
	    "\"streams\":[],\"password\":\"\",\"score\":-1.5e3}",
	    "{\"count\":2,\"items\":[{\"id\":\"a\",\"tags\":[\"x\",\"y\"]},{\"id\":\"b\","
	    "\"layout\":{\"type\":\"custom\",\"stylesheet\":\"s {}\"}}]}",
	    "[1, -0, 0.25, 1E2, 2e-2, true, false, null, \"s\", [], {}, [[[]]]]",
	    "{\"esc\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\",\"u\":\"\\u00e9\\u4e2d\\ud83d\\ude00\"}",
	    "{\"raw\":\"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\"}",
	    "{\"a\":1,\"b\":2,\"a\":3}",
	    "{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,"
	    "\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,"
	    "\"k16\":16,\"k3\":\"again\",\"k17\":17,\"k16\":[1]}",
	    "{\"\":\"empty key\",\"nested\":{\"a\":{\"b\":{\"c\":[{\"d\":null}]}}}}",
	    "9223372036854775807",
	    "-9223372036854775808",
	    "\"just a string\"",
	};

	for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(OtdJsonDoc) doc = parse(texts[i], &error);
		g_autoptr(JsonParser) parser = json_parser_new();

		g_test_message("%s", texts[i]);
		g_assert_no_error(error);
		g_assert_nonnull(doc);
		g_assert_true(json_parser_load_from_data(parser, texts[i], -1, NULL));
		assert_same(json_parser_get_root(parser), otd_json_doc_root(doc), texts[i]);
	}
}

/* objects past the pair-by-pair limit look for repeated keys in a hash table: the same
 * result, from 1 member to 100, every fifth key given again later */
static void
test_wide_objects(void)
{
	for (guint n = 1; n <= 100; n += 3) {
		GString *s = g_string_new("{");
		g_autofree gchar *text = NULL;
		g_autoptr(OtdJsonDoc) doc = NULL;
		g_autoptr(JsonParser) parser = json_parser_new();

		for (guint i = 0; i < n; i++) {
			g_string_append_printf(s, "%s\"k%u\":%u", i > 0 ? "," : "", i, i);
			if (i % 5 == 4)
				g_string_append_printf(s, ",\"k%u\":\"again %u\"", i / 2, i);
		}
		g_string_append_c(s, '}');
		text = g_string_free(s, FALSE);
		doc = parse(text, NULL);
		g_assert_nonnull(doc);
		g_assert_cmpuint(otd_json_doc_root(doc)->n, ==, n);
		g_assert_true(json_parser_load_from_data(parser, text, -1, NULL));
		assert_same(json_parser_get_root(parser), otd_json_doc_root(doc), text);
	}
}

static void
test_refused(void)
{
	g_autofree gchar *deep = NULL;
	const gchar *texts[] = {
	    "",
	    "   ",
	    "{",
	    "{\"a\":1,}",
	    "[1,]",
	    "[1 2]",
	    "{\"a\" 1}",
	    "{a:1}",
	    "{\"a\":01}",
	    "{\"a\":-}",
	    "{\"a\":1.}",
	    "{\"a\":.5}",
	    "{\"a\":1e}",
	    "{\"a\":+1}",
	    "{\"a\":tru}",
	    "{\"a\":nul}",
	    "{\"a\":NaN}",
	    "{\"a\":\"unterminated}",
	    "{\"a\":\"bad \\x escape\"}",
	    "{\"a\":\"short \\u12\"}",
	    "{\"a\":\"tab\there\"}",
	    "{\"a\":1} trailing",
	    "{\"a\":1}{}",
	    "'single'",
	};

	for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(OtdJsonDoc) doc = parse(texts[i], &error);

		g_test_message("%s", texts[i]);
		g_assert_null(doc);
		g_assert_error(error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
		g_assert_nonnull(strstr(error->message, "at byte"));
	}
	/* nesting: the limit is accepted, one more level is refused */
	{
		GString *s = g_string_new(NULL);
		for (guint i = 0; i < OTD_JSON_DOC_MAX_DEPTH; i++)
			g_string_append_c(s, '[');
		g_string_append_c(s, '1');
		for (guint i = 0; i < OTD_JSON_DOC_MAX_DEPTH; i++)
			g_string_append_c(s, ']');
		g_autoptr(OtdJsonDoc) ok = parse(s->str, NULL);
		g_assert_nonnull(ok);
		g_string_prepend_c(s, '[');
		g_string_append_c(s, ']');
		deep = g_string_free(s, FALSE);
	}
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(OtdJsonDoc) doc = parse(deep, &error);
		g_assert_null(doc);
		g_assert_nonnull(strstr(error->message, "nested too deeply"));
	}
}

static void
test_values(void)
{
	g_autoptr(OtdJsonDoc) doc =
	    parse("{\"max\":9223372036854775807,\"min\":-9223372036854775808,"
		  "\"over\":9223372036854775808,\"under\":-9223372036854775809,"
		  "\"lone\":\"a\\ud800b\",\"low\":\"\\udc00\",\"nul\":\"x\\u0000y\",\"zero\":-0,"
		  "\"a\":1,\"a\":2}",
		  NULL);
	OtdJsonVal *root;
	OtdJsonVal *v;

	g_assert_nonnull(doc);
	root = otd_json_doc_root(doc);
	v = otd_json_val_get(root, "max");
	g_assert_cmpint(v->type, ==, OTD_JSON_INT);
	g_assert_cmpint(v->integer, ==, G_MAXINT64);
	v = otd_json_val_get(root, "min");
	g_assert_cmpint(v->type, ==, OTD_JSON_INT);
	g_assert_cmpint(v->integer, ==, G_MININT64);
	/* beyond 64 bits a number is still a number, as a double */
	v = otd_json_val_get(root, "over");
	g_assert_cmpint(v->type, ==, OTD_JSON_DOUBLE);
	g_assert_cmpfloat(v->number, ==, 9223372036854775808.0);
	v = otd_json_val_get(root, "under");
	g_assert_cmpint(v->type, ==, OTD_JSON_DOUBLE);
	g_assert_cmpfloat(v->number, <, -9.2e18);
	/* what has no UTF-8 form (a lone surrogate) or would cut the string is U+FFFD */
	g_assert_cmpstr(otd_json_val_get(root, "lone")->string, ==,
			"a\xef\xbf\xbd"
			"b");
	g_assert_cmpstr(otd_json_val_get(root, "low")->string, ==, "\xef\xbf\xbd");
	g_assert_cmpstr(otd_json_val_get(root, "nul")->string, ==,
			"x\xef\xbf\xbd"
			"y");
	v = otd_json_val_get(root, "zero");
	g_assert_cmpint(v->type, ==, OTD_JSON_INT);
	g_assert_cmpint(v->integer, ==, 0);
	/* a repeated key: one member, the last value */
	g_assert_cmpuint(root->n, ==, 9);
	g_assert_cmpint(otd_json_val_get(root, "a")->integer, ==, 2);
	g_assert_null(otd_json_val_get(root, "missing"));
	g_assert_null(otd_json_val_get(v, "zero"));
}

static void
test_large(void)
{
	/* many members and a long text: the document grows past its first block */
	GString *s = g_string_new("{\"items\":[");
	g_autoptr(OtdJsonDoc) doc = NULL;
	g_autofree gchar *text = NULL;
	OtdJsonVal *items;

	for (guint i = 0; i < 5000; i++)
		g_string_append_printf(s,
				       "%s{\"id\":\"archive-%u\",\"size\":%u,\"name\":\"%0300u\"}",
				       i > 0 ? "," : "", i, i, i);
	g_string_append(s, "]}");
	text = g_string_free(s, FALSE);
	doc = parse(text, NULL);
	g_assert_nonnull(doc);
	items = otd_json_val_get(otd_json_doc_root(doc), "items");
	g_assert_cmpuint(items->n, ==, 5000);
	g_assert_cmpstr(otd_json_val_get(&items->elements[4999], "id")->string, ==, "archive-4999");
	g_assert_cmpint(otd_json_val_get(&items->elements[1234], "size")->integer, ==, 1234);
	g_assert_cmpuint(strlen(otd_json_val_get(&items->elements[7], "name")->string), ==, 300);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/json-doc/same-as-json-glib", test_same_as_json_glib);
	g_test_add_func("/json-doc/wide-objects", test_wide_objects);
	g_test_add_func("/json-doc/refused", test_refused);
	g_test_add_func("/json-doc/values", test_values);
	g_test_add_func("/json-doc/large", test_large);
	return g_test_run();
}
