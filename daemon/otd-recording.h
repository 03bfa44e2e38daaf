/* what archives and broadcasts share: layouts, resolutions, list filters, stream changes */
#pragma once

#include "otd-json.h"

G_BEGIN_DECLS

/* {type, stylesheet, screenshare_type}, for OTD_OPTION_DICT entries and SetLayout */
extern const OtdOption otd_layout_options[];
/* the six resolutions, shared by archives, broadcasts and session create */
extern const gchar *const otd_resolutions[];

/*
 * The rules of reference §6.2 on a layout already converted to its wire form: a type is
 * required; custom needs a stylesheet and only custom may have one; a screenshare type
 * needs type bestFit. @key names the layout in errors ("layout").
 */
gboolean
otd_layout_check(JsonObject *layout, const gchar *key, GError **error);

/* Start's body: {"sessionId": @session_id} followed by the members of @options in order */
JsonObject *
otd_recording_start_body(const gchar *session_id, JsonObject *options);
/* the same with {"token": @token} after sessionId, for calls that join the session */
JsonObject *
otd_recording_token_body(const gchar *session_id, const gchar *token, JsonObject *options);
/* hasAudio and hasVideo may not both be false; @what names the resource in the error */
gboolean
otd_recording_check_media(JsonObject *body, const gchar *what, GError **error);

/* SetLayout's JSON body: the layout options, checked by otd_layout_check() */
JsonObject *
otd_recording_layout_body(GVariant *layout, GError **error);

/* List filters {offset, count ≤ 1000, session_id} -> "?offset=…&count=…&sessionId=…"
 * (only the keys given, in that order; "" when none) */
gchar *
otd_recording_list_query(GVariant *filter, GError **error);

/* AddStream / RemoveStream bodies: {"addStream": id, "hasAudio"?, "hasVideo"?} or
 * {"removeStream": id}; @options (a{sv}: has_audio, has_video) only when adding */
JsonObject *
otd_recording_stream_body(const gchar *stream_id, GVariant *options, GError **error);

G_END_DECLS
