/*
 * libopentokd-client: the audio connector (`org.opentokd.OpenTok1.AudioConnector`),
 * which sends the audio of a session's streams to a WebSocket server (for
 * transcription, recording, bots …) and, when bidirectional, plays what the server
 * sends back into the session.
 *
 * A connection is returned as an #OtkDict with the API's fields in snake_case: `id` (the
 * audio connector) and `connection_id` (the connection it joined the session as;
 * strings), and any field the API adds later.
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
 * otk_client_audio_connector_connect:
 * @self: an #OtkClient
 * @session_id: the session to take the audio from; it must be a routed session
 * @token: (nullable): the client token the connector connects with; NULL or "" lets
 *   the daemon mint a publisher token itself
 * @uri: the WebSocket URI (`ws://…` or `wss://…`)
 * @options: (nullable): `streams` (a list of strings, see otk_options_add_strv_item():
 *   the streams to send; all of them when not set); `headers` (a string map, see
 *   otk_options_add_string_map_entry(): sent with the WebSocket handshake, at most 512
 *   bytes in all); `audio_rate` (an integer, set with otk_options_set_int64(): 8000,
 *   the default, or 16000 samples per second); `bidirectional` (boolean). NULL sends
 *   no options
 * @ret_connection: (out) (transfer full) (optional): the new connection
 * @ret_error: (out) (optional): the error
 *
 * Connects the audio of @session_id to @uri (`AudioConnector.Connect`). The connector
 * leaves when its connection is disconnected (otk_client_force_disconnect()) or the
 * WebSocket closes.
 *
 * Since: 0.1
 */
int
otk_client_audio_connector_connect(OtkClient *self,
				   const char *session_id,
				   const char *token,
				   const char *uri,
				   const OtkOptions *options,
				   OtkDict **ret_connection,
				   OtkCallError **ret_error);

#ifdef __cplusplus
}
#endif
