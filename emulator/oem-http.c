/*
 * Two error shapes exist: the service's {"code","message","description"} for the emulated
 * REST API, and {"reason"} for the control API, which has no real-world counterpart.
 */
#include <string.h>

#include "oem-http.h"
#include "oem-util.h"

const gchar *
oem_request_get_param(OemRequest *req, const gchar *name)
{
	return req->params != NULL ? g_hash_table_lookup(req->params, name) : NULL;
}

gboolean
oem_request_accepts_json(OemRequest *req)
{
	SoupMessageHeaders *headers = soup_server_message_get_request_headers(req->msg);
	const gchar *accept = soup_message_headers_get_one(headers, "Accept");
	g_autofree gchar *lower = accept != NULL ? g_ascii_strdown(accept, -1) : NULL;

	return lower != NULL && strstr(lower, "application/json") != NULL;
}

GBytes *
oem_request_get_body(OemRequest *req)
{
	return soup_message_body_flatten(soup_server_message_get_request_body(req->msg));
}

JsonObject *
oem_request_parse_json_object(OemRequest *req, GError **error)
{
	g_autoptr(GBytes) body = oem_request_get_body(req);
	g_autoptr(JsonParser) parser = json_parser_new();
	gsize len = 0;
	const gchar *data = g_bytes_get_data(body, &len);
	JsonNode *root;

	if (len == 0 || !json_parser_load_from_data(parser, data, (gssize)len, NULL)) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "the body is not valid JSON");
		return NULL;
	}
	root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error_literal(error, OEM_ERROR, OEM_ERROR_INVALID,
				    "the body is not a JSON object");
		return NULL;
	}
	return json_object_ref(json_node_get_object(root));
}

void
oem_reply_text(SoupServerMessage *msg, guint status, const gchar *content_type, const gchar *text)
{
	soup_server_message_set_status(msg, status, NULL);
	soup_server_message_set_response(msg, content_type, SOUP_MEMORY_COPY, text, strlen(text));
}

void
oem_reply_json(SoupServerMessage *msg, guint status, JsonNode *node)
{
	g_autofree gchar *text = json_to_string(node, FALSE);

	/* exactly "application/json": one SDK falls back to XML on any other spelling */
	oem_reply_text(msg, status, "application/json", text);
}

void
oem_reply_empty(SoupServerMessage *msg, guint status)
{
	soup_server_message_set_status(msg, status, NULL);
	soup_server_message_set_response(msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

void
oem_reply_error(SoupServerMessage *msg, guint status, const gchar *message)
{
	oem_reply_error_code(msg, status, -1, message);
}

void
oem_reply_error_code(SoupServerMessage *msg, guint status, gint64 code, const gchar *message)
{
	oem_reply_error_full(msg, status, code, message, message);
}

/* a description apart from the message: the service's wording, then the emulator's detail */
void
oem_reply_error_full(SoupServerMessage *msg, guint status, gint64 code, const gchar *message,
		     const gchar *description)
{
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
	JsonObject *obj = json_object_new();

	json_object_set_int_member(obj, "code", code);
	json_object_set_string_member(obj, "message", message);
	json_object_set_string_member(obj, "description", description);
	json_node_take_object(node, obj);
	oem_reply_json(msg, status, node);
}

void
oem_reply_reason(SoupServerMessage *msg, guint status, const gchar *reason)
{
	g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
	JsonObject *obj = json_object_new();

	json_object_set_string_member(obj, "reason", reason);
	json_node_take_object(node, obj);
	oem_reply_json(msg, status, node);
}
