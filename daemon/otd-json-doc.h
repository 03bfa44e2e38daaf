/*
 * The API's answers, parsed once into one block of memory: a read-only tree of values that
 * the reply is written from. json-glib builds a GObject-backed node, a hash table and a
 * copied key per member; for a list of four archives that was half of the daemon's work
 * per call (parse, then free). Request bodies are still built with json-glib.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
	OTD_JSON_NULL,
	OTD_JSON_BOOLEAN,
	OTD_JSON_INT,	 /* an integer literal that fits in 64 bits */
	OTD_JSON_DOUBLE, /* any other number */
	OTD_JSON_STRING,
	OTD_JSON_ARRAY,
	OTD_JSON_OBJECT,
} OtdJsonType;

typedef struct _OtdJsonVal OtdJsonVal;
typedef struct _OtdJsonMember OtdJsonMember;

struct _OtdJsonVal {
	OtdJsonType type;
	guint n; /* elements of an array, members of an object */
	union {
		gboolean boolean;
		gint64 integer;
		gdouble number;
		const gchar *string; /* NUL-terminated; may hold invalid UTF-8 from the wire */
		OtdJsonVal *elements;
		OtdJsonMember *members; /* in the answer's order; a repeated key keeps its first
					   place and its last value */
	};
};

struct _OtdJsonMember {
	const gchar *key;
	OtdJsonVal value;
};

typedef struct _OtdJsonDoc OtdJsonDoc;

/* the most containers inside one another; deeper answers are refused, not recursed into */
#define OTD_JSON_DOC_MAX_DEPTH 64

/*
 * Parses RFC 8259 JSON (one value, surrounding whitespace allowed). A string's \u escapes
 * become UTF-8, a lone surrogate or \u0000 becomes U+FFFD. On failure, FALSE with @error in
 * G_IO_ERROR_INVALID_DATA naming the byte offset.
 */
OtdJsonDoc *otd_json_doc_parse(const gchar *data, gsize len, GError **error);
void otd_json_doc_free(OtdJsonDoc *doc);
OtdJsonVal *otd_json_doc_root(OtdJsonDoc *doc);
/* memory that lives as long as @doc, for edits of the tree (zeroed) */
gpointer otd_json_doc_alloc(OtdJsonDoc *doc, gsize size);

/* the value of member @key of an object, or NULL (also when @val is not an object) */
OtdJsonVal *otd_json_val_get(OtdJsonVal *val, const gchar *key);
/* for error texts: "a string", "an object", … */
const gchar *otd_json_type_name(OtdJsonType type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OtdJsonDoc, otd_json_doc_free)

G_END_DECLS
