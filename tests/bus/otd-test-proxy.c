/* the test proxy: blocking sockets, a thread per connection, a relay with poll() */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "otd-test-proxy.h"

#define OTD_TEST_PROXY_MAX_HEAD 16384

struct _OtdTestProxy {
	int listen_fd;
	gboolean refuse;
	gchar *url;
	GThread *acceptor;
	gint connections; /* atomic */
	gint open;	  /* atomic: connection threads still running */
};

typedef struct {
	OtdTestProxy *proxy;
	int fd;
} OtdTestProxyConn;

static gboolean
otd_test_proxy_write(int fd, const gchar *data, gsize len)
{
	while (len > 0) {
		ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		data += n;
		len -= (gsize)n;
	}
	return TRUE;
}

/* reads up to the end of the request head; @ret_len counts any bytes after it too */
static gchar *
otd_test_proxy_read_head(int fd, gsize *ret_len, gsize *ret_head_len)
{
	gchar *buf = g_malloc(OTD_TEST_PROXY_MAX_HEAD + 1);
	gsize len = 0;

	while (len < OTD_TEST_PROXY_MAX_HEAD) {
		ssize_t n = recv(fd, buf + len, OTD_TEST_PROXY_MAX_HEAD - len, 0);
		gchar *end;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (gsize)n;
		buf[len] = '\0';
		end = strstr(buf, "\r\n\r\n");
		if (end != NULL) {
			*ret_len = len;
			*ret_head_len = (gsize)(end - buf) + 4;
			return buf;
		}
	}
	g_free(buf);
	return NULL;
}

/* "host:port" of a CONNECT line, or of an absolute http:// URI */
static int
otd_test_proxy_connect_target(const gchar *head, gboolean *ret_tunnel)
{
	g_auto(GStrv) words = g_strsplit(head, " ", 3);
	g_autofree gchar *authority = NULL;
	g_autofree gchar *host = NULL;
	struct sockaddr_in addr = {.sin_family = AF_INET};
	const gchar *colon;
	int fd;

	if (g_strv_length(words) < 3)
		return -1;
	*ret_tunnel = g_str_equal(words[0], "CONNECT");
	if (*ret_tunnel) {
		authority = g_strdup(words[1]);
	} else if (g_str_has_prefix(words[1], "http://")) {
		const gchar *start = words[1] + strlen("http://");
		const gchar *slash = strchr(start, '/');
		authority = slash != NULL ? g_strndup(start, (gsize)(slash - start))
					  : g_strdup(start);
	} else {
		return -1;
	}
	colon = strrchr(authority, ':');
	if (colon == NULL)
		return -1;
	host = g_strndup(authority, (gsize)(colon - authority));
	addr.sin_port = htons((guint16)g_ascii_strtoull(colon + 1, NULL, 10));
	/* loopback only: the tests never reach further */
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 ||
	    (ntohl(addr.sin_addr.s_addr) >> 24) != 127)
		return -1;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
otd_test_proxy_relay(int a, int b)
{
	struct pollfd fds[2] = {{.fd = a, .events = POLLIN}, {.fd = b, .events = POLLIN}};
	gchar buf[16384];

	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		for (guint i = 0; i < 2; i++) {
			ssize_t n;

			if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0)
				continue;
			n = recv(fds[i].fd, buf, sizeof(buf), 0);
			if (n <= 0 || !otd_test_proxy_write(fds[1 - i].fd, buf, (gsize)n))
				return;
		}
	}
}

static gpointer
otd_test_proxy_serve(gpointer user_data)
{
	OtdTestProxyConn *conn = user_data;
	gsize len = 0, head_len = 0;
	g_autofree gchar *head = otd_test_proxy_read_head(conn->fd, &len, &head_len);
	gboolean tunnel = FALSE;
	int target = -1;

	if (head == NULL)
		goto out;
	if (conn->proxy->refuse) {
		static const gchar refusal[] =
		    "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
		(void)otd_test_proxy_write(conn->fd, refusal, sizeof(refusal) - 1);
		goto out;
	}
	target = otd_test_proxy_connect_target(head, &tunnel);
	if (target < 0) {
		static const gchar bad[] =
		    "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
		(void)otd_test_proxy_write(conn->fd, bad, sizeof(bad) - 1);
		goto out;
	}
	if (tunnel) {
		static const gchar ok[] = "HTTP/1.1 200 Connection established\r\n\r\n";
		if (!otd_test_proxy_write(conn->fd, ok, sizeof(ok) - 1) ||
		    !otd_test_proxy_write(target, head + head_len, len - head_len))
			goto out;
	} else if (!otd_test_proxy_write(target, head, len)) {
		/* the emulator takes the absolute form as it is */
		goto out;
	}
	otd_test_proxy_relay(conn->fd, target);
out:
	if (target >= 0)
		close(target);
	close(conn->fd);
	g_atomic_int_dec_and_test(&conn->proxy->open);
	g_free(conn);
	return NULL;
}

static gpointer
otd_test_proxy_accept(gpointer user_data)
{
	OtdTestProxy *proxy = user_data;

	for (;;) {
		int fd = accept4(proxy->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		OtdTestProxyConn *conn;

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return NULL; /* the listening socket was shut down */
		}
		g_atomic_int_inc(&proxy->connections);
		g_atomic_int_inc(&proxy->open);
		conn = g_new0(OtdTestProxyConn, 1);
		conn->proxy = proxy;
		conn->fd = fd;
		g_thread_unref(g_thread_new("otd-test-proxy-conn", otd_test_proxy_serve, conn));
	}
}

OtdTestProxy *
otd_test_proxy_new(gboolean refuse)
{
	OtdTestProxy *proxy = g_new0(OtdTestProxy, 1);
	struct sockaddr_in addr = {.sin_family = AF_INET};
	socklen_t addr_len = sizeof(addr);

	proxy->refuse = refuse;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	proxy->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	g_assert_cmpint(proxy->listen_fd, >=, 0);
	g_assert_cmpint(bind(proxy->listen_fd, (struct sockaddr *)&addr, sizeof(addr)), ==, 0);
	g_assert_cmpint(listen(proxy->listen_fd, 64), ==, 0);
	g_assert_cmpint(getsockname(proxy->listen_fd, (struct sockaddr *)&addr, &addr_len), ==, 0);
	proxy->url = g_strdup_printf("http://127.0.0.1:%u", ntohs(addr.sin_port));
	proxy->acceptor = g_thread_new("otd-test-proxy", otd_test_proxy_accept, proxy);
	return proxy;
}

void
otd_test_proxy_free(OtdTestProxy *proxy)
{
	if (proxy == NULL)
		return;
	shutdown(proxy->listen_fd, SHUT_RDWR);
	g_thread_join(proxy->acceptor);
	close(proxy->listen_fd);
	/* the relays end when their clients (stopped before this) have gone */
	for (guint i = 0; i < 500 && g_atomic_int_get(&proxy->open) > 0; i++)
		g_usleep(10000);
	g_free(proxy->url);
	g_free(proxy);
}

const gchar *
otd_test_proxy_get_url(OtdTestProxy *proxy)
{
	return proxy->url;
}

guint
otd_test_proxy_get_connections(OtdTestProxy *proxy)
{
	return (guint)g_atomic_int_get(&proxy->connections);
}
