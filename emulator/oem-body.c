/*
 * Shared by every call that takes options in a JSON body (archives, broadcasts, SIP, …). For an
 * absent member the string readers give NULL; the others leave their output as it was, so
 * callers set defaults first.
 */
#include "oem-body.h"
#include "oem-util.h"

gboolean
oem_body_refuse(GError **error, const gchar *message)
{
	g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID, message);
	return FALSE;
}

/* NULL when @name is absent or null */
JsonNode *
oem_body_get_member(JsonObject *obj, const gchar *name)
{
	JsonNode *node = json_object_get_member(obj, name);

	return node != NULL && !JSON_NODE_HOLDS_NULL(node) ? node : NULL;
}

gboolean
oem_body_node_has_type(JsonNode *node, GType type)
{
	return JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == type;
}

/* an absent member sets @ret_value to NULL */
gboolean
oem_body_read_string(JsonObject *obj, const gchar *name, const gchar **ret_value, GError **error)
{
	JsonNode *node = oem_body_get_member(obj, name);

	*ret_value = NULL;
	if (node == NULL)
		return TRUE;
	if (!oem_body_node_has_type(node, G_TYPE_STRING)) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "%s must be a string", name);
		return FALSE;
	}
	*ret_value = json_node_get_string(node);
	return TRUE;
}

/* a string out of @allowed, or NULL when absent */
gboolean
oem_body_read_enum(JsonObject *obj, const gchar *name, const gchar *const *allowed,
		   const gchar **ret_value, GError **error)
{
	g_autofree gchar *list = NULL;

	if (!oem_body_read_string(obj, name, ret_value, error))
		return FALSE;
	if (*ret_value == NULL || g_strv_contains(allowed, *ret_value))
		return TRUE;
	list = g_strjoinv(", ", (GStrv)allowed);
	g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "%s must be one of %s", name, list);
	return FALSE;
}

gboolean
oem_body_read_bool(JsonObject *obj, const gchar *name, gboolean *ret_value, GError **error)
{
	JsonNode *node = oem_body_get_member(obj, name);

	if (node == NULL)
		return TRUE;
	if (!oem_body_node_has_type(node, G_TYPE_BOOLEAN)) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "%s must be a boolean", name);
		return FALSE;
	}
	*ret_value = json_node_get_boolean(node);
	return TRUE;
}

/* an integer from @min to @max; 1.0 or "5" are not integers */
gboolean
oem_body_read_int(JsonObject *obj, const gchar *name, gint64 min, gint64 max, gint64 *ret_value,
		  GError **error)
{
	JsonNode *node = oem_body_get_member(obj, name);

	if (node == NULL)
		return TRUE;
	if (!oem_body_node_has_type(node, G_TYPE_INT64) || json_node_get_int(node) < min ||
	    json_node_get_int(node) > max) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID,
			    "%s must be an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
			    name, min, max);
		return FALSE;
	}
	*ret_value = json_node_get_int(node);
	return TRUE;
}

/* an array of strings; an absent member sets @ret_value to NULL */
gboolean
oem_body_read_strv(JsonObject *obj, const gchar *name, GStrv *ret_value, GError **error)
{
	JsonNode *node = oem_body_get_member(obj, name);
	g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
	JsonArray *array;

	*ret_value = NULL;
	if (node == NULL)
		return TRUE;
	if (!JSON_NODE_HOLDS_ARRAY(node)) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "%s must be an array of strings",
			    name);
		return FALSE;
	}
	array = json_node_get_array(node);
	for (guint i = 0; i < json_array_get_length(array); i++) {
		JsonNode *element = json_array_get_element(array, i);

		if (!oem_body_node_has_type(element, G_TYPE_STRING)) {
			g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "%s must be an array of strings", name);
			return FALSE;
		}
		g_strv_builder_add(builder, json_node_get_string(element));
	}
	*ret_value = g_strv_builder_end(builder);
	return TRUE;
}

/* an object whose members are all strings (headers); an absent member sets @ret_value to NULL,
 * else it points into @obj */
gboolean
oem_body_read_string_map(JsonObject *obj, const gchar *name, JsonObject **ret_value, GError **error)
{
	JsonNode *node = oem_body_get_member(obj, name);
	g_autoptr(GList) members = NULL;

	*ret_value = NULL;
	if (node == NULL)
		return TRUE;
	if (!JSON_NODE_HOLDS_OBJECT(node)) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "%s must be an object of strings",
			    name);
		return FALSE;
	}
	members = json_object_get_values(json_node_get_object(node));
	for (GList *l = members; l != NULL; l = l->next) {
		if (!oem_body_node_has_type(l->data, G_TYPE_STRING)) {
			g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "%s must be an object of strings", name);
			return FALSE;
		}
	}
	*ret_value = json_node_get_object(node);
	return TRUE;
}

/* a URL of @min_chars to @max_chars characters, with one of @schemes and a host; an absent
 * member sets @ret_value to NULL */
gboolean
oem_body_read_url(JsonObject *obj, const gchar *name, const gchar *const *schemes, glong min_chars,
		  glong max_chars, const gchar **ret_value, GError **error)
{
	g_autoptr(GUri) uri = NULL;
	g_autofree gchar *list = NULL;
	glong chars;

	if (!oem_body_read_string(obj, name, ret_value, error))
		return FALSE;
	if (*ret_value == NULL)
		return TRUE;
	chars = g_utf8_strlen(*ret_value, -1);
	if (chars < min_chars || chars > max_chars) {
		g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID,
			    "%s must be from %ld to %ld characters long", name, min_chars,
			    max_chars);
		return FALSE;
	}
	uri = g_uri_parse(*ret_value, G_URI_FLAGS_NONE, NULL);
	if (uri != NULL && g_strv_contains(schemes, g_uri_get_scheme(uri)) &&
	    g_uri_get_host(uri) != NULL && g_uri_get_host(uri)[0] != '\0')
		return TRUE;
	list = g_strjoinv(":// or ", (GStrv)schemes);
	g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "%s must be a %s:// URL with a host", name,
		    list);
	return FALSE;
}
