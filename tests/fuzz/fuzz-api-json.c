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
otd_fuzz_fixup(JsonNode *root)
{
	JsonNode *items;

	if (!JSON_NODE_HOLDS_OBJECT(root))
		return;
	otd_broadcasts_fixup(json_node_get_object(root));
	items = json_object_get_member(json_node_get_object(root), "items");
	if (items == NULL || !JSON_NODE_HOLDS_ARRAY(items))
		return;
	for (guint i = 0; i < json_array_get_length(json_node_get_array(items)); i++) {
		JsonNode *item = json_array_get_element(json_node_get_array(items), i);
		if (JSON_NODE_HOLDS_OBJECT(item))
			otd_broadcasts_fixup(json_node_get_object(item));
	}
}

static void
otd_fuzz_convert(JsonNode *root)
{
	g_autoptr(GVariant) object = NULL;
	g_autoptr(GVariant) mapped = NULL;
	g_autoptr(GVariant) list = NULL;

	if (JSON_NODE_HOLDS_ARRAY(root)) {
		list = g_variant_ref_sink(
		    otd_json_array_to_dict_array(json_node_get_array(root), NULL));
		g_assert_true(g_variant_is_normal_form(list));
		return;
	}
	if (!JSON_NODE_HOLDS_OBJECT(root))
		return;
	{
		/* the member type check: a verdict, with an error exactly when it refuses */
		g_autoptr(GError) error = NULL;
		gboolean ok = otd_answer_check_object(json_node_get_object(root), &error);
		g_assert_true(ok == (error == NULL));
	}
	object = g_variant_ref_sink(otd_json_object_to_variant(json_node_get_object(root), NULL));
	mapped = g_variant_ref_sink(
	    otd_json_object_to_variant(json_node_get_object(root), otd_fuzz_data_maps));
	g_assert_true(g_variant_is_normal_form(object));
	g_assert_true(g_variant_is_normal_form(mapped));
	list = g_variant_ref_sink(otd_json_array_to_dict_array(
	    otd_json_get_array(json_node_get_object(root), "items"), NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	OtdRestResponse response = {.status = 200, .content_type = (gchar *)"application/json"};
	g_autoptr(GBytes) body = g_bytes_new(data, size);
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) status_error = NULL;
	g_autoptr(JsonNode) root = NULL;

	otd_fuzz_init();
	otd_rest_set_status_error(404, "application/json", body, &status_error);
	g_assert_nonnull(status_error);
	response.body = body;
	root = otd_rest_response_get_json(&response, &error);
	if (root == NULL)
		return 0;
	/* most plugins convert the answer as parsed; recordings fix the parsed tree up first
	 * and convert it directly (invalid UTF-8 from lone surrogates is repaired) */
	otd_fuzz_convert(root);
	otd_fuzz_fixup(root);
	otd_fuzz_convert(root);
	return 0;
}
