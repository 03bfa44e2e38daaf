/*
 * libopentokd-client: live captions (`org.opentokd.OpenTok1.Captions`): the Video API
 * transcribes the audio of a session's streams and sends the text to its clients.
 *
 * The calls follow the conventions of otk-client.h: 0 on success, a negative errno and
 * *ret_error on failure, out parameters written only on success.
 */
#pragma once

#include "otk-client.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * otk_client_captions_start:
 * @self: an #OtkClient
 * @session_id: the session to caption; it must be a routed session
 * @token: (nullable): a moderator token of the session; NULL or "" lets the daemon mint
 *   one itself
 * @options: (nullable): `language_code` (string, e.g. `en-US`, the default),
 *   `max_duration` (an integer, set with otk_options_set_int64(): seconds, at most
 *   14400, the default), `partial_captions` (boolean: send text before a sentence is
 *   complete, true when not set), `status_callback_url` (string: where the API posts
 *   status changes). NULL sends no options
 * @ret_captions_id: (out) (transfer full) (optional): the id of the captions, for
 *   otk_client_captions_stop(); free with free()
 * @ret_error: (out) (optional): the error
 *
 * Starts captioning @session_id (`Captions.Start`). A session has captions once at a
 * time: a second start is refused with %OTK_ERROR_CONFLICT.
 *
 * Since: 0.1
 */
int
otk_client_captions_start(OtkClient *self,
			  const char *session_id,
			  const char *token,
			  const OtkOptions *options,
			  char **ret_captions_id,
			  OtkCallError **ret_error);

/**
 * otk_client_captions_stop:
 * @self: an #OtkClient
 * @captions_id: an id from otk_client_captions_start()
 * @ret_error: (out) (optional): the error
 *
 * Calls `Captions.Stop`.
 *
 * Since: 0.1
 */
int
otk_client_captions_stop(OtkClient *self, const char *captions_id, OtkCallError **ret_error);

#ifdef __cplusplus
}
#endif
