/*
 * libopentokd-client: archives (`org.opentokd.OpenTok1.Archives`), recordings of a
 * session made by the Video API.
 *
 * An archive is returned as an #OtkDict with the API's fields in snake_case: `id`,
 * `session_id`, `status` (`started`, `paused`, `stopped`, `uploaded`, `available`,
 * `expired`, `failed`, `deleted`), `name`, `reason`, `url` (strings), `created_at`,
 * `updated_at` (integers, milliseconds since the epoch), `duration` (seconds), `size`
 * (bytes), `has_audio`, `has_video` (booleans), `output_mode`, `resolution`,
 * `stream_mode`, `multi_archive_tag`, `max_bitrate`, `quantization_parameter`,
 * `layout` (a dictionary), `streams` (an array of dictionaries) and any field the API
 * adds later. Fields the API leaves out or sends as null are absent.
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
 * otk_client_archive_start:
 * @self: an #OtkClient
 * @session_id: the session to record
 * @options: (nullable): `name`, `output_mode` (`composed` or `individual`),
 *   `resolution` (e.g. `1280x720`), `stream_mode` (`auto` or `manual`),
 *   `multi_archive_tag` (strings), `has_audio`, `has_video` (booleans), `max_bitrate`
 *   (bits per second), `quantization_parameter` (integers) and `layout`, a nested
 *   dictionary with `type`, `stylesheet` and `screenshare_type` (strings); NULL sends
 *   no options
 * @ret_archive: (out) (transfer full) (optional): the new archive
 * @ret_error: (out) (optional): the error
 *
 * Starts recording @session_id (`Archives.Start`).
 *
 * Since: 0.1
 */
int
otk_client_archive_start(OtkClient *self,
			 const char *session_id,
			 const OtkOptions *options,
			 OtkDict **ret_archive,
			 OtkCallError **ret_error);

/**
 * otk_client_archive_get:
 * @self: an #OtkClient
 * @archive_id: an archive id
 * @ret_archive: (out) (transfer full): the archive
 * @ret_error: (out) (optional): the error
 *
 * Calls `Archives.Get`.
 *
 * Since: 0.1
 */
int
otk_client_archive_get(OtkClient *self,
		       const char *archive_id,
		       OtkDict **ret_archive,
		       OtkCallError **ret_error);

/**
 * otk_client_archive_list:
 * @self: an #OtkClient
 * @filter: (nullable): `offset`, `count` (integers; the daemon allows a count of
 *   up to 1000) and `session_id` (string); NULL sends an empty filter. Offset 0 is
 *   the most recently started archive
 * @ret_list: (out) (transfer full): a dictionary with `items`, an array of archives,
 *   and `total`, the number of archives that match the filter (not only this page)
 * @ret_error: (out) (optional): the error
 *
 * Calls `Archives.List`.
 *
 * Since: 0.1
 */
int
otk_client_archive_list(OtkClient *self,
			const OtkOptions *filter,
			OtkDict **ret_list,
			OtkCallError **ret_error);

/**
 * otk_client_archive_stop:
 * @self: an #OtkClient
 * @archive_id: an archive that is recording
 * @ret_archive: (out) (transfer full) (optional): the archive, now `stopped`
 * @ret_error: (out) (optional): the error
 *
 * Calls `Archives.Stop`.
 *
 * Since: 0.1
 */
int
otk_client_archive_stop(OtkClient *self,
			const char *archive_id,
			OtkDict **ret_archive,
			OtkCallError **ret_error);

/**
 * otk_client_archive_delete:
 * @self: an #OtkClient
 * @archive_id: an archive that is `available`, `uploaded` or `deleted`
 * @ret_error: (out) (optional): the error
 *
 * Deletes the recording (`Archives.Delete`).
 *
 * Since: 0.1
 */
int
otk_client_archive_delete(OtkClient *self, const char *archive_id, OtkCallError **ret_error);

/**
 * otk_client_archive_set_layout:
 * @self: an #OtkClient
 * @archive_id: a composed archive that is recording
 * @layout: (nullable): `type` (`bestFit`, `custom`, `horizontalPresentation`, `pip` or
 *   `verticalPresentation`), `stylesheet` (custom layouts only) and `screenshare_type`
 *   (with the `bestFit` type only); NULL sends an empty layout, which the daemon refuses
 * @ret_error: (out) (optional): the error
 *
 * Calls `Archives.SetLayout`.
 *
 * Since: 0.1
 */
int
otk_client_archive_set_layout(OtkClient *self,
			      const char *archive_id,
			      const OtkOptions *layout,
			      OtkCallError **ret_error);

/**
 * otk_client_archive_add_stream:
 * @self: an #OtkClient
 * @archive_id: an archive started with the `manual` stream mode
 * @stream_id: the stream to add
 * @options: (nullable): `has_audio`, `has_video` (booleans, true when not set); NULL
 *   sends no options
 * @ret_error: (out) (optional): the error
 *
 * Calls `Archives.AddStream`.
 *
 * Since: 0.1
 */
int
otk_client_archive_add_stream(OtkClient *self,
			      const char *archive_id,
			      const char *stream_id,
			      const OtkOptions *options,
			      OtkCallError **ret_error);

/**
 * otk_client_archive_remove_stream:
 * @self: an #OtkClient
 * @archive_id: an archive started with the `manual` stream mode
 * @stream_id: the stream to take out
 * @ret_error: (out) (optional): the error
 *
 * Calls `Archives.RemoveStream`.
 *
 * Since: 0.1
 */
int
otk_client_archive_remove_stream(OtkClient *self,
				 const char *archive_id,
				 const char *stream_id,
				 OtkCallError **ret_error);

#ifdef __cplusplus
}
#endif
