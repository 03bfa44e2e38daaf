/*
 * The floor of the REST path: a bare libsoup 3 client making sequential keep-alive GET
 * requests to one API path, with a valid X-OPENTOK-AUTH JWT (minted once: the emulator
 * checks it on every request, as it checks the daemon's), reading the whole body and
 * nothing more: no JSON parsing, no D-Bus.
 *
 *   otd-bench-http URL KEY SECRET_FILE [--n=N] [--bus=ADDRESS]
 *
 * With --bus, the same process also calls the daemon on that bus, sequentially: Peer.Ping
 * and Archives.List({}), which asks the API for the same path. The three take turns in
 * blocks of 100 calls, so that the floor (Ping + bare GET) and the daemon's figure are
 * measured under the same conditions. Prints one key=value line per case: soup:1, and
 * with --bus floor-ping:1 and floor-list:1.
 */
#include <gnutls/crypto.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>

#define BENCH_BLOCK 100

typedef struct {
	const gchar *label;
	GArray *lat; /* gint64 µs */
	gint64 busy_us;
	guint errors;
} BenchCase;

static gchar *
bench_base64url(const guint8 *data, gsize len)
{
	gchar *out = g_base64_encode(data, len);
	gchar *eq;

	g_strdelimit(out, "+", '-');
	g_strdelimit(out, "/", '_');
	eq = strchr(out, '=');
	if (eq != NULL)
		*eq = '\0';
	return out;
}

static gchar *
bench_jwt(const gchar *key, const gchar *secret)
{
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	g_autofree gchar *claims = g_strdup_printf(
	    "{\"iss\":\"%s\",\"ist\":\"project\",\"iat\":%" G_GINT64_FORMAT
	    ",\"exp\":%" G_GINT64_FORMAT ",\"jti\":\"otd-bench-http\"}",
	    key, now, now + 300);
	g_autofree gchar *header = bench_base64url((const guint8 *)"{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
						   27);
	g_autofree gchar *payload = bench_base64url((const guint8 *)claims, strlen(claims));
	g_autofree gchar *input = g_strconcat(header, ".", payload, NULL);
	g_autofree gchar *sig = NULL;
	guint8 digest[32];

	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, secret, strlen(secret), input, strlen(input),
			     digest) < 0)
		g_error("cannot compute HMAC");
	sig = bench_base64url(digest, sizeof(digest));
	return g_strconcat(input, ".", sig, NULL);
}

static gboolean
bench_get(SoupSession *session, const gchar *url, const gchar *jwt)
{
	g_autoptr(SoupMessage) msg = soup_message_new("GET", url);
	g_autoptr(GBytes) body = NULL;
	g_autoptr(GError) error = NULL;

	soup_message_headers_replace(soup_message_get_request_headers(msg), "X-OPENTOK-AUTH", jwt);
	soup_message_headers_replace(soup_message_get_request_headers(msg), "Accept",
				     "application/json");
	body = soup_session_send_and_read(session, msg, NULL, &error);
	if (body != NULL && soup_message_get_status(msg) == SOUP_STATUS_OK)
		return TRUE;
	g_printerr("otd-bench-http: GET: %s\n",
		   error != NULL ? error->message : soup_message_get_reason_phrase(msg));
	return FALSE;
}

static gboolean
bench_bus_call(sd_bus *bus, gboolean list)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL, *reply = NULL;
	int r;

	if (list) {
		r = sd_bus_message_new_method_call(bus, &m, "org.opentokd.OpenTok1",
						   "/org/opentokd/OpenTok1/Archives",
						   "org.opentokd.OpenTok1.Archives", "List");
		if (r >= 0)
			r = sd_bus_message_append(m, "a{sv}", 0);
	} else {
		r = sd_bus_message_new_method_call(bus, &m, "org.opentokd.OpenTok1",
						   "/org/opentokd/OpenTok1",
						   "org.freedesktop.DBus.Peer", "Ping");
	}
	if (r >= 0)
		r = sd_bus_call(bus, m, 0, &error, &reply);
	if (r < 0)
		g_printerr("otd-bench-http: %s: %s\n", list ? "Archives.List" : "Ping",
			   error.message != NULL ? error.message : g_strerror(-r));
	sd_bus_error_free(&error);
	sd_bus_message_unref(m);
	sd_bus_message_unref(reply);
	return r >= 0;
}

