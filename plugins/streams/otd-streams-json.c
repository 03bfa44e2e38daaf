/* request bodies of the streams plugin */
#include "config.h"

#include <string.h>

#include "otd-streams.h"

#define OTD_STREAMS_MAX_CLASSES 64
#define OTD_STREAMS_MAX_CLASS	256

static gboolean
otd_streams_check_class(const gchar *stream_id, const gchar *name, GError **error)
{
	if (name[0] == '\0' || strlen(name) > OTD_STREAMS_MAX_CLASS ||
	    strpbrk(name, " \t\r\n") != NULL) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option 'classes[%s]': class names must be 1 to %u "
			    "characters without white space",
			    stream_id, OTD_STREAMS_MAX_CLASS);
		return FALSE;
	}
	return TRUE;
}

static JsonObject *
otd_streams_layout_item(const gchar *stream_id, GVariant *list, GError **error)
{
	g_autoptr(JsonObject) item = json_object_new();
	g_autoptr(JsonArray) classes = json_array_new();
	g_autofree const gchar **names = g_variant_get_strv(list, NULL);
	g_autofree gchar *what = g_strdup_printf("stream id '%s'", stream_id);

	if (!otd_plugin_check_id(what, stream_id, error))
		return NULL;
	if (g_strv_length((gchar **)names) > OTD_STREAMS_MAX_CLASSES) {
		g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
			    "invalid option 'classes[%s]': at most %u class names", stream_id,
			    OTD_STREAMS_MAX_CLASSES);
		return NULL;
	}
	for (guint i = 0; names[i] != NULL; i++) {
		if (!otd_streams_check_class(stream_id, names[i], error))
			return NULL;
		json_array_add_string_element(classes, names[i]);
	}
	json_object_set_string_member(item, "id", stream_id);
	json_object_set_array_member(item, "layoutClassList", g_steal_pointer(&classes));
	return g_steal_pointer(&item);
}

JsonObject *
otd_streams_layout_body(GVariant *classes, GError **error)
{
	g_autoptr(JsonObject) body = json_object_new();
	g_autoptr(JsonArray) items = json_array_new();
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	gsize n = g_variant_n_children(classes);

	if (n == 0) {
		g_set_error_literal(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option 'classes': name at least one stream");
		return NULL;
	}
	for (gsize i = 0; i < n; i++) {
		const gchar *stream_id = NULL;
		g_autoptr(GVariant) list = NULL;
		JsonObject *item;

		g_variant_get_child(classes, i, "{&s@as}", &stream_id, &list);
		if (!g_hash_table_add(seen, (gpointer)stream_id)) {
			g_set_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS,
				    "invalid option 'classes': stream %s is given twice", stream_id);
			return NULL;
		}
		item = otd_streams_layout_item(stream_id, list, error);
		if (item == NULL)
			return NULL;
		json_array_add_object_element(items, item);
	}
	json_object_set_array_member(body, "items", g_steal_pointer(&items));
	return g_steal_pointer(&body);
}

JsonObject *
otd_streams_mute_all_body(const gchar *const *excluded, GError **error)
{
	g_autoptr(JsonObject) body = json_object_new();
	g_autoptr(JsonArray) ids = json_array_new();

	for (guint i = 0; excluded != NULL && excluded[i] != NULL; i++) {
		if (!otd_plugin_check_id("excluded_stream_ids", excluded[i], error))
			return NULL;
		json_array_add_string_element(ids, excluded[i]);
	}
	/* JSON booleans and the documented key, unlike some SDKs (reference Appendix A) */
	json_object_set_boolean_member(body, "active", TRUE);
	json_object_set_array_member(body, "excludedStreamIds", g_steal_pointer(&ids));
	return g_steal_pointer(&body);
}
