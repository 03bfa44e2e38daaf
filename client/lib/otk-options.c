/*
 * OtkOptions: an ordered list of typed option values, written out as a{sv}. The
 * D-Bus type of each value is fixed by the setter used, so callers never build
 * variants themselves.
 */
#include <errno.h>
#include <string.h>

#include "otk-client-private.h"
#include "otk-utf8.h"

typedef enum {
	OTK_OPTION_STRING,
	OTK_OPTION_INT64,
	OTK_OPTION_UINT32,
	OTK_OPTION_BOOL,
	OTK_OPTION_DOUBLE,
	OTK_OPTION_STRV,
	OTK_OPTION_STRING_MAP, /* strv.items holds key, value, key, value, … */
	OTK_OPTION_DICT,
	OTK_OPTION_DICT_ARRAY,
} OtkOptionKind;

typedef struct {
	char *key;
	OtkOptionKind kind;
	union {
		char *s;
		int64_t x;
		uint32_t u;
		bool b;
		double d;
		OtkOptions *dict;
		struct {
			char **items; /* NULL-terminated */
			size_t n;
		} strv;
		struct {
			OtkOptions **items;
			size_t n;
		} dicts;
	};
} OtkOption;

struct OtkOptions {
	OtkOption *entries;
	size_t n;
	size_t allocated;
};

