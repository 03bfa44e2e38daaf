/*
 * One live-streaming broadcast: its outputs (HLS, RTMP targets), its options as started, the
 * streams it carries and its status (reference §2.3, §6.3). The calls are in oem-broadcasts.c.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "oem-composition.h"

G_BEGIN_DECLS

/* the service's limit on RTMP targets per broadcast */
#define OEM_BROADCAST_RTMP_MAX 5

typedef enum {
	OEM_BROADCAST_STARTED,
	OEM_BROADCAST_STOPPED,
} OemBroadcastStatus;

typedef enum {
	OEM_RTMP_CONNECTING,
	OEM_RTMP_LIVE,
	OEM_RTMP_OFFLINE,
} OemRtmpStatus;

typedef struct {
	gchar *id; /* NULL: none given */
	gchar *server_url;
	gchar *stream_name;
	OemRtmpStatus status;
} OemRtmpTarget;

typedef struct {
	gchar *id;
	gchar *session_id;
	guint64 serial; /* creation order, to break ties between equal createdAt */
	gint64 created_at;
	gint64 updated_at;
	OemBroadcastStatus status;
	gboolean hls; /* an HLS output was asked for */
	gboolean dvr;
	gboolean low_latency;
	GPtrArray *rtmp;     /* OemRtmpTarget, in the order given */
	gint64 max_duration; /* s */
	gint64 max_bitrate;  /* 0: not set */
	gchar *resolution;
	OemLayout *layout;
	gboolean manual_streams;
	gchar *multi_broadcast_tag; /* NULL: none (an empty tag counts as none) */
	gboolean has_audio;
	gboolean has_video;
	GPtrArray *streams; /* OemCompositionStream, in the order they joined */
} OemBroadcast;

typedef enum {
	OEM_BROADCAST_JSON_DEFAULT = 0,
	OEM_BROADCAST_JSON_RTMP_OBJECT = 1 << 0, /* rtmp keyed by id, as hand-made fixtures */
	OEM_BROADCAST_JSON_FULL = 1 << 1,	 /* broadcastUrls after stop too */
} OemBroadcastJsonFlags;

const gchar *oem_rtmp_status_to_string(OemRtmpStatus status);
gboolean oem_rtmp_status_from_string(const gchar *text, OemRtmpStatus *ret_status);

OemBroadcast *oem_broadcast_new_from_json(JsonObject *body, GError **error);
void oem_broadcast_free(OemBroadcast *broadcast);
JsonNode *oem_broadcast_to_json(OemBroadcast *broadcast, const gchar *api_key,
				OemBroadcastJsonFlags flags);

gboolean oem_broadcast_is_started(OemBroadcast *broadcast);
gboolean oem_broadcast_conflicts_with(OemBroadcast *broadcast, OemBroadcast *other);
void oem_broadcast_start(OemBroadcast *broadcast, OemSession *session);
void oem_broadcast_settle(OemBroadcast *broadcast);
void oem_broadcast_sync(OemBroadcast *broadcast, OemSession *session);
void oem_broadcast_stop(OemBroadcast *broadcast);
gboolean oem_broadcast_set_rtmp_status(OemBroadcast *broadcast, const gchar *target_id,
				       OemRtmpStatus status, GError **error);
void oem_broadcast_touch(OemBroadcast *broadcast);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemBroadcast, oem_broadcast_free)

G_END_DECLS
