/*
 * libopentokd-client: a small C client for opentokd over D-Bus (sd-bus; no GLib).
 *
 * Every call is synchronous. A client is not thread-safe: use one per thread. Calls
 * return 0 (or a positive value) on success, and a negative errno-style value on
 * failure, in which case *ret_error (when ret_error is not NULL) receives an
 * #OtkCallError to free with otk_call_error_free(). Out parameters are only written on
 * success. The calls of larger areas have headers of their own (otk-archives.h,
 * otk-broadcasts.h, otk-streams.h, otk-signals.h, otk-sip.h, otk-captions.h,
 * otk-renders.h, otk-audio-connector.h).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "otk-call-error.h"
#include "otk-dict.h"
#include "otk-error.h"
#include "otk-options.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * OTK_CLIENT_DEFAULT_TIMEOUT_MS:
 *
 * The method-call timeout of a new client: above the daemon's own 20 s deadline, so
 * that the daemon's `TimedOut` error arrives before the client gives up.
 *
 * Since: 0.1
 */
#define OTK_CLIENT_DEFAULT_TIMEOUT_MS 30000

/**
 * OtkClient:
 *
 * A connection to opentokd (bus name `org.opentokd.OpenTok1`).
 *
 * Since: 0.1
 */
typedef struct OtkClient OtkClient;

/**
 * otk_client_new_system:
 * @ret_error: (out) (optional): the error when the bus cannot be reached
 *
 * Connects to the system bus (`$DBUS_SYSTEM_BUS_ADDRESS` is honoured).
 *
 * Returns: (transfer full): a new client, or NULL on failure
 *
 * Since: 0.1
 */
OtkClient *
otk_client_new_system(OtkCallError **ret_error);

/**
 * otk_client_new_session:
 * @ret_error: (out) (optional): the error when the bus cannot be reached
 *
 * Connects to the session bus of the calling user.
 *
 * Returns: (transfer full): a new client, or NULL on failure
 *
 * Since: 0.1
 */
OtkClient *
otk_client_new_session(OtkCallError **ret_error);

/**
 * otk_client_new_address:
 * @address: a D-Bus bus address, e.g. `unix:path=/run/test/bus`
 * @ret_error: (out) (optional): the error when the bus cannot be reached
 *
 * Connects to the message bus at @address.
 *
 * Returns: (transfer full): a new client, or NULL on failure
 *
 * Since: 0.1
 */
OtkClient *
otk_client_new_address(const char *address, OtkCallError **ret_error);

/**
 * otk_client_free:
 * @self: (nullable): an #OtkClient
 *
 * Flushes and closes the connection. NULL is accepted.
 *
 * Since: 0.1
 */
void
otk_client_free(OtkClient *self);

/**
 * otk_client_set_timeout_ms:
 * @self: an #OtkClient
 * @timeout_ms: the method-call timeout in milliseconds; 0 restores
 *   %OTK_CLIENT_DEFAULT_TIMEOUT_MS
 *
 * Since: 0.1
 */
void
otk_client_set_timeout_ms(OtkClient *self, uint64_t timeout_ms);

/**
 * otk_client_get_timeout_ms:
 * @self: an #OtkClient
 *
 * Returns: the method-call timeout in milliseconds
 *
 * Since: 0.1
 */
uint64_t
otk_client_get_timeout_ms(const OtkClient *self);

/**
 * otk_client_ping:
 * @self: an #OtkClient
 * @ret_error: (out) (optional): the error
 *
 * Calls `org.freedesktop.DBus.Peer.Ping` on the daemon: succeeds when it is running.
 *
 * Since: 0.1
 */
int
otk_client_ping(OtkClient *self, OtkCallError **ret_error);

/**
 * otk_client_get_status:
 * @self: an #OtkClient
 * @ret_status: (out) (transfer full): every property of `org.opentokd.OpenTok1`, with
 *   the names in snake_case: `version` (string), `api_key` (string), `api_url`
 *   (string) and `plugins` (array of strings)
 * @ret_error: (out) (optional): the error
 *
 * Since: 0.1
 */
int
otk_client_get_status(OtkClient *self, OtkDict **ret_status, OtkCallError **ret_error);

/**
 * otk_client_reload:
 * @self: an #OtkClient
 * @ret_error: (out) (optional): the error
 *
 * Asks the daemon to read its configuration and credentials again (`Reload`).
 *
 * Since: 0.1
 */
int
otk_client_reload(OtkClient *self, OtkCallError **ret_error);

