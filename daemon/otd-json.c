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
otd_json_array_all_of(const OtdJsonVal *array, OtdJsonType type)
{
	for (guint i = 0; i < array->n; i++) {
		if (array->elements[i].type != type)
			return FALSE;
	}
	return array->n > 0;
}

OtdJsonShape
otd_json_val_shape(const OtdJsonVal *val, const gchar *wire_key, const gchar *const *data_maps)
{
	switch (val->type) {
	case OTD_JSON_OBJECT:
		if (wire_key != NULL && data_maps != NULL && g_strv_contains(data_maps, wire_key))
			return OTD_JSON_SHAPE_DATA_MAP;
		return OTD_JSON_SHAPE_DICT;
	case OTD_JSON_ARRAY:
		if (otd_json_array_all_of(val, OTD_JSON_OBJECT))
			return OTD_JSON_SHAPE_DICT_ARRAY;
		if (otd_json_array_all_of(val, OTD_JSON_STRING))
			return OTD_JSON_SHAPE_STRV;
		return OTD_JSON_SHAPE_VARIANT_ARRAY;
	case OTD_JSON_INT:
		return OTD_JSON_SHAPE_INT64;
	case OTD_JSON_DOUBLE:
		return OTD_JSON_SHAPE_DOUBLE;
	case OTD_JSON_BOOLEAN:
		return OTD_JSON_SHAPE_BOOLEAN;
	case OTD_JSON_STRING:
		return OTD_JSON_SHAPE_STRING;
	case OTD_JSON_NULL:
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
otd_json_val_to_variant(const OtdJsonVal *val, OtdJsonShape shape,
			const gchar *const *data_maps);

static GVariant *
otd_json_members_to_variant(const OtdJsonVal *object, gboolean verbatim,
			    const gchar *const *data_maps)
{
	g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT(G_VARIANT_TYPE_VARDICT);

	for (guint i = 0; i < object->n; i++) {
		const OtdJsonMember *member = &object->members[i];
		OtdJsonShape shape = otd_json_val_shape(&member->value, member->key, data_maps);
		g_autofree gchar *name = NULL;

		if (shape == OTD_JSON_SHAPE_SKIP)
			continue;
		name = otd_json_dbus_key(member->key, verbatim);
		g_variant_builder_add_value(
		    &builder, g_variant_new_dict_entry(
				  g_variant_new_string(name),
				  g_variant_new_variant(otd_json_val_to_variant(
				      &member->value, shape, data_maps))));
	}
	return g_variant_builder_end(&builder);
}

static GVariant *
otd_json_array_to_variant(const OtdJsonVal *array, OtdJsonShape shape,
			  const gchar *const *data_maps)
{
	g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT(
	    G_VARIANT_TYPE(shape == OTD_JSON_SHAPE_STRV ? "as" : "av"));

	if (shape == OTD_JSON_SHAPE_DICT_ARRAY)
		return otd_json_array_to_dict_array(array, data_maps);
	for (guint i = 0; i < array->n; i++) {
		const OtdJsonVal *element = &array->elements[i];
		OtdJsonShape element_shape = otd_json_val_shape(element, NULL, data_maps);
		GVariant *v;

		if (element_shape == OTD_JSON_SHAPE_SKIP)
			continue;
		v = otd_json_val_to_variant(element, element_shape, data_maps);
		g_variant_builder_add_value(&builder,
					    shape == OTD_JSON_SHAPE_STRV ? v : g_variant_new_variant(v));
	}
	return g_variant_builder_end(&builder);
}

static GVariant *
otd_json_val_to_variant(const OtdJsonVal *val, OtdJsonShape shape,
			const gchar *const *data_maps)
{
	g_autofree gchar *repaired = NULL;

	switch (shape) {
	case OTD_JSON_SHAPE_INT64:
		return g_variant_new_int64(val->integer);
	case OTD_JSON_SHAPE_DOUBLE:
		return g_variant_new_double(val->number);
	case OTD_JSON_SHAPE_BOOLEAN:
		return g_variant_new_boolean(val->boolean);
	case OTD_JSON_SHAPE_STRING:
		return g_variant_new_string(otd_json_valid_utf8(val->string, &repaired));
	case OTD_JSON_SHAPE_DICT:
	case OTD_JSON_SHAPE_DATA_MAP:
		return otd_json_members_to_variant(val, shape == OTD_JSON_SHAPE_DATA_MAP,
						   data_maps);
	case OTD_JSON_SHAPE_DICT_ARRAY:
	case OTD_JSON_SHAPE_STRV:
	case OTD_JSON_SHAPE_VARIANT_ARRAY:
		return otd_json_array_to_variant(val, shape, data_maps);
	case OTD_JSON_SHAPE_SKIP:
	default:
		g_return_val_if_reached(NULL);
	}
}

GVariant *
otd_json_object_to_variant(const OtdJsonVal *object, const gchar *const *data_maps)
{
	g_return_val_if_fail(object->type == OTD_JSON_OBJECT, NULL);
	return otd_json_members_to_variant(object, FALSE, data_maps);
}

GVariant *
otd_json_array_to_dict_array(const OtdJsonVal *array, const gchar *const *data_maps)
{
	g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT(G_VARIANT_TYPE("aa{sv}"));

	for (guint i = 0; array != NULL && array->type == OTD_JSON_ARRAY && i < array->n; i++) {
		if (array->elements[i].type == OTD_JSON_OBJECT)
			g_variant_builder_add_value(
			    &builder, otd_json_object_to_variant(&array->elements[i], data_maps));
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
