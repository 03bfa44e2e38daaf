/* REST JSON <-> D-Bus a{sv}, and per-method option tables that validate a{sv} input */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
	OTD_OPTION_STRING,     /* s */
	OTD_OPTION_BOOL,       /* b */
	OTD_OPTION_INT,	       /* any D-Bus integer, range-checked, sent as a JSON integer */
	OTD_OPTION_STRV,       /* as */
	OTD_OPTION_DICT,       /* a{sv}, checked against ->nested */
	OTD_OPTION_DICT_ARRAY, /* aa{sv}, each checked against ->nested */
	OTD_OPTION_STRING_MAP, /* a{ss}, keys kept verbatim */
} OtdOptionType;

typedef struct _OtdOption OtdOption;

/* an extra rule for one value; the message should name @key */
typedef gboolean (*OtdOptionCheck)(const gchar *key, GVariant *value, GError **error);

struct _OtdOption {
	const gchar *key;		/* snake_case key on D-Bus; NULL ends a table */
	OtdOptionType type;
	const gchar *wire_key;		/* NULL: the camelCase form of key */
	const gchar *const *choices;	/* strings: the allowed values, case-sensitive */
	gint64 min;			/* integers: range; strings and lists: length */
	gint64 max;			/* 0 with min 0: no limit */
	OtdOptionCheck check;
	const OtdOption *nested;	/* dicts */
};

/* camelCase <-> snake_case for field names */
gchar *
otd_json_camel_to_snake(const gchar *name);
gchar *
otd_json_snake_to_camel(const gchar *name);

/*
 * Converts a JSON object to a floating a{sv}: keys to snake_case, null members omitted.
 * @data_maps lists wire keys whose object values are maps keyed by data, whose keys are
 * kept verbatim.
 */
GVariant *
otd_json_object_to_variant(JsonObject *object, const gchar *const *data_maps);
/* an array of objects to aa{sv} */
GVariant *
otd_json_array_to_dict_array(JsonArray *array, const gchar *const *data_maps);

/*
 * Validates an a{sv} against @table and returns the JSON body with wire keys. Unknown keys,
 * duplicates, wrong types and out-of-range values are InvalidArgs naming the key.
 */
JsonObject *
otd_options_to_json(const OtdOption *table, GVariant *options, GError **error);

/* the string of an enumeration for error texts: "a, b, c" */
gchar *
otd_options_choices_to_string(const gchar *const *choices);

/* a member that is an object (or an array), else NULL: json-glib 1.6 has no such getter */
JsonObject *
otd_json_get_object(JsonObject *object, const gchar *key);
JsonArray *
otd_json_get_array(JsonObject *object, const gchar *key);

/* integer value of any D-Bus integer variant; FALSE if @value is not an integer or overflows */
gboolean
otd_variant_get_int64(GVariant *value, gint64 *ret);

G_END_DECLS
