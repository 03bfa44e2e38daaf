/* the renders plugin: Experience Composer, a web page published into a session */
#include "config.h"

#include "otd-plugin-bus.h"
#include "otd-renders.h"

static int
method_start_render(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdPlugin *plugin = userdata;
	OtdRest *rest = otd_plugin_get_rest(plugin);
	const char *session_id = NULL, *token = NULL, *url = NULL;
	g_autoptr(GVariant) options = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *use_token = NULL;
	g_autofree gchar *path = NULL;
	int r = sd_bus_message_read(m, "sss", &session_id, &token, &url);

	if (r < 0 || (r = otd_bus_message_read_vardict(m, &options)) < 0)
		return r;
	if (!otd_plugin_check_id("session_id", session_id, &error))
		return otd_bus_set_error(ret_error, error);
	use_token = otd_plugin_token_or_mint(plugin, session_id, token, "publisher", &error);
	if (use_token == NULL)
		return otd_bus_set_error(ret_error, error);
	body = otd_renders_body(session_id, use_token, url, options, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	g_message("starting a render into session %s", session_id);
	path = otd_rest_project_path(rest, "render", NULL);
	return otd_call_rest_send(m, rest, "POST", path, body, otd_call_rest_object_cb);
}

static int
otd_renders_by_id(sd_bus_message *m, OtdPlugin *plugin, const gchar *method,
		  GAsyncReadyCallback callback, sd_bus_error *ret_error)
{
	OtdRest *rest = otd_plugin_get_rest(plugin);
	const char *id = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = NULL;
	int r = sd_bus_message_read(m, "s", &id);

	if (r < 0)
		return r;
	if (!otd_plugin_check_id("id", id, &error))
		return otd_bus_set_error(ret_error, error);
	path = otd_rest_project_path(rest, "render", id, NULL);
	return otd_call_rest_send(m, rest, method, path, NULL, callback);
}

static int
method_get_render(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return otd_renders_by_id(m, userdata, "GET", otd_call_rest_object_cb, ret_error);
}

static int
method_stop_render(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	g_message("stopping a render");
	/* any 2xx is success: the API answers 204 */
	return otd_renders_by_id(m, userdata, "DELETE", otd_call_rest_empty_cb, ret_error);
}

static int
method_list_renders(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdRest *rest = otd_plugin_get_rest(userdata);
	g_autoptr(GVariant) filter = NULL;
	g_autoptr(GVariant) session = NULL;
	g_autoptr(GError) error = NULL;
	gint64 count = -1;
	g_autofree gchar *query = NULL;
	g_autofree gchar *base = NULL;
	g_autofree gchar *path = NULL;
	int r = otd_bus_message_read_vardict(m, &filter);

	if (r < 0)
		return r;
	/* renders cannot be listed by session */
	session = g_variant_lookup_value(filter, "session_id", NULL);
	if (session != NULL)
		return sd_bus_error_set(ret_error, otd_error_to_dbus_name(OTD_ERROR_INVALID_ARGS),
					"unknown option 'session_id'");
	/* the render list takes 1 to 1000, unlike the archive and broadcast lists */
	if (g_variant_lookup(filter, "count", "x", &count) && count == 0)
		return sd_bus_error_set(ret_error, otd_error_to_dbus_name(OTD_ERROR_INVALID_ARGS),
					"invalid option 'count': must be from 1 to 1000, got 0");
	query = otd_recording_list_query(filter, &error);
	if (query == NULL)
		return otd_bus_set_error(ret_error, error);
	base = otd_rest_project_path(rest, "render", NULL);
	path = g_strconcat(base, query, NULL);
	return otd_call_rest_send(m, rest, "GET", path, NULL, otd_call_rest_list_cb);
}

static const OtdBusMethod otd_renders_methods[] = {
    {SD_BUS_METHOD_WITH_NAMES("Start", "sssa{sv}",
			      SD_BUS_PARAM(session_id) SD_BUS_PARAM(token) SD_BUS_PARAM(url)
				  SD_BUS_PARAM(options),
			      "a{sv}", SD_BUS_PARAM(render), method_start_render,
			      SD_BUS_VTABLE_SENSITIVE),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("Get", "s", SD_BUS_PARAM(id), "a{sv}", SD_BUS_PARAM(render),
			      method_get_render, 0),
     OTD_ACCESS_READ},
    {SD_BUS_METHOD_WITH_NAMES("List", "a{sv}", SD_BUS_PARAM(filter), "aa{sv}u",
			      SD_BUS_PARAM(items) SD_BUS_PARAM(total), method_list_renders, 0),
     OTD_ACCESS_READ},
    {SD_BUS_METHOD_WITH_NAMES("Stop", "s", SD_BUS_PARAM(id), "", "", method_stop_render, 0),
     OTD_ACCESS_WRITE},
};

static gboolean
otd_renders_setup(OtdPlugin *plugin, GError **error)
{
	return otd_plugin_add_methods(plugin, otd_renders_methods,
				      G_N_ELEMENTS(otd_renders_methods), plugin, error);
}

OTD_PLUGIN_DEFINE("renders", otd_renders_setup, NULL);
