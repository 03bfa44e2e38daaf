/*
 * What a route handler gets, and the few ways it answers.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "oem-state.h"

G_BEGIN_DECLS

typedef struct {
	OemState *state;
	SoupServerMessage *msg;
	GHashTable *params; /* route placeholders, percent-decoded */
} OemRequest;

const gchar *oem_request_get_param(OemRequest *req, const gchar *name);
gboolean oem_request_accepts_json(OemRequest *req);
GBytes *oem_request_get_body(OemRequest *req);
JsonObject *oem_request_parse_json_object(OemRequest *req, GError **error);

void oem_reply_text(SoupServerMessage *msg, guint status, const gchar *content_type,
		    const gchar *text);
void oem_reply_json(SoupServerMessage *msg, guint status, JsonNode *node);
void oem_reply_empty(SoupServerMessage *msg, guint status);
void oem_reply_error(SoupServerMessage *msg, guint status, const gchar *message);
void oem_reply_error_code(SoupServerMessage *msg, guint status, gint64 code, const gchar *message);
void oem_reply_error_full(SoupServerMessage *msg, guint status, gint64 code, const gchar *message,
			  const gchar *description);
void oem_reply_reason(SoupServerMessage *msg, guint status, const gchar *reason);

G_END_DECLS
