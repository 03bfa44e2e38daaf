/*
 * Signals over HTTP, against the in-process emulator of oem-test-http.c; what each client
 * received is read back through the control API.
 */
#include <string.h>

#include "oem-signals.h"
#include "oem-test-http.h"

#define KEY OEM_TEST_KEY
#define API "/v2/project/" KEY

/* a UUID no client has */
#define NO_CLIENT "5d1c8f0e-2b7a-4c39-8e61-0f4a9d2b6c13"

/* POST a signal to the session, or to @cid when not NULL; the status */
static guint
oem_test_signal(OemFixture *f, const gchar *sid, const gchar *cid, const gchar *body)
{
	g_autofree gchar *path =
	    cid != NULL ? g_strdup_printf(API "/session/%s/connection/%s/signal", sid, cid)
			: g_strdup_printf(API "/session/%s/signal", sid);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_api(f, "POST", path, body, &status);

	g_test_message("signal %s -> %u", cid != NULL ? cid : "session", status);
	/* 204 has no body; errors have the service's shape */
	if (status == 204)
		g_assert_null(node);
	else
		g_assert_true(json_object_has_member(json_node_get_object(node), "message"));
	return status;
}

/* the signals @cid received, as compact JSON */
static gchar *
oem_test_received(OemFixture *f, const gchar *sid, const gchar *cid)
{
	g_autofree gchar *path = g_strdup_printf("/_emulator/sessions/%s/clients", sid);
	guint status = 0;
	g_autoptr(JsonNode) node = oem_test_control(f, "GET", path, NULL, &status);
	JsonArray *clients = json_node_get_array(node);

	g_assert_cmpuint(status, ==, 200);
	for (guint i = 0; i < json_array_get_length(clients); i++) {
		JsonObject *client = json_array_get_object_element(clients, i);

		if (g_strcmp0(json_object_get_string_member(client, "connectionId"), cid) == 0)
			return json_to_string(json_object_get_member(client, "signals"), FALSE);
	}
	g_assert_not_reached();
}

static void
oem_test_assert_received(OemFixture *f, const gchar *sid, const gchar *cid, const gchar *expected)
{
	g_autofree gchar *received = oem_test_received(f, sid, cid);

	g_assert_cmpstr(received, ==, expected);
}

static void
oem_test_session(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *other = oem_test_join(f, sid, "subscriber");
	g_autofree gchar *empty = oem_test_new_session(f, FALSE);

	g_assert_cmpuint(oem_test_signal(f, sid, NULL, "{\"type\":\"chat\",\"data\":\"hi\"}"), ==,
			 204);
	/* no type, and members the call does not know */
	g_assert_cmpuint(oem_test_signal(f, sid, NULL, "{\"data\":\"\",\"extra\":1}"), ==, 204);
	oem_test_assert_received(
	    f, sid, cid, "[{\"type\":\"chat\",\"data\":\"hi\"},{\"type\":\"\",\"data\":\"\"}]");
	oem_test_assert_received(
	    f, sid, other, "[{\"type\":\"chat\",\"data\":\"hi\"},{\"type\":\"\",\"data\":\"\"}]");
	/* nobody to reach is no error */
	g_assert_cmpuint(oem_test_signal(f, empty, NULL, "{\"data\":\"x\"}"), ==, 204);
	g_assert_cmpuint(oem_test_signal(f, "1_nosuchsession", NULL, "{\"data\":\"x\"}"), ==, 404);
}

static void
oem_test_connection(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *other = oem_test_join(f, sid, "subscriber");
	g_autofree gchar *gone = oem_test_join(f, sid, "publisher");
	g_autofree gchar *gone_path =
	    g_strdup_printf("/_emulator/sessions/%s/clients/%s", sid, gone);
	const gchar *body = "{\"type\":\"t\",\"data\":\"only you\"}";

	g_assert_cmpuint(oem_test_signal(f, sid, other, body), ==, 204);
	oem_test_assert_received(f, sid, other, "[{\"type\":\"t\",\"data\":\"only you\"}]");
	oem_test_assert_received(f, sid, cid, "[]");
	oem_test_control_delete(f, gone_path);
	g_assert_cmpuint(oem_test_signal(f, sid, gone, body), ==, 404);
	g_assert_cmpuint(oem_test_signal(f, sid, NO_CLIENT, body), ==, 404);
	g_assert_cmpuint(oem_test_signal(f, sid, "not-a-uuid", body), ==, 400);
	g_assert_cmpuint(oem_test_signal(f, "1_nosuchsession", other, body), ==, 404);
	oem_test_assert_received(f, sid, cid, "[]");
	oem_test_assert_received(f, sid, other, "[{\"type\":\"t\",\"data\":\"only you\"}]");
}