static void
otk_strv_clear(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

static void
otk_option_clear_value(OtkOption *option)
{
	switch (option->kind) {
	case OTK_OPTION_STRING:
		free(option->s);
		break;
	case OTK_OPTION_STRV:
	case OTK_OPTION_STRING_MAP:
		otk_strv_clear(option->strv.items, option->strv.n);
		break;
	case OTK_OPTION_DICT:
		otk_options_free(option->dict);
		break;
	case OTK_OPTION_DICT_ARRAY:
		for (size_t i = 0; i < option->dicts.n; i++)
			otk_options_free(option->dicts.items[i]);
		free(option->dicts.items);
		break;
	case OTK_OPTION_INT64:
	case OTK_OPTION_UINT32:
	case OTK_OPTION_BOOL:
	case OTK_OPTION_DOUBLE:
	default:
		break;
	}
	memset(&option->strv, 0, sizeof(option->strv));
	memset(&option->dicts, 0, sizeof(option->dicts));
}

OTK_PUBLIC OtkOptions *
otk_options_new(void)
{
	return calloc(1, sizeof(OtkOptions));
}

OTK_PUBLIC void
otk_options_free(OtkOptions *self)
{
	if (self == NULL)
		return;
	for (size_t i = 0; i < self->n; i++) {
		otk_option_clear_value(&self->entries[i]);
		free(self->entries[i].key);
	}
	free(self->entries);
	free(self);
}

OTK_PUBLIC size_t
otk_options_get_size(const OtkOptions *self)
{
	return self != NULL ? self->n : 0;
}

static OtkOption *
otk_options_find(const OtkOptions *self, const char *key)
{
	if (self == NULL || key == NULL)
		return NULL;
	for (size_t i = 0; i < self->n; i++) {
		if (strcmp(self->entries[i].key, key) == 0)
			return &self->entries[i];
	}
	return NULL;
}

OTK_PUBLIC bool
otk_options_contains(const OtkOptions *self, const char *key)
{
	return otk_options_find(self, key) != NULL;
}

OTK_PUBLIC int
otk_options_remove(OtkOptions *self, const char *key)
{
	OtkOption *option = otk_options_find(self, key);
	size_t index;

	if (option == NULL)
		return -ENOENT;
	index = (size_t)(option - self->entries);
	otk_option_clear_value(option);
	free(option->key);
	memmove(option, option + 1, (self->n - index - 1) * sizeof(OtkOption));
	self->n--;
	return 0;
}

static bool
otk_options_key_is_valid(const OtkOptions *self, const char *key)
{
	return self != NULL && key != NULL && key[0] != '\0' && otk_utf8_is_valid(key);
}

/* the entry for @key, emptied and ready for a new value of @kind */
static int
otk_options_slot(OtkOptions *self, const char *key, OtkOptionKind kind, OtkOption **ret_option)
{
	OtkOption *option = otk_options_find(self, key);

	if (option == NULL) {
		OTK_AUTOFREE char *key_copy = strdup(key);
		if (key_copy == NULL)
			return -ENOMEM;
		if (self->n == self->allocated) {
			size_t allocated = self->allocated > 0 ? self->allocated * 2 : 8;
			OtkOption *entries =
			    reallocarray(self->entries, allocated, sizeof(OtkOption));
			if (entries == NULL)
				return -ENOMEM;
			self->entries = entries;
			self->allocated = allocated;
		}
		option = &self->entries[self->n++];
		memset(option, 0, sizeof(*option));
		option->key = otk_steal_pointer(&key_copy);
	} else {
		otk_option_clear_value(option);
	}
	option->kind = kind;
	*ret_option = option;
	return 0;
}

OTK_PUBLIC int
otk_options_set_string(OtkOptions *self, const char *key, const char *value)
{
	OTK_AUTOFREE char *copy = NULL;
	OtkOption *option;
	int r;

	if (!otk_options_key_is_valid(self, key) || !otk_utf8_is_valid(value))
		return -EINVAL;
	copy = strdup(value);
	if (copy == NULL)
		return -ENOMEM;
	r = otk_options_slot(self, key, OTK_OPTION_STRING, &option);
	if (r < 0)
		return r;
	option->s = otk_steal_pointer(&copy);
	return 0;
}

/* shared by the setters of plain values, which cannot fail once the slot exists */
static OtkOption *
otk_options_slot_plain(OtkOptions *self, const char *key, OtkOptionKind kind, int *ret_r)
{
	OtkOption *option = NULL;

	if (!otk_options_key_is_valid(self, key)) {
		*ret_r = -EINVAL;
		return NULL;
	}
	*ret_r = otk_options_slot(self, key, kind, &option);
	return option;
}

OTK_PUBLIC int
otk_options_set_int64(OtkOptions *self, const char *key, int64_t value)
{
	int r;
	OtkOption *option = otk_options_slot_plain(self, key, OTK_OPTION_INT64, &r);
	if (option != NULL)
		option->x = value;
	return r;
}

OTK_PUBLIC int
otk_options_set_uint32(OtkOptions *self, const char *key, uint32_t value)
{
	int r;
	OtkOption *option = otk_options_slot_plain(self, key, OTK_OPTION_UINT32, &r);
	if (option != NULL)
		option->u = value;
	return r;
}

OTK_PUBLIC int
otk_options_set_bool(OtkOptions *self, const char *key, bool value)
{
	int r;
	OtkOption *option = otk_options_slot_plain(self, key, OTK_OPTION_BOOL, &r);
	if (option != NULL)
		option->b = value;
	return r;
}

OTK_PUBLIC int
otk_options_set_double(OtkOptions *self, const char *key, double value)
{
	int r;
	OtkOption *option = otk_options_slot_plain(self, key, OTK_OPTION_DOUBLE, &r);
	if (option != NULL)
		option->d = value;
	return r;
}

/* the list or map at @key, created empty when missing or of another kind */
static int
otk_options_ensure_list(OtkOptions *self, const char *key, OtkOptionKind kind, OtkOption **ret)
{
	OtkOption *option = otk_options_find(self, key);

	if (!otk_options_key_is_valid(self, key))
		return -EINVAL;
	if (option != NULL && option->kind == kind) {
		*ret = option;
		return 0;
	}
	return otk_options_slot(self, key, kind, ret);
}

/* appends copies of @strings to a string list (or map) entry, all or nothing */
static int
otk_option_strv_extend(OtkOption *option, const char *const *strings, size_t n)
{
	char **items = reallocarray(option->strv.items, option->strv.n + n + 1, sizeof(char *));

	if (items == NULL)
		return -ENOMEM;
	option->strv.items = items;
	for (size_t i = 0; i < n; i++) {
		items[option->strv.n + i] = strdup(strings[i]);
		if (items[option->strv.n + i] == NULL) {
			for (size_t j = 0; j < i; j++)
				free(items[option->strv.n + j]);
			items[option->strv.n] = NULL;
			return -ENOMEM;
		}
	}
	option->strv.n += n;
	items[option->strv.n] = NULL;
	return 0;
}

static size_t
otk_strv_length_valid(const char *const *strv, bool *ret_valid)
{
	size_t n = 0;

	*ret_valid = true;
	for (; strv != NULL && strv[n] != NULL; n++) {
		if (!otk_utf8_is_valid(strv[n]))
			*ret_valid = false;
	}
	return n;
}

static int
otk_options_set_list(OtkOptions *self, const char *key, OtkOptionKind kind, const char *const *v)
{
	OtkOption *option;
	bool valid;
	size_t n = otk_strv_length_valid(v, &valid);
	int r;

	if (!valid || !otk_options_key_is_valid(self, key))
		return -EINVAL;
	if (kind == OTK_OPTION_STRING_MAP && n % 2 != 0)
		return -EINVAL;
	r = otk_options_slot(self, key, kind, &option);
	if (r < 0)
		return r;
	return otk_option_strv_extend(option, v, n);
}

OTK_PUBLIC int
otk_options_set_strv(OtkOptions *self, const char *key, const char *const *value)
{
	return otk_options_set_list(self, key, OTK_OPTION_STRV, value);
}

OTK_PUBLIC int
otk_options_set_string_map(OtkOptions *self, const char *key, const char *const *keys_and_values)
{
	return otk_options_set_list(self, key, OTK_OPTION_STRING_MAP, keys_and_values);
}

OTK_PUBLIC int
otk_options_add_strv_item(OtkOptions *self, const char *key, const char *item)
{
	const char *items[] = {item};
	OtkOption *option;
	int r;

	if (!otk_utf8_is_valid(item))
		return -EINVAL;
	r = otk_options_ensure_list(self, key, OTK_OPTION_STRV, &option);
	if (r < 0)
		return r;
	return otk_option_strv_extend(option, items, 1);
}

OTK_PUBLIC int
otk_options_add_string_map_entry(OtkOptions *self,
				 const char *key,
				 const char *map_key,
				 const char *map_value)
{
	const char *pair[] = {map_key, map_value};
	OtkOption *option;
	int r;

	if (!otk_utf8_is_valid(map_key) || !otk_utf8_is_valid(map_value))
		return -EINVAL;
	r = otk_options_ensure_list(self, key, OTK_OPTION_STRING_MAP, &option);
	if (r < 0)
		return r;
	for (size_t i = 0; i < option->strv.n; i += 2) {
		if (strcmp(option->strv.items[i], map_key) == 0) {
			char *copy = strdup(map_value);
			if (copy == NULL)
				return -ENOMEM;
			free(option->strv.items[i + 1]);
			option->strv.items[i + 1] = copy;
			return 0;
		}
	}
	return otk_option_strv_extend(option, pair, 2);
}

OTK_PUBLIC int
otk_options_set_dict(OtkOptions *self, const char *key, OtkOptions *value)
{
	/* nesting a dictionary in itself is refused, and of course not freed */
	OTK_CLEANUP(otk_options_freep) OtkOptions *owned = value != self ? value : NULL;
	OtkOption *option;
	int r;

	if (owned == NULL || !otk_options_key_is_valid(self, key))
		return -EINVAL;
	r = otk_options_slot(self, key, OTK_OPTION_DICT, &option);
	if (r < 0)
		return r;
	option->dict = otk_steal_pointer(&owned);
	return 0;
}

OTK_PUBLIC int
otk_options_add_dict_array_item(OtkOptions *self, const char *key, OtkOptions *item)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *owned = item != self ? item : NULL;
	OtkOptions **items;
	OtkOption *option;
	int r;

	if (item != NULL && item == self)
		return -EINVAL;
	r = otk_options_ensure_list(self, key, OTK_OPTION_DICT_ARRAY, &option);
	if (r < 0 || owned == NULL)
		return r;
	items = reallocarray(option->dicts.items, option->dicts.n + 1, sizeof(OtkOptions *));
	if (items == NULL)
		return -ENOMEM;
	option->dicts.items = items;
	items[option->dicts.n++] = otk_steal_pointer(&owned);
	return 0;
}

