/* converting between GVariant and sd-bus messages, recursively */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "otd-call.h"
#include "otd-error.h"

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

static int
otd_bus_read_container(sd_bus_message *m, char type, const char *contents, GVariant **ret)
{
	g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func((GDestroyNotify)g_variant_unref);
	int r = sd_bus_message_enter_container(m, type, contents);

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
	if (type == 'v') {
		if (children->len != 1)
			return -EBADMSG;
		*ret = g_variant_new_variant(g_ptr_array_index(children, 0));
	} else if (type == 'a') {
		g_autoptr(GVariantType) element = g_variant_type_new(contents);
		*ret = g_variant_new_array(element, (GVariant **)children->pdata, children->len);
	} else if (type == 'e') {
		if (children->len != 2)
			return -EBADMSG;
		*ret = g_variant_new_dict_entry(g_ptr_array_index(children, 0),
						g_ptr_array_index(children, 1));
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
