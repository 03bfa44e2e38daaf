/* org.opentokd.OpenTok1.Archives */
#include "config.h"

#include "otd-archives.h"
#include "otd-plugin-bus.h"

/* sends the request for @m and answers it through @callback later */
static int
otd_archives_send(OtdPlugin *plugin, sd_bus_message *m, const gchar *method, const gchar *path,
		  JsonObject *body, GAsyncReadyCallback callback)
{
	g_autoptr(OtdCall) call = otd_call_new(m);

	otd_rest_json_async(otd_plugin_get_rest(plugin), method, path, body,
			    otd_call_get_cancellable(call), callback, otd_call_ref(call));
	return 1;
}

static gchar *
otd_archives_path(OtdPlugin *plugin, const gchar *id, const gchar *action)
{
	return otd_rest_project_path(otd_plugin_get_rest(plugin), "archive", id, action, NULL);
}

/* reads the leading string arguments and checks each as an id */
static int
otd_archives_read_ids(sd_bus_message *m, const gchar *const *names, const char **ids,
		      sd_bus_error *ret_error)
{
	g_autoptr(GError) error = NULL;

	for (guint i = 0; names[i] != NULL; i++) {
		int r = sd_bus_message_read_basic(m, 's', &ids[i]);
		if (r < 0)
			return r;
		if (!otd_plugin_check_id(names[i], ids[i], &error))
			return otd_bus_set_error(ret_error, error);
	}
	return 0;
}

static int
method_start_archive(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdPlugin *plugin = userdata;
	const gchar *names[] = {"session_id", NULL};
	const char *ids[1];
	g_autoptr(GVariant) options = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *path = NULL;
	int r = otd_archives_read_ids(m, names, ids, ret_error);

	if (r < 0 || (r = otd_bus_message_read_vardict(m, &options)) < 0)
		return r;
	body = otd_archives_start_body(ids[0], options, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	g_message("starting an archive of session %s", ids[0]);
	path = otd_rest_project_path(otd_plugin_get_rest(plugin), "archive", NULL);
	return otd_archives_send(plugin, m, "POST", path, body, otd_call_rest_object_cb);
}

static int
method_get_archive(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const gchar *names[] = {"id", NULL};
	const char *ids[1];
	g_autofree gchar *path = NULL;
	int r = otd_archives_read_ids(m, names, ids, ret_error);

	if (r < 0)
		return r;
	path = otd_archives_path(userdata, ids[0], NULL);
	return otd_archives_send(userdata, m, "GET", path, NULL, otd_call_rest_object_cb);
}

static int
method_list_archives(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdPlugin *plugin = userdata;
	g_autoptr(GVariant) filter = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *query = NULL;
	g_autofree gchar *base = NULL;
	g_autofree gchar *path = NULL;
	int r = otd_bus_message_read_vardict(m, &filter);

	if (r < 0)
		return r;
	query = otd_recording_list_query(filter, &error);
	if (query == NULL)
		return otd_bus_set_error(ret_error, error);
	base = otd_rest_project_path(otd_plugin_get_rest(plugin), "archive", NULL);
	path = g_strconcat(base, query, NULL);
	return otd_archives_send(plugin, m, "GET", path, NULL, otd_call_rest_list_cb);
}

static int
method_stop_archive(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const gchar *names[] = {"id", NULL};
	const char *ids[1];
	g_autofree gchar *path = NULL;
	int r = otd_archives_read_ids(m, names, ids, ret_error);

	if (r < 0)
		return r;
	g_message("stopping archive %s", ids[0]);
	path = otd_archives_path(userdata, ids[0], "stop");
	return otd_archives_send(userdata, m, "POST", path, NULL, otd_call_rest_object_cb);
}

static int
method_delete_archive(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const gchar *names[] = {"id", NULL};
	const char *ids[1];
	g_autofree gchar *path = NULL;
	int r = otd_archives_read_ids(m, names, ids, ret_error);

	if (r < 0)
		return r;
	g_message("deleting archive %s", ids[0]);
	path = otd_archives_path(userdata, ids[0], NULL);
	return otd_archives_send(userdata, m, "DELETE", path, NULL, otd_call_rest_empty_cb);
}

static int
method_set_archive_layout(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const gchar *names[] = {"id", NULL};
	const char *ids[1];
	g_autoptr(GVariant) layout = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *path = NULL;
	int r = otd_archives_read_ids(m, names, ids, ret_error);

	if (r < 0 || (r = otd_bus_message_read_vardict(m, &layout)) < 0)
		return r;
	body = otd_archives_layout_body(layout, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	path = otd_archives_path(userdata, ids[0], "layout");
	return otd_archives_send(userdata, m, "PUT", path, body, otd_call_rest_empty_cb);
}

static int
otd_archives_change_stream(sd_bus_message *m, OtdPlugin *plugin, gboolean add,
			   sd_bus_error *ret_error)
{
	const gchar *names[] = {"id", "stream_id", NULL};
	const char *ids[2];
	g_autoptr(GVariant) options = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *path = NULL;
	int r = otd_archives_read_ids(m, names, ids, ret_error);

	if (r < 0 || (add && (r = otd_bus_message_read_vardict(m, &options)) < 0))
		return r;
	body = otd_recording_stream_body(ids[1], options, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	path = otd_archives_path(plugin, ids[0], "streams");
	return otd_archives_send(plugin, m, "PATCH", path, body, otd_call_rest_empty_cb);
}

static int
method_add_archive_stream(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return otd_archives_change_stream(m, userdata, TRUE, ret_error);
}

static int
method_remove_archive_stream(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return otd_archives_change_stream(m, userdata, FALSE, ret_error);
}

static const OtdBusMethod otd_archives_methods[] = {
    {SD_BUS_METHOD_WITH_NAMES("Start", "sa{sv}", SD_BUS_PARAM(session_id) SD_BUS_PARAM(options),
			      "a{sv}", SD_BUS_PARAM(archive), method_start_archive, 0),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("Get", "s", SD_BUS_PARAM(id), "a{sv}", SD_BUS_PARAM(archive),
			      method_get_archive, 0),
     OTD_ACCESS_READ},
    {SD_BUS_METHOD_WITH_NAMES("List", "a{sv}", SD_BUS_PARAM(filter), "aa{sv}u",
			      SD_BUS_PARAM(items) SD_BUS_PARAM(total), method_list_archives, 0),
     OTD_ACCESS_READ},
    {SD_BUS_METHOD_WITH_NAMES("Stop", "s", SD_BUS_PARAM(id), "a{sv}", SD_BUS_PARAM(archive),
			      method_stop_archive, 0),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("Delete", "s", SD_BUS_PARAM(id), "", "", method_delete_archive,
			      0),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("SetLayout", "sa{sv}", SD_BUS_PARAM(id) SD_BUS_PARAM(layout), "",
			      "", method_set_archive_layout, 0),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("AddStream", "ssa{sv}",
			      SD_BUS_PARAM(id) SD_BUS_PARAM(stream_id) SD_BUS_PARAM(options), "",
			      "", method_add_archive_stream, 0),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("RemoveStream", "ss", SD_BUS_PARAM(id) SD_BUS_PARAM(stream_id), "",
			      "", method_remove_archive_stream, 0),
     OTD_ACCESS_WRITE},
};

gboolean
otd_archives_bus_register(OtdPlugin *plugin, GError **error)
{
	return otd_plugin_add_methods(plugin, otd_archives_methods,
				      G_N_ELEMENTS(otd_archives_methods), plugin, error);
}
