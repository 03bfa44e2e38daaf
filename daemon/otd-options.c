/* validating a{sv} options against a per-method table and building the JSON body */
#include "config.h"

#include <string.h>

#include "otd-error.h"
#include "otd-json.h"

static JsonNode *
otd_option_to_json(const OtdOption *opt, const gchar *path, GVariant *value, GError **error);

gboolean
otd_variant_get_int64(GVariant *value, gint64 *ret)
{
	const GVariantType *type = g_variant_get_type(value);

	if (g_variant_type_equal(type, G_VARIANT_TYPE_BYTE))
		*ret = g_variant_get_byte(value);
	else if (g_variant_type_equal(type, G_VARIANT_TYPE_INT16))
		*ret = g_variant_get_int16(value);
	else if (g_variant_type_equal(type, G_VARIANT_TYPE_UINT16))
		*ret = g_variant_get_uint16(value);
	else if (g_variant_type_equal(type, G_VARIANT_TYPE_INT32))
		*ret = g_variant_get_int32(value);
	else if (g_variant_type_equal(type, G_VARIANT_TYPE_UINT32))
		*ret = g_variant_get_uint32(value);
	else if (g_variant_type_equal(type, G_VARIANT_TYPE_INT64))
		*ret = g_variant_get_int64(value);
	else if (g_variant_type_equal(type, G_VARIANT_TYPE_UINT64)) {
		guint64 u = g_variant_get_uint64(value);
		if (u > G_MAXINT64)
			return FALSE;
		*ret = (gint64)u;
	} else
		return FALSE;
	return TRUE;
}

gchar *
otd_options_choices_to_string(const gchar *const *choices)
{
	return g_strjoinv(", ", (gchar **)choices);
}

static gboolean
otd_option_type_error(const gchar *path, const gchar *expected, GVariant *value, GError **error)
{
	g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
		    "invalid option '%s': expected %s, got type '%s'", path, expected,
		    g_variant_get_type_string(value));
	return FALSE;
}

static gboolean
otd_option_check_length(const OtdOption *opt, const gchar *path, gint64 len, const gchar *unit,
			GError **error)
{
	if (opt->min == 0 && opt->max == 0)
		return TRUE;
	if (len < opt->min || (opt->max != 0 && len > opt->max)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s': must have %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
			    " %s, got %" G_GINT64_FORMAT,
			    path, opt->min, opt->max, unit, len);
		return FALSE;
	}
	return TRUE;
}

gboolean
otd_option_check_string(const OtdOption *opt, const gchar *path, const gchar *s, GError **error)
{
	if (opt->choices != NULL && !g_strv_contains(opt->choices, s)) {
		g_autofree gchar *list = otd_options_choices_to_string(opt->choices);
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s': must be one of %s", path, list);
		return FALSE;
	}
	return otd_option_check_length(opt, path, g_utf8_strlen(s, -1), "characters", error);
}

static JsonNode *
otd_option_string(const OtdOption *opt, const gchar *path, GVariant *value, GError **error)
{
	const gchar *s;

	if (!g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)) {
		otd_option_type_error(path, "a string", value, error);
		return NULL;
	}
	s = g_variant_get_string(value, NULL);
	if (!otd_option_check_string(opt, path, s, error))
		return NULL;
	return json_node_init_string(json_node_alloc(), s);
}

static JsonNode *
otd_option_int(const OtdOption *opt, const gchar *path, GVariant *value, GError **error)
{
	gint64 v;

	if (!otd_variant_get_int64(value, &v)) {
		if (g_variant_is_of_type(value, G_VARIANT_TYPE_UINT64)) {
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option '%s': value out of range", path);
			return NULL;
		}
		otd_option_type_error(path, "an integer", value, error);
		return NULL;
	}
	if ((opt->min != 0 || opt->max != 0) && (v < opt->min || v > opt->max)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option '%s': must be from %" G_GINT64_FORMAT
			    " to %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT,
			    path, opt->min, opt->max, v);
		return NULL;
	}
	return json_node_init_int(json_node_alloc(), v);
}

