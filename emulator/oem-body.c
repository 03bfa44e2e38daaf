/*
 * Shared by every call that takes options in a JSON body (archives, broadcasts). For an
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
