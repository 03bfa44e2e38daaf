/*
 * The CLOSE-WAIT workaround: connections a client closed must be closed on our side too,
 * and their fds released, whatever state libsoup left them in.
 */
#include <stdio.h>
#include <string.h>

#include "oem-reaper.h"
#include "oem-server.h"

#define KEY    "123456"
#define SECRET "1234567890abcdef1234567890abcdef1234567890"

/* a self-signed test certificate (P-256, valid until 2126) and its key */
static const gchar test_pem[] = "-----BEGIN CERTIFICATE-----\n"
				"MIIBkTCCATagAwIBAgIUI38tj5CRxctdEFmGLojtoUcTymIwCgYIKoZIzj0EAwIw\n"
				"FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyOTAzNDc1NVoYDzIxMjYxMTA1\n"
				"MDM0NzU1WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO\n"
				"PQMBBwNCAAQIzThuM/dQv9wIS59500+pS5lUtJnZQWHJIwifND1FX8CrM4c5UswD\n"
				"F6P8zxddvtKIUb4QePwbMaRUW6M1cwcno2QwYjAdBgNVHQ4EFgQUrFnQ5u7BWT5U\n"
				"BGICr7suXD3IkWwwHwYDVR0jBBgwFoAUrFnQ5u7BWT5UBGICr7suXD3IkWwwDwYD\n"
				"VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0kAMEYC\n"
				"IQCH/YGSmXSe/PZ4dnzwqGQ/O6HyAoWge52UZAUBnhoZ/QIhAM0cB7p1jLLfi62f\n"
				"cpm5vmAkp7Cv4Wlb4DCV8COadYEH\n"
				"-----END CERTIFICATE-----\n"
				"-----BEGIN PRIVATE KEY-----\n"
				"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgq8LqZ/rGPV+1YIZN\n"
				"e2jBEh6krNFdWu2pTao888HVz7ChRANCAAQIzThuM/dQv9wIS59500+pS5lUtJnZ\n"
				"QWHJIwifND1FX8CrM4c5UswDF6P8zxddvtKIUb4QePwbMaRUW6M1cwcn\n"
				"-----END PRIVATE KEY-----\n";

typedef struct {
	OemState *state;
	OemServer *server;
} OemFixture;

static void
oem_fixture_setup(OemFixture *f, gconstpointer user_data)
{
	g_autoptr(GBytes) secret = g_bytes_new_static(SECRET, strlen(SECRET));
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GError) error = NULL;

	g_autoptr(GTlsCertificate) certificate = NULL;

	if (user_data != NULL) {
		certificate = g_tls_certificate_new_from_pem(test_pem, -1, &error);
		g_assert_no_error(error);
	}
	f->state = oem_state_new(KEY, secret);
	f->server = oem_server_new(f->state, certificate);
	g_assert_true(oem_server_listen(f->server, loopback, 0, &error));
	g_assert_no_error(error);
}

static void
oem_fixture_teardown(OemFixture *f, gconstpointer user_data)
{
	oem_server_free(f->server);
	oem_state_free(f->state);
	while (g_main_context_iteration(NULL, FALSE))
		;
}

/* server-side sockets of @port in CLOSE-WAIT (state 08), from the kernel's table */
static guint
oem_test_count_close_wait(guint16 port)
{
	g_autofree gchar *table = NULL;
	g_auto(GStrv) lines = NULL;
	g_autofree gchar *suffix = g_strdup_printf(":%04X", port);
	guint count = 0;

	g_assert_true(g_file_get_contents("/proc/net/tcp", &table, NULL, NULL));
	lines = g_strsplit(table, "\n", -1);
	for (guint i = 1; lines[i] != NULL; i++) {
		gchar local[64] = "", state[8] = "";

		/* "  3: 0100007F:A4B7 0100007F:D2F0 08 ..." */
		if (sscanf(lines[i], " %*s %63s %*s %7s", local, state) == 2 &&
		    g_str_has_suffix(local, suffix) && g_str_equal(state, "08"))
			count++;
	}
	return count;
}

/* open sockets of this process: TLS and GIO modules open other files on first use */
static guint
oem_test_count_sockets(void)
{
	g_autoptr(GDir) dir = g_dir_open("/proc/self/fd", 0, NULL);
	const gchar *name;
	guint count = 0;

	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *path = g_build_filename("/proc/self/fd", name, NULL);
		g_autofree gchar *target = g_file_read_link(path, NULL);

		if (target != NULL && g_str_has_prefix(target, "socket:"))
			count++;
	}
	return count;
}

static GSocket *
oem_test_connect(OemFixture *f)
{
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) address =
	    g_inet_socket_address_new(loopback, oem_server_get_port(f->server));
	g_autoptr(GError) error = NULL;
	g_autoptr(GSocket) socket =
	    g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);

	g_assert_no_error(error);
	/* the kernel completes the handshake from the backlog: no need to run the loop */
	g_assert_true(g_socket_connect(socket, address, NULL, &error));
	g_socket_set_blocking(socket, FALSE);
	return g_steal_pointer(&socket);
}

