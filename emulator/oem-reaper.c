/*
 * The leak: when a keep-alive client closes an idle connection, libsoup 3.2 reads the EOF
 * while waiting for the next request, drops that request's I/O state and then never
 * disconnects, so the socket stays in CLOSE-WAIT and its fd stays open for good. Nothing
 * public can reach a connection in that state any more, so the reaper has to see the EOF
 * before libsoup does.
 *
 * How: every accepted socket gets a watch, armed only while the connection is idle (from
 * accept, and from the end of each request until the next one starts). The watch polls the
 * socket at G_PRIORITY_HIGH, above libsoup's own I/O sources, so when the peer closes, the
 * GLib loop dispatches the watch first. It peeks one byte with MSG_PEEK: 0 means the peer
 * has gone, and the connection is handed back with soup_server_message_steal_connection()
 * on the last message, which makes libsoup forget it; then the socket is closed. Data means
 * a new request is arriving: the watch steps aside (a level-triggered source at high
 * priority would otherwise starve libsoup) and looks again a little later if no request
 * has started by then.
 *
 * Stealing is only safe while libsoup still holds the idle connection's I/O state, which
 * is what the priority guarantees. Where that cannot be known (a TLS handshake in progress,
 * or bytes that did not turn into a request, such as a TLS close_notify) the watch only
 * closes the socket: the fd and the port are released, a few small objects are not.
 */
#include <errno.h>
#include <sys/socket.h>

#include "oem-reaper.h"

#define OEM_REAPER_RETRY_MIN_MS 250
#define OEM_REAPER_RETRY_MAX_MS 4000
#define OEM_REAPER_SWEEP_MIN	64

struct _OemReaper {
	SoupServer *server;
	GMainContext *context;
	gboolean tls;
	GHashTable *watches; /* OemConnWatch, not owned: each lives on its socket */
	guint sweep_at;	     /* size of watches that triggers the next sweep */
	gulong handler_ids[4];
};

typedef struct {
	OemReaper *reaper;	/* NULL once the reaper is gone */
	GSocket *socket;	/* not owned: the watch is data on the socket */
	GSource *source;	/* armed: polls the socket, holding a reference to it */
	GSource *retry;		/* re-arms after data that did not start a request */
	SoupServerMessage *msg; /* while armed, a message whose connection may be stolen */
	gboolean busy;		/* a request is being read or answered */
	guint retry_ms;
} OemConnWatch;

static GQuark
oem_reaper_watch_quark(void)
{
	return g_quark_from_static_string("oem-reaper-watch");
}

gboolean
oem_reaper_is_needed(void)
{
	/* upstream fixed the leak in 3.3.0 (commit d20c6601) */
	return soup_get_major_version() == 3 && soup_get_minor_version() < 3;
}

static void
oem_conn_watch_disarm(OemConnWatch *w)
{
	if (w->source != NULL) {
		g_source_destroy(w->source);
		g_clear_pointer(&w->source, g_source_unref);
	}
	if (w->retry != NULL) {
		g_source_destroy(w->retry);
		g_clear_pointer(&w->retry, g_source_unref);
	}
	g_clear_object(&w->msg);
}

static void
oem_conn_watch_free(OemConnWatch *w)
{
	oem_conn_watch_disarm(w);
	if (w->reaper != NULL)
		g_hash_table_remove(w->reaper->watches, w);
	g_free(w);
}

/* frees @w, through the socket's data destroy notify */
static void
oem_conn_watch_forget(OemConnWatch *w)
{
	g_object_set_qdata(G_OBJECT(w->socket), oem_reaper_watch_quark(), NULL);
}

static void
oem_conn_watch_close(OemConnWatch *w)
{
	g_autoptr(SoupServerMessage) msg = g_steal_pointer(&w->msg);
	g_autoptr(GSocket) socket = g_object_ref(w->socket);
	g_autoptr(GIOStream) stream = NULL;

	oem_conn_watch_disarm(w);
	if (msg != NULL)
		stream = soup_server_message_steal_connection(msg);
	g_debug("closing a connection the client has closed%s",
		stream != NULL ? "" : " (libsoup keeps a little memory for it)");
	g_socket_close(socket, NULL);
}

static void oem_conn_watch_arm(OemConnWatch *w, SoupServerMessage *msg);

static gboolean
oem_conn_watch_retry_cb(gpointer user_data)
{
	OemConnWatch *w = user_data;

	g_clear_pointer(&w->retry, g_source_unref);
	if (!w->busy)
		oem_conn_watch_arm(w, NULL);
	return G_SOURCE_REMOVE;
}

static void
oem_conn_watch_schedule_retry(OemConnWatch *w)
{
	w->retry = g_timeout_source_new(w->retry_ms);
	w->retry_ms = MIN(w->retry_ms * 2, OEM_REAPER_RETRY_MAX_MS);
	g_source_set_callback(w->retry, oem_conn_watch_retry_cb, w, NULL);
	g_source_attach(w->retry, w->reaper->context);
}

