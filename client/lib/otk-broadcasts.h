/*
 * libopentokd-client: broadcasts (`org.opentokd.OpenTok1.Broadcasts`), live streams of a
 * session that the Video API composes and sends out over HLS and RTMP.
 *
 * A broadcast is returned as an #OtkDict with the API's fields in snake_case: `id`,
 * `session_id`, `status` (`started`, `stopped`, …), `resolution`, `stream_mode`,
 * `multi_broadcast_tag`, `event` (strings), `project_id`, `partner_id`, `created_at`,
 * `updated_at` (integers; the times in milliseconds since the epoch), `max_duration`
 * (seconds), `max_bitrate` (bits per second), `has_audio`, `has_video` (booleans),
 * `layout` (a dictionary), `streams` (an array of dictionaries), `broadcast_urls` and any
 * field the API adds later. `broadcast_urls` is a dictionary with `hls` (the playlist
 * URL), `hls_status` and `rtmp`, an array of dictionaries with `id`, `server_url`,
 * `stream_name` and `status` (`connecting`, `live`, `offline`, …), one per target. A
 * stopped broadcast has no `broadcast_urls`. Fields the API leaves out or sends as null
 * are absent.
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
 * otk_client_broadcast_start:
 * @self: an #OtkClient
 * @session_id: the session to broadcast
 * @options: (nullable): `outputs`, a nested dictionary with `hls` (a dictionary, empty
 *   for plain HLS, or with the booleans `dvr` and `low_latency`) and `rtmp` (a list of
 *   dictionaries with `id`, `server_url` and `stream_name`, see
 *   otk_options_add_dict_array_item()); `layout`, a nested dictionary with `type`,
 *   `stylesheet` and `screenshare_type`; `max_duration` (seconds), `max_bitrate` (bits
 *   per second, integers); `resolution`, `stream_mode` (`auto` or `manual`),
 *   `multi_broadcast_tag` (strings); `has_audio`, `has_video` (booleans). The daemon
 *   refuses a start without any output. NULL sends no options
 * @ret_broadcast: (out) (transfer full) (optional): the new broadcast
 * @ret_error: (out) (optional): the error
 *
 * Starts broadcasting @session_id (`Broadcasts.Start`).
 *
 * Since: 0.1
 */
int
otk_client_broadcast_start(OtkClient *self,
			   const char *session_id,
			   const OtkOptions *options,
			   OtkDict **ret_broadcast,
			   OtkCallError **ret_error);

/**
 * otk_client_broadcast_get:
 * @self: an #OtkClient
 * @broadcast_id: a broadcast id
 * @ret_broadcast: (out) (transfer full): the broadcast
 * @ret_error: (out) (optional): the error
 *
 * Calls `Broadcasts.Get`.
 *
 * Since: 0.1
 */
int
otk_client_broadcast_get(OtkClient *self,
			 const char *broadcast_id,
			 OtkDict **ret_broadcast,
			 OtkCallError **ret_error);

/**
 * otk_client_broadcast_list:
 * @self: an #OtkClient
 * @filter: (nullable): `offset`, `count` (integers; the daemon allows a count of up to
 *   1000) and `session_id` (string); NULL sends an empty filter. Offset 0 is the most
 *   recently started broadcast
 * @ret_list: (out) (transfer full): a dictionary with `items`, an array of broadcasts,
 *   and `total`, the number of broadcasts that match the filter (not only this page)
 * @ret_error: (out) (optional): the error
 *
 * Calls `Broadcasts.List`.
 *
 * Since: 0.1
 */
int
otk_client_broadcast_list(OtkClient *self,
			  const OtkOptions *filter,
			  OtkDict **ret_list,
			  OtkCallError **ret_error);

/**
 * otk_client_broadcast_stop:
 * @self: an #OtkClient
 * @broadcast_id: a broadcast that is running
 * @ret_broadcast: (out) (transfer full) (optional): the broadcast, now `stopped`
 * @ret_error: (out) (optional): the error
 *
 * Calls `Broadcasts.Stop`.
 *
 * Since: 0.1
 */
int
otk_client_broadcast_stop(OtkClient *self,
			  const char *broadcast_id,
			  OtkDict **ret_broadcast,
			  OtkCallError **ret_error);

/**
 * otk_client_broadcast_set_layout:
 * @self: an #OtkClient
 * @broadcast_id: a broadcast that is running
 * @layout: (nullable): `type` (`bestFit`, `custom`, `horizontalPresentation`, `pip` or
 *   `verticalPresentation`), `stylesheet` (custom layouts only) and `screenshare_type`
 *   (with the `bestFit` type only); NULL sends an empty layout, which the daemon refuses
 * @ret_error: (out) (optional): the error
 *
 * Calls `Broadcasts.SetLayout`.
 *
 * Since: 0.1
 */
int
otk_client_broadcast_set_layout(OtkClient *self,
				const char *broadcast_id,
				const OtkOptions *layout,
				OtkCallError **ret_error);

/**
 * otk_client_broadcast_add_stream:
 * @self: an #OtkClient
 * @broadcast_id: a broadcast started with the `manual` stream mode
 * @stream_id: the stream to add
 * @options: (nullable): `has_audio`, `has_video` (booleans, true when not set); NULL
 *   sends no options
 * @ret_error: (out) (optional): the error
 *
 * Calls `Broadcasts.AddStream`.
 *
 * Since: 0.1
 */
int
otk_client_broadcast_add_stream(OtkClient *self,
				const char *broadcast_id,
				const char *stream_id,
				const OtkOptions *options,
				OtkCallError **ret_error);

/**
 * otk_client_broadcast_remove_stream:
 * @self: an #OtkClient
 * @broadcast_id: a broadcast started with the `manual` stream mode
 * @stream_id: the stream to take out
 * @ret_error: (out) (optional): the error
 *
 * Calls `Broadcasts.RemoveStream`.
 *
 * Since: 0.1
 */
int
otk_client_broadcast_remove_stream(OtkClient *self,
				   const char *broadcast_id,
				   const char *stream_id,
				   OtkCallError **ret_error);

#ifdef __cplusplus
}
#endif
