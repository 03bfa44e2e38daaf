/*
 * What a composed output of a session (an archive or a broadcast) is made of: a layout, a
 * resolution, a stream mode and the streams it carries (reference §2.2, §2.3, §6.2).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "oem-model.h"

G_BEGIN_DECLS

/* the maxBitrate range, bits per second */
#define OEM_COMPOSITION_BITRATE_MIN 100000
#define OEM_COMPOSITION_BITRATE_MAX 6000000

typedef struct {
	gchar *type;		 /* bestFit, custom, horizontalPresentation, pip, … */
	gchar *stylesheet;	 /* custom only, else NULL */
	gchar *screenshare_type; /* NULL unless given (type bestFit only) */
} OemLayout;

typedef struct {
	gchar *stream_id;
	gboolean has_audio;
	gboolean has_video;
} OemCompositionStream;

extern const gchar *const oem_composition_resolutions[];
extern const gchar *const oem_composition_stream_modes[];

OemLayout *oem_layout_new(const gchar *type);
OemLayout *oem_layout_parse(JsonObject *obj, GError **error);
gboolean oem_layout_read_member(JsonObject *body, OemLayout **ret_layout, GError **error);
JsonObject *oem_layout_to_json(OemLayout *layout);
void oem_layout_free(OemLayout *layout);

GPtrArray *oem_composition_streams_new(void);
OemCompositionStream *oem_composition_lookup_stream(GPtrArray *streams, const gchar *stream_id);
void oem_composition_put_stream(GPtrArray *streams, const gchar *stream_id, gboolean has_audio,
				gboolean has_video);
gboolean oem_composition_remove_stream(GPtrArray *streams, const gchar *stream_id);
guint oem_composition_sync_streams(GPtrArray *streams, OemSession *session, gboolean manual,
				   gboolean has_audio, gboolean has_video);
JsonArray *oem_composition_streams_to_json(GPtrArray *streams);

void oem_composition_set_key_member(JsonObject *obj, const gchar *name, const gchar *api_key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemLayout, oem_layout_free)

G_END_DECLS
