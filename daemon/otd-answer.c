/* one table of well-known members, checked at every depth of an answer; null always passes */
#include "config.h"

#include "otd-answer.h"
#include "otd-error.h"

#define OTD_ANSWER_MAX_DEPTH 16

typedef enum {
	OTD_ANSWER_STRING,
	OTD_ANSWER_INT,
	OTD_ANSWER_BOOL,
	OTD_ANSWER_ARRAY,
	OTD_ANSWER_OBJECT,
} OtdAnswerType;

static const struct {
	const gchar *member;
	OtdAnswerType type;
} otd_answer_members[] = {
    {"id", OTD_ANSWER_STRING},
    {"sessionId", OTD_ANSWER_STRING},
    {"connectionId", OTD_ANSWER_STRING},
    {"streamId", OTD_ANSWER_STRING},
    {"captionsId", OTD_ANSWER_STRING},
    {"status", OTD_ANSWER_STRING},
    {"name", OTD_ANSWER_STRING},
    {"reason", OTD_ANSWER_STRING},
    {"url", OTD_ANSWER_STRING},
    {"outputMode", OTD_ANSWER_STRING},
    {"streamMode", OTD_ANSWER_STRING},
    {"resolution", OTD_ANSWER_STRING},
    {"videoType", OTD_ANSWER_STRING},
    {"createdAt", OTD_ANSWER_INT},
    {"updatedAt", OTD_ANSWER_INT},
    {"size", OTD_ANSWER_INT},
    {"duration", OTD_ANSWER_INT},
    {"count", OTD_ANSWER_INT},
    {"maxDuration", OTD_ANSWER_INT},
    {"hasAudio", OTD_ANSWER_BOOL},
    {"hasVideo", OTD_ANSWER_BOOL},
    {"items", OTD_ANSWER_ARRAY},
    {"streams", OTD_ANSWER_ARRAY},
    {"layoutClassList", OTD_ANSWER_ARRAY},
    {"broadcastUrls", OTD_ANSWER_OBJECT},
};

static const gchar *
otd_answer_type_name(OtdAnswerType type)
{
	switch (type) {
	case OTD_ANSWER_STRING:
		return "a string";
	case OTD_ANSWER_INT:
		return "an integer";
	case OTD_ANSWER_BOOL:
		return "a boolean";
	case OTD_ANSWER_ARRAY:
		return "an array";
	case OTD_ANSWER_OBJECT:
	default:
		return "an object";
	}
}

static gboolean
otd_answer_has_type(JsonNode *node, OtdAnswerType type)
{
	if (JSON_NODE_HOLDS_NULL(node))
		return TRUE;
	switch (type) {
	case OTD_ANSWER_STRING:
		return JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING;
	case OTD_ANSWER_INT:
		return JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_INT64;
	case OTD_ANSWER_BOOL:
		return JSON_NODE_HOLDS_VALUE(node) &&
		       json_node_get_value_type(node) == G_TYPE_BOOLEAN;
	case OTD_ANSWER_ARRAY:
		return JSON_NODE_HOLDS_ARRAY(node);
	case OTD_ANSWER_OBJECT:
	default:
		return JSON_NODE_HOLDS_OBJECT(node);
	}
}

static gboolean otd_answer_check_node(JsonNode *node, guint depth, GError **error);

static gboolean
otd_answer_check_members(JsonObject *object, guint depth, GError **error)
{
	JsonObjectIter iter;
	const gchar *name;
	JsonNode *node;

	json_object_iter_init(&iter, object);
	while (json_object_iter_next(&iter, &name, &node)) {
		for (guint i = 0; i < G_N_ELEMENTS(otd_answer_members); i++) {
			if (g_strcmp0(name, otd_answer_members[i].member) != 0 ||
			    otd_answer_has_type(node, otd_answer_members[i].type))
				continue;
			g_set_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
				    "the API's answer has '%s' that is not %s", name,
				    otd_answer_type_name(otd_answer_members[i].type));
			return FALSE;
		}
		if (!otd_answer_check_node(node, depth + 1, error))
			return FALSE;
	}
	return TRUE;
}

static gboolean
otd_answer_check_node(JsonNode *node, guint depth, GError **error)
{
	/* json-glib already limits nesting; this only keeps the recursion bounded */
	if (depth > OTD_ANSWER_MAX_DEPTH)
		return TRUE;
	if (JSON_NODE_HOLDS_OBJECT(node))
		return otd_answer_check_members(json_node_get_object(node), depth, error);
	if (JSON_NODE_HOLDS_ARRAY(node)) {
		JsonArray *array = json_node_get_array(node);
		for (guint i = 0; i < json_array_get_length(array); i++) {
			if (!otd_answer_check_node(json_array_get_element(array, i), depth + 1,
						   error))
				return FALSE;
		}
	}
	return TRUE;
}

gboolean
otd_answer_check_object(JsonObject *object, GError **error)
{
	return otd_answer_check_members(object, 0, error);
}
