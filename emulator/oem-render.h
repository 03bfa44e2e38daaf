/*
 * One Experience Composer render (reference §2.7): the page it loads, its options and its
 * status. Once started it is a simulated client of its session publishing one stream; the
 * calls and the moves that add or remove that client are in oem-renders.c.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "oem-model.h"

G_BEGIN_DECLS

/* maxDuration, in seconds */
#define OEM_RENDER_DURATION_MIN	    60
#define OEM_RENDER_DURATION_MAX	    36000
#define OEM_RENDER_DURATION_DEFAULT 7200
/* how long a render stays "starting" before a read moves it on, in ms */
#define OEM_RENDER_START_DELAY_MS 1000

typedef enum {
	OEM_RENDER_STARTING,
	OEM_RENDER_STARTED,
	OEM_RENDER_STOPPED,
	OEM_RENDER_FAILED,
} OemRenderStatus;

typedef struct {
	gchar *id;
	gchar *session_id;
	guint64 serial; /* creation order, to break ties between equal createdAt */
	gint64 created_at;
	gint64 updated_at;
	gchar *url;
	gchar *resolution;
	gint64 max_duration;	    /* s */
	gchar *name;		    /* properties.name; NULL: none */
	gchar *status_callback_url; /* NULL: none */
	OemRenderStatus status;
	gchar *reason;	      /* NULL: none */
	gchar *stream_id;     /* NULL until started */
	gchar *connection_id; /* its client's, while started */
	gchar *client_data;   /* what its client's data will be */
	gchar *client_layout; /* the token's initial_layout_class_list; NULL: none */
} OemRender;

const gchar *oem_render_status_to_string(OemRenderStatus status);
gboolean oem_render_status_from_string(const gchar *text, OemRenderStatus *ret_status);

OemRender *oem_render_new_from_json(const gchar *session_id, JsonObject *body, GError **error);
void oem_render_free(OemRender *render);
JsonNode *oem_render_to_json(OemRender *render, const gchar *api_key, gboolean full);

gboolean oem_render_is_running(OemRender *render);
gboolean oem_render_url_fails(OemRender *render);
void oem_render_set_status(OemRender *render, OemRenderStatus status, const gchar *reason);
void oem_render_sync(OemRender *render, OemSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemRender, oem_render_free)

G_END_DECLS