static void
bench_block(BenchCase *c, guint n, SoupSession *session, const gchar *url, const gchar *jwt,
	    sd_bus *bus)
{
	for (guint i = 0; i < n; i++) {
		gint64 start = g_get_monotonic_time(), us;
		gboolean ok = session != NULL ? bench_get(session, url, jwt)
					      : bench_bus_call(bus, g_str_has_suffix(c->label, "list:1"));

		us = g_get_monotonic_time() - start;
		c->busy_us += us;
		if (ok)
			g_array_append_val(c->lat, us);
		else
			c->errors++;
	}
}

static int
bench_cmp(gconstpointer a, gconstpointer b)
{
	gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
	return x < y ? -1 : x > y;
}

static void
bench_print(BenchCase *c)
{
	GArray *lat = c->lat;

	g_array_sort(lat, bench_cmp);
	g_print("case=%s n=%u rate=%.0f p50_us=%.1f p99_us=%.1f errors=%u\n", c->label, lat->len,
		(gdouble)lat->len * 1e6 / (gdouble)MAX(c->busy_us, 1),
		lat->len ? (gdouble)g_array_index(lat, gint64, (lat->len - 1) / 2) : 0.0,
		lat->len ? (gdouble)g_array_index(lat, gint64, (guint)(0.99 * (lat->len - 1) + 0.5))
			 : 0.0,
		c->errors);
	g_array_unref(lat);
}

static sd_bus *
bench_bus_open(const gchar *address)
{
	sd_bus *bus = NULL;
	int r = sd_bus_new(&bus);

	if (r >= 0)
		r = sd_bus_set_address(bus, address);
	if (r >= 0)
		r = sd_bus_set_bus_client(bus, 1);
	if (r >= 0)
		r = sd_bus_start(bus);
	if (r < 0)
		g_error("cannot connect to %s: %s", address, g_strerror(-r));
	return bus;
}

int
main(int argc, char **argv)
{
	g_autoptr(SoupSession) session = NULL;
	g_autofree gchar *secret = NULL;
	g_autofree gchar *jwt = NULL;
	g_autoptr(GError) error = NULL;
	BenchCase cases[3] = {{"soup:1"}, {"floor-ping:1"}, {"floor-list:1"}};
	const gchar *address = NULL;
	sd_bus *bus = NULL;
	guint n = 5000, n_cases = 1, errors = 0;
	gsize len = 0;

	if (argc < 4) {
		g_printerr("usage: %s URL KEY SECRET_FILE [--n=N] [--bus=ADDRESS]\n", argv[0]);
		return 2;
	}
	for (int i = 4; i < argc; i++) {
		if (g_str_has_prefix(argv[i], "--n="))
			n = (guint)strtoul(argv[i] + 4, NULL, 10);
		else if (g_str_has_prefix(argv[i], "--bus="))
			address = argv[i] + 6;
	}
	if (!g_file_get_contents(argv[3], &secret, &len, &error)) {
		g_printerr("otd-bench-http: %s\n", error->message);
		return 1;
	}
	if (len > 0 && secret[len - 1] == '\n')
		secret[len - 1] = '\0';
	jwt = bench_jwt(argv[2], secret);
	session = soup_session_new_with_options("max-conns-per-host", 1, NULL);
	/* no proxy lookup, as in the daemon (GIO's default resolver reads the desktop's
	 * settings through dconf, which warns when run as another user) */
	soup_session_set_proxy_resolver(session, NULL);
	if (address != NULL) {
		bus = bench_bus_open(address);
		n_cases = 3;
	}
	for (guint c = 0; c < n_cases; c++)
		cases[c].lat = g_array_new(FALSE, FALSE, sizeof(gint64));
	/* warm-up: the connection, the daemon's lookup of this caller; not in the figures */
	for (guint c = 0; c < n_cases; c++) {
		BenchCase warm = {cases[c].label, g_array_new(FALSE, FALSE, sizeof(gint64))};
		bench_block(&warm, 50, c == 0 ? session : NULL, argv[1], jwt, bus);
		errors += warm.errors;
		g_array_unref(warm.lat);
	}
	for (guint done = 0; done < n; done += BENCH_BLOCK) {
		for (guint c = 0; c < n_cases; c++)
			bench_block(&cases[c], MIN(BENCH_BLOCK, n - done), c == 0 ? session : NULL,
				    argv[1], jwt, bus);
	}
	for (guint c = 0; c < n_cases; c++) {
		errors += cases[c].errors;
		bench_print(&cases[c]);
	}
	if (bus != NULL)
		sd_bus_flush_close_unref(bus);
	return errors > 0 ? 1 : 0;
}
