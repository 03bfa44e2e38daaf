/*
 * API answers as the daemon handles them: parse and convert to a{sv} and aa{sv}; apply the
 * broadcasts fix-up to the object and to each list item, serialise, parse and convert again;
 * error answers go through the status-error parser.
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "otd-answer.h"
#include "otd-broadcasts.h"
#include "otd-json.h"
#include "otd-rest.h"

static const gchar *const otd_fuzz_data_maps[] = {"headers", "connectionData", NULL};

static void
otd_fuzz_fixup(OtdJsonDoc *doc)
{
	OtdJsonVal *root = otd_json_doc_root(doc);
	OtdJsonVal *items = otd_json_val_get(root, "items");

	if (root->type != OTD_JSON_OBJECT)
		return;
	otd_broadcasts_fixup(doc, root);
	for (guint i = 0; items != NULL && items->type == OTD_JSON_ARRAY && i < items->n; i++) {
		if (items->elements[i].type == OTD_JSON_OBJECT)
			otd_broadcasts_fixup(doc, &items->elements[i]);
	}
}

static void
otd_fuzz_convert(OtdJsonVal *root)
{
	g_autoptr(GVariant) object = NULL;
	g_autoptr(GVariant) mapped = NULL;
	g_autoptr(GVariant) list = NULL;

	if (root->type == OTD_JSON_ARRAY) {
		list = g_variant_ref_sink(otd_json_array_to_dict_array(root, NULL));
		g_assert_true(g_variant_is_normal_form(list));
		return;
	}
	if (root->type != OTD_JSON_OBJECT)
		return;
	{
		/* the member type check: a verdict, with an error exactly when it refuses */
		g_autoptr(GError) error = NULL;
		gboolean ok = otd_answer_check_object(root, &error);
		g_assert_true(ok == (error == NULL));
	}
	object = g_variant_ref_sink(otd_json_object_to_variant(root, NULL));
	mapped = g_variant_ref_sink(otd_json_object_to_variant(root, otd_fuzz_data_maps));
	g_assert_true(g_variant_is_normal_form(object));
	g_assert_true(g_variant_is_normal_form(mapped));
	list = g_variant_ref_sink(
	    otd_json_array_to_dict_array(otd_json_val_get(root, "items"), NULL));
	g_assert_true(g_variant_is_normal_form(list));
}

/* where json-glib also parses the input, both see the same kind of root */
static void
otd_fuzz_compare(const uint8_t *data, size_t size, OtdJsonDoc *doc)
{
	g_autoptr(JsonParser) parser = json_parser_new_immutable();
	JsonNode *root;

	if (!json_parser_load_from_data(parser, (const gchar *)data, (gssize)size, NULL))
		return;
	root = json_parser_get_root(parser);
	if (root == NULL || doc == NULL)
		return;
	g_assert_true(JSON_NODE_HOLDS_OBJECT(root) ==
		      (otd_json_doc_root(doc)->type == OTD_JSON_OBJECT));
	g_assert_true(JSON_NODE_HOLDS_ARRAY(root) ==
		      (otd_json_doc_root(doc)->type == OTD_JSON_ARRAY));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	OtdRestResponse response = {.status = 200, .content_type = (gchar *)"application/json"};
	g_autoptr(GBytes) body = g_bytes_new(data, size);
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) status_error = NULL;
	g_autoptr(OtdJsonDoc) doc = NULL;

	otd_fuzz_init();
	otd_rest_set_status_error(404, "application/json", body, &status_error);
	g_assert_nonnull(status_error);
	response.body = body;
	doc = otd_rest_response_parse(&response, &error);
	g_assert_true((doc == NULL) == (error != NULL) || size == 0);
	otd_fuzz_compare(data, size, doc);
	if (doc == NULL)
		return 0;
	/* most plugins convert the answer as parsed; recordings fix the parsed tree up first
	 * and convert it directly (invalid UTF-8 from lone surrogates is repaired) */
	otd_fuzz_convert(otd_json_doc_root(doc));
	otd_fuzz_fixup(doc);
	otd_fuzz_convert(otd_json_doc_root(doc));
	return 0;
}
