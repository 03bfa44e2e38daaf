/* the one HTTP client to the Video API, shared by the core and every plugin */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "otd-json-doc.h"

#include "otd-config.h"
#include "otd-credentials.h"

G_BEGIN_DECLS

typedef struct _OtdRest OtdRest;

typedef struct {
	guint status;
	gchar *content_type; /* without parameters, lower case; NULL if none */
	GBytes *body;	     /* never NULL; may be empty */
	/* a JSON answer is parsed in the REST thread: otd_rest_response_parse() takes it */
	gboolean parsed;
	OtdJsonDoc *doc;
	GError *parse_error;
} OtdRestResponse;

void
otd_rest_response_free(OtdRestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OtdRestResponse, otd_rest_response_free)

/* takes ownership of @secret */
OtdRest *
otd_rest_new(const OtdConfig *config, OtdSecret *secret, GError **error);
void
otd_rest_free(OtdRest *rest);
/* applies a new configuration and secret (taken) to the live client; requests in flight
 * finish with what they started with; MaxConnections needs a restart */
gboolean
otd_rest_reconfigure(OtdRest *rest, const OtdConfig *config, OtdSecret *secret, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OtdRest, otd_rest_free)

const gchar *
otd_rest_get_api_key(OtdRest *rest);
const gchar *
otd_rest_get_url(OtdRest *rest);
/* for the core's token minting; plugins never call this */
const OtdSecret *
otd_rest_get_secret(OtdRest *rest);
/* the number of requests sent, retries included; for tests and the log */
guint64
otd_rest_get_request_count(OtdRest *rest);
/* how often the connections are checked for closing (20 s); before otd_rest_new() */
void
otd_rest_set_check_interval_for_tests(guint ms);

/* "/v2/project/<key>/<seg>/<seg>…", each segment percent-escaped; NULL-terminated */
gchar *
otd_rest_project_path(OtdRest *rest, const gchar *first_segment, ...) G_GNUC_NULL_TERMINATED;

/*
 * Sends one request under the configured deadline, with retries for GET as the design
 * pins them. A non-2xx status is an OTD_ERROR carrying the status and the service's
 * message. @content_type and @body may be NULL.
 */
void
otd_rest_request_async(OtdRest *rest, const gchar *method, const gchar *path,
		       const gchar *content_type, GBytes *body, GCancellable *cancellable,
		       GAsyncReadyCallback callback, gpointer user_data);
OtdRestResponse *
otd_rest_request_finish(OtdRest *rest, GAsyncResult *result, GError **error);

/* the same with a JSON body (or none when @body is NULL) */
void
otd_rest_json_async(OtdRest *rest, const gchar *method, const gchar *path, JsonObject *body,
		    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);

/* parses a JSON answer (otd-json-doc.h); an empty body gives NULL without error, invalid
 * JSON BadResponse */
OtdJsonDoc *
otd_rest_response_parse(OtdRestResponse *response, GError **error);

/* maps a non-2xx answer to an OTD_ERROR with the HTTP status and the service's message */
void
otd_rest_set_status_error(guint status, const gchar *content_type, GBytes *body,
			  GError **error);

G_END_DECLS
