/*
 * libopentokd-client: streams (`org.opentokd.OpenTok1.Streams`), the audio and video
 * that clients publish into a live session.
 *
 * A stream is returned as an #OtkDict with the API's fields in snake_case: `id`,
 * `video_type` (`camera`, `screen` or `custom`), `name` (strings), `layout_class_list`
 * (an array of strings; empty when the stream has no class) and any field the API adds
 * later.
 *
 * The calls follow the conventions of otk-client.h: 0 on success, a negative errno and
 * *ret_error on failure, out parameters written only on success.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "otk-client.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * OtkLayoutClasses:
 *
 * The layout classes to give some streams of a session, sent as one `a{sas}`
 * argument: stream id → class names. Stream ids are data and go out verbatim. Each
 * stream appears once, in the order first set; setting a stream again replaces its
 * list in place. An empty list clears the stream's classes.
 *
 * The setters return 0 on success or a negative errno: -EINVAL for a NULL or empty
 * stream id, a NULL class name where a string is needed, or a string that is not valid
 * UTF-8, in which case @self is left as it was; -ENOMEM when out of memory.
 *
 * Since: 0.1
 */
typedef struct OtkLayoutClasses OtkLayoutClasses;

/**
 * otk_layout_classes_new:
 *
 * Returns: (transfer full): a new empty #OtkLayoutClasses, or NULL when out of memory
 *
 * Since: 0.1
 */
OtkLayoutClasses *
otk_layout_classes_new(void);

/**
 * otk_layout_classes_free:
 * @self: (nullable): an #OtkLayoutClasses
 *
 * NULL is accepted.
 *
 * Since: 0.1
 */
void
otk_layout_classes_free(OtkLayoutClasses *self);

/**
 * otk_layout_classes_get_size:
 * @self: an #OtkLayoutClasses
 *
 * Returns: the number of streams set
 *
 * Since: 0.1
 */
size_t
otk_layout_classes_get_size(const OtkLayoutClasses *self);

/**
 * otk_layout_classes_contains:
 * @self: an #OtkLayoutClasses
 * @stream_id: a stream id
 *
 * Returns: true when @stream_id is set
 *
 * Since: 0.1
 */
bool
otk_layout_classes_contains(const OtkLayoutClasses *self, const char *stream_id);

/**
 * otk_layout_classes_set:
 * @self: an #OtkLayoutClasses
 * @stream_id: a stream id
 * @classes: (nullable): a NULL-terminated array of class names; NULL or an empty
 *   array clears the stream's classes
 *
 * Gives @stream_id exactly @classes, replacing what was set for it before.
 *
 * Since: 0.1
 */
int
otk_layout_classes_set(OtkLayoutClasses *self,
		       const char *stream_id,
		       const char *const *classes);

/**
 * otk_layout_classes_add:
 * @self: an #OtkLayoutClasses
 * @stream_id: a stream id
 * @class_name: (nullable): a class name to append to the list of @stream_id, or NULL
 *   to only make sure the stream is set (with an empty list when it was not)
 *
 * Since: 0.1
 */
int
otk_layout_classes_add(OtkLayoutClasses *self, const char *stream_id, const char *class_name);

static inline void
otk_layout_classes_freep(OtkLayoutClasses **self)
{
	otk_layout_classes_free(*self);
}

/**
 * otk_client_stream_get:
 * @self: an #OtkClient
 * @session_id: a session id
 * @stream_id: a stream of that session
 * @ret_stream: (out) (transfer full): the stream
 * @ret_error: (out) (optional): the error
 *
 * Calls `Streams.Get`.
 *
 * Since: 0.1
 */
int
otk_client_stream_get(OtkClient *self,
		      const char *session_id,
		      const char *stream_id,
		      OtkDict **ret_stream,
		      OtkCallError **ret_error);

/**
 * otk_client_stream_list:
 * @self: an #OtkClient
 * @session_id: a session id
 * @ret_list: (out) (transfer full): a dictionary with `items`, an array of streams,
 *   and `total`, their number
 * @ret_error: (out) (optional): the error
 *
 * Calls `Streams.List`.
 *
 * Since: 0.1
 */
int
otk_client_stream_list(OtkClient *self,
		       const char *session_id,
		       OtkDict **ret_list,
		       OtkCallError **ret_error);

/**
 * otk_client_stream_set_layout_classes:
 * @self: an #OtkClient
 * @session_id: a session id
 * @classes: (nullable): the streams to change and their new classes; streams left out
 *   keep theirs. NULL sends an empty map, which the daemon refuses
 * @ret_error: (out) (optional): the error
 *
 * Calls `Streams.SetLayoutClasses`.
 *
 * Since: 0.1
 */
int
otk_client_stream_set_layout_classes(OtkClient *self,
				     const char *session_id,
				     const OtkLayoutClasses *classes,
				     OtkCallError **ret_error);

/**
 * otk_client_stream_force_mute:
 * @self: an #OtkClient
 * @session_id: a session id
 * @stream_id: the stream whose audio to mute
 * @ret_error: (out) (optional): the error
 *
 * Calls `Streams.ForceMute`. The publisher can unmute again.
 *
 * Since: 0.1
 */
int
otk_client_stream_force_mute(OtkClient *self,
			     const char *session_id,
			     const char *stream_id,
			     OtkCallError **ret_error);

/**
 * otk_client_stream_force_mute_all:
 * @self: an #OtkClient
 * @session_id: a session id
 * @excluded_stream_ids: (nullable): a NULL-terminated array of streams to leave
 *   alone; NULL sends an empty list
 * @ret_error: (out) (optional): the error
 *
 * Calls `Streams.ForceMuteAll`: mutes the audio of every stream of the session but the
 * excluded ones, and of the streams published later, until
 * otk_client_stream_disable_force_mute().
 *
 * Since: 0.1
 */
int
otk_client_stream_force_mute_all(OtkClient *self,
				 const char *session_id,
				 const char *const *excluded_stream_ids,
				 OtkCallError **ret_error);

/**
 * otk_client_stream_disable_force_mute:
 * @self: an #OtkClient
 * @session_id: a session id
 * @ret_error: (out) (optional): the error
 *
 * Calls `Streams.DisableForceMute`: ends what otk_client_stream_force_mute_all()
 * started, so that new streams are no longer muted. Streams muted already stay muted
 * until their publishers unmute them.
 *
 * Since: 0.1
 */
int
otk_client_stream_disable_force_mute(OtkClient *self,
				     const char *session_id,
				     OtkCallError **ret_error);

#ifdef __cplusplus
}
#endif
