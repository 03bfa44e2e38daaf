/*
 * What opentokctl prints: results as text or JSON on stdout, and errors on stderr as
 * "opentokctl: <Name>: <message>". Each public function here first stops the spinner
 * (otk-ctl-progress.c), which erases its line.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "otk-ctl.h"

int
otk_ctl_usage_error(const OtkCtl *ctl, const char *fmt, ...)
{
	va_list ap;

	otk_ctl_progress_stop();
	fputs("opentokctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr,
		"\nTry 'opentokctl%s%s --help'.\n",
		ctl->command_path[0] != '\0' ? " " : "",
		ctl->command_path);
	return OTK_CTL_EXIT_USAGE;
}

int
otk_ctl_fail(const char *fmt, ...)
{
	va_list ap;

	otk_ctl_progress_stop();
	fputs("opentokctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return OTK_CTL_EXIT_ERROR;
}

int
otk_ctl_fail_call(const OtkCallError *error)
{
	if (error == NULL)
		return otk_ctl_fail("out of memory");
	otk_ctl_progress_stop();
	fprintf(stderr,
		"opentokctl: %s: %s\n",
		otk_call_error_get_short_name(error),
		otk_call_error_get_message(error));
	return otk_call_error_is_unreachable(error) ? OTK_CTL_EXIT_UNREACHABLE : OTK_CTL_EXIT_ERROR;
}

static int
otk_ctl_print_json(const OtkDict *dict)
{
	OTK_AUTOFREE char *json = otk_dict_to_json(dict, OTK_JSON_FLAG_NONE);

	if (json == NULL)
		return otk_ctl_fail("out of memory");
	puts(json);
	return OTK_CTL_EXIT_OK;
}

/* one string result: the bare value, or {"<json_key>": value} with --json */
int
otk_ctl_print_value(const OtkCtl *ctl, const char *json_key, const char *value)
{
	OTK_CLEANUP(otk_dict_freep) OtkDict *dict = NULL;

	otk_ctl_progress_stop();
	if (!ctl->json) {
		puts(value);
		return OTK_CTL_EXIT_OK;
	}
	dict = otk_dict_new();
	if (dict == NULL || otk_dict_set_string(dict, json_key, value) < 0)
		return otk_ctl_fail("out of memory");
	return otk_ctl_print_json(dict);
}