static JsonNode *
otd_option_strv(const OtdOption *opt, const gchar *path, GVariant *value, GError **error)
{
	g_autoptr(JsonArray) array = json_array_new();
	GVariantIter iter;
	const gchar *s;

	if (!g_variant_is_of_type(value, G_VARIANT_TYPE_STRING_ARRAY)) {
		otd_option_type_error(path, "a list of strings (as)", value, error);
		return NULL;
	}
	if (!otd_option_check_length(opt, path, (gint64)g_variant_n_children(value), "items",
				     error))
		return NULL;
	g_variant_iter_init(&iter, value);
	while (g_variant_iter_next(&iter, "&s", &s)) {
		if (opt->choices != NULL && !g_strv_contains(opt->choices, s)) {
			g_autofree gchar *list = otd_options_choices_to_string(opt->choices);
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option '%s': each item must be one of %s", path, list);
			return NULL;
		}
		json_array_add_string_element(array, s);
	}
	return json_node_init_array(json_node_alloc(), array);
}

static JsonNode *
otd_option_string_map(const OtdOption *opt, const gchar *path, GVariant *value, GError **error)
{
	g_autoptr(JsonObject) object = json_object_new();
	GVariantIter iter;
	const gchar *k, *v;

	if (!g_variant_is_of_type(value, G_VARIANT_TYPE("a{ss}"))) {
		otd_option_type_error(path, "a string map (a{ss})", value, error);
		return NULL;
	}
	g_variant_iter_init(&iter, value);
	while (g_variant_iter_next(&iter, "{&s&s}", &k, &v))
		json_object_set_string_member(object, k, v);
	return json_node_init_object(json_node_alloc(), object);
}

static JsonObject *
otd_options_to_json_at(const OtdOption *table, const gchar *prefix, GVariant *options,
		       GError **error);

static JsonNode *
otd_option_dict(const OtdOption *opt, const gchar *path, GVariant *value, GError **error)
{
	g_autoptr(JsonObject) object = NULL;

	if (!g_variant_is_of_type(value, G_VARIANT_TYPE_VARDICT)) {
		otd_option_type_error(path, "a dictionary (a{sv})", value, error);
		return NULL;
	}
	object = otd_options_to_json_at(opt->nested, path, value, error);
	if (object == NULL)
		return NULL;
	return json_node_init_object(json_node_alloc(), object);
}

static JsonNode *
otd_option_dict_array(const OtdOption *opt, const gchar *path, GVariant *value, GError **error)
{
	g_autoptr(JsonArray) array = json_array_new();
	gsize n;

	if (!g_variant_is_of_type(value, G_VARIANT_TYPE("aa{sv}"))) {
		otd_option_type_error(path, "a list of dictionaries (aa{sv})", value, error);
		return NULL;
	}
	n = g_variant_n_children(value);
	if (!otd_option_check_length(opt, path, (gint64)n, "items", error))
		return NULL;
	for (gsize i = 0; i < n; i++) {
		g_autoptr(GVariant) child = g_variant_get_child_value(value, i);
		g_autofree gchar *child_path = g_strdup_printf("%s[%" G_GSIZE_FORMAT "]", path, i);
		JsonObject *object = otd_options_to_json_at(opt->nested, child_path, child, error);
		if (object == NULL)
			return NULL;
		json_array_add_object_element(array, object);
	}
	return json_node_init_array(json_node_alloc(), array);
}