/**
 * otk_client_create_session:
 * @self: an #OtkClient
 * @options: (nullable): `media_mode`, `location`, `archive_mode`, `archive_name`,
 *   `archive_resolution` (strings), `e2ee` (bool); NULL sends no options
 * @ret_session_id: (out) (transfer full): the new session id, free with free()
 * @ret_error: (out) (optional): the error
 *
 * Since: 0.1
 */
int
otk_client_create_session(OtkClient *self,
			  const OtkOptions *options,
			  char **ret_session_id,
			  OtkCallError **ret_error);

/**
 * otk_client_generate_token:
 * @self: an #OtkClient
 * @session_id: the session the token is for
 * @options: (nullable): `role`, `data`, `token_type` (strings), `expire_time`
 *   (int64, Unix seconds), `initial_layout_class_list` (strv); NULL sends no options
 * @ret_token: (out) (transfer full): the token, free with free()
 * @ret_error: (out) (optional): the error
 *
 * Since: 0.1
 */
int
otk_client_generate_token(OtkClient *self,
			  const char *session_id,
			  const OtkOptions *options,
			  char **ret_token,
			  OtkCallError **ret_error);

/**
 * otk_client_list_connections:
 * @self: an #OtkClient
 * @session_id: a session id
 * @ret_list: (out) (transfer full): a dictionary with `items` (an array of
 *   dictionaries with `connection_id`, `connection_state`, `created_at`, …) and
 *   `total` (integer)
 * @ret_error: (out) (optional): the error
 *
 * Calls `Connections.List`.
 *
 * Since: 0.1
 */
int
otk_client_list_connections(OtkClient *self,
			    const char *session_id,
			    OtkDict **ret_list,
			    OtkCallError **ret_error);

/**
 * otk_client_force_disconnect:
 * @self: an #OtkClient
 * @session_id: a session id
 * @connection_id: the connection to drop
 * @ret_error: (out) (optional): the error
 *
 * Calls `Connections.ForceDisconnect`.
 *
 * Since: 0.1
 */
int
otk_client_force_disconnect(OtkClient *self,
			    const char *session_id,
			    const char *connection_id,
			    OtkCallError **ret_error);

/**
 * otk_client_call:
 * @self: an #OtkClient
 * @area: (nullable): the area, e.g. `Archives` for the object
 *   `/org/opentokd/OpenTok1/Archives` and interface `org.opentokd.OpenTok1.Archives`;
 *   NULL or "" for the root object and interface
 * @method: the member, e.g. `Stop`
 * @args: (nullable): a NULL-terminated list of string arguments, sent first, as `s`
 * @options: (nullable): sent after @args as one `a{sv}` argument; NULL sends none
 * @ret_error: (out) (optional): the error
 *
 * A generic call for methods whose arguments are strings, optionally followed by an
 * option dictionary, and whose reply is ignored. The otk_client_call_string(),
 * otk_client_call_dict() and otk_client_call_list() variants read the reply.
 *
 * Since: 0.1
 */
int
otk_client_call(OtkClient *self,
		const char *area,
		const char *method,
		const char *const *args,
		const OtkOptions *options,
		OtkCallError **ret_error);

/**
 * otk_client_call_string:
 * @ret_string: (out) (transfer full): the reply, which must be `s`; free with free()
 *
 * Like otk_client_call(), for methods that return one string.
 *
 * Since: 0.1
 */
int
otk_client_call_string(OtkClient *self,
		       const char *area,
		       const char *method,
		       const char *const *args,
		       const OtkOptions *options,
		       char **ret_string,
		       OtkCallError **ret_error);

/**
 * otk_client_call_dict:
 * @ret_dict: (out) (transfer full): the reply, which must be `a{sv}`
 *
 * Like otk_client_call(), for methods that return one result dictionary.
 *
 * Since: 0.1
 */
int
otk_client_call_dict(OtkClient *self,
		     const char *area,
		     const char *method,
		     const char *const *args,
		     const OtkOptions *options,
		     OtkDict **ret_dict,
		     OtkCallError **ret_error);

/**
 * otk_client_call_list:
 * @ret_list: (out) (transfer full): the reply, which must be `aa{sv}u`, as a
 *   dictionary `{"items": […], "total": N}`
 *
 * Like otk_client_call(), for the `List` methods.
 *
 * Since: 0.1
 */
int
otk_client_call_list(OtkClient *self,
		     const char *area,
		     const char *method,
		     const char *const *args,
		     const OtkOptions *options,
		     OtkDict **ret_list,
		     OtkCallError **ret_error);

static inline void
otk_client_freep(OtkClient **self)
{
	otk_client_free(*self);
}

#ifdef __cplusplus
}
#endif
