/*
 * The RSS floor: a process linked against GLib, GIO, sd-bus, libsoup 3, json-glib and
 * GnuTLS that initialises what opentokd needs and nothing else: a GMainLoop with the bus
 * connection as a source, a bus name and an object with one method, a SoupSession,
 * one JSON document parsed and one HS256 JWT signed. It then idles until killed; the
 * bench reads its VmRSS.
 *
 *   otd-bench-bare BUS_ADDRESS
 */
#include <glib-unix.h>
#include <gnutls/crypto.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>
#include <systemd/sd-bus.h>

static int
method_echo(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	const char *text = NULL;
	int r = sd_bus_message_read(m, "s", &text);

	if (r < 0)
		return r;
	return sd_bus_reply_method_return(m, "s", text);
}

static const sd_bus_vtable bare_vtable[] = {
    SD_BUS_VTABLE_START(0),
    SD_BUS_METHOD("Echo", "s", "s", method_echo, SD_BUS_VTABLE_UNPRIVILEGED),
    SD_BUS_VTABLE_END,
};

static gboolean
bare_bus_cb(gint fd, GIOCondition condition, gpointer user_data)
{
	sd_bus *bus = user_data;

	while (sd_bus_process(bus, NULL) > 0)
		;
	return G_SOURCE_CONTINUE;
}

int
main(int argc, char **argv)
{
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	g_autoptr(SoupSession) session = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	const gchar *claims = "{\"iss\":\"123456\",\"ist\":\"project\",\"iat\":1,\"exp\":2}";
	sd_bus *bus = NULL;
	guint8 digest[32];
	int r;

	if (argc < 2) {
		g_printerr("usage: %s BUS_ADDRESS\n", argv[0]);
		return 2;
	}
	r = sd_bus_new(&bus);
	if (r >= 0)
		r = sd_bus_set_address(bus, argv[1]);
	if (r >= 0)
		r = sd_bus_set_bus_client(bus, 1);
	if (r >= 0)
		r = sd_bus_start(bus);
	if (r >= 0)
		r = sd_bus_add_object_vtable(bus, NULL, "/org/opentokd/Bench", "org.opentokd.Bench",
					     bare_vtable, NULL);
	if (r >= 0)
		r = sd_bus_request_name(bus, "org.opentokd.Bench", 0);
	if (r < 0) {
		g_printerr("otd-bench-bare: bus: %s\n", g_strerror(-r));
		return 1;
	}
	g_unix_fd_add(sd_bus_get_fd(bus), G_IO_IN, bare_bus_cb, bus);
	session = soup_session_new_with_options("max-conns", 64, "max-conns-per-host", 64, NULL);
	if (!json_parser_load_from_data(parser, claims, -1, NULL))
		return 1;
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, "secret", 6, claims, strlen(claims), digest) < 0)
		return 1;
	g_print("ready\n");
	fflush(stdout);
	g_main_loop_run(loop);
	return 0;
}
