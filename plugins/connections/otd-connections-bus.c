/* org.opentokd.OpenTok1.Connections: List and ForceDisconnect */
#include "config.h"

#include "otd-connections.h"
#include "otd-plugin-bus.h"

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
			       otd_call_rest_list_cb, otd_call_ref(call));
	return 1;
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
			       otd_call_rest_empty_cb, otd_call_ref(call));
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
