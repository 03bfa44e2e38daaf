/*
 * Entries are built as JSON when the request arrives: they are read far less often than
 * they are written, and building them once keeps no libsoup object alive.
 */
#include "oem-request-log.h"
#include "oem-util.h"

struct _OemRequestLog {
	GQueue entries; /* JsonNode, oldest first */
	guint max_entries;
};

OemRequestLog *
oem_request_log_new(guint max_entries)
{
	OemRequestLog *self = g_new0(OemRequestLog, 1);

	g_queue_init(&self->entries);
	self->max_entries = max_entries;
	return self;
}

void
oem_request_log_clear(OemRequestLog *self)
{
	g_queue_clear_full(&self->entries, (GDestroyNotify)json_node_unref);
}

void
oem_request_log_free(OemRequestLog *self)
{
	if (self == NULL)
		return;
	oem_request_log_clear(self);
	g_free(self);
}

static void
oem_request_log_add_header(const char *name, const char *value, gpointer user_data)
{
	JsonObject *headers = user_data;
	const gchar *previous = json_object_has_member(headers, name)
				    ? json_object_get_string_member(headers, name)
				    : NULL;

	/* repeated headers are folded as HTTP allows: one value, comma separated */
	if (previous != NULL) {
		g_autofree gchar *joined = g_strdup_printf("%s, %s", previous, value);

		json_object_set_string_member(headers, name, joined);
		return;
	}
	json_object_set_string_member(headers, name, value);
}

static gchar *
oem_request_log_get_body(SoupServerMessage *msg)
{
	SoupMessageBody *body = soup_server_message_get_request_body(msg);
	g_autoptr(GBytes) bytes = soup_message_body_flatten(body);
	gsize len = 0;
	const gchar *data = g_bytes_get_data(bytes, &len);

	return g_utf8_make_valid(data != NULL ? data : "", (gssize)len);
}

/* the client's address and port: tells one connection from another */
static void
oem_request_log_add_peer(JsonObject *entry, SoupServerMessage *msg)
{
	GSocketAddress *peer = soup_server_message_get_remote_address(msg);
	g_autofree gchar *host = NULL;
	g_autofree gchar *text = NULL;

	if (!G_IS_INET_SOCKET_ADDRESS(peer)) {
		json_object_set_null_member(entry, "peer");
		return;
	}
	host = g_inet_address_to_string(
	    g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(peer)));
	text = g_strdup_printf("%s:%u", host,
			       g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(peer)));
	json_object_set_string_member(entry, "peer", text);
}

void
oem_request_log_add(OemRequestLog *self, SoupServerMessage *msg)
{
	GUri *uri = soup_server_message_get_uri(msg);
	JsonObject *entry = json_object_new();
	JsonObject *headers = json_object_new();
	JsonNode *node = json_node_new(JSON_NODE_OBJECT);
	g_autofree gchar *body = oem_request_log_get_body(msg);

	json_object_set_int_member(entry, "time", oem_now_ms());
	json_object_set_string_member(entry, "method", soup_server_message_get_method(msg));
	oem_request_log_add_peer(entry, msg);
	json_object_set_string_member(entry, "path", g_uri_get_path(uri));
	if (g_uri_get_query(uri) != NULL)
		json_object_set_string_member(entry, "query", g_uri_get_query(uri));
	else
		json_object_set_null_member(entry, "query");
	soup_message_headers_foreach(soup_server_message_get_request_headers(msg),
				     oem_request_log_add_header, headers);
	json_object_set_object_member(entry, "headers", headers);
	json_object_set_string_member(entry, "body", body);
	json_node_take_object(node, entry);

	g_queue_push_tail(&self->entries, node);
	while (g_queue_get_length(&self->entries) > self->max_entries)
		json_node_unref(g_queue_pop_head(&self->entries));
}

JsonNode *
oem_request_log_to_json(OemRequestLog *self)
{
	JsonArray *array = json_array_sized_new(g_queue_get_length(&self->entries));
	JsonNode *node = json_node_new(JSON_NODE_ARRAY);

	for (GList *l = self->entries.head; l != NULL; l = l->next)
		json_array_add_element(array, json_node_copy(l->data));
	json_node_take_array(node, array);
	return node;
}
