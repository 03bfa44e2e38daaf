/*
 * The D-Bus methods archives and broadcasts have in common. A plugin describes its
 * resource with an OtdRecordingKind and lists these handlers in its method table with an
 * OtdRecording as userdata.
 */
#include "config.h"

#include "otd-plugin-bus.h"

typedef struct {
	OtdCall *call;
	const OtdRecordingKind *kind;
	gboolean list;
} OtdRecordingReply;

static void
otd_recording_apply_fixup(const OtdRecordingKind *kind, OtdJsonDoc *doc, gboolean list)
{
	OtdJsonVal *root = doc != NULL ? otd_json_doc_root(doc) : NULL;
	OtdJsonVal *items;

	if (kind->fixup == NULL || root == NULL || root->type != OTD_JSON_OBJECT)
		return;
	if (!list) {
		kind->fixup(doc, root);
		return;
	}
	items = otd_json_val_get(root, "items");
	for (guint i = 0; items != NULL && items->type == OTD_JSON_ARRAY && i < items->n; i++) {
		if (items->elements[i].type == OTD_JSON_OBJECT)
			kind->fixup(doc, &items->elements[i]);
	}
}

static void
otd_recording_reply_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	OtdRecordingReply *reply = user_data;
	g_autoptr(OtdCall) call = reply->call;
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdRestResponse) response = otd_rest_request_finish(NULL, result, &error);
	g_autoptr(OtdJsonDoc) doc = NULL;

	if (response != NULL)
		doc = otd_rest_response_parse(response, &error);
	if (error != NULL) {
		otd_call_return_error(call, error);
	} else {
		/* the fix-up edits the parsed answer, which then becomes the reply directly */
		otd_recording_apply_fixup(reply->kind, doc, reply->list);
		otd_call_return_json_doc(call, doc, response->status, reply->list, NULL);
	}
	g_free(reply);
}

static int
otd_recording_send(OtdRecording *self, sd_bus_message *m, const gchar *method,
		   const gchar *path, JsonObject *body, gint answer)
{
	g_autoptr(OtdCall) call = otd_call_new(m);
	GCancellable *cancellable = otd_call_get_cancellable(call);
	OtdRest *rest = otd_plugin_get_rest(self->plugin);
	OtdRecordingReply *reply;

	if (answer == 0) {
		otd_rest_json_async(rest, method, path, body, cancellable, otd_call_rest_empty_cb,
				    otd_call_ref(call));
		return 1;
	}
	reply = g_new0(OtdRecordingReply, 1);
	reply->call = otd_call_ref(call);
	reply->kind = self->kind;
	reply->list = answer == 2;
	otd_rest_json_async(rest, method, path, body, cancellable, otd_recording_reply_cb, reply);
	return 1;
}

static gchar *
otd_recording_path(OtdRecording *self, const gchar *id, const gchar *action)
{
	return otd_rest_project_path(otd_plugin_get_rest(self->plugin), self->kind->resource, id,
				     action, NULL);
}

/* reads @n leading string arguments and checks each as an id */
static int
otd_recording_read_ids(sd_bus_message *m, const gchar *const *names, const char **ids, guint n,
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

int
otd_recording_method_start(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdRecording *self = userdata;
	const gchar *names[] = {"session_id"};
	const char *ids[1];
	g_autoptr(GVariant) options = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *path = NULL;
	int r = otd_recording_read_ids(m, names, ids, 1, ret_error);

	if (r < 0 || (r = otd_bus_message_read_vardict(m, &options)) < 0)
		return r;
	body = self->kind->start_body(ids[0], options, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	g_message("starting a %s of session %s", self->kind->resource, ids[0]);
	path = otd_recording_path(self, NULL, NULL);
	return otd_recording_send(self, m, "POST", path, body, 1);
}

/* Get (action NULL), Stop and Delete: one id, no body */
static int
otd_recording_by_id(sd_bus_message *m, OtdRecording *self, const gchar *method,
		    const gchar *action, gint answer, sd_bus_error *ret_error)
{
	const gchar *names[] = {"id"};
	const char *ids[1];
	g_autofree gchar *path = NULL;
	int r = otd_recording_read_ids(m, names, ids, 1, ret_error);

	if (r < 0)
		return r;
	if (g_strcmp0(method, "GET") != 0)
		g_message("%s %s %s", action != NULL ? action : "delete", self->kind->resource,
			  ids[0]);
	path = otd_recording_path(self, ids[0], action);
	return otd_recording_send(self, m, method, path, NULL, answer);
}

int
otd_recording_method_get(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return otd_recording_by_id(m, userdata, "GET", NULL, 1, ret_error);
}

int
otd_recording_method_stop(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return otd_recording_by_id(m, userdata, "POST", "stop", 1, ret_error);
}

int
otd_recording_method_delete(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return otd_recording_by_id(m, userdata, "DELETE", NULL, 0, ret_error);
}

int
otd_recording_method_list(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdRecording *self = userdata;
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
	base = otd_recording_path(self, NULL, NULL);
	path = g_strconcat(base, query, NULL);
	return otd_recording_send(self, m, "GET", path, NULL, 2);
}

int
otd_recording_method_set_layout(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	OtdRecording *self = userdata;
	const gchar *names[] = {"id"};
	const char *ids[1];
	g_autoptr(GVariant) layout = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *path = NULL;
	int r = otd_recording_read_ids(m, names, ids, 1, ret_error);

	if (r < 0 || (r = otd_bus_message_read_vardict(m, &layout)) < 0)
		return r;
	body = otd_recording_layout_body(layout, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	path = otd_recording_path(self, ids[0], "layout");
	return otd_recording_send(self, m, "PUT", path, body, 0);
}

static int
otd_recording_change_stream(sd_bus_message *m, OtdRecording *self, gboolean add,
			    sd_bus_error *ret_error)
{
	const gchar *names[] = {"id", "stream_id"};
	const char *ids[2];
	g_autoptr(GVariant) options = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = NULL;
	g_autofree gchar *path = NULL;
	int r = otd_recording_read_ids(m, names, ids, 2, ret_error);

	if (r < 0 || (add && (r = otd_bus_message_read_vardict(m, &options)) < 0))
		return r;
	body = otd_recording_stream_body(ids[1], options, &error);
	if (body == NULL)
		return otd_bus_set_error(ret_error, error);
	path = otd_recording_path(self, ids[0], "streams");
	return otd_recording_send(self, m, "PATCH", path, body, 0);
}

int
otd_recording_method_add_stream(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return otd_recording_change_stream(m, userdata, TRUE, ret_error);
}

int
otd_recording_method_remove_stream(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	return otd_recording_change_stream(m, userdata, FALSE, ret_error);
}
