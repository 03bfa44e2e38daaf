/* the captions plugin: live captions of a session's audio */
#include "config.h"

#include "otd-captions.h"
#include "otd-plugin-bus.h"

static void
otd_captions_started_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(OtdCall) call = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdRestResponse) response = otd_rest_request_finish(NULL, result, &error);
	g_autoptr(OtdJsonDoc) doc = NULL;
	OtdJsonVal *id = NULL;
	g_autofree gchar *repaired = NULL;

	if (response != NULL)
		doc = otd_rest_response_parse(response, &error);
	if (error != NULL) {
		otd_call_return_error(call, error);
		return;
	}
	if (doc != NULL)
		id = otd_json_val_get(otd_json_doc_root(doc), "captionsId");
	if (id == NULL || id->type != OTD_JSON_STRING) {
		g_set_error_literal(&error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
				    "the API answered captions start without a 'captionsId'");
		otd_call_return_error(call, error);
		return;
	}
	otd_call_return(call, g_variant_new("(s)", otd_json_valid_utf8(id->string, &repaired)));
}

static int
method_start_captions(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdPlugin *plugin = userdata;
	OtdRest *rest = otd_plugin_get_rest(plugin);
	const char *session_id = NULL, *token = NULL;
	g_autoptr(GVariant) options = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *use_token = NULL;
	g_autofree gchar *path = NULL;
	int r = sd_bus_message_read(m, "ss", &session_id, &token);

	if (r < 0 || (r = otd_bus_message_read_vardict(m, &options)) < 0)
		return r;
	if (!otd_plugin_check_id("session_id", session_id, &error))
		return otd_bus_set_error(ret_error, error);
	/* captions need a moderator token */
	use_token = otd_plugin_token_or_mint(plugin, session_id, token, "moderator", &error);
	if (use_token == NULL)
		return otd_bus_set_error(ret_error, error);
	body = otd_captions_body(session_id, use_token, options, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	g_message("starting captions of session %s", session_id);
	path = otd_rest_project_path(rest, "captions", NULL);
	return otd_call_rest_send(m, rest, "POST", path, body, otd_captions_started_cb);
}

static int
method_stop_captions(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdRest *rest = otd_plugin_get_rest(userdata);
	const char *id = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = NULL;
	int r = sd_bus_message_read(m, "s", &id);

	if (r < 0)
		return r;
	if (!otd_plugin_check_id("captions_id", id, &error))
		return otd_bus_set_error(ret_error, error);
	g_message("stopping captions %s", id);
	path = otd_rest_project_path(rest, "captions", id, "stop", NULL);
	return otd_call_rest_send(m, rest, "POST", path, NULL, otd_call_rest_empty_cb);
}

static const OtdBusMethod otd_captions_methods[] = {
    {SD_BUS_METHOD_WITH_NAMES("Start", "ssa{sv}",
			      SD_BUS_PARAM(session_id) SD_BUS_PARAM(token) SD_BUS_PARAM(options),
			      "s", SD_BUS_PARAM(captions_id), method_start_captions,
			      SD_BUS_VTABLE_SENSITIVE),
     OTD_ACCESS_WRITE},
    {SD_BUS_METHOD_WITH_NAMES("Stop", "s", SD_BUS_PARAM(captions_id), "", "",
			      method_stop_captions, 0),
     OTD_ACCESS_WRITE},
};

static gboolean
otd_captions_setup(OtdPlugin *plugin, GError **error)
{
	return otd_plugin_add_methods(plugin, otd_captions_methods,
				      G_N_ELEMENTS(otd_captions_methods), plugin, error);
}

OTD_PLUGIN_DEFINE("captions", otd_captions_setup, NULL);
