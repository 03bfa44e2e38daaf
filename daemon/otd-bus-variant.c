/* converting between GVariant and sd-bus messages, recursively */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "otd-call.h"
#include "otd-error.h"
#include "otd-json.h"

static int
otd_bus_append_basic(sd_bus_message *m, GVariant *value)
{
	switch (g_variant_classify(value)) {
	case G_VARIANT_CLASS_BOOLEAN: {
		int b = g_variant_get_boolean(value);
		return sd_bus_message_append_basic(m, 'b', &b);
	}
	case G_VARIANT_CLASS_BYTE: {
		guint8 v = g_variant_get_byte(value);
		return sd_bus_message_append_basic(m, 'y', &v);
	}
	case G_VARIANT_CLASS_INT16: {
		gint16 v = g_variant_get_int16(value);
		return sd_bus_message_append_basic(m, 'n', &v);
	}
	case G_VARIANT_CLASS_UINT16: {
		guint16 v = g_variant_get_uint16(value);
		return sd_bus_message_append_basic(m, 'q', &v);
	}
	case G_VARIANT_CLASS_INT32: {
		gint32 v = g_variant_get_int32(value);
		return sd_bus_message_append_basic(m, 'i', &v);
	}
	case G_VARIANT_CLASS_UINT32: {
		guint32 v = g_variant_get_uint32(value);
		return sd_bus_message_append_basic(m, 'u', &v);
	}
	case G_VARIANT_CLASS_INT64: {
		gint64 v = g_variant_get_int64(value);
		return sd_bus_message_append_basic(m, 'x', &v);
	}
	case G_VARIANT_CLASS_UINT64: {
		guint64 v = g_variant_get_uint64(value);
		return sd_bus_message_append_basic(m, 't', &v);
	}
	case G_VARIANT_CLASS_DOUBLE: {
		gdouble v = g_variant_get_double(value);
		return sd_bus_message_append_basic(m, 'd', &v);
	}
	case G_VARIANT_CLASS_STRING:
		return sd_bus_message_append_basic(m, 's', g_variant_get_string(value, NULL));
	case G_VARIANT_CLASS_OBJECT_PATH:
		return sd_bus_message_append_basic(m, 'o', g_variant_get_string(value, NULL));
	case G_VARIANT_CLASS_SIGNATURE:
		return sd_bus_message_append_basic(m, 'g', g_variant_get_string(value, NULL));
	default:
		return -EINVAL;
	}
}

/* "{sv}" -> "sv", "(si)" -> "si" */
static gchar *
otd_bus_inner_signature(const GVariantType *type)
{
	const gchar *s = g_variant_type_peek_string(type);
	gsize len = g_variant_type_get_string_length(type);
	return g_strndup(s + 1, len - 2);
}

static int
otd_bus_append_children(sd_bus_message *m, GVariant *value)
{
	gsize n = g_variant_n_children(value);
	for (gsize i = 0; i < n; i++) {
		g_autoptr(GVariant) child = g_variant_get_child_value(value, i);
		int r = otd_bus_message_append_gvariant(m, child);
		if (r < 0)
			return r;
	}
	return 0;
}

int
otd_bus_message_append_gvariant(sd_bus_message *m, GVariant *value)
{
	const GVariantType *type = g_variant_get_type(value);
	g_autofree gchar *contents = NULL;
	char kind;
	int r;

	switch (g_variant_classify(value)) {
	case G_VARIANT_CLASS_VARIANT: {
		g_autoptr(GVariant) inner = g_variant_get_variant(value);
		contents = g_strdup(g_variant_get_type_string(inner));
		r = sd_bus_message_open_container(m, 'v', contents);
		if (r < 0)
			return r;
		r = otd_bus_message_append_gvariant(m, inner);
		if (r < 0)
			return r;
		return sd_bus_message_close_container(m);
	}
	case G_VARIANT_CLASS_ARRAY:
		kind = 'a';
		contents = g_variant_type_dup_string(g_variant_type_element(type));
		break;
	case G_VARIANT_CLASS_DICT_ENTRY:
		kind = 'e';
		contents = otd_bus_inner_signature(type);
		break;
	case G_VARIANT_CLASS_TUPLE:
		kind = 'r';
		contents = otd_bus_inner_signature(type);
		break;
	default:
		return otd_bus_append_basic(m, value);
	}
	r = sd_bus_message_open_container(m, kind, contents);
	if (r < 0)
		return r;
	r = otd_bus_append_children(m, value);
	if (r < 0)
		return r;
	return sd_bus_message_close_container(m);
}

