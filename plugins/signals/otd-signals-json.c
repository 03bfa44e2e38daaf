/* the rules of a signal, checked before any request */
#include "config.h"

#include <string.h>

#include "otd-signals.h"

static const OtdOption otd_signal_options[] = {
    {"type", OTD_OPTION_STRING},
    {"data", OTD_OPTION_STRING},
    {NULL},
};

static gboolean
otd_signals_check_type(const gchar *type, GError **error)
{
	for (const gchar *p = type; *p != '\0'; p++) {
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '~') {
			g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
					    "invalid option 'type': only letters, digits, '-', '_' "
					    "and '~' are allowed");
			return FALSE;
		}
	}
	if (strlen(type) > OTD_SIGNALS_MAX_TYPE) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_TOO_LARGE,
			    "option 'type' is %" G_GSIZE_FORMAT " bytes, at most %u are allowed",
			    strlen(type), OTD_SIGNALS_MAX_TYPE);
		return FALSE;
	}
	return TRUE;
}

JsonObject *
otd_signals_body(GVariant *signal, GError **error)
{
	g_autoptr(JsonObject) body = otd_options_to_json(otd_signal_options, signal, error);
	const gchar *type, *data;

	if (body == NULL)
		return NULL;
	type = json_object_get_string_member_with_default(body, "type", NULL);
	data = json_object_get_string_member_with_default(body, "data", NULL);
	if (data == NULL) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid signal: 'data' is required (it may be empty)");
		return NULL;
	}
	if (type != NULL && !otd_signals_check_type(type, error))
		return NULL;
	if (data != NULL && strlen(data) > OTD_SIGNALS_MAX_DATA) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_TOO_LARGE,
			    "option 'data' is %" G_GSIZE_FORMAT " bytes, at most %u are allowed",
			    strlen(data), OTD_SIGNALS_MAX_DATA);
		return NULL;
	}
	return g_steal_pointer(&body);
}
