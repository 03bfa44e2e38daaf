/* REST JSON <-> D-Bus a{sv}, and per-method option tables that validate a{sv} input */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "otd-json-doc.h"

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

/* the D-Bus form a JSON value takes (DESIGN §3); both converters below and the D-Bus
 * layer's direct writer (otd_bus_message_append_json_*) follow it */
typedef enum {
	OTD_JSON_SHAPE_SKIP,	      /* null, or nothing D-Bus carries: the member is left out */
	OTD_JSON_SHAPE_INT64,	      /* x */
	OTD_JSON_SHAPE_DOUBLE,	      /* d */
	OTD_JSON_SHAPE_BOOLEAN,	      /* b */
	OTD_JSON_SHAPE_STRING,	      /* s, repaired to valid UTF-8 */
	OTD_JSON_SHAPE_DICT,	      /* a{sv}, keys to snake_case */
	OTD_JSON_SHAPE_DATA_MAP,      /* a{sv}, keys are data and kept verbatim */
	OTD_JSON_SHAPE_DICT_ARRAY,    /* aa{sv}: a non-empty array of objects */
	OTD_JSON_SHAPE_STRV,	      /* as: a non-empty array of strings */
	OTD_JSON_SHAPE_VARIANT_ARRAY, /* av: any other array, the empty one too */
} OtdJsonShape;

/* @wire_key: the member name @val has in its object, or NULL in an array */
OtdJsonShape
otd_json_val_shape(const OtdJsonVal *val, const gchar *wire_key, const gchar *const *data_maps);
/* the D-Bus signature of a shape ("x", "a{sv}", …); NULL for SKIP */
const gchar *
otd_json_shape_signature(OtdJsonShape shape);
/* the D-Bus key of a member: valid UTF-8, snake_case unless @verbatim */
gchar *
otd_json_dbus_key(const gchar *wire_key, gboolean verbatim);
/* @text as valid UTF-8: @text itself, or a repaired copy kept in *@ret_repaired */
const gchar *
otd_json_valid_utf8(const gchar *text, gchar **ret_repaired);

/*
 * Converts a JSON object of an answer to a floating a{sv}: keys to snake_case, null members omitted.
 * @data_maps lists wire keys whose object values are maps keyed by data, whose keys are
 * kept verbatim.
 */
GVariant *
otd_json_object_to_variant(const OtdJsonVal *object, const gchar *const *data_maps);
/* an array of objects to aa{sv} (other elements are left out) */
GVariant *
otd_json_array_to_dict_array(const OtdJsonVal *array, const gchar *const *data_maps);

/*
 * Validates an a{sv} against @table and returns the JSON body with wire keys. Unknown keys,
 * duplicates, wrong types and out-of-range values are InvalidArgs naming the key.
 */
JsonObject *
otd_options_to_json(const OtdOption *table, GVariant *options, GError **error);

/* the most rows an option table may have (keys, not counting the NULL end) */
#define OTD_OPTIONS_MAX_ROWS 64

/* one member of such an a{sv}: checks @value against @table, adds it to @body under its
 * wire key; @seen (a bit per row of @table, 0 at first) catches keys given twice; @prefix
 * names the dict for nested ones, or NULL. otd_options_to_json() is a loop over this. */
gboolean
otd_options_add(const OtdOption *table, const gchar *prefix, JsonObject *body, guint64 *seen,
		const gchar *key, GVariant *value, GError **error);

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

/* the row of @table for @key, or NULL */
const OtdOption *
otd_options_lookup(const OtdOption *table, const gchar *key);
/* a string option's rules (choices, length), as otd_options_add() applies them */
gboolean
otd_option_check_string(const OtdOption *opt, const gchar *path, const gchar *s, GError **error);

G_END_DECLS
