/* answering a pending call from a REST reply */
#pragma once

#include "otd-call.h"
#include "otd-rest.h"

G_BEGIN_DECLS

/* GAsyncReadyCallbacks for otd_rest_request_async(); user data: otd_call_ref(call) */
void
otd_call_rest_empty_cb(GObject *source, GAsyncResult *result, gpointer user_data);
/* replies (a{sv}) with the JSON object the API answered */
void
otd_call_rest_object_cb(GObject *source, GAsyncResult *result, gpointer user_data);
/* replies (aa{sv}u) with "items" and "count" of the API's list answer */
void
otd_call_rest_list_cb(GObject *source, GAsyncResult *result, gpointer user_data);

/* answers @m later: sends the request and hands a new OtdCall to @callback (one of the
 * callbacks above); returns 1, the sd-bus "handled" value */
int
otd_call_rest_send(sd_bus_message *m, OtdRest *rest, const gchar *method, const gchar *path,
		   JsonObject *body, GAsyncReadyCallback callback);

/* the same from a parsed answer (which the caller may have edited); NULL @doc is an empty
 * body */
void
otd_call_return_json_doc(OtdCall *call, OtdJsonDoc *doc, guint status, gboolean list,
			  const gchar *const *data_maps);

/* the same from a response the plugin already has; BadResponse when it does not fit */
void
otd_call_return_json_object(OtdCall *call, OtdRestResponse *response,
			    const gchar *const *data_maps);
void
otd_call_return_json_list(OtdCall *call, OtdRestResponse *response,
			  const gchar *const *data_maps);

G_END_DECLS
