/*
 * JSON output for OtkDict/OtkValue trees: what `opentokctl --json` prints. Only
 * writing is needed, so this is a printer, not a JSON library.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "otk-dict-private.h"
#include "otk-utf8.h"

static void
otk_json_write_value(FILE *f, const OtkValue *value, OtkJsonFlags flags, unsigned depth);

static void
otk_json_write_newline(FILE *f, OtkJsonFlags flags, unsigned depth)
{
	if ((flags & OTK_JSON_FLAG_PRETTY) == 0)
		return;
	fputc('\n', f);
	for (unsigned i = 0; i < depth; i++)
		fputs("  ", f);
}

static const char *
otk_json_short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		return NULL;
	}
}

static void
otk_json_write_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);

	fputc('"', f);
	while (left > 0) {
		const char *escape = otk_json_short_escape(*p);
		size_t len = 1;

		if (escape != NULL) {
			fputs(escape, f);
		} else if (*p < 0x20) {
			fprintf(f, "\\u%04x", *p);
		} else if (*p < 0x80) {
			fputc(*p, f);
		} else {
			/* valid UTF-8 goes through as it is; a stray byte becomes U+FFFD */
			len = otk_utf8_sequence_length(p, left);
			if (len == 0) {
				fputs("\\ufffd", f);
				len = 1;
			} else {
				fwrite(p, 1, len, f);
			}
		}
		p += len;
		left -= len;
	}
	fputc('"', f);
}

static void
otk_json_write_double(FILE *f, double d)
{
	char buf[40];

	if (!isfinite(d)) {
		fputs("null", f);
		return;
	}
	/* the shortest of the two precisions that reads back as the same number */
	snprintf(buf, sizeof(buf), "%.15g", d);
	if (strtod(buf, NULL) != d)
		snprintf(buf, sizeof(buf), "%.17g", d);
	fputs(buf, f);
}

static void
otk_json_write_dict(FILE *f, const OtkDict *dict, OtkJsonFlags flags, unsigned depth)
{
	if (dict == NULL || dict->n == 0) {
		fputs("{}", f);
		return;
	}
	fputc('{', f);
	for (size_t i = 0; i < dict->n; i++) {
		if (i > 0)
			fputc(',', f);
		otk_json_write_newline(f, flags, depth + 1);
		otk_json_write_string(f, dict->entries[i].key);
		fputs((flags & OTK_JSON_FLAG_PRETTY) != 0 ? ": " : ":", f);
		otk_json_write_value(f, dict->entries[i].value, flags, depth + 1);
	}
	otk_json_write_newline(f, flags, depth);
	fputc('}', f);
}

static void
otk_json_write_array(FILE *f, const OtkValue *array, OtkJsonFlags flags, unsigned depth)
{
	if (array->array.n == 0) {
		fputs("[]", f);
		return;
	}
	fputc('[', f);
	for (size_t i = 0; i < array->array.n; i++) {
		if (i > 0)
			fputc(',', f);
		otk_json_write_newline(f, flags, depth + 1);
		otk_json_write_value(f, array->array.items[i], flags, depth + 1);
	}
	otk_json_write_newline(f, flags, depth);
	fputc(']', f);
}

static void
otk_json_write_value(FILE *f, const OtkValue *value, OtkJsonFlags flags, unsigned depth)
{
	switch (value->kind) {
	case OTK_VALUE_KIND_STRING:
		otk_json_write_string(f, value->s);
		break;
	case OTK_VALUE_KIND_INT64:
		if (value->big_unsigned)
			fprintf(f, "%" PRIu64, value->u);
		else
			fprintf(f, "%" PRId64, value->i);
		break;
	case OTK_VALUE_KIND_BOOL:
		fputs(value->b ? "true" : "false", f);
		break;
	case OTK_VALUE_KIND_DOUBLE:
		otk_json_write_double(f, value->d);
		break;
	case OTK_VALUE_KIND_DICT:
		otk_json_write_dict(f, value->dict, flags, depth);
		break;
	case OTK_VALUE_KIND_ARRAY:
		otk_json_write_array(f, value, flags, depth);
		break;
	default:
		fputs("null", f);
		break;
	}
}

/* prints @what into a growing buffer; NULL when memory ran out on the way */
static char *
otk_json_print(const void *what, bool is_dict, OtkJsonFlags flags)
{
	char *buf = NULL;
	size_t size = 0;
	bool failed;
	FILE *f = open_memstream(&buf, &size);

	if (f == NULL)
		return NULL;
	if (is_dict)
		otk_json_write_dict(f, what, flags, 0);
	else
		otk_json_write_value(f, what, flags, 0);
	failed = ferror(f) != 0;
	if (fclose(f) != 0)
		failed = true;
	if (failed) {
		free(buf);
		return NULL;
	}
	return buf;
}

OTK_PUBLIC char *
otk_dict_to_json(const OtkDict *self, OtkJsonFlags flags)
{
	return otk_json_print(self, true, flags);
}

OTK_PUBLIC char *
otk_value_to_json(const OtkValue *self, OtkJsonFlags flags)
{
	if (self == NULL)
		return NULL;
	return otk_json_print(self, false, flags);
}
