/* one table of well-known members, checked at every depth of an answer; null always passes */
#include "config.h"

#include <string.h>

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
otd_answer_has_type(const OtdJsonVal *val, OtdAnswerType type)
{
	static const OtdJsonType json_type[] = {
	    [OTD_ANSWER_STRING] = OTD_JSON_STRING, [OTD_ANSWER_INT] = OTD_JSON_INT,
	    [OTD_ANSWER_BOOL] = OTD_JSON_BOOLEAN,  [OTD_ANSWER_ARRAY] = OTD_JSON_ARRAY,
	    [OTD_ANSWER_OBJECT] = OTD_JSON_OBJECT,
	};

	return val->type == OTD_JSON_NULL || val->type == json_type[type];
}

static gboolean otd_answer_check_val(const OtdJsonVal *val, guint depth, GError **error);

/* for each first byte, the rows of otd_answer_members that start with it */
static const guint32 *
otd_answer_rows_by_first_byte(void)
{
	static guint32 rows[256];
	static gsize ready = 0;

	G_STATIC_ASSERT(G_N_ELEMENTS(otd_answer_members) <= 32);
	if (g_once_init_enter(&ready)) {
		for (guint i = 0; i < G_N_ELEMENTS(otd_answer_members); i++)
			rows[(guchar)otd_answer_members[i].member[0]] |= 1u << i;
		g_once_init_leave(&ready, 1);
	}
	return rows;
}

static gboolean
otd_answer_check_members(const OtdJsonVal *object, guint depth, GError **error)
{
	const guint32 *rows = otd_answer_rows_by_first_byte();

	for (guint m = 0; m < object->n; m++) {
		const gchar *name = object->members[m].key;
		const OtdJsonVal *val = &object->members[m].value;
		/* most members of an answer are in no row, and are passed over without a strcmp */
		for (guint32 mask = rows[(guchar)name[0]]; mask != 0; mask &= mask - 1) {
			guint i = (guint)__builtin_ctz(mask);
			if (strcmp(name, otd_answer_members[i].member) != 0 ||
			    otd_answer_has_type(val, otd_answer_members[i].type))
				continue;
			g_set_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE,
				    "the API's answer has '%s' that is not %s", name,
				    otd_answer_type_name(otd_answer_members[i].type));
			return FALSE;
		}
		if ((val->type == OTD_JSON_OBJECT || val->type == OTD_JSON_ARRAY) &&
		    !otd_answer_check_val(val, depth + 1, error))
			return FALSE;
	}
	return TRUE;
}

static gboolean
otd_answer_check_val(const OtdJsonVal *val, guint depth, GError **error)
{
	/* the parser already limits nesting; this only keeps the recursion bounded */
	if (depth > OTD_ANSWER_MAX_DEPTH)
		return TRUE;
	if (val->type == OTD_JSON_OBJECT)
		return otd_answer_check_members(val, depth, error);
	if (val->type == OTD_JSON_ARRAY) {
		for (guint i = 0; i < val->n; i++) {
			if (!otd_answer_check_val(&val->elements[i], depth + 1, error))
				return FALSE;
		}
	}
	return TRUE;
}

gboolean
otd_answer_check_object(const OtdJsonVal *object, GError **error)
{
	return otd_answer_check_val(object, 0, error);
}
