/*
 * libopentokd-client: signals (`org.opentokd.OpenTok1.Signals`), small messages sent
 * through the Video API to the clients of a live session.
 *
 * The calls follow the conventions of otk-client.h: 0 on success, a negative errno and
 * *ret_error on failure.
 */
#pragma once

#include "otk-client.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * otk_client_signal_send:
 * @self: an #OtkClient
 * @session_id: a session id
 * @connection_id: (nullable): the one connection to signal; NULL or "" signals every
 *   client of the session
 * @type: (nullable): the signal type: letters, digits, `-`, `_` and `~`, at most 128
 *   bytes; NULL leaves it out
 * @data: (nullable): the signal data, at most 8192 bytes; NULL leaves it out
 * @ret_error: (out) (optional): the error
 *
 * Calls `Signals.Send` with a signal dictionary that holds `type` and `data` when they
 * are given. The daemon checks them (`InvalidArgs`, `TooLarge`) and refuses a signal
 * with neither. A string that is not valid UTF-8 is refused here, with -EINVAL.
 *
 * Since: 0.1
 */
int
otk_client_signal_send(OtkClient *self,
		       const char *session_id,
		       const char *connection_id,
		       const char *type,
		       const char *data,
		       OtkCallError **ret_error);

#ifdef __cplusplus
}
#endif
