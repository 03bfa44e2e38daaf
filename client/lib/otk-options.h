/*
 * opentokd client library: a builder for the a{sv} option dictionaries that
 * opentokd methods take.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * OtkOptions:
 *
 * An ordered set of options, sent as one `a{sv}` argument. Keys are the snake_case
 * option names of the D-Bus contract. Setting a key that is already present replaces
 * its value and keeps its place. Values can nest: another #OtkOptions becomes an
 * `a{sv}` value, and a list of them an `aa{sv}`.
 *
 * All setters return 0 on success or a negative errno: -EINVAL for a NULL or empty
 * key or a string that is not valid UTF-8, -ENOMEM when out of memory.
 *
 * Since: 0.1
 */
typedef struct OtkOptions OtkOptions;

/**
 * otk_options_new:
 *
 * Returns: (transfer full): a new empty #OtkOptions, or NULL when out of memory
 *
 * Since: 0.1
 */
OtkOptions *
otk_options_new(void);

/**
 * otk_options_free:
 * @self: (nullable): an #OtkOptions
 *
 * Frees @self and every nested value. NULL is accepted.
 *
 * Since: 0.1
 */
void
otk_options_free(OtkOptions *self);

/**
 * otk_options_get_size:
 * @self: an #OtkOptions
 *
 * Returns: the number of keys set
 *
 * Since: 0.1
 */
size_t
otk_options_get_size(const OtkOptions *self);

/**
 * otk_options_contains:
 * @self: an #OtkOptions
 * @key: an option name
 *
 * Returns: true when @key is set
 *
 * Since: 0.1
 */
bool
otk_options_contains(const OtkOptions *self, const char *key);

/**
 * otk_options_remove:
 * @self: an #OtkOptions
 * @key: an option name
 *
 * Returns: 0, or -ENOENT when @key was not set
 *
 * Since: 0.1
 */
int
otk_options_remove(OtkOptions *self, const char *key);

/**
 * otk_options_set_string:
 * @self: an #OtkOptions
 * @key: an option name
 * @value: a UTF-8 string, sent as `s`
 *
 * Since: 0.1
 */
int
otk_options_set_string(OtkOptions *self, const char *key, const char *value);

/**
 * otk_options_set_int64:
 * @self: an #OtkOptions
 * @key: an option name
 * @value: an integer, sent as `x`
 *
 * Since: 0.1
 */
int
otk_options_set_int64(OtkOptions *self, const char *key, int64_t value);

/**
 * otk_options_set_uint32:
 * @self: an #OtkOptions
 * @key: an option name
 * @value: an integer, sent as `u`
 *
 * Since: 0.1
 */
int
otk_options_set_uint32(OtkOptions *self, const char *key, uint32_t value);

/**
 * otk_options_set_bool:
 * @self: an #OtkOptions
 * @key: an option name
 * @value: a boolean, sent as `b`
 *
 * Since: 0.1
 */
int
otk_options_set_bool(OtkOptions *self, const char *key, bool value);

/**
 * otk_options_set_double:
 * @self: an #OtkOptions
 * @key: an option name
 * @value: a number, sent as `d`
 *
 * Since: 0.1
 */
int
otk_options_set_double(OtkOptions *self, const char *key, double value);

/**
 * otk_options_set_strv:
 * @self: an #OtkOptions
 * @key: an option name
 * @value: (nullable): a NULL-terminated array of UTF-8 strings, sent as `as`; NULL
 *   sends an empty list
 *
 * Since: 0.1
 */
int
otk_options_set_strv(OtkOptions *self, const char *key, const char *const *value);

/**
 * otk_options_add_strv_item:
 * @self: an #OtkOptions
 * @key: an option name
 * @item: a UTF-8 string
 *
 * Appends @item to the `as` list at @key, creating the list when @key is not set or
 * holds something else.
 *
 * Since: 0.1
 */
int
otk_options_add_strv_item(OtkOptions *self, const char *key, const char *item);

/**
 * otk_options_set_string_map:
 * @self: an #OtkOptions
 * @key: an option name
 * @keys_and_values: (nullable): a NULL-terminated array of alternating keys and
 *   values, sent as `a{ss}` (e.g. SIP `headers`); NULL sends an empty map
 *
 * Returns: 0, or -EINVAL also when the array holds an odd number of strings
 *
 * Since: 0.1
 */
int
otk_options_set_string_map(OtkOptions *self, const char *key, const char *const *keys_and_values);

/**
 * otk_options_add_string_map_entry:
 * @self: an #OtkOptions
 * @key: an option name
 * @map_key: the key inside the map, kept verbatim
 * @map_value: its value
 *
 * Adds one entry to the `a{ss}` map at @key (replacing an entry with the same
 * @map_key), creating the map when @key is not set or holds something else.
 *
 * Since: 0.1
 */
int
otk_options_add_string_map_entry(OtkOptions *self,
				 const char *key,
				 const char *map_key,
				 const char *map_value);

/**
 * otk_options_set_dict:
 * @self: an #OtkOptions
 * @key: an option name
 * @value: (transfer full): the nested options, sent as `a{sv}` (e.g. `layout`)
 *
 * Takes ownership of @value, also when it fails (except when @value is @self, which
 * is refused with -EINVAL).
 *
 * Since: 0.1
 */
int
otk_options_set_dict(OtkOptions *self, const char *key, OtkOptions *value);

/**
 * otk_options_add_dict_array_item:
 * @self: an #OtkOptions
 * @key: an option name
 * @item: (transfer full) (nullable): one dictionary to append to the `aa{sv}` list
 *   at @key (e.g. `outputs.rtmp`), or NULL to only make sure the list exists
 *
 * Creates the list when @key is not set or holds something else. Takes ownership of
 * @item, also when it fails (except when @item is @self, which is refused with -EINVAL).
 *
 * Since: 0.1
 */
int
otk_options_add_dict_array_item(OtkOptions *self, const char *key, OtkOptions *item);

static inline void
otk_options_freep(OtkOptions **self)
{
	otk_options_free(*self);
}

#ifdef __cplusplus
}
#endif
