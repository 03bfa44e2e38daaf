/* JSON <-> a{sv}: the single place where field names change case */
#include "config.h"

#include <string.h>

#include "otd-error.h"
#include "otd-json.h"

gchar *
otd_json_camel_to_snake(const gchar *name)
{
	/* at most one '_' per character: no GString, it showed in the profile of every list */
	gsize len = strlen(name);
	gchar *out = g_malloc(len * 2 + 1);
	gchar *o = out;

	for (gsize i = 0; i < len; i++) {
		gchar c = name[i];
		if (g_ascii_isupper(c)) {
			gboolean prev_lower = i > 0 && (g_ascii_islower(name[i - 1]) ||
							g_ascii_isdigit(name[i - 1]));
			gboolean acronym_end = i > 0 && g_ascii_isupper(name[i - 1]) &&
					       g_ascii_islower(name[i + 1]);
			/* "hlsURL" -> "hls_url", "URLPath" -> "url_path" */
			if (prev_lower || acronym_end)
				*o++ = '_';
			*o++ = g_ascii_tolower(c);
		} else {
			*o++ = c;
		}
	}
	*o = '\0';
	return out;
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

OtdJsonShape
otd_json_node_shape(JsonNode *node, const gchar *wire_key, const gchar *const *data_maps)
{
	switch (JSON_NODE_TYPE(node)) {
	case JSON_NODE_OBJECT:
		if (wire_key != NULL && data_maps != NULL && g_strv_contains(data_maps, wire_key))
			return OTD_JSON_SHAPE_DATA_MAP;
		return OTD_JSON_SHAPE_DICT;
	case JSON_NODE_ARRAY:
		if (otd_json_array_all_of(json_node_get_array(node), JSON_NODE_OBJECT,
					  G_TYPE_INVALID))
			return OTD_JSON_SHAPE_DICT_ARRAY;
		if (otd_json_array_all_of(json_node_get_array(node), JSON_NODE_VALUE,
					  G_TYPE_STRING))
			return OTD_JSON_SHAPE_STRV;
		return OTD_JSON_SHAPE_VARIANT_ARRAY;
	case JSON_NODE_VALUE:
		switch (json_node_get_value_type(node)) {
		case G_TYPE_INT64:
			return OTD_JSON_SHAPE_INT64;
		case G_TYPE_DOUBLE:
			return OTD_JSON_SHAPE_DOUBLE;
		case G_TYPE_BOOLEAN:
			return OTD_JSON_SHAPE_BOOLEAN;
		case G_TYPE_STRING:
			return OTD_JSON_SHAPE_STRING;
		default:
			return OTD_JSON_SHAPE_SKIP;
		}
	case JSON_NODE_NULL:
	default:
		return OTD_JSON_SHAPE_SKIP;
	}
}

const gchar *
otd_json_shape_signature(OtdJsonShape shape)
{
	switch (shape) {
	case OTD_JSON_SHAPE_INT64:
		return "x";
	case OTD_JSON_SHAPE_DOUBLE:
		return "d";
	case OTD_JSON_SHAPE_BOOLEAN:
		return "b";
	case OTD_JSON_SHAPE_STRING:
		return "s";
	case OTD_JSON_SHAPE_DICT:
	case OTD_JSON_SHAPE_DATA_MAP:
		return "a{sv}";
	case OTD_JSON_SHAPE_DICT_ARRAY:
		return "aa{sv}";
	case OTD_JSON_SHAPE_STRV:
		return "as";
	case OTD_JSON_SHAPE_VARIANT_ARRAY:
		return "av";
	case OTD_JSON_SHAPE_SKIP:
	default:
		return NULL;
	}
}

const gchar *
otd_json_valid_utf8(const gchar *text, gchar **ret_repaired)
{
	/* D-Bus strings must be valid UTF-8; json-glib lets a lone surrogate escape ("\ud800")
	 * through as invalid bytes, so repair rather than trust */
	*ret_repaired = NULL;
	if (text == NULL)
		return "";
	if (g_utf8_validate(text, -1, NULL))
		return text;
	*ret_repaired = g_utf8_make_valid(text, -1);
	return *ret_repaired;
}

gchar *
otd_json_dbus_key(const gchar *wire_key, gboolean verbatim)
{
	g_autofree gchar *repaired = NULL;
	const gchar *valid = otd_json_valid_utf8(wire_key, &repaired);

	return verbatim ? g_strdup(valid) : otd_json_camel_to_snake(valid);
}

static GVariant *
otd_json_node_to_variant(JsonNode *node, OtdJsonShape shape, const gchar *const *data_maps);

static GVariant *
otd_json_members_to_variant(JsonObject *object, gboolean verbatim,
			    const gchar *const *data_maps)
{
	g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT(G_VARIANT_TYPE_VARDICT);
	JsonObjectIter iter;
	const gchar *key;
	JsonNode *node;

	json_object_iter_init_ordered(&iter, object);
	while (json_object_iter_next_ordered(&iter, &key, &node)) {
		OtdJsonShape shape = otd_json_node_shape(node, key, data_maps);
		g_autofree gchar *name = NULL;

		if (shape == OTD_JSON_SHAPE_SKIP)
			continue;
		name = otd_json_dbus_key(key, verbatim);
		g_variant_builder_add_value(
		    &builder,
		    g_variant_new_dict_entry(
			g_variant_new_string(name),
			g_variant_new_variant(otd_json_node_to_variant(node, shape, data_maps))));
	}
	return g_variant_builder_end(&builder);
}

static GVariant *
otd_json_array_to_variant(JsonArray *array, OtdJsonShape shape, const gchar *const *data_maps)
{
	g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT(
	    G_VARIANT_TYPE(shape == OTD_JSON_SHAPE_STRV ? "as" : "av"));
	guint n = json_array_get_length(array);

	if (shape == OTD_JSON_SHAPE_DICT_ARRAY)
		return otd_json_array_to_dict_array(array, data_maps);
	for (guint i = 0; i < n; i++) {
		JsonNode *element = json_array_get_element(array, i);
		OtdJsonShape element_shape = otd_json_node_shape(element, NULL, data_maps);
		GVariant *v;

		if (element_shape == OTD_JSON_SHAPE_SKIP)
			continue;
		v = otd_json_node_to_variant(element, element_shape, data_maps);
		g_variant_builder_add_value(&builder,
					    shape == OTD_JSON_SHAPE_STRV ? v : g_variant_new_variant(v));
	}
	return g_variant_builder_end(&builder);
}

static GVariant *
otd_json_node_to_variant(JsonNode *node, OtdJsonShape shape, const gchar *const *data_maps)
{
	g_autofree gchar *repaired = NULL;

	switch (shape) {
	case OTD_JSON_SHAPE_INT64:
		return g_variant_new_int64(json_node_get_int(node));
	case OTD_JSON_SHAPE_DOUBLE:
		return g_variant_new_double(json_node_get_double(node));
	case OTD_JSON_SHAPE_BOOLEAN:
		return g_variant_new_boolean(json_node_get_boolean(node));
	case OTD_JSON_SHAPE_STRING:
		return g_variant_new_string(
		    otd_json_valid_utf8(json_node_get_string(node), &repaired));
	case OTD_JSON_SHAPE_DICT:
	case OTD_JSON_SHAPE_DATA_MAP:
		return otd_json_members_to_variant(json_node_get_object(node),
						   shape == OTD_JSON_SHAPE_DATA_MAP, data_maps);
	case OTD_JSON_SHAPE_DICT_ARRAY:
	case OTD_JSON_SHAPE_STRV:
	case OTD_JSON_SHAPE_VARIANT_ARRAY:
		return otd_json_array_to_variant(json_node_get_array(node), shape, data_maps);
	case OTD_JSON_SHAPE_SKIP:
	default:
		g_return_val_if_reached(NULL);
	}
}

GVariant *
otd_json_object_to_variant(JsonObject *object, const gchar *const *data_maps)
{
	return otd_json_members_to_variant(object, FALSE, data_maps);
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
