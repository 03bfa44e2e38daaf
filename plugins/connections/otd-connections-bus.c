/* org.opentokd.OpenTok1.Connections: List and ForceDisconnect */
#include "config.h"

#include "otd-connections.h"
#include "otd-plugin-bus.h"

static void
otd_connections_listed_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(OtdCall) call = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdRestResponse) response = NULL;
	g_autoptr(JsonNode) root = NULL;
	JsonObject *object;
	JsonNode *items, *count;
	gint64 total;

	response = otd_rest_request_finish(NULL, result, &error);
	if (response != NULL)
		root = otd_rest_response_get_json(response, &error);
	if (error != NULL) {
		otd_call_return_error(call, error);
		return;
	}
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error_literal(&error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
				    "the API answered the connection list without a JSON object");
		otd_call_return_error(call, error);
		return;
	}
	object = json_node_get_object(root);
	items = json_object_get_member(object, "items");
	count = json_object_get_member(object, "count");
	if ((items != NULL && !JSON_NODE_HOLDS_ARRAY(items)) ||
	    (count != NULL && (!JSON_NODE_HOLDS_VALUE(count) ||
			       json_node_get_value_type(count) != G_TYPE_INT64))) {
		g_set_error_literal(&error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
				    "the API answered the connection list with wrongly typed "
				    "'items' or 'count'");
		otd_call_return_error(call, error);
		return;
	}
	total = count != NULL ? json_node_get_int(count)
			      : (items != NULL ? json_array_get_length(json_node_get_array(items)) : 0);
	otd_call_return(call, g_variant_new("(@aa{sv}u)",
					    otd_json_array_to_dict_array(
						items != NULL ? json_node_get_array(items) : NULL, NULL),
					    (guint32)CLAMP(total, 0, G_MAXUINT32)));
}

static int
method_list_connections(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdPlugin *plugin = userdata;
	OtdRest *rest = otd_plugin_get_rest(plugin);
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdCall) call = NULL;
	g_autofree gchar *path = NULL;
	const char *session_id = NULL;
	int r = sd_bus_message_read(m, "s", &session_id);

	if (r < 0)
		return r;
	if (!otd_plugin_check_id("session_id", session_id, &error))
		return otd_bus_set_error(ret_error, error);
	path = otd_rest_project_path(rest, "session", session_id, "connection", NULL);
	call = otd_call_new(m);
	otd_rest_request_async(rest, "GET", path, NULL, NULL, otd_call_get_cancellable(call),
			       otd_connections_listed_cb, otd_call_ref(call));
	return 1;
}

static void
otd_connections_disconnected_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(OtdCall) call = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdRestResponse) response = otd_rest_request_finish(NULL, result, &error);

	if (response == NULL) {
		otd_call_return_error(call, error);
		return;
	}
	otd_call_return(call, NULL);
}

static int
method_force_disconnect(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdPlugin *plugin = userdata;
	OtdRest *rest = otd_plugin_get_rest(plugin);
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdCall) call = NULL;
	g_autofree gchar *path = NULL;
	const char *session_id = NULL, *connection_id = NULL;
	int r = sd_bus_message_read(m, "ss", &session_id, &connection_id);

	if (r < 0)
		return r;
	if (!otd_plugin_check_id("session_id", session_id, &error) ||
	    !otd_plugin_check_id("connection_id", connection_id, &error))
		return otd_bus_set_error(ret_error, error);
	path = otd_rest_project_path(rest, "session", session_id, "connection", connection_id,
				     NULL);
	call = otd_call_new(m);
	g_message("force-disconnecting %s from session %s", connection_id, session_id);
	otd_rest_request_async(rest, "DELETE", path, NULL, NULL, otd_call_get_cancellable(call),
			       otd_connections_disconnected_cb, otd_call_ref(call));
	return 1;
}

static const OtdBusMethod otd_connections_methods[] = {
    {SD_BUS_METHOD_WITH_NAMES("List", "s", SD_BUS_PARAM(session_id), "aa{sv}u",
			      SD_BUS_PARAM(items) SD_BUS_PARAM(total), method_list_connections,
			      0),
     OTD_ACCESS_READ},
    {SD_BUS_METHOD_WITH_NAMES("ForceDisconnect", "ss",
			      SD_BUS_PARAM(session_id) SD_BUS_PARAM(connection_id), "", "",
			      method_force_disconnect, 0),
     OTD_ACCESS_MODERATION},
};

gboolean
otd_connections_bus_register(OtdPlugin *plugin, GError **error)
{
	return otd_plugin_add_methods(plugin, otd_connections_methods,
				      G_N_ELEMENTS(otd_connections_methods), plugin, error);
}
