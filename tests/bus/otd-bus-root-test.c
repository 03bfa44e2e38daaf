/* the root object: properties, plugins, ObjectManager and the introspection contract */
#include "config.h"

#include <string.h>

#include "otd-test-env.h"

static GDBusConnection *
connect_gdbus(OtdTestEnv *env)
{
	g_autoptr(GError) error = NULL;
	GDBusConnection *c = g_dbus_connection_new_for_address_sync(
	    env->bus_address,
	    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
		G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
	    NULL, NULL, &error);
	g_assert_no_error(error);
	return c;
}

static void
test_properties(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	OtkDict *status = NULL;
	OtkCallError *error = NULL;
	const OtkValue *plugins;

	g_assert_cmpint(otk_client_get_status(env->client, &status, &error), >=, 0);
	g_assert_null(error);
	g_assert_cmpstr(otk_dict_get_string(status, "version"), ==, PACKAGE_VERSION);
	g_assert_cmpstr(otk_dict_get_string(status, "api_key"), ==, OTD_TEST_KEY);
	g_assert_cmpstr(otk_dict_get_string(status, "api_url"), ==, env->emulator_url);
	plugins = otk_dict_lookup(status, "plugins");
	g_assert_nonnull(plugins);
	/* the plugin that fails setup and the one with a foreign ABI are skipped */
	{
		const gchar *expected[] = {"archives", "audio-connector", "broadcasts",
					   "captions", "connections",	  "renders",
					   "signals",  "sip",		  "streams",
					   "test"};
		g_assert_cmpuint(otk_value_get_length(plugins), ==, G_N_ELEMENTS(expected));
		for (guint i = 0; i < G_N_ELEMENTS(expected); i++)
			g_assert_cmpstr(otk_value_get_string(otk_value_get_element(plugins, i)), ==,
					expected[i]);
	}
	otk_dict_free(status);
}

static void
test_plugin_skips_logged(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autofree gchar *log = NULL;

	/* the daemon stays up and says why each plugin was skipped */
	g_assert_cmpint(otk_client_ping(env->client, NULL), >=, 0);
	g_assert_true(g_file_get_contents(env->daemon_log, &log, NULL, NULL));
	g_assert_nonnull(strstr(log, "plugin test-fail failed to set up"));
	g_assert_nonnull(strstr(log, "ABI version"));
}

static void
test_plugins_config(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new("[Daemon]\nPlugins=connections;test;signals\nDisabledPlugins=test\n");
	OtkDict *status = NULL;
	const OtkValue *plugins;

	g_assert_cmpint(otk_client_get_status(env->client, &status, NULL), >=, 0);
	plugins = otk_dict_lookup(status, "plugins");
	/* Plugins= picks, DisabledPlugins= wins over it */
	g_assert_cmpuint(otk_value_get_length(plugins), ==, 2);
	g_assert_cmpstr(otk_value_get_string(otk_value_get_element(plugins, 0)), ==,
			"connections");
	g_assert_cmpstr(otk_value_get_string(otk_value_get_element(plugins, 1)), ==, "signals");
	otk_dict_free(status);
}

static void
test_object_manager(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autoptr(GDBusConnection) c = connect_gdbus(env);
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = g_dbus_connection_call_sync(
	    c, "org.opentokd.OpenTok1", "/org/opentokd/OpenTok1",
	    "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", NULL, NULL,
	    G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
	g_autoptr(GVariant) objects = NULL;
	g_autoptr(GVariant) conn = NULL;
	g_autoptr(GVariant) iface = NULL;
	g_autoptr(GVariant) test = NULL;

	g_assert_no_error(error);
	objects = g_variant_get_child_value(reply, 0);
	conn = g_variant_lookup_value(objects, "/org/opentokd/OpenTok1/Connections", NULL);
	g_assert_nonnull(conn);
	iface = g_variant_lookup_value(conn, "org.opentokd.OpenTok1.Connections", NULL);
	g_assert_nonnull(iface);
	test = g_variant_lookup_value(objects, "/org/opentokd/OpenTok1/Test", NULL);
	g_assert_nonnull(test);
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *)a, *(const gchar *const *)b);
}

