/*
 * opentokd client library: what went wrong with one call, without GLib.
 */
#pragma once

#include <stdbool.h>

#include "otk-error.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * OtkCallError:
 *
 * An opaque description of a failed call: an #OtkError code, the D-Bus error name and
 * a human-readable message.
 *
 * Errors sent by opentokd carry their own code. Any other error — one sent by the bus
 * or by another D-Bus peer, or a local failure of the client library — has the code
 * %OTK_ERROR_NONE and keeps its D-Bus name (local failures are named after their errno,
 * the way sd-bus names them, e.g. `System.Error.ENOENT`).
 *
 * Since: 0.1
 */
typedef struct OtkCallError OtkCallError;

/**
 * otk_call_error_get_code:
 * @self: (nullable): an #OtkCallError
 *
 * Returns: the opentokd error code, or %OTK_ERROR_NONE when the error is not one of
 *   opentokd's (or @self is NULL)
 *
 * Since: 0.1
 */
OtkError
otk_call_error_get_code(const OtkCallError *self);

/**
 * otk_call_error_get_name:
 * @self: an #OtkCallError
 *
 * Returns: the full D-Bus error name, e.g. `org.opentokd.OpenTok1.Error.NotFound`
 *
 * Since: 0.1
 */
const char *
otk_call_error_get_name(const OtkCallError *self);

/**
 * otk_call_error_get_short_name:
 * @self: an #OtkCallError
 *
 * Returns: the last dot-separated part of the D-Bus error name, e.g. `NotFound`
 *
 * Since: 0.1
 */
const char *
otk_call_error_get_short_name(const OtkCallError *self);

/**
 * otk_call_error_get_message:
 * @self: an #OtkCallError
 *
 * Returns: the error message, never NULL (may be empty)
 *
 * Since: 0.1
 */
const char *
otk_call_error_get_message(const OtkCallError *self);

/**
 * otk_call_error_is_unreachable:
 * @self: (nullable): an #OtkCallError
 *
 * Tells whether the daemon could not be reached at all, as opposed to the daemon
 * answering with an error: the connection to the bus failed or broke, nobody owns the
 * name `org.opentokd.OpenTok1`, or the daemon never replied (it went away during the
 * call, or the client's own timeout passed). opentokctl exits with code 3 in that case.
 *
 * Returns: true when the daemon could not be reached
 *
 * Since: 0.1
 */
bool
otk_call_error_is_unreachable(const OtkCallError *self);

/**
 * otk_call_error_free:
 * @self: (nullable): an #OtkCallError
 *
 * Frees @self. NULL is accepted.
 *
 * Since: 0.1
 */
void
otk_call_error_free(OtkCallError *self);

static inline void
otk_call_error_freep(OtkCallError **self)
{
	otk_call_error_free(*self);
}

#ifdef __cplusplus
}
#endif
