/*
 * Fault specs and matching.
 */
#include "oem-faults.h"
#include "oem-util.h"

static guint
oem_test_add(OemFaults *faults, const gchar *json, GError **error)
{
	g_autoptr(JsonNode) node = json_from_string(json, NULL);

	g_assert_nonnull(node);
	return oem_faults_add(faults, json_node_get_object(node), error);
}

static void
oem_test_specs(void)
{
	g_autoptr(OemFaults) faults = oem_faults_new();
	const gchar *good[] = {
	    "{\"status\":500}",
	    "{\"delayMs\":10}",
	    "{\"drop\":true,\"times\":1}",
	    "{\"body\":\"{not json\",\"method\":\"get\",\"path\":\"/v2/*\"}",
	    "{\"body\":{\"a\":1},\"contentType\":\"text/"
	    "plain\",\"headers\":{\"Retry-After\":\"1\"}}",
	    "{\"reset\":true}",
	    "{\"trickleMs\":1000,\"body\":\"{}\"}",
	    "{\"truncateAt\":0}",
	    "{\"status\":200,\"body\":\"[1,2]\",\"truncateAt\":3,\"delayMs\":5}",
	};
	const gchar *bad[] = {
	    "{}",
	    "{\"drop\":false}",
	    "{\"status\":99}",
	    "{\"status\":\"500\"}",
	    "{\"delayMs\":-1}",
	    "{\"times\":0,\"status\":500}",
	    "{\"status\":500,\"delay\":5}",
	    "{\"drop\":1}",
	    "{\"status\":500,\"headers\":{\"A\":1}}",
	    "{\"status\":500,\"path\":5}",
	    "{\"reset\":false}",
	    "{\"reset\":true,\"drop\":true}",
	    "{\"reset\":true,\"status\":500}",
	    "{\"drop\":true,\"trickleMs\":10}",
	    "{\"trickleMs\":0}",
	    "{\"trickleMs\":60001}",
	    "{\"truncateAt\":-1}",
	};

	for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
		g_autoptr(GError) error = NULL;

		g_test_message("%s", good[i]);
		g_assert_cmpuint(oem_test_add(faults, good[i], &error), ==, i + 1);
		g_assert_no_error(error);
	}
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;

		g_test_message("%s", bad[i]);
		g_assert_cmpuint(oem_test_add(faults, bad[i], &error), ==, 0);
		g_assert_error(error, OEM_ERROR, OEM_ERROR_INVALID);
	}
}

static void
oem_test_matching(void)
{
	g_autoptr(OemFaults) faults = oem_faults_new();
	g_autoptr(OemFault) a = NULL;
	g_autoptr(OemFault) b = NULL;
	g_autoptr(OemFault) c = NULL;
	g_autoptr(OemFault) d = NULL;
	g_autoptr(OemFault) e = NULL;

	oem_test_add(
	    faults, "{\"method\":\"DELETE\",\"path\":\"/v2/*/connection/*\",\"status\":404}", NULL);
	oem_test_add(faults, "{\"path\":\"/session/create\",\"status\":503,\"times\":2}", NULL);
	g_assert_null(oem_faults_take_match(faults, "GET", "/v2/project/1/session/2/connection/3"));
	a = oem_faults_take_match(faults, "DELETE", "/v2/project/1/session/2/connection/3");
	g_assert_nonnull(a);
	g_assert_cmpuint(a->status, ==, 404);
	b = oem_faults_take_match(faults, "POST", "/session/create");
	c = oem_faults_take_match(faults, "POST", "/session/create");
	d = oem_faults_take_match(faults, "POST", "/session/create");
	g_assert_cmpuint(b->status, ==, 503);
	g_assert_true(b == c);
	/* used up after two matches, while the references handed out stay valid */
	g_assert_null(d);
	g_assert_cmpuint(c->hits, ==, 2);
	e = oem_faults_take_match(faults, "DELETE", "/v2/project/1/session/2/connection/3");
	g_assert_true(e == a);
	g_assert_true(oem_faults_remove(faults, a->id));
	g_assert_false(oem_faults_remove(faults, a->id));
	g_assert_null(
	    oem_faults_take_match(faults, "DELETE", "/v2/project/1/session/2/connection/3"));
}

static void
oem_test_clear(void)
{
	g_autoptr(OemFaults) faults = oem_faults_new();
	g_autoptr(JsonNode) listed = NULL;

	oem_test_add(faults, "{\"status\":500}", NULL);
	listed = oem_faults_to_json(faults);
	g_assert_cmpuint(json_array_get_length(json_node_get_array(listed)), ==, 1);
	oem_faults_clear(faults);
	g_assert_null(oem_faults_take_match(faults, "GET", "/"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/oem/faults/specs", oem_test_specs);
	g_test_add_func("/oem/faults/matching", oem_test_matching);
	g_test_add_func("/oem/faults/clear", oem_test_clear);
	return g_test_run();
}
