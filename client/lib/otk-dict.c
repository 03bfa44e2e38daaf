/*
 * OtkDict and OtkValue: a small tree of result values, built once by the reader and
 * then only looked at. Dictionaries are small, so lookups are linear and the order of
 * the reply is kept.
 */
#include <errno.h>
#include <string.h>

#include "otk-dict-private.h"

OtkValue *
otk_value_new(OtkValueKind kind)
{
	OtkValue *self = calloc(1, sizeof(*self));
	if (self != NULL)
		self->kind = kind;
	return self;
}

OtkValue *
otk_value_new_string(const char *s)
{
	OtkValue *self = otk_value_new(OTK_VALUE_KIND_STRING);
	if (self == NULL)
		return NULL;
	self->s = strdup(s != NULL ? s : "");
	if (self->s == NULL) {
		free(self);
		return NULL;
	}
	return self;
}

OtkValue *
otk_value_new_int64(int64_t i)
{
	OtkValue *self = otk_value_new(OTK_VALUE_KIND_INT64);
	if (self != NULL)
		self->i = i;
	return self;
}

OtkValue *
otk_value_new_dict(OtkDict *dict)
{
	OtkValue *self;

	if (dict == NULL)
		return NULL;
	self = otk_value_new(OTK_VALUE_KIND_DICT);
	if (self == NULL) {
		otk_dict_free(dict);
		return NULL;
	}
	self->dict = dict;
	return self;
}

int
otk_value_array_take(OtkValue *self, OtkValue *item)
{
	OTK_CLEANUP(otk_value_freep) OtkValue *owned = item;
	OtkValue **items;

	if (self == NULL || self->kind != OTK_VALUE_KIND_ARRAY || item == NULL)
		return -EINVAL;
	items = reallocarray(self->array.items, self->array.n + 1, sizeof(OtkValue *));
	if (items == NULL)
		return -ENOMEM;
	self->array.items = items;
	items[self->array.n++] = otk_steal_pointer(&owned);
	return 0;
}

void
otk_value_free(OtkValue *self)
{
	if (self == NULL)
		return;
	switch (self->kind) {
	case OTK_VALUE_KIND_STRING:
		free(self->s);
		break;
	case OTK_VALUE_KIND_DICT:
		otk_dict_free(self->dict);
		break;
	case OTK_VALUE_KIND_ARRAY:
		for (size_t i = 0; i < self->array.n; i++)
			otk_value_free(self->array.items[i]);
		free(self->array.items);
		break;
	case OTK_VALUE_KIND_INT64:
	case OTK_VALUE_KIND_BOOL:
	case OTK_VALUE_KIND_DOUBLE:
	default:
		break;
	}
	free(self);
}

OTK_PUBLIC OtkDict *
otk_dict_new(void)
{
	return calloc(1, sizeof(OtkDict));
}

static OtkDictEntry *
otk_dict_find(const OtkDict *self, const char *key)
{
	if (self == NULL || key == NULL)
		return NULL;
	for (size_t i = 0; i < self->n; i++) {
		if (strcmp(self->entries[i].key, key) == 0)
			return &self->entries[i];
	}
	return NULL;
}

int
otk_dict_take(OtkDict *self, const char *key, OtkValue *value)
{
	OTK_CLEANUP(otk_value_freep) OtkValue *owned = value;
	OTK_AUTOFREE char *key_copy = NULL;
	OtkDictEntry *entry = otk_dict_find(self, key);

	if (self == NULL || key == NULL || value == NULL)
		return -EINVAL;
	if (entry != NULL) {
		otk_value_free(entry->value);
		entry->value = otk_steal_pointer(&owned);
		return 0;
	}
	key_copy = strdup(key);
	if (key_copy == NULL)
		return -ENOMEM;
	if (self->n == self->allocated) {
		size_t allocated = self->allocated > 0 ? self->allocated * 2 : 8;
		OtkDictEntry *entries =
		    reallocarray(self->entries, allocated, sizeof(OtkDictEntry));
		if (entries == NULL)
			return -ENOMEM;
		self->entries = entries;
		self->allocated = allocated;
	}
	self->entries[self->n].key = otk_steal_pointer(&key_copy);
	self->entries[self->n].value = otk_steal_pointer(&owned);
	self->n++;
	return 0;
}

OTK_PUBLIC int
otk_dict_set_string(OtkDict *self, const char *key, const char *value)
{
	OtkValue *v;

	if (self == NULL || key == NULL || value == NULL)
		return -EINVAL;
	v = otk_value_new_string(value);
	return v != NULL ? otk_dict_take(self, key, v) : -ENOMEM;
}

OTK_PUBLIC int
otk_dict_set_int64(OtkDict *self, const char *key, int64_t value)
{
	OtkValue *v;

	if (self == NULL || key == NULL)
		return -EINVAL;
	v = otk_value_new_int64(value);
	return v != NULL ? otk_dict_take(self, key, v) : -ENOMEM;
}