static int
otk_option_append_string_map(const OtkOption *option, sd_bus_message *m)
{
	int r = sd_bus_message_open_container(m, 'v', "a{ss}");
	if (r < 0)
		return r;
	r = sd_bus_message_open_container(m, 'a', "{ss}");
	if (r < 0)
		return r;
	for (size_t i = 0; i < option->strv.n; i += 2) {
		r = sd_bus_message_append(m,
					  "{ss}",
					  option->strv.items[i],
					  option->strv.items[i + 1]);
		if (r < 0)
			return r;
	}
	r = sd_bus_message_close_container(m);
	if (r < 0)
		return r;
	return sd_bus_message_close_container(m);
}

static int
otk_option_append_dict_array(const OtkOption *option, sd_bus_message *m)
{
	int r = sd_bus_message_open_container(m, 'v', "aa{sv}");
	if (r < 0)
		return r;
	r = sd_bus_message_open_container(m, 'a', "a{sv}");
	if (r < 0)
		return r;
	for (size_t i = 0; i < option->dicts.n; i++) {
		r = otk_options_append(option->dicts.items[i], m);
		if (r < 0)
			return r;
	}
	r = sd_bus_message_close_container(m);
	if (r < 0)
		return r;
	return sd_bus_message_close_container(m);
}

