/* the sip plugin: dial out of a session over SIP, play DTMF */
#include "config.h"

#include "otd-plugin-bus.h"
#include "otd-sip.h"

static int
method_dial(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdPlugin *plugin = userdata;
	OtdRest *rest = otd_plugin_get_rest(plugin);
	const char *session_id = NULL, *token = NULL, *uri = NULL;
	g_autoptr(GVariant) options = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *use_token = NULL;
	int r = sd_bus_message_read(m, "sss", &session_id, &token, &uri);

	if (r < 0 || (r = otd_bus_message_read_vardict(m, &options)) < 0)
		return r;
	if (!otd_plugin_check_id("session_id", session_id, &error))
		return otd_bus_set_error(ret_error, error);
	use_token = otd_plugin_token_or_mint(plugin, session_id, token, "publisher", &error);
	if (use_token == NULL)
		return otd_bus_set_error(ret_error, error);
	body = otd_sip_dial_body(session_id, use_token, uri, options, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	g_message("dialing out of session %s over SIP", session_id);
	path = otd_rest_project_path(rest, "dial", NULL);
	return otd_call_rest_send(m, rest, "POST", path, body, otd_call_rest_object_cb);
}

static int
method_play_dtmf(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdRest *rest = otd_plugin_get_rest(userdata);
	const char *session_id = NULL, *connection_id = NULL, *digits = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = json_object_new();
	g_autofree gchar *path = NULL;
	int r = sd_bus_message_read(m, "sss", &session_id, &connection_id, &digits);

	if (r < 0)
		return r;
	if (!otd_plugin_check_id("session_id", session_id, &error) ||
	    (connection_id[0] != '\0' &&
	     !otd_plugin_check_id("connection_id", connection_id, &error)) ||
	    !otd_sip_check_digits(digits, &error))
		return otd_bus_set_error(ret_error, error);
	json_object_set_string_member(body, "digits", digits);
	/* "" is every connection of the session */
	if (connection_id[0] == '\0')
		path = otd_rest_project_path(rest, "session", session_id, "play-dtmf", NULL);
	else
		path = otd_rest_project_path(rest, "session", session_id, "connection",
					     connection_id, "play-dtmf", NULL);
	return otd_call_rest_send(m, rest, "POST", path, body, otd_call_rest_empty_cb);
}

static const OtdBusMethod otd_sip_methods[] = {
    {SD_BUS_METHOD_WITH_NAMES("Dial", "sssa{sv}",
			      SD_BUS_PARAM(session_id) SD_BUS_PARAM(token) SD_BUS_PARAM(sip_uri)
				  SD_BUS_PARAM(options),
			      "a{sv}", SD_BUS_PARAM(call), method_dial, SD_BUS_VTABLE_SENSITIVE),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("PlayDtmf", "sss",
			      SD_BUS_PARAM(session_id) SD_BUS_PARAM(connection_id)
				  SD_BUS_PARAM(digits),
			      "", "", method_play_dtmf, 0),
     OTD_ACCESS_WRITE},
};

static gboolean
otd_sip_setup(OtdPlugin *plugin, GError **error)
{
	return otd_plugin_add_methods(plugin, otd_sip_methods, G_N_ELEMENTS(otd_sip_methods),
				      plugin, error);
}

OTD_PLUGIN_DEFINE("sip", otd_sip_setup, NULL);
