/*
 * opentokd client library: read-only access to the a{sv} results opentokd returns.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * OtkDict:
 *
 * A result dictionary: the keys of an `a{sv}` (or `a{ss}`) in the order the daemon
 * sent them, each with an #OtkValue. Dictionaries own their values; every pointer
 * obtained from one stays valid until the dictionary is freed or the key is set again.
 *
 * Since: 0.1
 */
typedef struct OtkDict OtkDict;

/**
 * OtkValue:
 *
 * One value inside an #OtkDict.
 *
 * Since: 0.1
 */
typedef struct OtkValue OtkValue;

/**
 * OtkValueKind:
 * @OTK_VALUE_KIND_STRING: D-Bus `s`, `o` or `g`
 * @OTK_VALUE_KIND_INT64: any D-Bus integer (`y n q i u x t`); a `t` above INT64_MAX
 *   is kept exactly (and printed exactly as JSON) but otk_value_get_int64() refuses it
 * @OTK_VALUE_KIND_BOOL: D-Bus `b`
 * @OTK_VALUE_KIND_DOUBLE: D-Bus `d`
 * @OTK_VALUE_KIND_DICT: a dictionary with string keys: `a{sv}`, `a{ss}`, …
 * @OTK_VALUE_KIND_ARRAY: any other array (`as`, `av`, `aa{sv}`, …) or a struct
 *
 * Since: 0.1
 */
typedef enum {
	OTK_VALUE_KIND_STRING,
	OTK_VALUE_KIND_INT64,
	OTK_VALUE_KIND_BOOL,
	OTK_VALUE_KIND_DOUBLE,
	OTK_VALUE_KIND_DICT,
	OTK_VALUE_KIND_ARRAY,
} OtkValueKind;

/**
 * OtkJsonFlags:
 * @OTK_JSON_FLAG_NONE: compact output on one line
 * @OTK_JSON_FLAG_PRETTY: one member per line, indented by two spaces
 *
 * Since: 0.1
 */
typedef enum {
	OTK_JSON_FLAG_NONE = 0,
	OTK_JSON_FLAG_PRETTY = 1 << 0,
} OtkJsonFlags;

/**
 * otk_dict_new:
 *
 * Creates an empty dictionary, e.g. to print a result of your own with
 * otk_dict_to_json(). Results from the daemon come ready-made.
 *
 * Returns: (transfer full): a new #OtkDict, or NULL when out of memory
 *
 * Since: 0.1
 */
OtkDict *
otk_dict_new(void);

/**
 * otk_dict_set_string:
 * @self: an #OtkDict
 * @key: a key; an existing key keeps its place and gets the new value
 * @value: a string
 *
 * Returns: 0, -EINVAL for a NULL argument, or -ENOMEM
 *
 * Since: 0.1
 */
int
otk_dict_set_string(OtkDict *self, const char *key, const char *value);

/**
 * otk_dict_set_int64:
 * @self: an #OtkDict
 * @key: a key; an existing key keeps its place and gets the new value
 * @value: an integer
 *
 * Returns: 0, -EINVAL for a NULL argument, or -ENOMEM
 *
 * Since: 0.1
 */
int
otk_dict_set_int64(OtkDict *self, const char *key, int64_t value);

/**
 * otk_dict_set_bool:
 * @self: an #OtkDict
 * @key: a key; an existing key keeps its place and gets the new value
 * @value: a boolean
 *
 * Returns: 0, -EINVAL for a NULL argument, or -ENOMEM
 *
 * Since: 0.1
 */
int
otk_dict_set_bool(OtkDict *self, const char *key, bool value);

/**
 * otk_dict_free:
 * @self: (nullable): an #OtkDict
 *
 * Frees @self and all its values. NULL is accepted.
 *
 * Since: 0.1
 */
void
otk_dict_free(OtkDict *self);

/**
 * otk_dict_get_size:
 * @self: an #OtkDict
 *
 * Returns: the number of keys
 *
 * Since: 0.1
 */
size_t
otk_dict_get_size(const OtkDict *self);

/**
 * otk_dict_get_key:
 * @self: an #OtkDict
 * @index: from 0 to otk_dict_get_size() - 1, in the order received
 *
 * Returns: the key at @index, or NULL when out of range
 *
 * Since: 0.1
 */
const char *
otk_dict_get_key(const OtkDict *self, size_t index);

/**
 * otk_dict_get_value:
 * @self: an #OtkDict
 * @index: from 0 to otk_dict_get_size() - 1, in the order received
 *
 * Returns: the value at @index, or NULL when out of range
 *
 * Since: 0.1
 */
const OtkValue *
otk_dict_get_value(const OtkDict *self, size_t index);

/**
 * otk_dict_lookup:
 * @self: an #OtkDict
 * @key: a key, e.g. `connection_id`
 *
 * Returns: the value of @key, or NULL when @key is absent
 *
 * Since: 0.1
 */
const OtkValue *
otk_dict_lookup(const OtkDict *self, const char *key);

/**
 * otk_dict_get_string:
 * @self: an #OtkDict
 * @key: a key
 *
 * Returns: the string at @key, or NULL when it is absent or not a string
 *
 * Since: 0.1
 */
