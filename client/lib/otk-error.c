/*
 * The error table: code <-> D-Bus name. Compiled into both the client library and
 * libotd-plugin so the two can never disagree.
 */
#include <string.h>

#include "otk-error.h"
#include "otk-private.h"

typedef struct {
	OtkError code;
	const char *dbus_name;
} OtkErrorEntry;

static const OtkErrorEntry otk_error_table[] = {
    {OTK_ERROR_INVALID_ARGS, OTK_ERROR_PREFIX "InvalidArgs"},
    {OTK_ERROR_AUTH_FAILED, OTK_ERROR_PREFIX "AuthFailed"},
    {OTK_ERROR_NOT_FOUND, OTK_ERROR_PREFIX "NotFound"},
    {OTK_ERROR_CONFLICT, OTK_ERROR_PREFIX "Conflict"},
    {OTK_ERROR_NOT_ALLOWED, OTK_ERROR_PREFIX "NotAllowed"},
    {OTK_ERROR_TOO_LARGE, OTK_ERROR_PREFIX "TooLarge"},
    {OTK_ERROR_RATE_LIMITED, OTK_ERROR_PREFIX "RateLimited"},
    {OTK_ERROR_SERVER_ERROR, OTK_ERROR_PREFIX "ServerError"},
    {OTK_ERROR_BAD_RESPONSE, OTK_ERROR_PREFIX "BadResponse"},
    {OTK_ERROR_NOT_REACHABLE, OTK_ERROR_PREFIX "NotReachable"},
    {OTK_ERROR_TIMED_OUT, OTK_ERROR_PREFIX "TimedOut"},
    {OTK_ERROR_PERMISSION_DENIED, OTK_ERROR_PREFIX "PermissionDenied"},
    {OTK_ERROR_CANCELLED, OTK_ERROR_PREFIX "Cancelled"},
    {OTK_ERROR_NOT_SUPPORTED, OTK_ERROR_PREFIX "NotSupported"},
    {OTK_ERROR_INTERNAL, OTK_ERROR_PREFIX "Internal"},
};

#define OTK_ERROR_PREFIX_LEN (sizeof(OTK_ERROR_PREFIX) - 1)

OTK_PUBLIC const char *
otk_error_to_dbus_name(OtkError code)
{
	for (size_t i = 0; i < sizeof(otk_error_table) / sizeof(otk_error_table[0]); i++) {
		if (otk_error_table[i].code == code)
			return otk_error_table[i].dbus_name;
	}
	return NULL;
}

OTK_PUBLIC const char *
otk_error_to_name(OtkError code)
{
	const char *name = otk_error_to_dbus_name(code);
	return name != NULL ? name + OTK_ERROR_PREFIX_LEN : NULL;
}

OTK_PUBLIC OtkError
otk_error_from_dbus_name(const char *name)
{
	if (name == NULL)
		return OTK_ERROR_NONE;
	for (size_t i = 0; i < sizeof(otk_error_table) / sizeof(otk_error_table[0]); i++) {
		const char *full = otk_error_table[i].dbus_name;
		if (strcmp(full, name) == 0 || strcmp(full + OTK_ERROR_PREFIX_LEN, name) == 0)
			return otk_error_table[i].code;
	}
	return OTK_ERROR_NONE;
}