static int
otk_option_append_value(const OtkOption *option, sd_bus_message *m)
{
	int r;

	switch (option->kind) {
	case OTK_OPTION_STRING:
		return sd_bus_message_append(m, "v", "s", option->s);
	case OTK_OPTION_INT64:
		return sd_bus_message_append(m, "v", "x", option->x);
	case OTK_OPTION_UINT32:
		return sd_bus_message_append(m, "v", "u", option->u);
	case OTK_OPTION_BOOL:
		return sd_bus_message_append(m, "v", "b", (int)option->b);
	case OTK_OPTION_DOUBLE:
		return sd_bus_message_append(m, "v", "d", option->d);
	case OTK_OPTION_STRV:
		r = sd_bus_message_open_container(m, 'v', "as");
		if (r < 0)
			return r;
		r = sd_bus_message_append_strv(m, option->strv.items);
		if (r < 0)
			return r;
		return sd_bus_message_close_container(m);
	case OTK_OPTION_STRING_MAP:
		return otk_option_append_string_map(option, m);
	case OTK_OPTION_DICT:
		r = sd_bus_message_open_container(m, 'v', "a{sv}");
		if (r < 0)
			return r;
		r = otk_options_append(option->dict, m);
		if (r < 0)
			return r;
		return sd_bus_message_close_container(m);
	case OTK_OPTION_DICT_ARRAY:
		return otk_option_append_dict_array(option, m);
	default:
		return -EINVAL;
	}
}

int
otk_options_append(const OtkOptions *self, sd_bus_message *m)
{
	int r = sd_bus_message_open_container(m, 'a', "{sv}");
	if (r < 0)
		return r;
	for (size_t i = 0; self != NULL && i < self->n; i++) {
		r = sd_bus_message_open_container(m, 'e', "sv");
		if (r < 0)
			return r;
		r = sd_bus_message_append(m, "s", self->entries[i].key);
		if (r < 0)
			return r;
		r = otk_option_append_value(&self->entries[i], m);
		if (r < 0)
			return r;
		r = sd_bus_message_close_container(m);
		if (r < 0)
			return r;
	}
	return sd_bus_message_close_container(m);
}
