/*
 * Captions are never produced: a run only records what it was asked for and whether it was
 * stopped. maxDuration is kept, not enforced, and the status callback is never called.
 */
#include "oem-body.h"
#include "oem-caption.h"
#include "oem-util.h"

/* the codes the reference lists (§6.5) */
const gchar *const oem_caption_languages[] = {
    "en-US", "en-AU", "en-GB", "es-US", "zh-CN", "fr-FR", "fr-CA", "de-DE",
    "hi-IN", "it-IT", "ja-JP", "ko-KR", "pt-BR", "th-TH", NULL,
};
static const gchar *const oem_caption_callback_schemes[] = {"http", "https", NULL};

static gboolean
oem_caption_read_options(JsonObject *body, OemCaption *caption, GError **error)
{
	const gchar *language = NULL, *callback = NULL;

	if (!oem_body_read_enum(body, "languageCode", oem_caption_languages, &language, error) ||
	    !oem_body_read_int(body, "maxDuration", OEM_CAPTION_DURATION_MIN,
			       OEM_CAPTION_DURATION_MAX, &caption->max_duration, error) ||
	    !oem_body_read_bool(body, "partialCaptions", &caption->partial_captions, error) ||
	    !oem_body_read_url(body, "statusCallbackUrl", oem_caption_callback_schemes, 15, 2048,
			       &callback, error))
		return FALSE;
	caption->language_code = g_strdup(language != NULL ? language : "en-US");
	caption->status_callback_url = g_strdup(callback);
	return TRUE;
}

/* the options of a start body; its sessionId and token are the caller's to read */
OemCaption *
oem_caption_new_from_json(const gchar *session_id, JsonObject *body, GError **error)
{
	g_autoptr(OemCaption) caption = g_new0(OemCaption, 1);

	caption->max_duration = OEM_CAPTION_DURATION_DEFAULT;
	caption->partial_captions = TRUE;
	if (!oem_caption_read_options(body, caption, error))
		return NULL;
	caption->id = g_uuid_string_random();
	caption->session_id = g_strdup(session_id);
	caption->created_at = oem_now_ms();
	caption->updated_at = caption->created_at;
	caption->started = TRUE;
	return g_steal_pointer(&caption);
}

void
oem_caption_free(OemCaption *caption)
{
	if (caption == NULL)
		return;
	g_free(caption->id);
	g_free(caption->session_id);
	g_free(caption->language_code);
	g_free(caption->status_callback_url);
	g_free(caption);
}

void
oem_caption_stop(OemCaption *caption)
{
	caption->started = FALSE;
	caption->updated_at = MAX(oem_now_ms(), caption->created_at);
}

/* the control view; the service has no call that shows a captions run */
JsonNode *
oem_caption_to_json(OemCaption *caption, const gchar *api_key)
{
	JsonObject *obj = json_object_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);

	json_object_set_string_member(obj, "captionsId", caption->id);
	json_object_set_string_member(obj, "sessionId", caption->session_id);
	json_object_set_string_member(obj, "projectId", api_key);
	json_object_set_string_member(obj, "status", caption->started ? "started" : "stopped");
	json_object_set_string_member(obj, "languageCode", caption->language_code);
	json_object_set_int_member(obj, "maxDuration", caption->max_duration);
	json_object_set_boolean_member(obj, "partialCaptions", caption->partial_captions);
	if (caption->status_callback_url != NULL)
		json_object_set_string_member(obj, "statusCallbackUrl",
					      caption->status_callback_url);
	json_object_set_int_member(obj, "createdAt", caption->created_at);
	json_object_set_int_member(obj, "updatedAt", caption->updated_at);
	json_node_take_object(node, obj);
	return node;
}