static int
otd_bus_read_basic(sd_bus_message *m, char type, GVariant **ret)
{
	union {
		guint8 y;
		int b;
		gint16 n;
		guint16 q;
		gint32 i;
		guint32 u;
		gint64 x;
		guint64 t;
		gdouble d;
		const char *s;
	} v;
	int r = sd_bus_message_read_basic(m, type, &v);

	if (r <= 0)
		return r < 0 ? r : -EBADMSG;
	switch (type) {
	case 'y': *ret = g_variant_new_byte(v.y); break;
	case 'b': *ret = g_variant_new_boolean(v.b); break;
	case 'n': *ret = g_variant_new_int16(v.n); break;
	case 'q': *ret = g_variant_new_uint16(v.q); break;
	case 'i': *ret = g_variant_new_int32(v.i); break;
	case 'u': *ret = g_variant_new_uint32(v.u); break;
	case 'x': *ret = g_variant_new_int64(v.x); break;
	case 't': *ret = g_variant_new_uint64(v.t); break;
	case 'd': *ret = g_variant_new_double(v.d); break;
	case 's': *ret = g_variant_new_string(v.s); break;
	case 'o': *ret = g_variant_new_object_path(v.s); break;
	case 'g': *ret = g_variant_new_signature(v.s); break;
	default: return -EINVAL;
	}
	return 1;
}

/* a variant or a dict entry: one or two values, no array needed */
static int
otd_bus_read_fixed(sd_bus_message *m, char type, const char *contents, GVariant **ret)
{
	g_autoptr(GVariant) first = NULL;
	g_autoptr(GVariant) second = NULL;
	int r = sd_bus_message_enter_container(m, type, contents);

	if (r <= 0)
		return r < 0 ? r : -EBADMSG;
	/* sunk, so that the autoptrs and the new container each hold a reference */
	r = otd_bus_message_read_gvariant(m, &first);
	if (r >= 0)
		g_variant_ref_sink(first);
	if (r >= 0 && type == 'e')
		r = otd_bus_message_read_gvariant(m, &second);
	if (r >= 0 && second != NULL)
		g_variant_ref_sink(second);
	if (r >= 0)
		r = sd_bus_message_exit_container(m);
	if (r < 0)
		return r;
	if (type == 'v')
		*ret = g_variant_new_variant(first);
	else
		*ret = g_variant_new_dict_entry(first, second);
	return 1;
}

static int
otd_bus_read_container(sd_bus_message *m, char type, const char *contents, GVariant **ret)
{
	g_autoptr(GPtrArray) children = NULL;
	int r;

	if (type == 'v' || type == 'e')
		return otd_bus_read_fixed(m, type, contents, ret);
	children = g_ptr_array_new_with_free_func((GDestroyNotify)g_variant_unref);
	r = sd_bus_message_enter_container(m, type, contents);
	if (r <= 0)
		return r < 0 ? r : -EBADMSG;
	for (;;) {
		GVariant *child = NULL;
		r = sd_bus_message_at_end(m, FALSE);
		if (r < 0)
			return r;
		if (r > 0)
			break;
		r = otd_bus_message_read_gvariant(m, &child);
		if (r < 0)
			return r;
		g_ptr_array_add(children, g_variant_ref_sink(child));
	}
	r = sd_bus_message_exit_container(m);
	if (r < 0)
		return r;
	if (type == 'a') {
		g_autoptr(GVariantType) element = g_variant_type_new(contents);
		*ret = g_variant_new_array(element, (GVariant **)children->pdata, children->len);
	} else {
		*ret = g_variant_new_tuple((GVariant **)children->pdata, children->len);
	}
	return 1;
}

