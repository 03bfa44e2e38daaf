/* the audio-connector plugin */
#pragma once

#include "otd-plugin.h"

G_BEGIN_DECLS

#define OTD_AUDIO_CONNECTOR_MAX_HEADERS 512

/* Connect's body {"sessionId","token","websocket":{"uri",…}} */
JsonObject *
otd_audio_connector_body(const gchar *session_id, const gchar *token, const gchar *uri,
			 GVariant *options, GError **error);

G_END_DECLS
