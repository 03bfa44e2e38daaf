/*
 * The REST behaviour archives and broadcasts share: the session checks at start, list
 * paging, and the layout and stream changes of a running output.
 */
#pragma once

#include "oem-composition.h"
#include "oem-http.h"

G_BEGIN_DECLS

/* the parts of an archive or a broadcast that the shared calls read and change */
typedef struct {
	const gchar *noun; /* "archive", "broadcast": for messages */
	const gchar *session_id;
	gboolean active;	 /* layout and streams may change */
	const gchar *inactive;	 /* the 409 message when not active */
	gboolean manual_streams; /* streamMode manual */
	GPtrArray *streams;	 /* OemCompositionStream */
	OemLayout **layout;	 /* NULL: it has no layout (an individual archive) */
	gint64 created_at;
	gint64 *updated_at; /* moved on by a change */
} OemComposedView;

/* one item a list call may show */
typedef struct {
	gpointer item;
	const gchar *session_id;
	gint64 created_at;
	guint64 serial; /* creation order, to break ties between equal createdAt */
} OemListEntry;

typedef JsonNode *(*OemListItemToJson)(gpointer item, OemState *state);

void oem_composed_reply_invalid(OemRequest *req, GError *error);
gboolean oem_composed_check_session(OemRequest *req, OemSession *session, const gchar *what);
void oem_composed_reply_list(OemRequest *req, GArray *entries, OemListItemToJson to_json);
void oem_composed_set_layout(OemRequest *req, OemComposedView *view);
void oem_composed_change_streams(OemRequest *req, OemComposedView *view);

G_END_DECLS