/* a body with a type of @type_len bytes and data of @data_len times @unit */
static gchar *
oem_test_sized_body(gsize type_len, const gchar *unit, gsize data_len)
{
	g_autofree gchar *type = g_strnfill(type_len, 'T');
	g_autoptr(GString) data = g_string_new(NULL);

	for (gsize i = 0; i < data_len; i++)
		g_string_append(data, unit);
	return g_strdup_printf("{\"type\":\"%s\",\"data\":\"%s\"}", type, data->str);
}

static void
oem_test_limits(OemFixture *f, gconstpointer user_data)
{
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);
	g_autofree gchar *received = NULL;
	g_autoptr(JsonNode) node = NULL;
	JsonArray *signals;
	struct {
		gsize type_len;
		const gchar *unit;
		gsize data_len;
		guint status;
	} cases[] = {
	    {OEM_SIGNALS_TYPE_MAX, "d", OEM_SIGNALS_DATA_MAX, 204},
	    {OEM_SIGNALS_TYPE_MAX + 1, "d", 1, 413},
	    {1, "d", OEM_SIGNALS_DATA_MAX + 1, 413},
	    /* bytes, not characters: two bytes each */
	    {1, "\xc3\xa9", OEM_SIGNALS_DATA_MAX / 2, 204},
	    {1, "\xc3\xa9", OEM_SIGNALS_DATA_MAX / 2 + 1, 413},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *body =
		    oem_test_sized_body(cases[i].type_len, cases[i].unit, cases[i].data_len);

		g_test_message("case %u", i);
		g_assert_cmpuint(oem_test_signal(f, sid, NULL, body), ==, cases[i].status);
		g_assert_cmpuint(oem_test_signal(f, sid, cid, body), ==, cases[i].status);
	}
	/* only the two accepted cases, each to the session and to the connection */
	received = oem_test_received(f, sid, cid);
	node = json_from_string(received, NULL);
	signals = json_node_get_array(node);
	g_assert_cmpuint(json_array_get_length(signals), ==, 4);
	for (guint i = 0; i < 4; i++) {
		JsonObject *signal = json_array_get_object_element(signals, i);

		g_assert_cmpuint(strlen(json_object_get_string_member(signal, "data")), ==,
				 OEM_SIGNALS_DATA_MAX);
	}
}

static void
oem_test_invalid(OemFixture *f, gconstpointer user_data)
{
	const gchar *bodies[] = {
	    NULL,
	    "not json",
	    "[]",
	    "{}",
	    "{\"type\":\"chat\"}",
	    "{\"type\":\"chat\",\"data\":null}",
	    "{\"type\":1,\"data\":\"x\"}",
	    "{\"type\":\"chat\",\"data\":1}",
	    "{\"type\":\"chat\",\"data\":{\"a\":1}}",
	    "{\"type\":\"two words\",\"data\":\"x\"}",
	    "{\"type\":\"chat/1\",\"data\":\"x\"}",
	    "{\"type\":\"caf\xc3\xa9\",\"data\":\"x\"}",
	};
	g_autofree gchar *cid = NULL;
	g_autofree gchar *sid = oem_test_new_joined_session(f, &cid);

	for (guint i = 0; i < G_N_ELEMENTS(bodies); i++) {
		g_test_message("body %s", bodies[i]);
		g_assert_cmpuint(oem_test_signal(f, sid, NULL, bodies[i]), ==, 400);
		g_assert_cmpuint(oem_test_signal(f, sid, cid, bodies[i]), ==, 400);
	}
	oem_test_assert_received(f, sid, cid, "[]");
	/* every character the service allows */
	g_assert_cmpuint(oem_test_signal(f, sid, cid, "{\"type\":\"aZ09-_~\",\"data\":\"x\"}"), ==,
			 204);
	oem_test_assert_received(f, sid, cid, "[{\"type\":\"aZ09-_~\",\"data\":\"x\"}]");
}

int
main(int argc, char **argv)
{
	struct {
		const gchar *path;
		void (*func)(OemFixture *, gconstpointer);
	} cases[] = {
	    {"/oem/signals/session", oem_test_session},
	    {"/oem/signals/connection", oem_test_connection},
	    {"/oem/signals/limits", oem_test_limits},
	    {"/oem/signals/invalid", oem_test_invalid},
	};

	g_test_init(&argc, &argv, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		g_test_add(cases[i].path, OemFixture, NULL, oem_fixture_setup, cases[i].func,
			   oem_fixture_teardown);
	return g_test_run();
}
