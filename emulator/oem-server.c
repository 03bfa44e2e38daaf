/*
 * Every request goes through one handler: control paths to the control router; API paths
 * are logged, then matched against the faults, then authenticated, then routed. Faults
 * come before authentication so a test can break a call whatever the daemon signs.
 */
#include "config.h"

#include "oem-archives.h"
#include "oem-auth.h"
#include "oem-broadcasts.h"
#include "oem-captions.h"
#include "oem-clients.h"
#include "oem-connections.h"
#include "oem-control.h"
#include "oem-raw.h"
#include "oem-reaper.h"
#include "oem-renders.h"
#include "oem-router.h"
#include "oem-server.h"
#include "oem-sessions.h"
#include "oem-signals.h"
#include "oem-sip.h"
#include "oem-streams.h"
#include "oem-websocket.h"

struct _OemServer {
	OemState *state; /* not owned */
	SoupServer *soup;
	OemRouter *api;
	OemRouter *control;
	OemReaper *reaper;
	/* OemDelayed: answers waiting for a fault's delay, soonest first, and one timer at the
	 * first: a timer each put hundreds of sources in the loop during a burst, and GLib
	 * walks every source on each iteration */
	GQueue delayed;
	GSource *delay_timer;
	OemRawSet *raw;	    /* answers written by hand */
	GInetAddress *address;
	guint16 port;
};

typedef struct {
	OemServer *server;
	SoupServerMessage *msg;
	gchar *path;
	OemFault *fault;
	gint64 due_us; /* monotonic */
	gulong disconnected_id;
	gboolean disconnected;
} OemDelayed;

static void
oem_delayed_free(OemDelayed *d)
{
	g_signal_handler_disconnect(d->msg, d->disconnected_id);
	g_object_unref(d->msg);
	oem_fault_unref(d->fault);
	g_free(d->path);
	g_free(d);
}

static gboolean
oem_server_check_project(OemServer *self, SoupServerMessage *msg, GHashTable *params)
{
	const gchar *project = g_hash_table_lookup(params, "project");

	/* everything under /v2/project/{K} belongs to the key that signed the request */
	if (project == NULL || g_strcmp0(project, self->state->api_key) == 0)
		return TRUE;
	oem_reply_error(msg, SOUP_STATUS_FORBIDDEN, "Project ID does not match the issuer");
	return FALSE;
}

static void
oem_server_reply_routing_error(SoupServerMessage *msg, OemRouteResult result, gboolean control)
{
	guint status = result == OEM_ROUTE_WRONG_METHOD ? SOUP_STATUS_METHOD_NOT_ALLOWED
							: SOUP_STATUS_NOT_FOUND;
	const gchar *text =
	    result == OEM_ROUTE_WRONG_METHOD ? "Method not allowed" : "Resource not found";

	if (control)
		oem_reply_reason(msg, status, text);
	else
		oem_reply_error(msg, status, text);
}

static void
oem_server_dispatch(OemServer *self, OemRouter *router, SoupServerMessage *msg, const gchar *path)
{
	gboolean control = router == self->control;
	OemRouteFunc func = NULL;
	g_autoptr(GHashTable) params = NULL;
	g_autofree gchar *allow = NULL;
	OemRouteResult result;
	OemRequest req = {self->state, msg, NULL};

	result = oem_router_lookup(router, soup_server_message_get_method(msg), path, &func,
				   &params, &allow);
	if (result != OEM_ROUTE_FOUND) {
		if (allow != NULL)
			soup_message_headers_replace(soup_server_message_get_response_headers(msg),
						     "Allow", allow);
		oem_server_reply_routing_error(msg, result, control);
		return;
	}
	if (!control && !oem_server_check_project(self, msg, params))
		return;
	req.params = params;
	func(&req);
}

static void
oem_server_serve_api(OemServer *self, SoupServerMessage *msg, const gchar *path)
{
	SoupMessageHeaders *headers = soup_server_message_get_request_headers(msg);
	const gchar *jwt = soup_message_headers_get_one(headers, "X-OPENTOK-AUTH");
	g_autoptr(GError) error = NULL;

	if (!oem_auth_verify(jwt, self->state->api_key, self->state->secret,
			     oem_state_get_now(self->state), &error)) {
		g_debug("refusing %s %s: %s", soup_server_message_get_method(msg), path,
			error->message);
		oem_reply_error(msg, SOUP_STATUS_FORBIDDEN, error->message);
		return;
	}
	oem_server_dispatch(self, self->api, msg, path);
}

static void
oem_server_reply_fault(SoupServerMessage *msg, OemFault *fault)
{
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	guint status = fault->status != 0 ? fault->status : SOUP_STATUS_OK;
	GHashTableIter iter;
	gpointer name, value;

	if (fault->headers != NULL) {
		g_hash_table_iter_init(&iter, fault->headers);
		while (g_hash_table_iter_next(&iter, &name, &value))
			soup_message_headers_replace(headers, name, value);
	}
	if (fault->body != NULL) {
		oem_reply_text(msg, status,
			       fault->content_type != NULL ? fault->content_type
							   : "application/json",
			       fault->body);
		return;
	}
	/* without a body an error status gets the service's error shape, as the real one does */
	if (status >= 400)
		oem_reply_error(msg, status, soup_status_get_phrase(status));
	else
		oem_reply_empty(msg, status);
}

