/*
 * A raw answer owns the stolen stream until it is written or the peer goes away; the set
 * owns the answers, so that stopping the emulator closes whatever is still trickling.
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "oem-raw.h"

struct _OemRawSet {
	GPtrArray *answers; /* OemRaw */
};

typedef struct {
	OemRawSet *set;
	GIOStream *stream;
	GBytes *head;
	GBytes *body;
	gsize sent;  /* body bytes written */
	gsize limit; /* body bytes to write before closing */
	GSource *timer;
} OemRaw;

static void
oem_raw_free(OemRaw *raw)
{
	if (raw->timer != NULL) {
		g_source_destroy(raw->timer);
		g_source_unref(raw->timer);
	}
	if (raw->stream != NULL)
		g_io_stream_close(raw->stream, NULL, NULL);
	g_clear_object(&raw->stream);
	g_bytes_unref(raw->head);
	g_bytes_unref(raw->body);
	g_free(raw);
}

OemRawSet *
oem_raw_set_new(void)
{
	OemRawSet *self = g_new0(OemRawSet, 1);

	self->answers = g_ptr_array_new_with_free_func((GDestroyNotify)oem_raw_free);
	return self;
}

void
oem_raw_set_free(OemRawSet *self)
{
	if (self == NULL)
		return;
	g_ptr_array_unref(self->answers);
	g_free(self);
}

static gboolean
oem_raw_write(OemRaw *raw, const guint8 *data, gsize len)
{
	GOutputStream *out = g_io_stream_get_output_stream(raw->stream);
	g_autoptr(GError) error = NULL;

	if (len == 0)
		return TRUE;
	if (!g_output_stream_write_all(out, data, len, NULL, NULL, &error) ||
	    !g_output_stream_flush(out, NULL, &error)) {
		g_debug("raw answer: the peer went away: %s", error->message);
		return FALSE;
	}
	return TRUE;
}

static gboolean
oem_raw_tick_cb(gpointer user_data)
{
	OemRaw *raw = user_data;
	const guint8 *body = g_bytes_get_data(raw->body, NULL);

	if (raw->sent < raw->limit && oem_raw_write(raw, body + raw->sent, 1)) {
		raw->sent++;
		if (raw->sent < raw->limit)
			return G_SOURCE_CONTINUE;
	}
	g_clear_pointer(&raw->timer, g_source_unref);
	g_ptr_array_remove(raw->set->answers, raw);
	return G_SOURCE_REMOVE;
}

/* a zero linger time makes close() send RST instead of FIN */
static void
oem_raw_reset(SoupServerMessage *msg)
{
	GSocket *socket = soup_server_message_get_socket(msg);
	struct linger lg = {.l_onoff = 1, .l_linger = 0};
	g_autoptr(GIOStream) stream = NULL;

	if (socket != NULL)
		(void)setsockopt(g_socket_get_fd(socket), SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	stream = soup_server_message_steal_connection(msg);
	if (stream != NULL)
		g_io_stream_close(stream, NULL, NULL);
}

static GBytes *
oem_raw_body(OemFault *fault, guint status, const gchar **ret_type)
{
	g_autoptr(JsonBuilder) b = NULL;
	g_autoptr(JsonNode) root = NULL;
	gchar *text;

	*ret_type = fault->content_type != NULL ? fault->content_type : "application/json";
	if (fault->body != NULL)
		return g_bytes_new(fault->body, strlen(fault->body));
	if (status < 400)
		return g_bytes_new_static("{}", 2);
	/* the service's error shape, as libsoup-written error answers have */
	b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "code");
	json_builder_add_int_value(b, -1);
	json_builder_set_member_name(b, "message");
	json_builder_add_string_value(b, soup_status_get_phrase(status));
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	text = json_to_string(root, FALSE);
	return g_bytes_new_take(text, strlen(text));
}

static GBytes *
oem_raw_head(OemFault *fault, guint status, const gchar *type, gsize length, const gchar *date)
{
	GString *head = g_string_new(NULL);
	GHashTableIter iter;
	gpointer name, value;

	g_string_append_printf(head, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase(status));
	g_string_append_printf(head, "Date: %s\r\nContent-Type: %s\r\n", date, type);
	g_string_append_printf(head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", length);
	if (fault->headers != NULL) {
		g_hash_table_iter_init(&iter, fault->headers);
		while (g_hash_table_iter_next(&iter, &name, &value))
			g_string_append_printf(head, "%s: %s\r\n", (const gchar *)name,
					       (const gchar *)value);
	}
	g_string_append(head, "Connection: close\r\n\r\n");
	return g_string_free_to_bytes(head);
}

void
oem_raw_answer(OemRawSet *self, SoupServerMessage *msg, OemFault *fault, const gchar *date)
{
	g_autoptr(GIOStream) stream = NULL;
	guint status = fault->status != 0 ? fault->status : SOUP_STATUS_OK;
	const gchar *type = NULL;
	OemRaw *raw;

	if (fault->reset) {
		oem_raw_reset(msg);
		return;
	}
	stream = soup_server_message_steal_connection(msg);
	if (stream == NULL)
		return;
	raw = g_new0(OemRaw, 1);
	raw->set = self;
	raw->stream = g_steal_pointer(&stream);
	raw->body = oem_raw_body(fault, status, &type);
	/* Content-Length is always the whole body's, so a cut answer is visibly short */
	raw->head = oem_raw_head(fault, status, type, g_bytes_get_size(raw->body), date);
	raw->limit = g_bytes_get_size(raw->body);
	if (fault->truncate_at >= 0 && (guint64)fault->truncate_at < raw->limit)
		raw->limit = (gsize)fault->truncate_at;
	g_ptr_array_add(self->answers, raw);
	if (!oem_raw_write(raw, g_bytes_get_data(raw->head, NULL), g_bytes_get_size(raw->head))) {
		g_ptr_array_remove(self->answers, raw);
		return;
	}
	if (fault->trickle_ms == 0 || raw->limit == 0) {
		(void)oem_raw_write(raw, g_bytes_get_data(raw->body, NULL), raw->limit);
		g_ptr_array_remove(self->answers, raw);
		return;
	}
	raw->timer = g_timeout_source_new(fault->trickle_ms);
	g_source_set_callback(raw->timer, oem_raw_tick_cb, raw, NULL);
	g_source_attach(raw->timer, g_main_context_get_thread_default());
}