/* a value as one line of text: strings bare, lists of strings joined by @separator, rest JSON */
static char *
otk_ctl_value_join(const OtkValue *value, const char *separator)
{
	const char *s = otk_value_get_string(value);
	char *text = NULL;
	size_t size = 0;
	FILE *f;
	size_t n;

	if (s != NULL)
		return strdup(s);
	n = otk_value_get_length(value);
	if (otk_value_get_kind(value) != OTK_VALUE_KIND_ARRAY || n == 0)
		return otk_value_to_json(value, OTK_JSON_FLAG_NONE);
	for (size_t i = 0; i < n; i++) {
		if (otk_value_get_string(otk_value_get_element(value, i)) == NULL)
			return otk_value_to_json(value, OTK_JSON_FLAG_NONE);
	}
	f = open_memstream(&text, &size);
	if (f == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		fprintf(f,
			"%s%s",
			i > 0 ? separator : "",
			otk_value_get_string(otk_value_get_element(value, i)));
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static char *
otk_ctl_value_to_text(const OtkValue *value)
{
	return otk_ctl_value_join(value, ", ");
}

/* a result dictionary: aligned "key: value" lines, or JSON */
int
otk_ctl_print_dict(const OtkCtl *ctl, const OtkDict *dict)
{
	size_t width = 0;

	otk_ctl_progress_stop();
	if (ctl->json)
		return otk_ctl_print_json(dict);
	for (size_t i = 0; i < otk_dict_get_size(dict); i++) {
		size_t len = strlen(otk_dict_get_key(dict, i));
		if (len > width)
			width = len;
	}
	for (size_t i = 0; i < otk_dict_get_size(dict); i++) {
		const char *key = otk_dict_get_key(dict, i);
		OTK_AUTOFREE char *text = otk_ctl_value_to_text(otk_dict_get_value(dict, i));
		if (text == NULL)
			return otk_ctl_fail("out of memory");
		printf("%s:%*s %s\n", key, (int)(width - strlen(key)), "", text);
	}
	return OTK_CTL_EXIT_OK;
}

static char *
otk_ctl_format_time_ms(int64_t ms)
{
	time_t seconds = (time_t)(ms / 1000);
	char buf[64];
	struct tm tm;

	if (ms < 0 || gmtime_r(&seconds, &tm) == NULL)
		return NULL;
	if (strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return NULL;
	return strdup(buf);
}

/* absent, or an empty string: the API sends "" where it has nothing to say */
static bool
otk_ctl_value_is_blank(const OtkValue *value)
{
	const char *s = value != NULL ? otk_value_get_string(value) : NULL;
	return value == NULL || (s != NULL && s[0] == '\0');
}

/* @path is a key, or keys of nested dictionaries joined by dots; result keys have none */
const OtkValue *
otk_ctl_lookup(const OtkDict *dict, const char *path)
{
	const char *dot = strchr(path, '.');
	OTK_AUTOFREE char *key = NULL;

	if (dot == NULL)
		return otk_dict_lookup(dict, path);
	key = strndup(path, (size_t)(dot - path));
	if (key == NULL)
		return NULL;
	dict = otk_value_get_dict(otk_dict_lookup(dict, key));
	return dict != NULL ? otk_ctl_lookup(dict, dot + 1) : NULL;
}

static char *
otk_ctl_format_cell(const OtkDict *item, const OtkCtlColumn *column)
{
	const OtkValue *value = otk_ctl_lookup(item, column->key);
	char *text = NULL;
	int64_t ms;

	if (column->kind == OTK_CTL_COLUMN_COUNT) {
		if (asprintf(&text, "%zu", otk_value_get_length(value)) < 0)
			return NULL;
		return text;
	}
	if (otk_ctl_value_is_blank(value) ||
	    (column->kind == OTK_CTL_COLUMN_LIST &&
	     otk_value_get_kind(value) == OTK_VALUE_KIND_ARRAY && otk_value_get_length(value) == 0))
		return strdup("-");
	if (column->kind == OTK_CTL_COLUMN_LIST)
		return otk_ctl_value_join(value, ",");
	if (column->kind == OTK_CTL_COLUMN_TIME_MS && otk_value_get_int64(value, &ms)) {
		text = otk_ctl_format_time_ms(ms);
		if (text != NULL)
			return text;
	}
	return otk_ctl_value_to_text(value);
}

typedef struct {
	char **cells; /* row after row, n_columns per row */
	size_t n_cells;
	size_t *widths; /* the widest cell or header of each column */
} OtkCtlTable;

static void
otk_ctl_table_clear(OtkCtlTable *table)
{
	for (size_t i = 0; i < table->n_cells; i++)
		free(table->cells[i]);
	free(table->cells);
	free(table->widths);
}

static bool
otk_ctl_table_fill(OtkCtlTable *table,
		   const OtkValue *items,
		   const OtkCtlColumn *columns,
		   size_t n_columns)
{
	size_t n_items = otk_value_get_length(items);

	table->cells = calloc(n_items * n_columns + 1, sizeof(char *));
	table->widths = calloc(n_columns, sizeof(size_t));
	if (table->cells == NULL || table->widths == NULL)
		return false;
	for (size_t c = 0; c < n_columns; c++)
		table->widths[c] = strlen(columns[c].header);
	for (size_t r = 0; r < n_items; r++) {
		const OtkDict *item = otk_value_get_dict(otk_value_get_element(items, r));
		for (size_t c = 0; c < n_columns; c++) {
			char *cell = otk_ctl_format_cell(item, &columns[c]);
			if (cell == NULL)
				return false;
			table->cells[table->n_cells++] = cell;
			if (strlen(cell) > table->widths[c])
				table->widths[c] = strlen(cell);
		}
	}
	return true;
}

static void
otk_ctl_print_cell(const char *text, size_t width, bool last)
{
	if (last)
		printf("%s\n", text);
	else
		printf("%-*s  ", (int)width, text);
}

static void
otk_ctl_table_print(const OtkCtlTable *table, const OtkCtlColumn *columns, size_t n_columns)
{
	for (size_t c = 0; c < n_columns; c++)
		otk_ctl_print_cell(columns[c].header, table->widths[c], c + 1 == n_columns);
	for (size_t i = 0; i < table->n_cells; i++) {
		size_t c = i % n_columns;
		otk_ctl_print_cell(table->cells[i], table->widths[c], c + 1 == n_columns);
	}
}

/* a List result {items, total}: a table of @columns and a total line, or JSON */
int
otk_ctl_print_list(const OtkCtl *ctl,
		   const OtkDict *list,
		   const OtkCtlColumn *columns,
		   size_t n_columns)
{
	OTK_CLEANUP(otk_ctl_table_clear) OtkCtlTable table = {NULL, 0, NULL};
	const OtkValue *items = otk_dict_lookup(list, "items");
	int64_t total = (int64_t)otk_value_get_length(items);

	otk_ctl_progress_stop();
	if (ctl->json)
		return otk_ctl_print_json(list);
	if (!otk_ctl_table_fill(&table, items, columns, n_columns))
		return otk_ctl_fail("out of memory");
	if (table.n_cells > 0)
		otk_ctl_table_print(&table, columns, n_columns);
	otk_dict_get_int64(list, "total", &total);
	printf("Total: %" PRId64 "\n", total);
	return OTK_CTL_EXIT_OK;
}

/* how many lines @field takes in a record: one, none when blank, one per element for EACH */
static size_t
otk_ctl_field_lines(const OtkDict *dict, const OtkCtlColumn *field)
{
	const OtkValue *value = otk_ctl_lookup(dict, field->key);

	if (field->kind == OTK_CTL_COLUMN_EACH)
		return otk_value_get_length(value);
	return otk_ctl_value_is_blank(value) ? 0 : 1;
}

static int
otk_ctl_print_field(const OtkDict *dict, const OtkCtlColumn *field, size_t width)
{
	const OtkValue *value = otk_ctl_lookup(dict, field->key);
	size_t n = otk_ctl_field_lines(dict, field);

	for (size_t i = 0; i < n; i++) {
		OTK_AUTOFREE char *text = NULL;
		if (field->kind == OTK_CTL_COLUMN_EACH)
			text = field->format(otk_value_get_element(value, i));
		else
			text = otk_ctl_format_cell(dict, field);
		if (text == NULL)
			return otk_ctl_fail("out of memory");
		printf("%s:%*s %s\n",
		       field->header,
		       (int)(width - strlen(field->header)),
		       "",
		       text);
	}
	return OTK_CTL_EXIT_OK;
}

/* chosen fields of a result as aligned "label: value" lines, blank ones left out; or JSON */
int
otk_ctl_print_record(const OtkCtl *ctl,
		     const OtkDict *dict,
		     const OtkCtlColumn *fields,
		     size_t n_fields)
{
	size_t width = 0;
	int r = OTK_CTL_EXIT_OK;

	otk_ctl_progress_stop();
	if (ctl->json)
		return otk_ctl_print_json(dict);
	for (size_t i = 0; i < n_fields; i++) {
		if (otk_ctl_field_lines(dict, &fields[i]) > 0 && strlen(fields[i].header) > width)
			width = strlen(fields[i].header);
	}
	for (size_t i = 0; i < n_fields && r == OTK_CTL_EXIT_OK; i++)
		r = otk_ctl_print_field(dict, &fields[i], width);
	return r;
}