static gboolean
oem_conn_watch_ready_cb(GSocket *socket, GIOCondition condition, gpointer user_data)
{
	OemConnWatch *w = user_data;
	g_autoptr(GSocket) keep = g_object_ref(socket); /* the watch dies with the socket */
	gchar byte;
	gssize n;

	/* closed by libsoup: the fd number may even belong to another connection by now */
	if (g_socket_is_closed(socket)) {
		oem_conn_watch_forget(w);
		return G_SOURCE_REMOVE;
	}
	n = recv(g_socket_get_fd(socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return G_SOURCE_CONTINUE;
	if (n > 0) {
		oem_conn_watch_disarm(w);
		if (w->reaper != NULL)
			oem_conn_watch_schedule_retry(w);
		return G_SOURCE_REMOVE;
	}
	oem_conn_watch_close(w);
	oem_conn_watch_forget(w);
	return G_SOURCE_REMOVE;
}

static void
oem_conn_watch_arm(OemConnWatch *w, SoupServerMessage *msg)
{
	oem_conn_watch_disarm(w);
	if (w->reaper == NULL || g_socket_is_closed(w->socket))
		return;
	w->msg = msg != NULL ? g_object_ref(msg) : NULL;
	w->source = g_socket_create_source(w->socket, G_IO_IN, NULL);
	g_source_set_priority(w->source, G_PRIORITY_HIGH);
	g_source_set_callback(w->source, G_SOURCE_FUNC(oem_conn_watch_ready_cb), w, NULL);
	g_source_attach(w->source, w->reaper->context);
}

/*
 * Drops the watches of sockets closed while no watch was armed (a connection taken by a
 * "drop" fault, say). libsoup 3.2 never frees accepted GSocket objects, so without this
 * their watches would pile up with them. Amortised: the set has to double between sweeps.
 */
static void
oem_reaper_sweep(OemReaper *self)
{
	GHashTableIter iter;
	gpointer key;

	if (g_hash_table_size(self->watches) < self->sweep_at)
		return;
	g_hash_table_iter_init(&iter, self->watches);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		OemConnWatch *w = key;

		if (!g_socket_is_closed(w->socket))
			continue;
		g_hash_table_iter_remove(&iter);
		w->reaper = NULL;
		oem_conn_watch_forget(w);
	}
	self->sweep_at = MAX(OEM_REAPER_SWEEP_MIN, 2 * g_hash_table_size(self->watches));
}

static OemConnWatch *
oem_reaper_get_watch(OemReaper *self, SoupServerMessage *msg, gboolean *ret_new)
{
	GSocket *socket = soup_server_message_get_socket(msg);
	OemConnWatch *w;

	*ret_new = FALSE;
	if (socket == NULL)
		return NULL;
	w = g_object_get_qdata(G_OBJECT(socket), oem_reaper_watch_quark());
	if (w != NULL)
		return w;
	oem_reaper_sweep(self);
	w = g_new0(OemConnWatch, 1);
	w->reaper = self;
	w->socket = socket;
	w->retry_ms = OEM_REAPER_RETRY_MIN_MS;
	g_object_set_qdata_full(G_OBJECT(socket), oem_reaper_watch_quark(), w,
				(GDestroyNotify)oem_conn_watch_free);
	g_hash_table_add(self->watches, w);
	*ret_new = TRUE;
	return w;
}

static void
oem_reaper_request_started_cb(SoupServer *server, SoupServerMessage *msg, gpointer user_data)
{
	OemReaper *self = user_data;
	gboolean is_new;
	OemConnWatch *w = oem_reaper_get_watch(self, msg, &is_new);

	if (w == NULL)
		return;
	/* the first emission comes at accept, before any byte: the connection is idle */
	if (is_new) {
		oem_conn_watch_arm(w, self->tls ? NULL : msg);
		return;
	}
	w->busy = TRUE;
	oem_conn_watch_disarm(w);
}

static void
oem_reaper_request_read_cb(SoupServer *server, SoupServerMessage *msg, gpointer user_data)
{
	gboolean is_new;
	OemConnWatch *w = oem_reaper_get_watch(user_data, msg, &is_new);

	if (w == NULL)
		return;
	w->busy = TRUE;
	oem_conn_watch_disarm(w);
}

static void
oem_reaper_request_done_cb(SoupServer *server, SoupServerMessage *msg, gpointer user_data)
{
	gboolean is_new;
	OemConnWatch *w = oem_reaper_get_watch(user_data, msg, &is_new);

	if (w == NULL)
		return;
	/* libsoup sets up the next request's I/O right after this, before any dispatch */
	w->busy = FALSE;
	w->retry_ms = OEM_REAPER_RETRY_MIN_MS;
	oem_conn_watch_arm(w, msg);
}

OemReaper *
oem_reaper_new(SoupServer *server)
{
	OemReaper *self = g_new0(OemReaper, 1);

	self->server = g_object_ref(server);
	self->context = g_main_context_ref_thread_default();
	self->tls = soup_server_is_https(server);
	self->watches = g_hash_table_new(NULL, NULL);
	self->sweep_at = OEM_REAPER_SWEEP_MIN;
	self->handler_ids[0] = g_signal_connect(server, "request-started",
						G_CALLBACK(oem_reaper_request_started_cb), self);
	self->handler_ids[1] =
	    g_signal_connect(server, "request-read", G_CALLBACK(oem_reaper_request_read_cb), self);
	self->handler_ids[2] = g_signal_connect(server, "request-finished",
						G_CALLBACK(oem_reaper_request_done_cb), self);
	self->handler_ids[3] = g_signal_connect(server, "request-aborted",
						G_CALLBACK(oem_reaper_request_done_cb), self);
	return self;
}

void
oem_reaper_free(OemReaper *self)
{
	GHashTableIter iter;
	gpointer key;

	if (self == NULL)
		return;
	for (guint i = 0; i < G_N_ELEMENTS(self->handler_ids); i++)
		g_signal_handler_disconnect(self->server, self->handler_ids[i]);
	/* freeing the watches drops their sources and messages, the references to the sockets */
	g_hash_table_iter_init(&iter, self->watches);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		OemConnWatch *w = key;

		g_hash_table_iter_remove(&iter);
		w->reaper = NULL;
		oem_conn_watch_forget(w);
	}
	g_hash_table_unref(self->watches);
	g_main_context_unref(self->context);
	g_object_unref(self->server);
	g_free(self);
}
