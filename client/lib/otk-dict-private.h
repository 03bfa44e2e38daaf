/*
 * The inside of OtkDict and OtkValue, shared by the builder, the sd-bus reader and the
 * JSON writer. Never installed.
 */
#pragma once

#include "otk-dict.h"
#include "otk-private.h"

struct OtkValue {
	OtkValueKind kind;
	bool big_unsigned; /* an INT64 holding a D-Bus `t` above INT64_MAX, in .u */
	union {
		char *s;
		int64_t i;
		uint64_t u;
		bool b;
		double d;
		OtkDict *dict;
		struct {
			OtkValue **items;
			size_t n;
		} array;
	};
};

typedef struct {
	char *key;
	OtkValue *value;
} OtkDictEntry;

struct OtkDict {
	OtkDictEntry *entries;
	size_t n;
	size_t allocated;
};

/* takes @value, also on failure; a key already present gets the new value in place */
int
otk_dict_take(OtkDict *self, const char *key, OtkValue *value);

OtkValue *
otk_value_new(OtkValueKind kind);
OtkValue *
otk_value_new_string(const char *s);
OtkValue *
otk_value_new_int64(int64_t i);
/* takes @dict, also on failure */
OtkValue *
otk_value_new_dict(OtkDict *dict);
/* appends to an ARRAY value; takes @item, also on failure */
int
otk_value_array_take(OtkValue *self, OtkValue *item);
void
otk_value_free(OtkValue *self);

static inline void
otk_value_freep(OtkValue **self)
{
	otk_value_free(*self);
}