int
otd_bus_message_read_gvariant(sd_bus_message *m, GVariant **ret)
{
	char type;
	const char *contents = NULL;
	int r = sd_bus_message_peek_type(m, &type, &contents);

	if (r <= 0)
		return r < 0 ? r : -EBADMSG;
	if (type == 'a' || type == 'v' || type == 'e' || type == 'r')
		return otd_bus_read_container(m, type, contents, ret);
	if (type == 'h')
		return -EINVAL; /* no file descriptors in this API */
	return otd_bus_read_basic(m, type, ret);
}

int
otd_bus_message_read_vardict(sd_bus_message *m, GVariant **ret)
{
	g_autoptr(GVariant) value = NULL;
	int r = otd_bus_message_read_gvariant(m, &value);

	if (r < 0)
		return r;
	g_variant_ref_sink(value);
	if (!g_variant_is_of_type(value, G_VARIANT_TYPE_VARDICT))
		return -EINVAL;
	*ret = g_steal_pointer(&value);
	return 1;
}

/*
 * JSON straight into a message, by the rules of otd_json_node_shape(): a REST answer
 * becomes the reply without an a{sv} GVariant in between, which for a list of a few
 * archives was two thirds of the daemon's work per call.
 */
static int
otd_bus_append_json(sd_bus_message *m, const OtdJsonVal *val, OtdJsonShape shape,
		    const gchar *const *data_maps);

/* @valid has been checked (otd_json_valid_utf8()): written in place, without sd-bus
 * checking its UTF-8 again, which was a tenth of the work of a list's reply */
static int
otd_bus_append_valid_string(sd_bus_message *m, const gchar *valid)
{
	size_t len = strlen(valid);
	char *space = NULL;
	int r = sd_bus_message_append_string_space(m, len, &space);

	if (r >= 0)
		memcpy(space, valid, len);
	return r;
}

static int
otd_bus_append_json_members(sd_bus_message *m, const OtdJsonVal *object, gboolean verbatim,
			    const gchar *const *data_maps)
{
	int r = sd_bus_message_open_container(m, 'a', "{sv}");

	for (guint i = 0; r >= 0 && i < object->n; i++) {
		const OtdJsonMember *member = &object->members[i];
		OtdJsonShape shape = otd_json_val_shape(&member->value, member->key, data_maps);
		g_autofree gchar *name = NULL;

		if (shape == OTD_JSON_SHAPE_SKIP)
			continue;
		name = otd_json_dbus_key(member->key, verbatim);
		r = sd_bus_message_open_container(m, 'e', "sv");
		if (r >= 0)
			r = otd_bus_append_valid_string(m, name);
		if (r >= 0)
			r = sd_bus_message_open_container(m, 'v', otd_json_shape_signature(shape));
		if (r >= 0)
			r = otd_bus_append_json(m, &member->value, shape, data_maps);
		if (r >= 0)
			r = sd_bus_message_close_container(m);
		if (r >= 0)
			r = sd_bus_message_close_container(m);
	}
	return r < 0 ? r : sd_bus_message_close_container(m);
}

static int
otd_bus_append_json_array(sd_bus_message *m, const OtdJsonVal *array, OtdJsonShape shape,
			  const gchar *const *data_maps)
{
	int r = sd_bus_message_open_container(m, 'a', otd_json_shape_signature(shape) + 1);

	for (guint i = 0; r >= 0 && i < array->n; i++) {
		const OtdJsonVal *element = &array->elements[i];
		OtdJsonShape element_shape = otd_json_val_shape(element, NULL, data_maps);

		if (element_shape == OTD_JSON_SHAPE_SKIP)
			continue;
		if (shape != OTD_JSON_SHAPE_VARIANT_ARRAY) {
			r = otd_bus_append_json(m, element, element_shape, data_maps);
			continue;
		}
		r = sd_bus_message_open_container(m, 'v',
						  otd_json_shape_signature(element_shape));
		if (r >= 0)
			r = otd_bus_append_json(m, element, element_shape, data_maps);
		if (r >= 0)
			r = sd_bus_message_close_container(m);
	}
	return r < 0 ? r : sd_bus_message_close_container(m);
}

