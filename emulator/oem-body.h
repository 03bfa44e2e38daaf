/*
 * Strict readers for the members of a request's JSON body. A JSON null counts as an absent
 * member, since several SDKs send null for every option left unset; a member of the wrong
 * type or out of range is an OEM_ERROR_INVALID whose message names it.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean oem_body_refuse(GError **error, const gchar *message);
JsonNode *oem_body_get_member(JsonObject *obj, const gchar *name);
gboolean oem_body_node_has_type(JsonNode *node, GType type);
gboolean oem_body_read_string(JsonObject *obj, const gchar *name, const gchar **ret_value,
			      GError **error);
gboolean oem_body_read_enum(JsonObject *obj, const gchar *name, const gchar *const *allowed,
			    const gchar **ret_value, GError **error);
gboolean oem_body_read_bool(JsonObject *obj, const gchar *name, gboolean *ret_value,
			    GError **error);
gboolean oem_body_read_int(JsonObject *obj, const gchar *name, gint64 min, gint64 max,
			   gint64 *ret_value, GError **error);
gboolean oem_body_read_strv(JsonObject *obj, const gchar *name, GStrv *ret_value, GError **error);
gboolean oem_body_read_string_map(JsonObject *obj, const gchar *name, JsonObject **ret_value,
				  GError **error);
gboolean oem_body_read_url(JsonObject *obj, const gchar *name, const gchar *const *schemes,
			   glong min_chars, glong max_chars, const gchar **ret_value,
			   GError **error);

G_END_DECLS
