/*
 * Reads reply values into OtkDict/OtkValue trees, guided only by the signature on the
 * wire, so new result keys and types from the daemon need no client change.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "otk-client-private.h"
#include "otk-dict-private.h"

static bool
otk_type_is_string(char type)
{
	return type == 's' || type == 'o' || type == 'g';
}

static int
otk_value_read_basic(sd_bus_message *m, char type, OtkValue **ret_value)
{
	union {
		uint8_t y;
		int16_t n;
		uint16_t q;
		int32_t i;
		uint32_t u;
		int64_t x;
		uint64_t t;
		int b;
		double d;
		const char *s;
	} v;
	OtkValue *value;
	int r;

	if (type == 'h')
		return -EBADMSG; /* a file descriptor has no place in a result */
	r = sd_bus_message_read_basic(m, type, &v);
	if (r < 0)
		return r;
	if (otk_type_is_string(type)) {
		value = otk_value_new_string(v.s);
	} else if (type == 'b') {
		value = otk_value_new(OTK_VALUE_KIND_BOOL);
		if (value != NULL)
			value->b = v.b != 0;
	} else if (type == 'd') {
		value = otk_value_new(OTK_VALUE_KIND_DOUBLE);
		if (value != NULL)
			value->d = v.d;
	} else if (type == 't' && v.t > INT64_MAX) {
		value = otk_value_new(OTK_VALUE_KIND_INT64);
		if (value != NULL) {
			value->u = v.t;
			value->big_unsigned = true;
		}
	} else {
		int64_t i = type == 'y'	  ? v.y
			    : type == 'n' ? v.n
			    : type == 'q' ? v.q
			    : type == 'i' ? v.i
			    : type == 'u' ? v.u
			    : type == 'x' ? v.x
					  : (int64_t)v.t;
		value = otk_value_new_int64(i);
	}
	if (value == NULL)
		return -ENOMEM;
	*ret_value = value;
	return 0;
}

/* one dictionary entry, {kv}, whose key has to be a string */
static int
otk_dict_read_entry(sd_bus_message *m, OtkDict *dict, const char *contents)
{
	OtkValue *value = NULL;
	const char *key;
	int r;

	if (!otk_type_is_string(contents[0]))
		return -EBADMSG;
	r = sd_bus_message_enter_container(m, 'e', contents);
	if (r < 0)
		return r;
	r = sd_bus_message_read_basic(m, contents[0], &key);
	if (r < 0)
		return r;
	r = otk_value_read(m, &value);
	if (r < 0)
		return r;
	r = otk_dict_take(dict, key, value);
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

/* the elements of an array, struct or dictionary we have already entered */
static int
otk_value_read_members(sd_bus_message *m, OtkValue *into)
{
	for (;;) {
		OtkValue *element = NULL;
		const char *contents;
		char type;
		int r = sd_bus_message_peek_type(m, &type, &contents);
		if (r < 0)
			return r;
		if (r == 0)
			return 0;
		if (into->kind == OTK_VALUE_KIND_DICT) {
			r = otk_dict_read_entry(m, into->dict, contents);
		} else {
			r = otk_value_read(m, &element);
			if (r >= 0)
				r = otk_value_array_take(into, element);
		}
		if (r < 0)
			return r;
	}
}

static int
otk_value_read_container(sd_bus_message *m, char type, const char *contents, OtkValue **ret)
{
	OTK_CLEANUP(otk_value_freep) OtkValue *value = NULL;
	int r;

	if (type == 'a' && contents[0] == '{')
		value = otk_value_new_dict(otk_dict_new());
	else
		value = otk_value_new(OTK_VALUE_KIND_ARRAY);
	if (value == NULL)
		return -ENOMEM;
	r = sd_bus_message_enter_container(m, type, contents);
	if (r < 0)
		return r;
	r = otk_value_read_members(m, value);
	if (r < 0)
		return r;
	r = sd_bus_message_exit_container(m);
	if (r < 0)
		return r;
	*ret = otk_steal_pointer(&value);
	return 0;
}

int
otk_value_read(sd_bus_message *m, OtkValue **ret_value)
{
	const char *contents;
	char type;
	int r = sd_bus_message_peek_type(m, &type, &contents);

	if (r < 0)
		return r;
	if (r == 0)
		return -ENXIO; /* nothing left to read */
	if (type == 'v') {
		r = sd_bus_message_enter_container(m, 'v', contents);
		if (r < 0)
			return r;
		r = otk_value_read(m, ret_value);
		if (r < 0)
			return r;
		return sd_bus_message_exit_container(m);
	}
	if (type == 'a' || type == 'r')
		return otk_value_read_container(m, type, contents, ret_value);
	return otk_value_read_basic(m, type, ret_value);
}

int
otk_dict_read(sd_bus_message *m, OtkDict **ret_dict)
{
	OTK_CLEANUP(otk_value_freep) OtkValue *value = NULL;
	int r = otk_value_read(m, &value);

	if (r < 0)
		return r;
	if (value->kind != OTK_VALUE_KIND_DICT)
		return -EBADMSG;
	*ret_dict = otk_steal_pointer(&value->dict);
	return 0;
}

/* aa{sv}u: the page and the total, as a dictionary {items, total} */
int
otk_dict_read_list_reply(sd_bus_message *m, OtkDict **ret_dict)
{
	OTK_CLEANUP(otk_dict_freep) OtkDict *dict = otk_dict_new();
	OtkValue *items = NULL;
	uint32_t total;
	int r;

	if (dict == NULL)
		return -ENOMEM;
	r = otk_value_read(m, &items);
	if (r < 0)
		return r;
	r = otk_dict_take(dict, "items", items);
	if (r < 0)
		return r;
	r = sd_bus_message_read_basic(m, 'u', &total);
	if (r < 0)
		return r;
	r = otk_dict_take(dict, "total", otk_value_new_int64(total));
	if (r < 0)
		return r;
	*ret_dict = otk_steal_pointer(&dict);
	return 0;
}