static JsonNode *
otd_option_to_json(const OtdOption *opt, const gchar *path, GVariant *value, GError **error)
{
	switch (opt->type) {
	case OTD_OPTION_STRING:
		return otd_option_string(opt, path, value, error);
	case OTD_OPTION_BOOL:
		if (!g_variant_is_of_type(value, G_VARIANT_TYPE_BOOLEAN)) {
			otd_option_type_error(path, "a boolean", value, error);
			return NULL;
		}
		return json_node_init_boolean(json_node_alloc(), g_variant_get_boolean(value));
	case OTD_OPTION_INT:
		return otd_option_int(opt, path, value, error);
	case OTD_OPTION_STRV:
		return otd_option_strv(opt, path, value, error);
	case OTD_OPTION_DICT:
		return otd_option_dict(opt, path, value, error);
	case OTD_OPTION_DICT_ARRAY:
		return otd_option_dict_array(opt, path, value, error);
	case OTD_OPTION_STRING_MAP:
		return otd_option_string_map(opt, path, value, error);
	default:
		g_set_error(error, OTD_ERROR, OTD_ERROR_INTERNAL, "bad option table for '%s'",
			    path);
		return NULL;
	}
}

const OtdOption *
otd_options_lookup(const OtdOption *table, const gchar *key)
{
	for (const OtdOption *opt = table; opt != NULL && opt->key != NULL; opt++) {
		if (g_strcmp0(opt->key, key) == 0)
			return opt;
	}
	return NULL;
}

gboolean
otd_options_add(const OtdOption *table, const gchar *prefix, JsonObject *body, guint64 *seen,
		const gchar *key, GVariant *value, GError **error)
{
	g_autofree gchar *owned_path = NULL;
	g_autofree gchar *camel = NULL;
	const gchar *path = key;
	const OtdOption *opt = otd_options_lookup(table, key);
	JsonNode *node;

	if (prefix != NULL)
		path = owned_path = g_strdup_printf("%s.%s", prefix, key);
	if (opt == NULL) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS, "unknown option '%s'", path);
		return FALSE;
	}
	/* a bit per row: option tables are short (OTD_OPTIONS_MAX_ROWS) */
	g_return_val_if_fail(opt - table < OTD_OPTIONS_MAX_ROWS, FALSE);
	if (*seen & ((guint64)1 << (opt - table))) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS, "option '%s' is given twice",
			    path);
		return FALSE;
	}
	*seen |= (guint64)1 << (opt - table);
	node = otd_option_to_json(opt, path, value, error);
	if (node == NULL)
		return FALSE;
	if (opt->check != NULL && !opt->check(path, value, error)) {
		json_node_unref(node);
		return FALSE;
	}
	/* most keys are one word, the same in both cases */
	if (opt->wire_key == NULL && strchr(opt->key, '_') != NULL)
		camel = otd_json_snake_to_camel(opt->key);
	json_object_set_member(body,
			       opt->wire_key != NULL ? opt->wire_key
			       : camel != NULL	     ? camel
						     : opt->key,
			       node);
	return TRUE;
}

static JsonObject *
otd_options_to_json_at(const OtdOption *table, const gchar *prefix, GVariant *options,
		       GError **error)
{
	g_autoptr(JsonObject) body = json_object_new();
	guint64 seen = 0;
	gsize n = g_variant_n_children(options);

	/* no format strings here: g_variant_get_child(…, "{&sv}", …) parses its format on
	 * every call and cost more than all the rest of the checks */
	for (gsize i = 0; i < n; i++) {
		g_autoptr(GVariant) entry = g_variant_get_child_value(options, i);
		g_autoptr(GVariant) name = g_variant_get_child_value(entry, 0);
		g_autoptr(GVariant) boxed = g_variant_get_child_value(entry, 1);
		g_autoptr(GVariant) value = g_variant_get_variant(boxed);

		if (!otd_options_add(table, prefix, body, &seen, g_variant_get_string(name, NULL),
				     value, error))
			return NULL;
	}
	return g_steal_pointer(&body);
}

JsonObject *
otd_options_to_json(const OtdOption *table, GVariant *options, GError **error)
{
	g_return_val_if_fail(g_variant_is_of_type(options, G_VARIANT_TYPE_VARDICT), NULL);
	return otd_options_to_json_at(table, NULL, options, error);
}
