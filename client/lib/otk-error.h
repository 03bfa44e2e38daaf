/*
 * opentokd client library: the one error table shared by the daemon and its clients.
 * Plain C on purpose: the daemon builds its GError domain from it, and the client
 * library stays free of GLib.
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#define OTK_ERROR_PREFIX "org.opentokd.OpenTok1.Error."

/**
 * OtkError:
 *
 * Errors returned by opentokd. Each has the D-Bus name
 * `org.opentokd.OpenTok1.Error.<Name>`.
 *
 * Since: 0.1
 */
typedef enum {
	OTK_ERROR_NONE = 0,
	OTK_ERROR_INVALID_ARGS,	   /* bad input caught locally, or API 400/408 */
	OTK_ERROR_AUTH_FAILED,	   /* API 401/403 */
	OTK_ERROR_NOT_FOUND,	   /* API 404 */
	OTK_ERROR_CONFLICT,	   /* API 409 */
	OTK_ERROR_NOT_ALLOWED,	   /* API 405 */
	OTK_ERROR_TOO_LARGE,	   /* API 413, or local size limits */
	OTK_ERROR_RATE_LIMITED,	   /* API 429 */
	OTK_ERROR_SERVER_ERROR,	   /* API 5xx */
	OTK_ERROR_BAD_RESPONSE,	   /* unparsable or wrongly typed answer */
	OTK_ERROR_NOT_REACHABLE,   /* DNS, connect, TLS */
	OTK_ERROR_TIMED_OUT,	   /* the call's deadline passed */
	OTK_ERROR_PERMISSION_DENIED, /* local access policy */
	OTK_ERROR_CANCELLED,	   /* the daemon gave up the call, e.g. at shutdown */
	OTK_ERROR_NOT_SUPPORTED,   /* not available in this configuration */
	OTK_ERROR_INTERNAL,	   /* a bug or an unexpected local failure */
	OTK_ERROR_LAST
} OtkError;

/**
 * otk_error_to_name:
 * @code: an #OtkError
 *
 * Returns: the short name, e.g. "InvalidArgs", or NULL for an unknown code
 *
 * Since: 0.1
 */
const char *
otk_error_to_name(OtkError code);

/**
 * otk_error_to_dbus_name:
 * @code: an #OtkError
 *
 * Returns: the full D-Bus error name, or NULL for an unknown code
 *
 * Since: 0.1
 */
const char *
otk_error_to_dbus_name(OtkError code);

/**
 * otk_error_from_dbus_name:
 * @name: a D-Bus error name, full or short
 *
 * Returns: the matching #OtkError, or %OTK_ERROR_NONE when @name is not one of ours
 *
 * Since: 0.1
 */
OtkError
otk_error_from_dbus_name(const char *name);

#ifdef __cplusplus
}
#endif
