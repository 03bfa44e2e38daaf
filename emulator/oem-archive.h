/*
 * One archive: its options as started, its layout, the streams it records and its status
 * lifecycle (reference §2.2, §6.5). The REST and control calls are in oem-archives.c.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "oem-model.h"

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
	gchar *type;		 /* bestFit, custom, horizontalPresentation, pip, … */
	gchar *stylesheet;	 /* custom only, else NULL */
	gchar *screenshare_type; /* NULL unless given (type bestFit only) */
} OemArchiveLayout;

typedef struct {
	gchar *stream_id;
	gboolean has_audio;
	gboolean has_video;
} OemArchiveStream;

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
	OemArchiveLayout *layout; /* composed only */
	GPtrArray *streams;	  /* OemArchiveStream, in the order they joined */
	gboolean session_had_streams;
} OemArchive;

const gchar *oem_archive_status_to_string(OemArchiveStatus status);
gboolean oem_archive_status_from_string(const gchar *text, OemArchiveStatus *ret_status);

gboolean oem_archive_read_bool(JsonObject *obj, const gchar *name, gboolean *ret_value,
			       GError **error);

OemArchiveLayout *oem_archive_layout_parse(JsonObject *obj, GError **error);
void oem_archive_layout_free(OemArchiveLayout *layout);

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
OemArchiveStream *oem_archive_lookup_stream(OemArchive *archive, const gchar *stream_id);
void oem_archive_put_stream(OemArchive *archive, const gchar *stream_id, gboolean has_audio,
			    gboolean has_video);
gboolean oem_archive_remove_stream(OemArchive *archive, const gchar *stream_id);
void oem_archive_touch(OemArchive *archive);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemArchiveLayout, oem_archive_layout_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemArchive, oem_archive_free)

G_END_DECLS
