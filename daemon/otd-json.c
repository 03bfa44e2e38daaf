/* JSON <-> a{sv}: the single place where field names change case */
#include "config.h"

#include <string.h>

#include "otd-error.h"
#include "otd-json.h"

gchar *
otd_json_camel_to_snake(const gchar *name)
{
	GString *out = g_string_sized_new(strlen(name) + 8);

	for (gsize i = 0; name[i] != '\0'; i++) {
		gchar c = name[i];
		if (g_ascii_isupper(c)) {
			gboolean prev_lower = i > 0 && (g_ascii_islower(name[i - 1]) ||
							g_ascii_isdigit(name[i - 1]));
			gboolean acronym_end = i > 0 && g_ascii_isupper(name[i - 1]) &&
					       g_ascii_islower(name[i + 1]);
			/* "hlsURL" -> "hls_url", "URLPath" -> "url_path" */
			if (prev_lower || acronym_end)
				g_string_append_c(out, '_');
			g_string_append_c(out, g_ascii_tolower(c));
		} else {
			g_string_append_c(out, c);
		}
	}
	return g_string_free(out, FALSE);
}

gchar *
otd_json_snake_to_camel(const gchar *name)
{
	GString *out = g_string_sized_new(strlen(name));
	gboolean upper = FALSE;

	for (const gchar *p = name; *p != '\0'; p++) {
		if (*p == '_' && out->len > 0) {
			upper = TRUE;
			continue;
		}
		g_string_append_c(out, upper ? g_ascii_toupper(*p) : *p);
		upper = FALSE;
	}
	return g_string_free(out, FALSE);
}

static GVariant *
otd_json_node_to_variant(JsonNode *node, const gchar *wire_key, const gchar *const *data_maps);

static GVariant *
otd_json_data_map_to_variant(JsonObject *object, const gchar *const *data_maps)
{
	g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT(G_VARIANT_TYPE_VARDICT);
	JsonObjectIter iter;
	const gchar *key;
	JsonNode *node;

	json_object_iter_init(&iter, object);
	while (json_object_iter_next(&iter, &key, &node)) {
		g_autofree gchar *valid = g_utf8_make_valid(key, -1);
		GVariant *v = otd_json_node_to_variant(node, key, data_maps);
		if (v != NULL)
			g_variant_builder_add(&builder, "{sv}", valid, v);
	}
	return g_variant_builder_end(&builder);
}

static gboolean
otd_json_array_all_of(JsonArray *array, JsonNodeType type, GType value_type)
{
	guint n = json_array_get_length(array);
	for (guint i = 0; i < n; i++) {
		JsonNode *node = json_array_get_element(array, i);
		if (JSON_NODE_TYPE(node) != type)
			return FALSE;
		if (value_type != G_TYPE_INVALID && json_node_get_value_type(node) != value_type)
			return FALSE;
	}
	return n > 0;
}

static GVariant *
otd_json_array_to_variant(JsonArray *array, const gchar *const *data_maps)
{
	g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT(G_VARIANT_TYPE("av"));
	guint n = json_array_get_length(array);

	if (otd_json_array_all_of(array, JSON_NODE_OBJECT, G_TYPE_INVALID))
		return otd_json_array_to_dict_array(array, data_maps);
	if (otd_json_array_all_of(array, JSON_NODE_VALUE, G_TYPE_STRING)) {
		g_auto(GVariantBuilder) sb = G_VARIANT_BUILDER_INIT(G_VARIANT_TYPE_STRING_ARRAY);
		for (guint i = 0; i < n; i++) {
			g_autofree gchar *valid =
			    g_utf8_make_valid(json_array_get_string_element(array, i), -1);
			g_variant_builder_add(&sb, "s", valid);
		}
		return g_variant_builder_end(&sb);
	}
	for (guint i = 0; i < n; i++) {
		GVariant *v =
		    otd_json_node_to_variant(json_array_get_element(array, i), NULL, data_maps);
		if (v != NULL)
			g_variant_builder_add(&builder, "v", v);
	}
	return g_variant_builder_end(&builder);
}

static GVariant *
otd_json_value_to_variant(JsonNode *node)
{
	switch (json_node_get_value_type(node)) {
	case G_TYPE_INT64:
		return g_variant_new_int64(json_node_get_int(node));
	case G_TYPE_DOUBLE:
		return g_variant_new_double(json_node_get_double(node));
	case G_TYPE_BOOLEAN:
		return g_variant_new_boolean(json_node_get_boolean(node));
	case G_TYPE_STRING: {
		const gchar *s = json_node_get_string(node);
		/* D-Bus strings must be valid UTF-8; json-glib lets a lone surrogate escape
		 * ("\ud800") through as invalid bytes, so repair rather than trust */
		if (s == NULL)
			return g_variant_new_string("");
		if (!g_utf8_validate(s, -1, NULL))
			return g_variant_new_take_string(g_utf8_make_valid(s, -1));
		return g_variant_new_string(s);
	}
	default:
		return NULL;
	}
}

static GVariant *
otd_json_node_to_variant(JsonNode *node, const gchar *wire_key, const gchar *const *data_maps)
{
	switch (JSON_NODE_TYPE(node)) {
	case JSON_NODE_OBJECT:
		if (wire_key != NULL && data_maps != NULL && g_strv_contains(data_maps, wire_key))
			return otd_json_data_map_to_variant(json_node_get_object(node), data_maps);
		return otd_json_object_to_variant(json_node_get_object(node), data_maps);
	case JSON_NODE_ARRAY:
		return otd_json_array_to_variant(json_node_get_array(node), data_maps);
	case JSON_NODE_VALUE:
		return otd_json_value_to_variant(node);
	case JSON_NODE_NULL:
	default:
		return NULL;
	}
}

GVariant *
otd_json_object_to_variant(JsonObject *object, const gchar *const *data_maps)
{
	g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT(G_VARIANT_TYPE_VARDICT);
	JsonObjectIter iter;
	const gchar *key;
	JsonNode *node;

	json_object_iter_init_ordered(&iter, object);
	while (json_object_iter_next_ordered(&iter, &key, &node)) {
		g_autofree gchar *valid = g_utf8_make_valid(key, -1);
		g_autofree gchar *snake = otd_json_camel_to_snake(valid);
		GVariant *v = otd_json_node_to_variant(node, key, data_maps);
		if (v != NULL)
			g_variant_builder_add(&builder, "{sv}", snake, v);
	}
	return g_variant_builder_end(&builder);
}

GVariant *
otd_json_array_to_dict_array(JsonArray *array, const gchar *const *data_maps)
{
	g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT(G_VARIANT_TYPE("aa{sv}"));
	guint n = array != NULL ? json_array_get_length(array) : 0;

	for (guint i = 0; i < n; i++) {
		JsonNode *node = json_array_get_element(array, i);
		if (JSON_NODE_HOLDS_OBJECT(node))
			g_variant_builder_add_value(
			    &builder, otd_json_object_to_variant(json_node_get_object(node),
								 data_maps));
	}
	return g_variant_builder_end(&builder);
}

JsonObject *
otd_json_get_object(JsonObject *object, const gchar *key)
{
	JsonNode *node = json_object_get_member(object, key);
	return node != NULL && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

JsonArray *
otd_json_get_array(JsonObject *object, const gchar *key)
{
	JsonNode *node = json_object_get_member(object, key);
	return node != NULL && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
}
