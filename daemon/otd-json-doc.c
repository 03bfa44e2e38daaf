/*
 * A strict, small JSON parser for the API's answers. Values, member arrays and strings all
 * live in one chain of blocks owned by the document, so freeing an answer is freeing a few
 * blocks. Children are gathered on a scratch stack while their container is open and then
 * copied into the document in one piece, so every array and object is contiguous.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "otd-json-doc.h"

#define OTD_JSON_BLOCK_MIN 1024
/* objects this small look for a repeated key by comparing pairs; bigger ones hash */
/* objects up to this many members look for repeated keys pair by pair (an archive has
 * about twenty: a hash table for each was a third of the parse) */
#define OTD_JSON_DEDUP_LINEAR 64

typedef struct _OtdJsonBlock OtdJsonBlock;
struct _OtdJsonBlock {
	OtdJsonBlock *next;
	gsize used;
	gsize size;
	guint64 data[]; /* 8-byte aligned */
};

struct _OtdJsonDoc {
	OtdJsonVal root;
	OtdJsonBlock *blocks;
	gsize next_size;
};

typedef struct {
	OtdJsonDoc *doc;
	const guchar *p;
	const guchar *start;
	const guchar *end;
	GError **error;
	/* the children of the containers now open, innermost last */
	OtdJsonVal *vals;
	gsize n_vals, cap_vals;
	OtdJsonMember *members;
	gsize n_members, cap_members;
} OtdJsonParser;

static gpointer
otd_json_doc_alloc_raw(OtdJsonDoc *doc, gsize size)
{
	OtdJsonBlock *block = doc->blocks;
	gpointer out;

	size = (size + 7) & ~(gsize)7;
	if (block == NULL || block->size - block->used < size) {
		gsize want = MAX(size, doc->next_size);
		block = g_malloc(sizeof(OtdJsonBlock) + want);
		block->next = doc->blocks;
		block->used = 0;
		block->size = want;
		doc->blocks = block;
		/* later blocks grow, so a big answer takes few of them */
		doc->next_size = MIN(want * 2, (gsize)1 << 20);
	}
	out = (guchar *)block->data + block->used;
	block->used += size;
	return out;
}

gpointer
otd_json_doc_alloc(OtdJsonDoc *doc, gsize size)
{
	return memset(otd_json_doc_alloc_raw(doc, size), 0, size);
}

void
otd_json_doc_free(OtdJsonDoc *doc)
{
	if (doc == NULL)
		return;
	while (doc->blocks != NULL) {
		OtdJsonBlock *next = doc->blocks->next;
		g_free(doc->blocks);
		doc->blocks = next;
	}
	g_free(doc);
}

OtdJsonVal *
otd_json_doc_root(OtdJsonDoc *doc)
{
	return &doc->root;
}

OtdJsonVal *
otd_json_val_get(OtdJsonVal *val, const gchar *key)
{
	if (val == NULL || val->type != OTD_JSON_OBJECT)
		return NULL;
	for (guint i = 0; i < val->n; i++) {
		if (strcmp(val->members[i].key, key) == 0)
			return &val->members[i].value;
	}
	return NULL;
}

const gchar *
otd_json_type_name(OtdJsonType type)
{
	switch (type) {
	case OTD_JSON_NULL:
		return "null";
	case OTD_JSON_BOOLEAN:
		return "a boolean";
	case OTD_JSON_INT:
		return "an integer";
	case OTD_JSON_DOUBLE:
		return "a number";
	case OTD_JSON_STRING:
		return "a string";
	case OTD_JSON_ARRAY:
		return "an array";
	case OTD_JSON_OBJECT:
	default:
		return "an object";
	}
}

static gboolean
otd_json_fail(OtdJsonParser *ps, const gchar *what)
{
	if (ps->error != NULL && *ps->error == NULL)
		g_set_error(ps->error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
			    "%s at byte %" G_GSIZE_FORMAT, what, (gsize)(ps->p - ps->start));
	return FALSE;
}

static void
otd_json_skip_space(OtdJsonParser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
		ps->p++;
}

static gboolean
otd_json_literal(OtdJsonParser *ps, const gchar *word)
{
	gsize len = strlen(word);

	if ((gsize)(ps->end - ps->p) < len || memcmp(ps->p, word, len) != 0)
		return otd_json_fail(ps, "unexpected character");
	ps->p += len;
	return TRUE;
}

