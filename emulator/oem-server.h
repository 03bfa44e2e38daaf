/*
 * The HTTP side: a SoupServer on our own listening socket, the API and control routers,
 * the request log and the fault injection in front of them.
 */
#pragma once

#include <gio/gio.h>

#include "oem-state.h"

G_BEGIN_DECLS

/* GSocket's default backlog of 10 drops SYNs when many clients connect at once */
#define OEM_SERVER_BACKLOG 1024

typedef struct _OemServer OemServer;

OemServer *oem_server_new(OemState *state, GTlsCertificate *certificate);
gboolean oem_server_listen(OemServer *self, GInetAddress *address, guint16 port, GError **error);
guint16 oem_server_get_port(OemServer *self);
gchar *oem_server_dup_url(OemServer *self);
void oem_server_free(OemServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemServer, oem_server_free)

G_END_DECLS
