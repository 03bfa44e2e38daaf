/* the audio-connector plugin: stream a session's audio to a WebSocket */
#include "config.h"

#include "otd-audio-connector.h"
#include "otd-plugin-bus.h"

static int
method_connect(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdPlugin *plugin = userdata;
	OtdRest *rest = otd_plugin_get_rest(plugin);
	const char *session_id = NULL, *token = NULL, *uri = NULL;
	g_autoptr(GVariant) options = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *use_token = NULL;
	g_autofree gchar *path = NULL;
	int r = sd_bus_message_read(m, "sss", &session_id, &token, &uri);

	if (r < 0 || (r = otd_bus_message_read_vardict(m, &options)) < 0)
		return r;
	if (!otd_plugin_check_id("session_id", session_id, &error))
		return otd_bus_set_error(ret_error, error);
	use_token = otd_plugin_token_or_mint(plugin, session_id, token, "publisher", &error);
	if (use_token == NULL)
		return otd_bus_set_error(ret_error, error);
	body = otd_audio_connector_body(session_id, use_token, uri, options, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	g_message("connecting the audio of session %s to a WebSocket", session_id);
	path = otd_rest_project_path(rest, "connect", NULL);
	return otd_call_rest_send(m, rest, "POST", path, body, otd_call_rest_object_cb);
}

static const OtdBusMethod otd_audio_connector_methods[] = {
    {SD_BUS_METHOD_WITH_NAMES("Connect", "sssa{sv}",
			      SD_BUS_PARAM(session_id) SD_BUS_PARAM(token) SD_BUS_PARAM(uri)
				  SD_BUS_PARAM(options),
			      "a{sv}", SD_BUS_PARAM(connection), method_connect,
			      SD_BUS_VTABLE_SENSITIVE),
     OTD_ACCESS_WRITE},
};

static gboolean
otd_audio_connector_setup(OtdPlugin *plugin, GError **error)
{
	return otd_plugin_add_methods(plugin, otd_audio_connector_methods,
				      G_N_ELEMENTS(otd_audio_connector_methods), plugin, error);
}

OTD_PLUGIN_DEFINE("audio-connector", otd_audio_connector_setup, NULL);
