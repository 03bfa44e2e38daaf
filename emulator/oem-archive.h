/*
 * One archive: its options as started, its layout, the streams it records and its status
 * lifecycle (reference §2.2, §6.5). The REST and control calls are in oem-archives.c.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "oem-composition.h"

G_BEGIN_DECLS

typedef enum {
	OEM_ARCHIVE_STARTED,
	OEM_ARCHIVE_PAUSED,
	OEM_ARCHIVE_STOPPED,
	OEM_ARCHIVE_UPLOADED,
	OEM_ARCHIVE_AVAILABLE,
	OEM_ARCHIVE_EXPIRED,
	OEM_ARCHIVE_FAILED,
	OEM_ARCHIVE_DELETED,
} OemArchiveStatus;

typedef struct {
	gchar *id;
	gchar *session_id;
	guint64 serial; /* creation order, to break ties between equal createdAt */
	gint64 created_at;
	gint64 updated_at;
	gint64 duration; /* s */
	gint64 size;	 /* bytes */
	gchar *name;	 /* NULL: none */
	gchar *reason;
	OemArchiveStatus status;
	gchar *url; /* NULL unless available */
	gboolean has_audio;
	gboolean has_video;
	gboolean individual;
	gchar *resolution; /* composed only */
	gboolean manual_streams;
	gchar *multi_archive_tag; /* NULL: none (an empty tag counts as none) */
	gint64 max_bitrate;	  /* 0: not set */
	gboolean has_qp;
	gdouble qp;
	OemLayout *layout;  /* composed only */
	GPtrArray *streams; /* OemCompositionStream, in the order they joined */
	gboolean session_had_streams;
} OemArchive;

const gchar *oem_archive_status_to_string(OemArchiveStatus status);
gboolean oem_archive_status_from_string(const gchar *text, OemArchiveStatus *ret_status);

OemArchive *oem_archive_new_from_json(JsonObject *body, GError **error);
void oem_archive_free(OemArchive *archive);
JsonNode *oem_archive_to_json(OemArchive *archive, const gchar *api_key);

gboolean oem_archive_is_recording(OemArchive *archive);
gboolean oem_archive_conflicts_with(OemArchive *archive, OemArchive *other);
void oem_archive_start(OemArchive *archive, OemSession *session);
void oem_archive_sync(OemArchive *archive, OemSession *session);
void oem_archive_stop(OemArchive *archive);
gboolean oem_archive_advance(OemArchive *archive, OemArchiveStatus to, const gchar *reason,
			     const gchar *api_key, GError **error);
void oem_archive_delete(OemArchive *archive);
void oem_archive_touch(OemArchive *archive);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemArchive, oem_archive_free)

G_END_DECLS
