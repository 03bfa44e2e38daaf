/* org.opentokd.OpenTok1.Streams: look at a session's streams and moderate them */
#include "config.h"

#include "otd-plugin-bus.h"
#include "otd-streams.h"

/* reads @n string arguments, each an id named in @names */
static int
otd_streams_read_ids(sd_bus_message *m, const gchar *const *names, const char **ids, guint n,
		     sd_bus_error *ret_error)
{
	g_autoptr(GError) error = NULL;

	for (guint i = 0; i < n; i++) {
		int r = sd_bus_message_read_basic(m, 's', &ids[i]);
		if (r < 0)
			return r;
		if (!otd_plugin_check_id(names[i], ids[i], &error))
			return otd_bus_set_error(ret_error, error);
	}
	return 0;
}

static int
method_get_stream(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const gchar *names[] = {"session_id", "stream_id"};
	const char *ids[2];
	g_autofree gchar *path = NULL;
	int r = otd_streams_read_ids(m, names, ids, 2, ret_error);

	if (r < 0)
		return r;
	path = otd_rest_project_path(otd_plugin_get_rest(userdata), "session", ids[0], "stream",
				     ids[1], NULL);
	return otd_call_rest_send(m, otd_plugin_get_rest(userdata), "GET", path, NULL,
				  otd_call_rest_object_cb);
}

static int
method_list_streams(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const gchar *names[] = {"session_id"};
	const char *ids[1];
	g_autofree gchar *path = NULL;
	int r = otd_streams_read_ids(m, names, ids, 1, ret_error);

	if (r < 0)
		return r;
	path = otd_rest_project_path(otd_plugin_get_rest(userdata), "session", ids[0], "stream",
				     NULL);
	return otd_call_rest_send(m, otd_plugin_get_rest(userdata), "GET", path, NULL,
				  otd_call_rest_list_cb);
}

static int
method_set_layout_classes(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const gchar *names[] = {"session_id"};
	const char *ids[1];
	g_autoptr(GVariant) classes = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *path = NULL;
	int r = otd_streams_read_ids(m, names, ids, 1, ret_error);

	if (r < 0 || (r = otd_bus_message_read_gvariant(m, &classes)) < 0)
		return r;
	g_variant_ref_sink(classes);
	body = otd_streams_layout_body(classes, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	path = otd_rest_project_path(otd_plugin_get_rest(userdata), "session", ids[0], "stream",
				     NULL);
	return otd_call_rest_send(m, otd_plugin_get_rest(userdata), "PUT", path, body,
				  otd_call_rest_empty_cb);
}

static int
method_force_mute(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const gchar *names[] = {"session_id", "stream_id"};
	const char *ids[2];
	g_autofree gchar *path = NULL;
	int r = otd_streams_read_ids(m, names, ids, 2, ret_error);

	if (r < 0)
		return r;
	g_message("force-muting stream %s of session %s", ids[1], ids[0]);
	path = otd_rest_project_path(otd_plugin_get_rest(userdata), "session", ids[0], "stream",
				     ids[1], "mute", NULL);
	return otd_call_rest_send(m, otd_plugin_get_rest(userdata), "POST", path, NULL,
				  otd_call_rest_empty_cb);
}

static int
otd_streams_post_mute(sd_bus_message *m, OtdPlugin *plugin, const char *session_id,
		      JsonObject *body)
{
	g_autofree gchar *path =
	    otd_rest_project_path(otd_plugin_get_rest(plugin), "session", session_id, "mute", NULL);
	return otd_call_rest_send(m, otd_plugin_get_rest(plugin), "POST", path, body,
				  otd_call_rest_empty_cb);
}

static int
method_force_mute_all(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const gchar *names[] = {"session_id"};
	const char *ids[1];
	g_auto(GStrv) excluded = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	int r = otd_streams_read_ids(m, names, ids, 1, ret_error);

	if (r < 0 || (r = sd_bus_message_read_strv(m, &excluded)) < 0)
		return r;
	body = otd_streams_mute_all_body((const gchar *const *)excluded, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	g_message("force-muting session %s", ids[0]);
	return otd_streams_post_mute(m, userdata, ids[0], body);
}

static int
method_disable_force_mute(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const gchar *names[] = {"session_id"};
	const char *ids[1];
	g_autoptr(JsonObject) body = json_object_new();
	int r = otd_streams_read_ids(m, names, ids, 1, ret_error);

	if (r < 0)
		return r;
	json_object_set_boolean_member(body, "active", FALSE);
	g_message("ending the force-mute of session %s", ids[0]);
	return otd_streams_post_mute(m, userdata, ids[0], body);
}

static const OtdBusMethod otd_streams_methods[] = {
    {SD_BUS_METHOD_WITH_NAMES("Get", "ss", SD_BUS_PARAM(session_id) SD_BUS_PARAM(stream_id),
			      "a{sv}", SD_BUS_PARAM(stream), method_get_stream, 0),
     OTD_ACCESS_READ},
    {SD_BUS_METHOD_WITH_NAMES("List", "s", SD_BUS_PARAM(session_id), "aa{sv}u",
			      SD_BUS_PARAM(items) SD_BUS_PARAM(total), method_list_streams, 0),
     OTD_ACCESS_READ},
    {SD_BUS_METHOD_WITH_NAMES("SetLayoutClasses", "sa{sas}",
			      SD_BUS_PARAM(session_id) SD_BUS_PARAM(classes), "", "",
			      method_set_layout_classes, 0),
     OTD_ACCESS_MODERATION},
    {SD_BUS_METHOD_WITH_NAMES("ForceMute", "ss", SD_BUS_PARAM(session_id) SD_BUS_PARAM(stream_id),
			      "", "", method_force_mute, 0),
     OTD_ACCESS_MODERATION},
    {SD_BUS_METHOD_WITH_NAMES("ForceMuteAll", "sas",
			      SD_BUS_PARAM(session_id) SD_BUS_PARAM(excluded_stream_ids), "", "",
			      method_force_mute_all, 0),
     OTD_ACCESS_MODERATION},
    {SD_BUS_METHOD_WITH_NAMES("DisableForceMute", "s", SD_BUS_PARAM(session_id), "", "",
			      method_disable_force_mute, 0),
     OTD_ACCESS_MODERATION},
};

gboolean
otd_streams_bus_register(OtdPlugin *plugin, GError **error)
{
	return otd_plugin_add_methods(plugin, otd_streams_methods,
				      G_N_ELEMENTS(otd_streams_methods), plugin, error);
}