static void
oem_server_drop(SoupServerMessage *msg)
{
	g_autoptr(GIOStream) stream = soup_server_message_steal_connection(msg);

	/* taken from libsoup, so closing it sends no answer at all */
	if (stream != NULL)
		g_io_stream_close(stream, NULL, NULL);
}

/* the Date header of API answers follows the emulator's clock, shifted or not */
static gchar *
oem_server_date(OemServer *self)
{
	g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc(oem_state_get_now(self->state));

	return soup_date_time_to_string(now, SOUP_DATE_HTTP);
}

static void
oem_server_answer(OemServer *self, SoupServerMessage *msg, const gchar *path, OemFault *fault)
{
	g_autofree gchar *date = oem_server_date(self);

	soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Date", date);
	if (fault != NULL && oem_fault_is_raw(fault)) {
		g_debug("answering %s %s by hand (fault %u)", soup_server_message_get_method(msg),
			path, fault->id);
		oem_raw_answer(self->raw, msg, fault, date);
		return;
	}
	if (fault != NULL && fault->drop) {
		g_debug("dropping %s %s (fault %u)", soup_server_message_get_method(msg), path,
			fault->id);
		oem_server_drop(msg);
		return;
	}
	if (fault != NULL && oem_fault_replaces_answer(fault)) {
		oem_server_reply_fault(msg, fault);
		return;
	}
	oem_server_serve_api(self, msg, path);
}

/* a source that only its ready time makes ready: a timeout source would set its own ready
 * time again after each dispatch (its interval, 0 here), and spin */
static gboolean
oem_server_timer_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
	return callback(user_data);
}

static GSourceFuncs oem_server_timer_funcs = {.dispatch = oem_server_timer_dispatch};

/* answers what is due, in the order it came */
static gboolean
oem_server_delay_done_cb(gpointer user_data)
{
	OemServer *self = user_data;
	gint64 now = g_get_monotonic_time();
	OemDelayed *d;

	while ((d = g_queue_peek_head(&self->delayed)) != NULL && d->due_us <= now) {
		g_queue_pop_head(&self->delayed);
		if (!d->disconnected) {
			oem_server_answer(self, d->msg, d->path, d->fault);
			/* a dropped connection has no I/O left to resume */
			if (!d->disconnected)
				soup_server_message_unpause(d->msg);
		}
		oem_delayed_free(d);
	}
	g_source_set_ready_time(self->delay_timer, d != NULL ? d->due_us : -1);
	return G_SOURCE_CONTINUE;
}

static void
oem_server_message_disconnected_cb(SoupServerMessage *msg, gpointer user_data)
{
	OemDelayed *d = user_data;

	d->disconnected = TRUE;
}

static void
oem_server_delay(OemServer *self, SoupServerMessage *msg, const gchar *path, OemFault *fault)
{
	OemDelayed *d = g_new0(OemDelayed, 1);
	GList *l;

	d->server = self;
	d->msg = g_object_ref(msg);
	d->path = g_strdup(path);
	d->fault = oem_fault_ref(fault);
	d->disconnected_id = g_signal_connect(msg, "disconnected",
					      G_CALLBACK(oem_server_message_disconnected_cb), d);
	d->due_us = g_get_monotonic_time() + (gint64)fault->delay_ms * 1000;
	/* behind the last one due no later: faults with different delays may interleave */
	for (l = self->delayed.tail; l != NULL; l = l->prev) {
		if (((OemDelayed *)l->data)->due_us <= d->due_us)
			break;
	}
	if (l == NULL)
		g_queue_push_head(&self->delayed, d);
	else
		g_queue_insert_after(&self->delayed, l, d);
	if (g_queue_peek_head(&self->delayed) == d)
		g_source_set_ready_time(self->delay_timer, d->due_us);
	soup_server_message_pause(msg);
}

static void
oem_server_wrote_headers_cb(SoupServerMessage *msg, gpointer user_data)
{
	/* libsoup removes Content-Length from a 204, then reads the missing length as "the body
	 * ends at EOF" and closes the connection: clients lose it without warning */
	if (soup_server_message_get_status(msg) == SOUP_STATUS_NO_CONTENT)
		soup_message_headers_set_encoding(soup_server_message_get_response_headers(msg),
						  SOUP_ENCODING_NONE);
}

static gboolean
oem_server_peer_is_loopback(SoupServerMessage *msg)
{
	GSocketAddress *peer = soup_server_message_get_remote_address(msg);

	return G_IS_INET_SOCKET_ADDRESS(peer) &&
	       g_inet_address_get_is_loopback(
		   g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(peer)));
}

