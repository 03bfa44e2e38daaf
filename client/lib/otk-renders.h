/*
 * libopentokd-client: renders, the Experience Composer (`org.opentokd.OpenTok1.Renders`):
 * the Video API opens a web page in a headless browser and publishes what it shows,
 * sound included, as one stream into a session.
 *
 * A render is returned as an #OtkDict with the API's fields in snake_case: `id`,
 * `session_id`, `project_id`, `url`, `resolution`, `status` (`starting`, `started`,
 * `stopped` or `failed`), `stream_id` (the stream it publishes, absent before it has
 * one), `reason` (why it stopped or failed; strings), `created_at`, `updated_at`
 * (integers, milliseconds since the epoch) and any field the API adds later. Fields the
 * API leaves out or sends as null are absent.
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
 * otk_client_render_start:
 * @self: an #OtkClient
 * @session_id: the session to publish the page into; it must be a routed session
 * @token: (nullable): a publisher token of the session, which the page gets; NULL or ""
 *   lets the daemon mint one itself
 * @url: the page to render
 * @options: (nullable): `max_duration` (an integer, set with otk_options_set_int64():
 *   seconds, 60 to 36000, 7200 when not set), `resolution` (string, e.g. `1280x720`),
 *   `properties`, a nested dictionary with `name` (string: the name of the published
 *   stream), and `status_callback_url` (string: where the API posts status changes).
 *   NULL sends no options
 * @ret_render: (out) (transfer full) (optional): the new render, usually `starting`
 * @ret_error: (out) (optional): the error
 *
 * Calls `Renders.Start`.
 *
 * Since: 0.1
 */
int
otk_client_render_start(OtkClient *self,
			const char *session_id,
			const char *token,
			const char *url,
			const OtkOptions *options,
			OtkDict **ret_render,
			OtkCallError **ret_error);

/**
 * otk_client_render_get:
 * @self: an #OtkClient
 * @render_id: a render id
 * @ret_render: (out) (transfer full): the render
 * @ret_error: (out) (optional): the error
 *
 * Calls `Renders.Get`.
 *
 * Since: 0.1
 */
int
otk_client_render_get(OtkClient *self,
		      const char *render_id,
		      OtkDict **ret_render,
		      OtkCallError **ret_error);

/**
 * otk_client_render_list:
 * @self: an #OtkClient
 * @filter: (nullable): `offset` and `count` (integers, set with
 *   otk_options_set_int64(); the daemon allows a count of up to 1000); NULL sends an
 *   empty filter
 * @ret_list: (out) (transfer full): a dictionary with `items`, an array of renders,
 *   and `total`, the number of renders of the project (not only this page)
 * @ret_error: (out) (optional): the error
 *
 * Calls `Renders.List`.
 *
 * Since: 0.1
 */
int
otk_client_render_list(OtkClient *self,
		       const OtkOptions *filter,
		       OtkDict **ret_list,
		       OtkCallError **ret_error);

/**
 * otk_client_render_stop:
 * @self: an #OtkClient
 * @render_id: a render that is running
 * @ret_error: (out) (optional): the error
 *
 * Calls `Renders.Stop`. The render's status turns `stopped` shortly after; poll it with
 * otk_client_render_get().
 *
 * Since: 0.1
 */
int
otk_client_render_stop(OtkClient *self, const char *render_id, OtkCallError **ret_error);

#ifdef __cplusplus
}
#endif
