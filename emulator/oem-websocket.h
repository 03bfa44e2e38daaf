/*
 * Audio Connector (reference §2.8): POST /v2/project/{K}/connect sends the audio of a session
 * to a WebSocket server. The connector joins the session as a simulated client.
 */
#pragma once

#include "oem-router.h"

G_BEGIN_DECLS

/* the service's limit on the headers, keys and values together, in bytes */
#define OEM_WEBSOCKET_HEADERS_MAX 512

void oem_websocket_register(OemRouter *api);

G_END_DECLS