/* the methods and properties of one interface as "M Name in:… out:…" / "P Name t a" */
static GPtrArray *
describe(GDBusInterfaceInfo *iface)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; iface->methods != NULL && iface->methods[i] != NULL; i++) {
		GDBusMethodInfo *m = iface->methods[i];
		GString *s = g_string_new(NULL);
		g_string_append_printf(s, "M %s", m->name);
		for (guint j = 0; m->in_args != NULL && m->in_args[j] != NULL; j++)
			g_string_append_printf(s, " in:%s:%s", m->in_args[j]->name,
					       m->in_args[j]->signature);
		for (guint j = 0; m->out_args != NULL && m->out_args[j] != NULL; j++)
			g_string_append_printf(s, " out:%s:%s", m->out_args[j]->name,
					       m->out_args[j]->signature);
		g_ptr_array_add(out, g_string_free(s, FALSE));
	}
	for (guint i = 0; iface->properties != NULL && iface->properties[i] != NULL; i++) {
		GDBusPropertyInfo *p = iface->properties[i];
		g_ptr_array_add(out, g_strdup_printf("P %s %s %d", p->name, p->signature,
						     p->flags));
	}
	for (guint i = 0; iface->signals != NULL && iface->signals[i] != NULL; i++)
		g_ptr_array_add(out, g_strdup_printf("S %s", iface->signals[i]->name));
	g_ptr_array_sort(out, compare_strings);
	return out;
}

static void
compare_interface(GDBusConnection *c, const gchar *path, const gchar *xml_file)
{
	g_autofree gchar *fn = g_build_filename(g_getenv("OTD_TEST_DBUS_DIR"), xml_file, NULL);
	g_autofree gchar *xml = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GDBusNodeInfo) doc = NULL;
	g_autoptr(GDBusNodeInfo) live = NULL;
	g_autoptr(GVariant) reply = NULL;
	const gchar *live_xml = NULL;

	g_assert_true(g_file_get_contents(fn, &xml, NULL, &error));
	doc = g_dbus_node_info_new_for_xml(xml, &error);
	g_assert_no_error(error);
	reply = g_dbus_connection_call_sync(c, "org.opentokd.OpenTok1", path,
					    "org.freedesktop.DBus.Introspectable", "Introspect",
					    NULL, G_VARIANT_TYPE("(s)"), G_DBUS_CALL_FLAGS_NONE, 5000,
					    NULL, &error);
	g_assert_no_error(error);
	g_variant_get(reply, "(&s)", &live_xml);
	live = g_dbus_node_info_new_for_xml(live_xml, &error);
	g_assert_no_error(error);
	for (guint i = 0; doc->interfaces[i] != NULL; i++) {
		GDBusInterfaceInfo *want = doc->interfaces[i];
		GDBusInterfaceInfo *have = g_dbus_node_info_lookup_interface(live, want->name);
		g_autoptr(GPtrArray) a = NULL;
		g_autoptr(GPtrArray) b = NULL;

		g_assert_nonnull(have);
		a = describe(want);
		b = describe(have);
		for (guint j = 0; j < MAX(a->len, b->len); j++) {
			const gchar *x = j < a->len ? g_ptr_array_index(a, j) : "(none)";
			const gchar *y = j < b->len ? g_ptr_array_index(b, j) : "(none)";
			if (g_strcmp0(x, y) != 0)
				g_error("%s: documented '%s', exported '%s'", want->name, x, y);
		}
	}
}

static void
test_contract(void)
{
	g_autoptr(OtdTestEnv) env = otd_test_env_new(NULL);
	g_autoptr(GDBusConnection) c = connect_gdbus(env);
	const gchar *areas[] = {"Archives", "AudioConnector", "Broadcasts", "Captions",
				"Connections", "Renders", "Signals", "Sip", "Streams"};

	compare_interface(c, "/org/opentokd/OpenTok1", "org.opentokd.OpenTok1.xml");
	for (guint i = 0; i < G_N_ELEMENTS(areas); i++) {
		g_autofree gchar *path = g_strdup_printf("/org/opentokd/OpenTok1/%s", areas[i]);
		g_autofree gchar *xml = g_strdup_printf("org.opentokd.OpenTok1.%s.xml", areas[i]);
		compare_interface(c, path, xml);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/bus/root/properties", test_properties);
	g_test_add_func("/otd/bus/root/plugin-skips", test_plugin_skips_logged);
	g_test_add_func("/otd/bus/root/plugins-config", test_plugins_config);
	g_test_add_func("/otd/bus/root/object-manager", test_object_manager);
	g_test_add_func("/otd/bus/root/contract", test_contract);
	return g_test_run();
}
