/*
 * The most recent API requests, exactly as received, for tests to inspect.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define OEM_REQUEST_LOG_DEFAULT_SIZE 1000

typedef struct _OemRequestLog OemRequestLog;

OemRequestLog *oem_request_log_new(guint max_entries);
void oem_request_log_free(OemRequestLog *self);
void oem_request_log_add(OemRequestLog *self, SoupServerMessage *msg);
void oem_request_log_clear(OemRequestLog *self);
JsonNode *oem_request_log_to_json(OemRequestLog *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(OemRequestLog, oem_request_log_free)

G_END_DECLS
