/*
 * libopentokd-client: SIP interconnect (`org.opentokd.OpenTok1.Sip`): dialing a SIP
 * endpoint (a phone number through a PSTN gateway, a conference bridge, …) into a
 * session, and playing DTMF tones to the clients of a session.
 *
 * A SIP call is returned as an #OtkDict with the API's fields in snake_case: `id` (the
 * SIP call), `project_id`, `session_id`, `connection_id` (the connection the call
 * joined the session as), `stream_id` (the stream it publishes; strings), `created_at`,
 * `updated_at` (integers, milliseconds since the epoch) and any field the API adds
 * later. Fields the API leaves out or sends as null are absent.
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
 * otk_client_sip_dial:
 * @self: an #OtkClient
 * @session_id: the session the SIP call joins; it must be a routed session
 * @token: (nullable): the client token the call connects with; NULL or "" lets the
 *   daemon mint a publisher token itself
 * @sip_uri: the SIP URI to dial, e.g. `sip:+15128675309@pstn.example;transport=tls`
 * @options: (nullable): `from` (string: the caller, a number-form user such as
 *   `14155550101@example.com` shows as caller id on the PSTN); `headers` (a string map,
 *   see otk_options_add_string_map_entry(): custom SIP headers, names kept verbatim);
 *   `auth`, a nested dictionary with `username` and `password` (strings) for a SIP
 *   endpoint that asks for digest authentication; `secure` (SRTP), `video`,
 *   `observe_force_mute` (booleans); `streams` (a list of strings, see
 *   otk_options_add_strv_item(): the only streams the call hears). NULL sends no options
 * @ret_call: (out) (transfer full) (optional): the SIP call
 * @ret_error: (out) (optional): the error
 *
 * Dials @sip_uri into @session_id (`Sip.Dial`). The call stays in the session until the
 * far end hangs up or its connection is disconnected (otk_client_force_disconnect()).
 *
 * Since: 0.1
 */
int
otk_client_sip_dial(OtkClient *self,
		    const char *session_id,
		    const char *token,
		    const char *sip_uri,
		    const OtkOptions *options,
		    OtkDict **ret_call,
		    OtkCallError **ret_error);

/**
 * otk_client_sip_play_dtmf:
 * @self: an #OtkClient
 * @session_id: a session id
 * @connection_id: (nullable): the one connection (usually a SIP call's) to play the
 *   tones to; NULL or "" plays them to every client of the session
 * @digits: the tones: `0`–`9`, `*`, `#`, and `p` for a pause of 500 ms
 * @ret_error: (out) (optional): the error
 *
 * Calls `Sip.PlayDtmf`.
 *
 * Since: 0.1
 */
int
otk_client_sip_play_dtmf(OtkClient *self,
			 const char *session_id,
			 const char *connection_id,
			 const char *digits,
			 OtkCallError **ret_error);

#ifdef __cplusplus
}
#endif
