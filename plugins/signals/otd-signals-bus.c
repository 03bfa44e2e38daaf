/* org.opentokd.OpenTok1.Signals: send a signal to a session or to one connection */
#include "config.h"

#include "otd-plugin-bus.h"
#include "otd-signals.h"

static int
method_send_signal(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdRest *rest = otd_plugin_get_rest(userdata);
	const char *session_id = NULL, *connection_id = NULL;
	g_autoptr(GVariant) signal = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *path = NULL;
	int r = sd_bus_message_read(m, "ss", &session_id, &connection_id);

	if (r < 0 || (r = otd_bus_message_read_vardict(m, &signal)) < 0)
		return r;
	if (!otd_plugin_check_id("session_id", session_id, &error) ||
	    (connection_id[0] != '\0' &&
	     !otd_plugin_check_id("connection_id", connection_id, &error)))
		return otd_bus_set_error(ret_error, error);
	body = otd_signals_body(signal, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	/* "" is the whole session */
	if (connection_id[0] == '\0')
		path = otd_rest_project_path(rest, "session", session_id, "signal", NULL);
	else
		path = otd_rest_project_path(rest, "session", session_id, "connection",
					     connection_id, "signal", NULL);
	return otd_call_rest_send(m, rest, "POST", path, body, otd_call_rest_empty_cb);
}

static const OtdBusMethod otd_signals_methods[] = {
    {SD_BUS_METHOD_WITH_NAMES("Send", "ssa{sv}",
			      SD_BUS_PARAM(session_id) SD_BUS_PARAM(connection_id)
				  SD_BUS_PARAM(signal),
			      "", "", method_send_signal, 0),
     OTD_ACCESS_WRITE},
};

gboolean
otd_signals_bus_register(OtdPlugin *plugin, GError **error)
{
	return otd_plugin_add_methods(plugin, otd_signals_methods,
				      G_N_ELEMENTS(otd_signals_methods), plugin, error);
}