const char *
otk_dict_get_string(const OtkDict *self, const char *key);

/**
 * otk_dict_get_int64:
 * @self: an #OtkDict
 * @key: a key
 * @ret_value: (out): the integer
 *
 * Returns: true when @key holds an integer that fits an int64_t
 *
 * Since: 0.1
 */
bool
otk_dict_get_int64(const OtkDict *self, const char *key, int64_t *ret_value);

/**
 * otk_dict_get_bool:
 * @self: an #OtkDict
 * @key: a key
 * @ret_value: (out): the boolean
 *
 * Returns: true when @key holds a boolean
 *
 * Since: 0.1
 */
bool
otk_dict_get_bool(const OtkDict *self, const char *key, bool *ret_value);

/**
 * otk_dict_get_double:
 * @self: an #OtkDict
 * @key: a key
 * @ret_value: (out): the number
 *
 * Returns: true when @key holds a double or an integer (converted)
 *
 * Since: 0.1
 */
bool
otk_dict_get_double(const OtkDict *self, const char *key, double *ret_value);

/**
 * otk_dict_get_dict:
 * @self: an #OtkDict
 * @key: a key
 *
 * Returns: the nested dictionary at @key, or NULL when absent or not a dictionary
 *
 * Since: 0.1
 */
const OtkDict *
otk_dict_get_dict(const OtkDict *self, const char *key);

/**
 * otk_dict_get_strv:
 * @self: an #OtkDict
 * @key: a key
 *
 * The strings of the array at @key. An empty array of any type gives an empty list.
 *
 * Returns: (transfer container): a NULL-terminated array pointing into @self; free
 *   the array (not the strings) with free(). NULL when @key is absent, is not an
 *   array, holds something other than strings, or when out of memory.
 *
 * Since: 0.1
 */
const char **
otk_dict_get_strv(const OtkDict *self, const char *key);

/**
 * otk_dict_to_json:
 * @self: an #OtkDict
 * @flags: #OtkJsonFlags
 *
 * Writes @self as a JSON object with the keys exactly as received. Strings are
 * escaped as JSON requires (control characters as `\uXXXX` or the short forms);
 * non-ASCII UTF-8 is passed through; a non-finite double becomes `null`. No
 * trailing newline.
 *
 * Returns: (transfer full): the JSON text, free with free(); NULL when out of memory
 *
 * Since: 0.1
 */
char *
otk_dict_to_json(const OtkDict *self, OtkJsonFlags flags);

/**
 * otk_value_get_kind:
 * @self: an #OtkValue
 *
 * Returns: the #OtkValueKind of @self
 *
 * Since: 0.1
 */
OtkValueKind
otk_value_get_kind(const OtkValue *self);

/**
 * otk_value_get_string:
 * @self: (nullable): an #OtkValue
 *
 * Returns: the string, or NULL when @self is not a string
 *
 * Since: 0.1
 */
const char *
otk_value_get_string(const OtkValue *self);

/**
 * otk_value_get_int64:
 * @self: (nullable): an #OtkValue
 * @ret_value: (out): the integer
 *
 * Returns: true when @self is an integer that fits an int64_t
 *
 * Since: 0.1
 */
bool
otk_value_get_int64(const OtkValue *self, int64_t *ret_value);

/**
 * otk_value_get_bool:
 * @self: (nullable): an #OtkValue
 * @ret_value: (out): the boolean
 *
 * Returns: true when @self is a boolean
 *
 * Since: 0.1
 */
bool
otk_value_get_bool(const OtkValue *self, bool *ret_value);

/**
 * otk_value_get_double:
 * @self: (nullable): an #OtkValue
 * @ret_value: (out): the number
 *
 * Returns: true when @self is a double or an integer (converted)
 *
 * Since: 0.1
 */
bool
otk_value_get_double(const OtkValue *self, double *ret_value);

/**
 * otk_value_get_dict:
 * @self: (nullable): an #OtkValue
 *
 * Returns: the dictionary, or NULL when @self is not one
 *
 * Since: 0.1
 */
const OtkDict *
otk_value_get_dict(const OtkValue *self);

/**
 * otk_value_get_length:
 * @self: (nullable): an #OtkValue
 *
 * Returns: the number of elements when @self is an array, else 0
 *
 * Since: 0.1
 */
size_t
otk_value_get_length(const OtkValue *self);

/**
 * otk_value_get_element:
 * @self: (nullable): an #OtkValue
 * @index: from 0 to otk_value_get_length() - 1
 *
 * Returns: the element at @index, or NULL when @self is not an array or @index is out
 *   of range
 *
 * Since: 0.1
 */
const OtkValue *
otk_value_get_element(const OtkValue *self, size_t index);

/**
 * otk_value_to_json:
 * @self: an #OtkValue
 * @flags: #OtkJsonFlags
 *
 * Like otk_dict_to_json(), for any value.
 *
 * Returns: (transfer full): the JSON text, free with free(); NULL when out of memory
 *
 * Since: 0.1
 */
char *
otk_value_to_json(const OtkValue *self, OtkJsonFlags flags);

static inline void
otk_dict_freep(OtkDict **self)
{
	otk_dict_free(*self);
}

#ifdef __cplusplus
}
#endif