OTK_PUBLIC int
otk_dict_set_bool(OtkDict *self, const char *key, bool value)
{
	OtkValue *v;

	if (self == NULL || key == NULL)
		return -EINVAL;
	v = otk_value_new(OTK_VALUE_KIND_BOOL);
	if (v == NULL)
		return -ENOMEM;
	v->b = value;
	return otk_dict_take(self, key, v);
}

OTK_PUBLIC void
otk_dict_free(OtkDict *self)
{
	if (self == NULL)
		return;
	for (size_t i = 0; i < self->n; i++) {
		free(self->entries[i].key);
		otk_value_free(self->entries[i].value);
	}
	free(self->entries);
	free(self);
}

OTK_PUBLIC size_t
otk_dict_get_size(const OtkDict *self)
{
	return self != NULL ? self->n : 0;
}

OTK_PUBLIC const char *
otk_dict_get_key(const OtkDict *self, size_t index)
{
	return self != NULL && index < self->n ? self->entries[index].key : NULL;
}

OTK_PUBLIC const OtkValue *
otk_dict_get_value(const OtkDict *self, size_t index)
{
	return self != NULL && index < self->n ? self->entries[index].value : NULL;
}

OTK_PUBLIC const OtkValue *
otk_dict_lookup(const OtkDict *self, const char *key)
{
	const OtkDictEntry *entry = otk_dict_find(self, key);
	return entry != NULL ? entry->value : NULL;
}

OTK_PUBLIC const char *
otk_dict_get_string(const OtkDict *self, const char *key)
{
	return otk_value_get_string(otk_dict_lookup(self, key));
}

OTK_PUBLIC bool
otk_dict_get_int64(const OtkDict *self, const char *key, int64_t *ret_value)
{
	return otk_value_get_int64(otk_dict_lookup(self, key), ret_value);
}

OTK_PUBLIC bool
otk_dict_get_bool(const OtkDict *self, const char *key, bool *ret_value)
{
	return otk_value_get_bool(otk_dict_lookup(self, key), ret_value);
}

OTK_PUBLIC bool
otk_dict_get_double(const OtkDict *self, const char *key, double *ret_value)
{
	return otk_value_get_double(otk_dict_lookup(self, key), ret_value);
}

OTK_PUBLIC const OtkDict *
otk_dict_get_dict(const OtkDict *self, const char *key)
{
	return otk_value_get_dict(otk_dict_lookup(self, key));
}

OTK_PUBLIC const char **
otk_dict_get_strv(const OtkDict *self, const char *key)
{
	const OtkValue *value = otk_dict_lookup(self, key);
	const char **strv;
	size_t n = otk_value_get_length(value);

	if (value == NULL || value->kind != OTK_VALUE_KIND_ARRAY)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (value->array.items[i]->kind != OTK_VALUE_KIND_STRING)
			return NULL;
	}
	strv = calloc(n + 1, sizeof(char *));
	if (strv == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		strv[i] = value->array.items[i]->s;
	return strv;
}

OTK_PUBLIC OtkValueKind
otk_value_get_kind(const OtkValue *self)
{
	return self->kind;
}

OTK_PUBLIC const char *
otk_value_get_string(const OtkValue *self)
{
	return self != NULL && self->kind == OTK_VALUE_KIND_STRING ? self->s : NULL;
}

OTK_PUBLIC bool
otk_value_get_int64(const OtkValue *self, int64_t *ret_value)
{
	if (self == NULL || self->kind != OTK_VALUE_KIND_INT64 || self->big_unsigned)
		return false;
	if (ret_value != NULL)
		*ret_value = self->i;
	return true;
}

OTK_PUBLIC bool
otk_value_get_bool(const OtkValue *self, bool *ret_value)
{
	if (self == NULL || self->kind != OTK_VALUE_KIND_BOOL)
		return false;
	if (ret_value != NULL)
		*ret_value = self->b;
	return true;
}

OTK_PUBLIC bool
otk_value_get_double(const OtkValue *self, double *ret_value)
{
	double d;

	if (self == NULL)
		return false;
	if (self->kind == OTK_VALUE_KIND_DOUBLE)
		d = self->d;
	else if (self->kind == OTK_VALUE_KIND_INT64)
		d = self->big_unsigned ? (double)self->u : (double)self->i;
	else
		return false;
	if (ret_value != NULL)
		*ret_value = d;
	return true;
}

OTK_PUBLIC const OtkDict *
otk_value_get_dict(const OtkValue *self)
{
	return self != NULL && self->kind == OTK_VALUE_KIND_DICT ? self->dict : NULL;
}

OTK_PUBLIC size_t
otk_value_get_length(const OtkValue *self)
{
	return self != NULL && self->kind == OTK_VALUE_KIND_ARRAY ? self->array.n : 0;
}

OTK_PUBLIC const OtkValue *
otk_value_get_element(const OtkValue *self, size_t index)
{
	if (self == NULL || self->kind != OTK_VALUE_KIND_ARRAY || index >= self->array.n)
		return NULL;
	return self->array.items[index];
}
