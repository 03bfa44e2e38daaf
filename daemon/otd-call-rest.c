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

static JsonObject *
otd_call_rest_root_object(JsonNode *root, guint status, GError **error)
{
	if (root == NULL) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
			    "the API answered HTTP %u without a body", status);
		return NULL;
	}
	if (!JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
			    "the API answered HTTP %u with JSON that is not an object", status);
		return NULL;
	}
	if (!otd_answer_check_object(json_node_get_object(root), error))
		return NULL;
	return json_object_ref(json_node_get_object(root));
}

static JsonObject *
otd_call_rest_object(OtdRestResponse *response, GError **error)
{
	g_autoptr(JsonNode) root = otd_rest_response_get_json(response, error);

	if (root == NULL && *error != NULL)
		return NULL;
	return otd_call_rest_root_object(root, response->status, error);
}

static void
otd_call_return_object(OtdCall *call, JsonObject *object, const gchar *const *data_maps)
{
	otd_call_return_json_dict(call, object, data_maps);
}

void
otd_call_return_json_object(OtdCall *call, OtdRestResponse *response,
			    const gchar *const *data_maps)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) object = otd_call_rest_object(response, &error);

	if (object == NULL) {
		otd_call_return_error(call, error);
		return;
	}
	otd_call_return_object(call, object, data_maps);
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
otd_call_rest_check_list(JsonObject *object, JsonArray **ret_items, gint64 *ret_total,
			 GError **error)
{
	JsonNode *items = json_object_get_member(object, "items");
	JsonNode *count = json_object_get_member(object, "count");
	JsonArray *array = NULL;

	if (items != NULL && !JSON_NODE_HOLDS_NULL(items)) {
		if (!JSON_NODE_HOLDS_ARRAY(items)) {
			g_set_error_literal(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
					    "the API's list answer has 'items' that is not an array");
			return FALSE;
		}
		array = json_node_get_array(items);
		for (guint i = 0; i < json_array_get_length(array); i++) {
			if (!JSON_NODE_HOLDS_OBJECT(json_array_get_element(array, i))) {
				g_set_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
					    "the API's list answer has item %u that is not an object",
					    i);
				return FALSE;
			}
		}
	}
	if (count != NULL && (!JSON_NODE_HOLDS_VALUE(count) ||
			      json_node_get_value_type(count) != G_TYPE_INT64 ||
			      json_node_get_int(count) < 0)) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
				    "the API's list answer has a 'count' that is not a count");
		return FALSE;
	}
	*ret_items = array;
	*ret_total = count != NULL ? json_node_get_int(count)
				   : (array != NULL ? json_array_get_length(array) : 0);
	return TRUE;
}

static void
otd_call_return_list(OtdCall *call, JsonObject *object, const gchar *const *data_maps)
{
	g_autoptr(GError) error = NULL;
	JsonArray *items = NULL;
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
	g_autoptr(JsonObject) object = otd_call_rest_object(response, &error);

	if (object == NULL) {
		otd_call_return_error(call, error);
		return;
	}
	otd_call_return_list(call, object, data_maps);
}

void
otd_call_return_json_root(OtdCall *call, JsonNode *root, guint status, gboolean list,
			  const gchar *const *data_maps)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) object = otd_call_rest_root_object(root, status, &error);

	if (object == NULL)
		otd_call_return_error(call, error);
	else if (list)
		otd_call_return_list(call, object, data_maps);
	else
		otd_call_return_object(call, object, data_maps);
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
