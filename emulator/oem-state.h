/*
 * Everything the emulator knows: the project's credentials, its sessions, archives,
 * broadcasts, captions and renders, the test's options, the injected faults and the request log.
 * One instance per server; handlers reach it through the request.
 */
#pragma once

#include "oem-archive.h"
#include "oem-broadcast.h"
#include "oem-caption.h"
#include "oem-faults.h"
#include "oem-model.h"
#include "oem-render.h"
#include "oem-request-log.h"

G_BEGIN_DECLS

typedef struct {
	gchar *api_key;
	GBytes *secret;
	GHashTable *sessions;	   /* session id -> OemSession (owned by session_list) */
	GPtrArray *session_list;   /* OemSession, in creation order */
	GHashTable *archives;	   /* archive id -> OemArchive (owned by archive_list) */
	GPtrArray *archive_list;   /* OemArchive, in creation order */
	GHashTable *broadcasts;	   /* broadcast id -> OemBroadcast (owned by broadcast_list) */
	GPtrArray *broadcast_list; /* OemBroadcast, in creation order */
	GHashTable *captions;	   /* captions id -> OemCaption (owned by caption_list) */
	GPtrArray *caption_list;   /* OemCaption, in creation order */
	GHashTable *renders;	   /* render id -> OemRender (owned by render_list) */
	GPtrArray *render_list;	   /* OemRender, in creation order */
	gboolean rtmp_object_form; /* option: broadcasts answer with rtmp keyed by id */
	gint64 clock_offset_sec;   /* option: the service's clock runs this far ahead */
	OemFaults *faults;
	OemRequestLog *requests;
} OemState;

OemState *oem_state_new(const gchar *api_key, GBytes *secret);
void oem_state_free(OemState *self);
void oem_state_add_session(OemState *self, OemSession *session);
OemSession *oem_state_lookup_session(OemState *self, const gchar *session_id);
void oem_state_add_archive(OemState *self, OemArchive *archive);
OemArchive *oem_state_lookup_archive(OemState *self, const gchar *archive_id);
void oem_state_add_broadcast(OemState *self, OemBroadcast *broadcast);
OemBroadcast *oem_state_lookup_broadcast(OemState *self, const gchar *broadcast_id);
void oem_state_add_caption(OemState *self, OemCaption *caption);
OemCaption *oem_state_lookup_caption(OemState *self, const gchar *caption_id);
void oem_state_add_render(OemState *self, OemRender *render);
OemRender *oem_state_lookup_render(OemState *self, const gchar *render_id);
void oem_state_sync_session(OemState *self, OemSession *session);
gint64 oem_state_get_now(OemState *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemState, oem_state_free)

G_END_DECLS