/* one keep-alive request, read to the end of its answer */
static void
oem_test_raw_request(GSocket *socket)
{
	const gchar *request = "GET /_emulator/faults HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	g_autoptr(GString) answer = g_string_new(NULL);
	gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

	g_assert_cmpint(g_socket_send(socket, request, strlen(request), NULL, NULL), ==,
			(gssize)strlen(request));
	while (!g_str_has_suffix(answer->str, "\r\n\r\n[]")) {
		gchar buf[512];
		gssize n = g_socket_receive(socket, buf, sizeof(buf), NULL, NULL);

		if (n > 0)
			g_string_append_len(answer, buf, n);
		else
			g_main_context_iteration(NULL, FALSE);
		g_assert_cmpint(g_get_monotonic_time(), <, deadline);
	}
	g_assert_true(g_str_has_prefix(answer->str, "HTTP/1.1 200"));
}

static void
oem_test_close_wait(OemFixture *f, gconstpointer user_data)
{
	guint16 port = oem_server_get_port(f->server);
	g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func(g_object_unref);
	guint sockets_before = oem_test_count_sockets();
	gint64 deadline;

	if (!oem_reaper_is_needed())
		g_test_message("this libsoup closes idle connections itself");
	/* connections that made one or two requests, and one that never sent a byte */
	for (guint i = 0; i < 4; i++) {
		GSocket *socket = oem_test_connect(f);

		g_ptr_array_add(sockets, socket);
		if (i > 0)
			oem_test_raw_request(socket);
		if (i > 2)
			oem_test_raw_request(socket);
	}
	for (guint i = 0; i < 20; i++)
		g_main_context_iteration(NULL, FALSE);
	g_ptr_array_set_size(sockets, 0);

	deadline = g_get_monotonic_time() + 3 * G_USEC_PER_SEC;
	while (oem_test_count_close_wait(port) > 0 && g_get_monotonic_time() < deadline)
		g_main_context_iteration(NULL, FALSE);
	g_assert_cmpuint(oem_test_count_close_wait(port), ==, 0);
	/* and the server's fds are released, not just shut down */
	while (oem_test_count_sockets() > sockets_before && g_get_monotonic_time() < deadline)
		g_main_context_iteration(NULL, FALSE);
	g_assert_cmpuint(oem_test_count_sockets(), ==, sockets_before);
}

static gboolean
oem_test_accept_certificate_cb(SoupMessage *msg, GTlsCertificate *certificate,
			       GTlsCertificateFlags errors, gpointer user_data)
{
	return TRUE;
}

static void
oem_test_sent_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	GBytes **ret_body = user_data;
	g_autoptr(GError) error = NULL;

	*ret_body = soup_session_send_and_read_finish(SOUP_SESSION(source), result, &error);
	g_assert_no_error(error);
}

static void
oem_test_tls_request(OemFixture *f, SoupSession *session)
{
	g_autofree gchar *base = oem_server_dup_url(f->server);
	g_autofree gchar *url = g_strconcat(base, "/_emulator/faults", NULL);
	g_autoptr(SoupMessage) msg = soup_message_new("GET", url);
	g_autoptr(GBytes) body = NULL;

	g_assert_true(g_str_has_prefix(url, "https://"));
	g_signal_connect(msg, "accept-certificate", G_CALLBACK(oem_test_accept_certificate_cb),
			 NULL);
	soup_session_send_and_read_async(session, msg, G_PRIORITY_DEFAULT, NULL, oem_test_sent_cb,
					 &body);
	while (body == NULL)
		g_main_context_iteration(NULL, TRUE);
	g_assert_cmpuint(soup_message_get_status(msg), ==, 200);
}

static void
oem_test_close_wait_tls(OemFixture *f, gconstpointer user_data)
{
	guint16 port = oem_server_get_port(f->server);
	guint sockets_before = oem_test_count_sockets();
	g_autoptr(SoupSession) session = soup_session_new();
	gint64 deadline;

	oem_test_tls_request(f, session);
	oem_test_tls_request(f, session);
	soup_session_abort(session);
	deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
	while ((oem_test_count_close_wait(port) > 0 || oem_test_count_sockets() > sockets_before) &&
	       g_get_monotonic_time() < deadline)
		g_main_context_iteration(NULL, FALSE);
	g_assert_cmpuint(oem_test_count_close_wait(port), ==, 0);
	g_assert_cmpuint(oem_test_count_sockets(), ==, sockets_before);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/oem/reaper/close-wait", OemFixture, NULL, oem_fixture_setup,
		   oem_test_close_wait, oem_fixture_teardown);
	g_test_add("/oem/reaper/close-wait-tls", OemFixture, GINT_TO_POINTER(1), oem_fixture_setup,
		   oem_test_close_wait_tls, oem_fixture_teardown);
	return g_test_run();
}
