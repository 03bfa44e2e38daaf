/* the daemon's GError domain, built from the shared client error table */
#pragma once

#include <glib.h>

#include "otk-error.h"

G_BEGIN_DECLS

#define OTD_ERROR otd_error_quark()

/* the codes are the client library's OtkError values, so the two can never drift */
typedef enum {
	OTD_ERROR_INVALID_ARGS = OTK_ERROR_INVALID_ARGS,
	OTD_ERROR_AUTH_FAILED = OTK_ERROR_AUTH_FAILED,
	OTD_ERROR_NOT_FOUND = OTK_ERROR_NOT_FOUND,
	OTD_ERROR_CONFLICT = OTK_ERROR_CONFLICT,
	OTD_ERROR_NOT_ALLOWED = OTK_ERROR_NOT_ALLOWED,
	OTD_ERROR_TOO_LARGE = OTK_ERROR_TOO_LARGE,
	OTD_ERROR_RATE_LIMITED = OTK_ERROR_RATE_LIMITED,
	OTD_ERROR_SERVER_ERROR = OTK_ERROR_SERVER_ERROR,
	OTD_ERROR_BAD_RESPONSE = OTK_ERROR_BAD_RESPONSE,
	OTD_ERROR_NOT_REACHABLE = OTK_ERROR_NOT_REACHABLE,
	OTD_ERROR_TIMED_OUT = OTK_ERROR_TIMED_OUT,
	OTD_ERROR_PERMISSION_DENIED = OTK_ERROR_PERMISSION_DENIED,
	OTD_ERROR_CANCELLED = OTK_ERROR_CANCELLED,
	OTD_ERROR_NOT_SUPPORTED = OTK_ERROR_NOT_SUPPORTED,
	OTD_ERROR_INTERNAL = OTK_ERROR_INTERNAL,
} OtdError;

GQuark
otd_error_quark(void);

/* the full D-Bus error name of an OTD_ERROR code */
const gchar *
otd_error_to_dbus_name(gint code);

/* converts a foreign GError (GIO, Soup, JSON) into OTD_ERROR in place; a no-op for ours */
void
otd_error_convert(GError **error);

/* a GCompareFunc for g_ptr_array_sort() over strings */
gint
otd_strptr_cmp(gconstpointer a, gconstpointer b);

G_END_DECLS
