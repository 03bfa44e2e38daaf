/*
 * One live captions run of a session (reference §2.6): the options it was started with and
 * whether it still runs. The calls are in oem-captions.c.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* maxDuration, in seconds */
#define OEM_CAPTION_DURATION_MIN     300
#define OEM_CAPTION_DURATION_MAX     14400
#define OEM_CAPTION_DURATION_DEFAULT 14400

typedef struct {
	gchar *id;
	gchar *session_id;
	gint64 created_at; /* ms */
	gint64 updated_at;
	gchar *language_code;
	gint64 max_duration; /* s */
	gboolean partial_captions;
	gchar *status_callback_url; /* NULL: none */
	gboolean started;	    /* false once stopped */
} OemCaption;

extern const gchar *const oem_caption_languages[];

OemCaption *oem_caption_new_from_json(const gchar *session_id, JsonObject *body, GError **error);
void oem_caption_free(OemCaption *caption);
void oem_caption_stop(OemCaption *caption);
JsonNode *oem_caption_to_json(OemCaption *caption, const gchar *api_key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemCaption, oem_caption_free)

G_END_DECLS
