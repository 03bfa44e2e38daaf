/*
 * Ready-made REST callbacks for plugins: pass one of them with otd_call_ref(call) as the
 * user data of otd_rest_request_async() and it answers the call from the API's reply.
 */
#include "config.h"

#include "otd-answer.h"
#include "otd-call-rest.h"
#include "otd-error.h"
#include "otd-json.h"

static OtdRestResponse *
otd_call_rest_finish(OtdCall *call, GAsyncResult *result)
{
	g_autoptr(GError) error = NULL;
	OtdRestResponse *response = otd_rest_request_finish(NULL, result, &error);

	if (response == NULL)
		otd_call_return_error(call, error);
	return response;
}

void
otd_call_rest_empty_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(OtdCall) call = user_data;
	g_autoptr(OtdRestResponse) response = otd_call_rest_finish(call, result);

	if (response != NULL)
		otd_call_return(call, NULL);
}

/* the answer's top object, checked; NULL and @error when there is none */
static OtdJsonVal *
otd_call_rest_root_object(OtdJsonDoc *doc, guint status, GError **error)
{
	OtdJsonVal *root;

	if (doc == NULL) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
			    "the API answered HTTP %u without a body", status);
		return NULL;
	}
	root = otd_json_doc_root(doc);
	if (root->type != OTD_JSON_OBJECT) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
			    "the API answered HTTP %u with JSON that is not an object", status);
		return NULL;
	}
	if (!otd_answer_check_object(root, error))
		return NULL;
	return root;
}

void
otd_call_return_json_object(OtdCall *call, OtdRestResponse *response,
			    const gchar *const *data_maps)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdJsonDoc) doc = otd_rest_response_parse(response, &error);

	if (error == NULL)
		otd_call_return_json_doc(call, doc, response->status, FALSE, data_maps);
	else
		otd_call_return_error(call, error);
}

void
otd_call_rest_object_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(OtdCall) call = user_data;
	g_autoptr(OtdRestResponse) response = otd_call_rest_finish(call, result);

	if (response != NULL)
		otd_call_return_json_object(call, response, NULL);
}

static gboolean
otd_call_rest_check_list(OtdJsonVal *object, OtdJsonVal **ret_items, gint64 *ret_total,
			 GError **error)
{
	OtdJsonVal *items = otd_json_val_get(object, "items");
	OtdJsonVal *count = otd_json_val_get(object, "count");

	if (items != NULL && items->type == OTD_JSON_NULL)
		items = NULL;
	if (items != NULL) {
		if (items->type != OTD_JSON_ARRAY) {
			g_set_error_literal(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
					    "the API's list answer has 'items' that is not an array");
			return FALSE;
		}
		for (guint i = 0; i < items->n; i++) {
			if (items->elements[i].type != OTD_JSON_OBJECT) {
				g_set_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
					    "the API's list answer has item %u that is not an object",
					    i);
				return FALSE;
			}
		}
	}
	if (count != NULL && (count->type != OTD_JSON_INT || count->integer < 0)) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
				    "the API's list answer has a 'count' that is not a count");
		return FALSE;
	}
	*ret_items = items;
	*ret_total = count != NULL ? count->integer : (items != NULL ? items->n : 0);
	return TRUE;
}

static void
otd_call_return_list(OtdCall *call, OtdJsonVal *object, const gchar *const *data_maps)
{
	g_autoptr(GError) error = NULL;
	OtdJsonVal *items = NULL;
	gint64 total = 0;

	if (!otd_call_rest_check_list(object, &items, &total, &error)) {
		otd_call_return_error(call, error);
		return;
	}
	otd_call_return_json_items(call, items, (guint32)MIN(total, (gint64)G_MAXUINT32),
				   data_maps);
}

void
otd_call_return_json_list(OtdCall *call, OtdRestResponse *response,
			  const gchar *const *data_maps)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdJsonDoc) doc = otd_rest_response_parse(response, &error);

	if (error == NULL)
		otd_call_return_json_doc(call, doc, response->status, TRUE, data_maps);
	else
		otd_call_return_error(call, error);
}

void
otd_call_return_json_doc(OtdCall *call, OtdJsonDoc *doc, guint status, gboolean list,
			 const gchar *const *data_maps)
{
	g_autoptr(GError) error = NULL;
	OtdJsonVal *object = otd_call_rest_root_object(doc, status, &error);

	if (object == NULL)
		otd_call_return_error(call, error);
	else if (list)
		otd_call_return_list(call, object, data_maps);
	else
		otd_call_return_json_dict(call, object, data_maps);
}

void
otd_call_rest_list_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(OtdCall) call = user_data;
	g_autoptr(OtdRestResponse) response = otd_call_rest_finish(call, result);

	if (response != NULL)
		otd_call_return_json_list(call, response, NULL);
}

int
otd_call_rest_send(sd_bus_message *m, OtdRest *rest, const gchar *method, const gchar *path,
		   JsonObject *body, GAsyncReadyCallback callback)
{
	g_autoptr(OtdCall) call = otd_call_new(m);

	otd_rest_json_async(rest, method, path, body, otd_call_get_cancellable(call), callback,
			    otd_call_ref(call));
	return 1;
}
