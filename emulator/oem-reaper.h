/*
 * Closes the server side of keep-alive connections that the client has closed, which
 * libsoup before 3.3.0 never does (performance.md, pitfall 3).
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _OemReaper OemReaper;

gboolean oem_reaper_is_needed(void);
OemReaper *oem_reaper_new(SoupServer *server);
void oem_reaper_free(OemReaper *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemReaper, oem_reaper_free)

G_END_DECLS
