/*
 * Faults are matched in the order they were added; the first match wins and uses up one
 * of its "times". A matched fault is handed out with a reference so that a delayed answer
 * still has it after the fault has been used up or cleared.
 */
#include "oem-faults.h"
#include "oem-util.h"

struct _OemFaults {
	GPtrArray *faults; /* OemFault, oldest first */
	guint next_id;
};

static void
oem_fault_clear(OemFault *fault)
{
	g_free(fault->method);
	g_free(fault->path);
	g_free(fault->body);
	g_free(fault->content_type);
	g_clear_pointer(&fault->headers, g_hash_table_unref);
}

OemFault *
oem_fault_ref(OemFault *fault)
{
	return g_rc_box_acquire(fault);
}

void
oem_fault_unref(OemFault *fault)
{
	g_rc_box_release_full(fault, (GDestroyNotify)oem_fault_clear);
}

gboolean
oem_fault_replaces_answer(OemFault *fault)
{
	return fault->status != 0 || fault->body != NULL;
}

/* an answer libsoup cannot write: trickled, cut short or reset */
gboolean
oem_fault_is_raw(OemFault *fault)
{
	return fault->reset || fault->trickle_ms > 0 || fault->truncate_at >= 0;
}

OemFaults *
oem_faults_new(void)
{
	OemFaults *self = g_new0(OemFaults, 1);

	self->faults = g_ptr_array_new_with_free_func((GDestroyNotify)oem_fault_unref);
	self->next_id = 1;
	return self;
}

void
oem_faults_free(OemFaults *self)
{
	if (self == NULL)
		return;
	g_ptr_array_unref(self->faults);
	g_free(self);
}

static gboolean
oem_faults_refuse(GError **error, const gchar *member, const gchar *rule)
{
	g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID, "invalid fault member '%s': %s", member,
		    rule);
	return FALSE;
}

static gboolean
oem_faults_get_uint(JsonObject *spec, const gchar *member, gint64 min, gint64 max,
		    gint64 *ret_value, GError **error)
{
	JsonNode *node = json_object_get_member(spec, member);

	if (node == NULL || JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_INT64)
		return oem_faults_refuse(error, member, "must be an integer");
	*ret_value = json_node_get_int(node);
	if (*ret_value < min || *ret_value > max)
		return oem_faults_refuse(error, member, "out of range");
	return TRUE;
}