static gint
otd_json_hex4(const guchar *p)
{
	gint v = 0;

	for (guint i = 0; i < 4; i++) {
		gint d = g_ascii_xdigit_value((gchar)p[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static gchar *
otd_json_put_unichar(gchar *out, gunichar c)
{
	return out + g_unichar_to_utf8(c, out);
}

/* ps->p is past the opening quote; the text goes into the document */
static gboolean
otd_json_string(OtdJsonParser *ps, const gchar **ret)
{
	const guchar *s = ps->p;
	const guchar *q = s;
	gboolean escaped = FALSE;
	gchar *out, *o;

	while (q < ps->end && *q != '"') {
		if (*q < 0x20) {
			ps->p = q;
			return otd_json_fail(ps, "control character in a string");
		}
		if (*q == '\\') {
			escaped = TRUE;
			if (++q == ps->end)
				break;
		}
		q++;
	}
	if (q >= ps->end) {
		ps->p = ps->end;
		return otd_json_fail(ps, "unterminated string");
	}
	/* escapes only shrink: \uXXXX is 6 bytes for at most 3, a pair 12 for 4 */
	out = o = otd_json_doc_alloc_raw(ps->doc, (gsize)(q - s) + 1);
	if (!escaped) {
		memcpy(out, s, (gsize)(q - s));
		out[q - s] = '\0';
		ps->p = q + 1;
		*ret = out;
		return TRUE;
	}
	for (const guchar *r = s; r < q;) {
		if (*r != '\\') {
			*o++ = (gchar)*r++;
			continue;
		}
		r++;
		switch (*r) {
		case '"':
		case '\\':
		case '/':
			*o++ = (gchar)*r++;
			break;
		case 'b':
			*o++ = '\b', r++;
			break;
		case 'f':
			*o++ = '\f', r++;
			break;
		case 'n':
			*o++ = '\n', r++;
			break;
		case 'r':
			*o++ = '\r', r++;
			break;
		case 't':
			*o++ = '\t', r++;
			break;
		case 'u': {
			gint c = q - r >= 5 ? otd_json_hex4(r + 1) : -1;
			if (c < 0) {
				ps->p = r;
				return otd_json_fail(ps, "invalid \\u escape");
			}
			r += 5;
			if (c >= 0xd800 && c <= 0xdbff && q - r >= 6 && r[0] == '\\' &&
			    r[1] == 'u') {
				gint low = otd_json_hex4(r + 2);
				if (low >= 0xdc00 && low <= 0xdfff) {
					c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
					r += 6;
				}
			}
			/* a lone surrogate has no UTF-8 form, and a NUL would cut the string */
			if ((c >= 0xd800 && c <= 0xdfff) || c == 0)
				c = 0xfffd;
			o = otd_json_put_unichar(o, (gunichar)c);
			break;
		}
		default:
			ps->p = r;
			return otd_json_fail(ps, "invalid escape in a string");
		}
	}
	*o = '\0';
	ps->p = q + 1;
	*ret = out;
	return TRUE;
}

static gboolean
otd_json_number(OtdJsonParser *ps, OtdJsonVal *out)
{
	const guchar *s = ps->p, *q = s;
	gboolean integer = TRUE;
	gchar buf[64];
	g_autofree gchar *big = NULL;

	if (q < ps->end && *q == '-')
		q++;
	if (q < ps->end && *q == '0')
		q++;
	else if (q < ps->end && *q >= '1' && *q <= '9')
		while (q < ps->end && g_ascii_isdigit(*q))
			q++;
	else
		return otd_json_fail(ps, "invalid number");
	if (q < ps->end && *q == '.') {
		integer = FALSE;
		if (++q == ps->end || !g_ascii_isdigit(*q)) {
			ps->p = q;
			return otd_json_fail(ps, "invalid number");
		}
		while (q < ps->end && g_ascii_isdigit(*q))
			q++;
	}
	if (q < ps->end && (*q == 'e' || *q == 'E')) {
		integer = FALSE;
		if (++q < ps->end && (*q == '+' || *q == '-'))
			q++;
		if (q == ps->end || !g_ascii_isdigit(*q)) {
			ps->p = q;
			return otd_json_fail(ps, "invalid number");
		}
		while (q < ps->end && g_ascii_isdigit(*q))
			q++;
	}
	ps->p = q;
	if (integer) {
		gboolean negative = *s == '-';
		guint64 limit = negative ? (guint64)G_MAXINT64 + 1 : (guint64)G_MAXINT64;
		guint64 v = 0;
		const guchar *d = negative ? s + 1 : s;
		for (; d < q; d++) {
			guint digit = *d - '0';
			if (v > (limit - digit) / 10)
				break;
			v = v * 10 + digit;
		}
		if (d == q) {
			out->type = OTD_JSON_INT;
			out->integer = negative ? (gint64)(0 - v) : (gint64)v;
			return TRUE;
		}
		/* too big for 64 bits: a double, as JSON numbers are */
	}
	if ((gsize)(q - s) < sizeof(buf)) {
		memcpy(buf, s, (gsize)(q - s));
		buf[q - s] = '\0';
		out->number = g_ascii_strtod(buf, NULL);
	} else {
		big = g_strndup((const gchar *)s, (gsize)(q - s));
		out->number = g_ascii_strtod(big, NULL);
	}
	out->type = OTD_JSON_DOUBLE;
	return TRUE;
}

static void
otd_json_push_val(OtdJsonParser *ps, const OtdJsonVal *val)
{
	if (ps->n_vals == ps->cap_vals) {
		ps->cap_vals = MAX(16, ps->cap_vals * 2);
		ps->vals = g_renew(OtdJsonVal, ps->vals, ps->cap_vals);
	}
	ps->vals[ps->n_vals++] = *val;
}

static OtdJsonMember *
otd_json_push_member(OtdJsonParser *ps)
{
	if (ps->n_members == ps->cap_members) {
		ps->cap_members = MAX(16, ps->cap_members * 2);
		ps->members = g_renew(OtdJsonMember, ps->members, ps->cap_members);
	}
	return &ps->members[ps->n_members++];
}

/* a repeated key keeps its first place and takes the last value; returns the new count */
static guint
otd_json_dedup(OtdJsonMember *members, guint n)
{
	g_autoptr(GHashTable) first = NULL;
	guint kept = 0;

	if (n > OTD_JSON_DEDUP_LINEAR)
		first = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < n; i++) {
		gpointer where = NULL;
		gboolean seen = FALSE;
		if (first != NULL) {
			seen = g_hash_table_lookup_extended(first, members[i].key, NULL, &where);
		} else {
			for (guint j = 0; j < kept && !seen; j++) {
				if (members[j].key[0] == members[i].key[0] &&
				    strcmp(members[j].key, members[i].key) == 0) {
					seen = TRUE;
					where = GUINT_TO_POINTER(j);
				}
			}
		}
		if (seen) {
			members[GPOINTER_TO_UINT(where)].value = members[i].value;
			continue;
		}
		if (first != NULL)
			g_hash_table_insert(first, (gpointer)members[i].key,
					    GUINT_TO_POINTER(kept));
		members[kept++] = members[i];
	}
	return kept;
}

static gboolean otd_json_value(OtdJsonParser *ps, guint depth, OtdJsonVal *out);

static gboolean
otd_json_array(OtdJsonParser *ps, guint depth, OtdJsonVal *out)
{
	gsize base = ps->n_vals;
	gsize n;

	otd_json_skip_space(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
	} else {
		for (;;) {
			OtdJsonVal element = {0};
			if (!otd_json_value(ps, depth + 1, &element))
				return FALSE;
			otd_json_push_val(ps, &element);
			otd_json_skip_space(ps);
			if (ps->p < ps->end && *ps->p == ',') {
				ps->p++;
				continue;
			}
			if (ps->p < ps->end && *ps->p == ']') {
				ps->p++;
				break;
			}
			return otd_json_fail(ps, "expected ',' or ']'");
		}
	}
	n = ps->n_vals - base;
	if (n > G_MAXUINT)
		return otd_json_fail(ps, "array too long");
	out->type = OTD_JSON_ARRAY;
	out->n = (guint)n;
	if (n > 0) {
		out->elements = otd_json_doc_alloc_raw(ps->doc, n * sizeof(OtdJsonVal));
		memcpy(out->elements, ps->vals + base, n * sizeof(OtdJsonVal));
	}
	ps->n_vals = base;
	return TRUE;
}

static gboolean
otd_json_object(OtdJsonParser *ps, guint depth, OtdJsonVal *out)
{
	gsize base = ps->n_members;
	gsize n;

	otd_json_skip_space(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
	} else {
		for (;;) {
			const gchar *key = NULL;
			OtdJsonVal value = {0};
			OtdJsonMember *member;
			otd_json_skip_space(ps);
			if (ps->p == ps->end || *ps->p != '"')
				return otd_json_fail(ps, "expected a member name");
			ps->p++;
			if (!otd_json_string(ps, &key))
				return FALSE;
			otd_json_skip_space(ps);
			if (ps->p == ps->end || *ps->p != ':')
				return otd_json_fail(ps, "expected ':'");
			ps->p++;
			if (!otd_json_value(ps, depth + 1, &value))
				return FALSE;
			/* pushed only now: the value's own members went above and came back off */
			member = otd_json_push_member(ps);
			member->key = key;
			member->value = value;
			otd_json_skip_space(ps);
			if (ps->p < ps->end && *ps->p == ',') {
				ps->p++;
				continue;
			}
			if (ps->p < ps->end && *ps->p == '}') {
				ps->p++;
				break;
			}
			return otd_json_fail(ps, "expected ',' or '}'");
		}
	}
	n = ps->n_members - base;
	if (n > G_MAXUINT)
		return otd_json_fail(ps, "object too long");
	n = otd_json_dedup(ps->members + base, (guint)n);
	out->type = OTD_JSON_OBJECT;
	out->n = (guint)n;
	if (n > 0) {
		out->members = otd_json_doc_alloc_raw(ps->doc, n * sizeof(OtdJsonMember));
		memcpy(out->members, ps->members + base, n * sizeof(OtdJsonMember));
	}
	ps->n_members = base;
	return TRUE;
}

static gboolean
otd_json_value(OtdJsonParser *ps, guint depth, OtdJsonVal *out)
{
	otd_json_skip_space(ps);
	if (ps->p == ps->end)
		return otd_json_fail(ps, "unexpected end");
	/* @depth counts the containers around this value */
	if ((*ps->p == '{' || *ps->p == '[') && depth >= OTD_JSON_DOC_MAX_DEPTH)
		return otd_json_fail(ps, "nested too deeply");
	switch (*ps->p) {
	case '{':
		ps->p++;
		return otd_json_object(ps, depth, out);
	case '[':
		ps->p++;
		return otd_json_array(ps, depth, out);
	case '"':
		ps->p++;
		out->type = OTD_JSON_STRING;
		return otd_json_string(ps, &out->string);
	case 't':
		out->type = OTD_JSON_BOOLEAN;
		out->boolean = TRUE;
		return otd_json_literal(ps, "true");
	case 'f':
		out->type = OTD_JSON_BOOLEAN;
		out->boolean = FALSE;
		return otd_json_literal(ps, "false");
	case 'n':
		out->type = OTD_JSON_NULL;
		return otd_json_literal(ps, "null");
	default:
		return otd_json_number(ps, out);
	}
}

OtdJsonDoc *
otd_json_doc_parse(const gchar *data, gsize len, GError **error)
{
	g_autoptr(OtdJsonDoc) doc = g_new0(OtdJsonDoc, 1);
	OtdJsonParser ps = {
	    .doc = doc,
	    .p = (const guchar *)data,
	    .start = (const guchar *)data,
	    .end = (const guchar *)data + len,
	    .error = error,
	};
	gboolean ok;

	/* one block usually holds the whole tree: strings are at most the text's length */
	doc->next_size = MAX(OTD_JSON_BLOCK_MIN, len * 2);
	ok = otd_json_value(&ps, 0, &doc->root);
	if (ok) {
		otd_json_skip_space(&ps);
		if (ps.p != ps.end)
			ok = otd_json_fail(&ps, "unexpected text after the value");
	}
	g_free(ps.vals);
	g_free(ps.members);
	return ok ? g_steal_pointer(&doc) : NULL;
}