static int
otd_bus_append_json(sd_bus_message *m, const OtdJsonVal *val, OtdJsonShape shape,
		    const gchar *const *data_maps)
{
	g_autofree gchar *repaired = NULL;

	switch (shape) {
	case OTD_JSON_SHAPE_INT64:
		return sd_bus_message_append_basic(m, 'x', &val->integer);
	case OTD_JSON_SHAPE_DOUBLE:
		return sd_bus_message_append_basic(m, 'd', &val->number);
	case OTD_JSON_SHAPE_BOOLEAN: {
		int v = val->boolean;
		return sd_bus_message_append_basic(m, 'b', &v);
	}
	case OTD_JSON_SHAPE_STRING:
		return otd_bus_append_valid_string(m, otd_json_valid_utf8(val->string, &repaired));
	case OTD_JSON_SHAPE_DICT:
	case OTD_JSON_SHAPE_DATA_MAP:
		return otd_bus_append_json_members(m, val, shape == OTD_JSON_SHAPE_DATA_MAP,
						   data_maps);
	case OTD_JSON_SHAPE_DICT_ARRAY:
	case OTD_JSON_SHAPE_STRV:
	case OTD_JSON_SHAPE_VARIANT_ARRAY:
		return otd_bus_append_json_array(m, val, shape, data_maps);
	case OTD_JSON_SHAPE_SKIP:
	default:
		return -EINVAL;
	}
}

int
otd_bus_message_append_json_object(sd_bus_message *m, const OtdJsonVal *object,
				   const gchar *const *data_maps)
{
	if (object->type != OTD_JSON_OBJECT)
		return -EINVAL;
	return otd_bus_append_json_members(m, object, FALSE, data_maps);
}

int
otd_bus_message_append_json_dict_array(sd_bus_message *m, const OtdJsonVal *array,
				       const gchar *const *data_maps)
{
	int r = sd_bus_message_open_container(m, 'a', "a{sv}");

	for (guint i = 0; r >= 0 && array != NULL && array->type == OTD_JSON_ARRAY && i < array->n;
	     i++) {
		if (array->elements[i].type == OTD_JSON_OBJECT)
			r = otd_bus_append_json_members(m, &array->elements[i], FALSE, data_maps);
	}
	return r < 0 ? r : sd_bus_message_close_container(m);
}

int
otd_bus_message_read_options(sd_bus_message *m, const OtdOption *table, JsonObject **ret_body,
			     GError **error)
{
	g_autoptr(JsonObject) body = json_object_new();
	guint64 seen = 0;
	int r = sd_bus_message_enter_container(m, 'a', "{sv}");

	/* each value straight to its check: no a{sv} GVariant is built around them */
	while (r >= 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		g_autoptr(GVariant) value = NULL;
		const char *key = NULL;
		const char *contents = NULL;

		r = sd_bus_message_read_basic(m, 's', &key);
		if (r >= 0)
			r = sd_bus_message_peek_type(m, NULL, &contents);
		if (r >= 0)
			r = sd_bus_message_enter_container(m, 'v', contents);
		if (r >= 0)
			r = otd_bus_message_read_gvariant(m, &value);
		if (r < 0)
			return r;
		g_variant_ref_sink(value);
		if (sd_bus_message_exit_container(m) < 0 || sd_bus_message_exit_container(m) < 0)
			return -EBADMSG;
		if (!otd_options_add(table, NULL, body, &seen, key, value, error))
			return 0;
	}
	if (r < 0 || (r = sd_bus_message_exit_container(m)) < 0)
		return r;
	*ret_body = g_steal_pointer(&body);
	return 1;
}