static gboolean
oem_faults_get_string(JsonObject *spec, const gchar *member, gchar **ret_value, GError **error)
{
	JsonNode *node = json_object_get_member(spec, member);

	if (node == NULL || JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
		return oem_faults_refuse(error, member, "must be a string");
	*ret_value = json_node_dup_string(node);
	return TRUE;
}

static gboolean
oem_faults_parse_body(OemFault *fault, JsonObject *spec, GError **error)
{
	JsonNode *node = json_object_get_member(spec, "body");

	if (node == NULL || JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	/* a body given as JSON rather than as a string is sent as that JSON */
	if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING)
		fault->body = json_node_dup_string(node);
	else
		fault->body = json_to_string(node, FALSE);
	return TRUE;
}

static gboolean
oem_faults_parse_headers(OemFault *fault, JsonObject *spec, GError **error)
{
	JsonNode *node = json_object_get_member(spec, "headers");
	JsonObject *obj;
	g_autoptr(GList) names = NULL;

	if (node == NULL || JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	if (!JSON_NODE_HOLDS_OBJECT(node))
		return oem_faults_refuse(error, "headers", "must be an object of strings");
	obj = json_node_get_object(node);
	fault->headers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	names = json_object_get_members(obj);
	for (GList *l = names; l != NULL; l = l->next) {
		const gchar *value = NULL;
		JsonNode *member = json_object_get_member(obj, l->data);

		if (JSON_NODE_HOLDS_VALUE(member) &&
		    json_node_get_value_type(member) == G_TYPE_STRING)
			value = json_node_get_string(member);
		if (value == NULL)
			return oem_faults_refuse(error, "headers", "must be an object of strings");
		g_hash_table_insert(fault->headers, g_strdup(l->data), g_strdup(value));
	}
	return TRUE;
}

static gboolean
oem_faults_check_members(JsonObject *spec, GError **error)
{
	static const gchar *const known[] = {
	    "method", "path",  "status",  "delayMs", "body",	   "contentType",
	    "drop",   "times", "headers", "reset",   "trickleMs", "truncateAt", NULL};
	g_autoptr(GList) names = json_object_get_members(spec);

	/* a misspelt member would otherwise silently make a fault that does something else */
	for (GList *l = names; l != NULL; l = l->next) {
		if (!g_strv_contains(known, l->data)) {
			g_set_error(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "unknown fault member '%s'", (const gchar *)l->data);
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean
oem_faults_get_bool(JsonObject *spec, const gchar *member, gboolean *ret_value, GError **error)
{
	JsonNode *node = json_object_get_member(spec, member);

	if (node == NULL || JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_BOOLEAN)
		return oem_faults_refuse(error, member, "must be a boolean");
	*ret_value = json_node_get_boolean(node);
	return TRUE;
}

/* at most one way to end the answer early, and nothing to write on a dropped connection */
static gboolean
oem_faults_check_kind(OemFault *fault, GError **error)
{
	guint ends = (fault->drop ? 1 : 0) + (fault->reset ? 1 : 0);

	if (ends > 1)
		return oem_faults_refuse(error, "reset", "drop and reset exclude each other");
	if (ends == 1 && (oem_fault_replaces_answer(fault) || fault->trickle_ms > 0 ||
			  fault->truncate_at >= 0))
		return oem_faults_refuse(error, fault->drop ? "drop" : "reset",
					 "sends no answer, so it takes no status, body, "
					 "trickleMs or truncateAt");
	if (!fault->drop && !fault->reset && fault->delay_ms == 0 &&
	    !oem_fault_replaces_answer(fault) && !oem_fault_is_raw(fault)) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "a fault needs at least one of status, body, delayMs, drop, "
				    "reset, trickleMs or truncateAt");
		return FALSE;
	}
	return TRUE;
}

static gboolean
oem_faults_parse(OemFault *fault, JsonObject *spec, GError **error)
{
	gint64 status = 0, delay = 0, times = -1, trickle = 0, truncate_at = -1;

	if (!oem_faults_check_members(spec, error) ||
	    !oem_faults_get_string(spec, "method", &fault->method, error) ||
	    !oem_faults_get_string(spec, "path", &fault->path, error) ||
	    !oem_faults_get_string(spec, "contentType", &fault->content_type, error) ||
	    !oem_faults_get_uint(spec, "status", 100, 599, &status, error) ||
	    !oem_faults_get_uint(spec, "delayMs", 0, 600000, &delay, error) ||
	    !oem_faults_get_uint(spec, "times", 1, G_MAXINT32, &times, error) ||
	    !oem_faults_get_uint(spec, "trickleMs", 1, 60000, &trickle, error) ||
	    !oem_faults_get_uint(spec, "truncateAt", 0, G_MAXINT32, &truncate_at, error) ||
	    !oem_faults_get_bool(spec, "drop", &fault->drop, error) ||
	    !oem_faults_get_bool(spec, "reset", &fault->reset, error) ||
	    !oem_faults_parse_body(fault, spec, error) ||
	    !oem_faults_parse_headers(fault, spec, error))
		return FALSE;
	fault->status = (guint)status;
	fault->delay_ms = (guint)delay;
	fault->times = times;
	fault->trickle_ms = (guint)trickle;
	fault->truncate_at = truncate_at;
	if (fault->path == NULL)
		fault->path = g_strdup("*");
	if (fault->method != NULL) {
		g_autofree gchar *upper = g_ascii_strup(fault->method, -1);

		g_free(fault->method);
		fault->method = g_steal_pointer(&upper);
	}
	return oem_faults_check_kind(fault, error);
}

guint
oem_faults_add(OemFaults *self, JsonObject *spec, GError **error)
{
	g_autoptr(OemFault) fault = g_rc_box_new0(OemFault);

	if (!oem_faults_parse(fault, spec, error))
		return 0;
	fault->id = self->next_id++;
	g_ptr_array_add(self->faults, oem_fault_ref(fault));
	return fault->id;
}

gboolean
oem_faults_remove(OemFaults *self, guint id)
{
	for (guint i = 0; i < self->faults->len; i++) {
		OemFault *fault = g_ptr_array_index(self->faults, i);

		if (fault->id == id) {
			g_ptr_array_remove_index(self->faults, i);
			return TRUE;
		}
	}
	return FALSE;
}

void
oem_faults_clear(OemFaults *self)
{
	g_ptr_array_set_size(self->faults, 0);
}

OemFault *
oem_faults_take_match(OemFaults *self, const gchar *method, const gchar *path)
{
	for (guint i = 0; i < self->faults->len; i++) {
		OemFault *fault = g_ptr_array_index(self->faults, i);
		OemFault *match;

		if (fault->method != NULL && g_strcmp0(fault->method, method) != 0)
			continue;
		if (!g_pattern_match_simple(fault->path, path))
			continue;
		match = oem_fault_ref(fault);
		match->hits++;
		if (match->times > 0 && --match->times == 0)
			g_ptr_array_remove_index(self->faults, i);
		return match;
	}
	return NULL;
}

static JsonNode *
oem_fault_to_json(OemFault *fault)
{
	JsonObject *obj = json_object_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	json_object_set_int_member(obj, "id", fault->id);
	if (fault->method != NULL)
		json_object_set_string_member(obj, "method", fault->method);
	else
		json_object_set_null_member(obj, "method");
	json_object_set_string_member(obj, "path", fault->path);
	json_object_set_int_member(obj, "status", fault->status);
	json_object_set_int_member(obj, "delayMs", fault->delay_ms);
	if (fault->body != NULL)
		json_object_set_string_member(obj, "body", fault->body);
	if (fault->content_type != NULL)
		json_object_set_string_member(obj, "contentType", fault->content_type);
	json_object_set_boolean_member(obj, "drop", fault->drop);
	json_object_set_boolean_member(obj, "reset", fault->reset);
	json_object_set_int_member(obj, "trickleMs", fault->trickle_ms);
	if (fault->truncate_at >= 0)
		json_object_set_int_member(obj, "truncateAt", fault->truncate_at);
	else
		json_object_set_null_member(obj, "truncateAt");
	if (fault->times >= 0)
		json_object_set_int_member(obj, "times", fault->times);
	else
		json_object_set_null_member(obj, "times");
	json_object_set_int_member(obj, "hits", (gint64)fault->hits);
	json_node_take_object(node, obj);
	return node;
}

JsonNode *
oem_faults_to_json(OemFaults *self)
{
	JsonArray *array = json_array_sized_new(self->faults->len);
	JsonNode *node = json_node_new(JSON_NODE_ARRAY);

	for (guint i = 0; i < self->faults->len; i++)
		json_array_add_element(array,
				       oem_fault_to_json(g_ptr_array_index(self->faults, i)));
	json_node_take_array(node, array);
	return node;
}