static void
oem_server_handle(SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
		  gpointer user_data)
{
	OemServer *self = user_data;
	g_autoptr(OemFault) fault = NULL;

	g_signal_connect(msg, "wrote-headers", G_CALLBACK(oem_server_wrote_headers_cb), NULL);
	if (oem_control_is_control_path(path)) {
		if (!oem_server_peer_is_loopback(msg)) {
			oem_reply_reason(msg, SOUP_STATUS_FORBIDDEN,
					 "the control API only answers loopback peers");
			return;
		}
		oem_server_dispatch(self, self->control, msg, path);
		return;
	}
	oem_request_log_add(self->state->requests, msg);
	fault =
	    oem_faults_take_match(self->state->faults, soup_server_message_get_method(msg), path);
	if (fault != NULL && fault->delay_ms > 0) {
		oem_server_delay(self, msg, path, fault);
		return;
	}
	oem_server_answer(self, msg, path, fault);
	g_debug("%s %s -> %u", soup_server_message_get_method(msg), path,
		soup_server_message_get_status(msg));
}

OemServer *
oem_server_new(OemState *state, GTlsCertificate *certificate)
{
	OemServer *self = g_new0(OemServer, 1);

	self->state = state;
	self->soup = soup_server_new("server-header", "opentok-emulator/" PACKAGE_VERSION,
				     "tls-certificate", certificate, NULL);
	soup_server_add_handler(self->soup, NULL, oem_server_handle, self, NULL);
	self->api = oem_router_new();
	oem_sessions_register(self->api);
	oem_connections_register(self->api);
	oem_archives_register(self->api);
	oem_broadcasts_register(self->api);
	oem_streams_register(self->api);
	oem_signals_register(self->api);
	oem_sip_register(self->api);
	oem_websocket_register(self->api);
	oem_captions_register(self->api);
	oem_renders_register(self->api);
	self->control = oem_router_new();
	oem_control_register(self->control);
	oem_clients_register(self->control);
	oem_archives_register_control(self->control);
	oem_broadcasts_register_control(self->control);
	oem_captions_register_control(self->control);
	oem_renders_register_control(self->control);
	g_queue_init(&self->delayed);
	self->delay_timer = g_source_new(&oem_server_timer_funcs, sizeof(GSource));
	g_source_set_ready_time(self->delay_timer, -1);
	g_source_set_callback(self->delay_timer, oem_server_delay_done_cb, self, NULL);
	g_source_set_name(self->delay_timer, "oem delayed answers");
	g_source_attach(self->delay_timer, g_main_context_get_thread_default());
	self->raw = oem_raw_set_new();
	if (oem_reaper_is_needed())
		self->reaper = oem_reaper_new(self->soup);
	return self;
}

gboolean
oem_server_listen(OemServer *self, GInetAddress *address, guint16 port, GError **error)
{
	g_autoptr(GSocket) socket = NULL;
	g_autoptr(GSocketAddress) wanted = g_inet_socket_address_new(address, port);
	g_autoptr(GSocketAddress) bound = NULL;
	SoupServerListenOptions options =
	    soup_server_is_https(self->soup) ? SOUP_SERVER_LISTEN_HTTPS : 0;

	socket = g_socket_new(g_inet_address_get_family(address), G_SOCKET_TYPE_STREAM,
			      G_SOCKET_PROTOCOL_TCP, error);
	if (socket == NULL)
		return FALSE;
	g_socket_set_listen_backlog(socket, OEM_SERVER_BACKLOG);
	if (!g_socket_bind(socket, wanted, TRUE, error) || !g_socket_listen(socket, error))
		return FALSE;
	if (!soup_server_listen_socket(self->soup, socket, options, error))
		return FALSE;
	bound = g_socket_get_local_address(socket, error);
	if (bound == NULL)
		return FALSE;
	self->port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
	g_set_object(&self->address, address);
	return TRUE;
}

guint16
oem_server_get_port(OemServer *self)
{
	return self->port;
}

gchar *
oem_server_dup_url(OemServer *self)
{
	g_autofree gchar *host = g_inet_address_to_string(self->address);
	const gchar *scheme = soup_server_is_https(self->soup) ? "https" : "http";

	if (g_inet_address_get_family(self->address) == G_SOCKET_FAMILY_IPV6)
		return g_strdup_printf("%s://[%s]:%u", scheme, host, self->port);
	return g_strdup_printf("%s://%s:%u", scheme, host, self->port);
}

void
oem_server_free(OemServer *self)
{
	if (self == NULL)
		return;
	g_source_destroy(self->delay_timer);
	g_source_unref(self->delay_timer);
	g_queue_clear_full(&self->delayed, (GDestroyNotify)oem_delayed_free);
	oem_raw_set_free(self->raw);
	oem_reaper_free(self->reaper);
	soup_server_disconnect(self->soup);
	g_object_unref(self->soup);
	oem_router_free(self->api);
	oem_router_free(self->control);
	g_clear_object(&self->address);
	g_free(self);
}
