/* the OTD_ERROR domain and the one place foreign errors become ours */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "otd-error.h"

G_DEFINE_QUARK(otd-error-quark, otd_error)

const gchar *
otd_error_to_dbus_name(gint code)
{
	const gchar *name = otk_error_to_dbus_name((OtkError)code);
	return name != NULL ? name : otk_error_to_dbus_name(OTK_ERROR_INTERNAL);
}

static OtdError
otd_error_code_from_io(gint code)
{
	switch (code) {
	case G_IO_ERROR_CANCELLED:
		return OTD_ERROR_CANCELLED;
	case G_IO_ERROR_TIMED_OUT:
		return OTD_ERROR_TIMED_OUT;
	case G_IO_ERROR_INVALID_ARGUMENT:
	case G_IO_ERROR_INVALID_DATA:
		return OTD_ERROR_INVALID_ARGS;
	case G_IO_ERROR_NOT_SUPPORTED:
		return OTD_ERROR_NOT_SUPPORTED;
	case G_IO_ERROR_PERMISSION_DENIED:
		return OTD_ERROR_PERMISSION_DENIED;
	case G_IO_ERROR_NOT_FOUND:
		return OTD_ERROR_NOT_FOUND;
	case G_IO_ERROR_CONNECTION_REFUSED:
	case G_IO_ERROR_HOST_UNREACHABLE:
	case G_IO_ERROR_NETWORK_UNREACHABLE:
	case G_IO_ERROR_CONNECTION_CLOSED:
	case G_IO_ERROR_PARTIAL_INPUT:
	case G_IO_ERROR_PROXY_FAILED:
	case G_IO_ERROR_PROXY_AUTH_FAILED:
	case G_IO_ERROR_PROXY_NEED_AUTH:
	case G_IO_ERROR_PROXY_NOT_ALLOWED:
	case G_IO_ERROR_NOT_CONNECTED:
		return OTD_ERROR_NOT_REACHABLE;
	default:
		return OTD_ERROR_INTERNAL;
	}
}

void
otd_error_convert(GError **error)
{
	GError *e;
	OtdError code = OTD_ERROR_INTERNAL;

	if (error == NULL || *error == NULL)
		return;
	e = *error;
	if (e->domain == OTD_ERROR)
		return;
	if (e->domain == G_IO_ERROR)
		code = otd_error_code_from_io(e->code);
	else if (e->domain == G_RESOLVER_ERROR || e->domain == G_TLS_ERROR)
		code = OTD_ERROR_NOT_REACHABLE;
	else if (e->domain == JSON_PARSER_ERROR || e->domain == G_MARKUP_ERROR)
		code = OTD_ERROR_BAD_RESPONSE;
	else if (e->domain == G_KEY_FILE_ERROR || e->domain == G_FILE_ERROR)
		code = OTD_ERROR_INVALID_ARGS;
	else if (g_str_has_prefix(g_quark_to_string(e->domain), "soup"))
		code = OTD_ERROR_BAD_RESPONSE;
	e->domain = OTD_ERROR;
	e->code = code;
}

gint
otd_strptr_cmp(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *)a, *(const gchar *const *)b);
}
