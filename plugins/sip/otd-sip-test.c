/* SIP dial bodies and DTMF digits */
#include "config.h"

#include <string.h>

#include "otd-sip.h"

static gchar *
dial_text(const gchar *uri, const gchar *options, GError **error)
{
	g_autoptr(GVariant) v = g_variant_ref_sink(g_variant_new_parsed(options));
	g_autoptr(JsonObject) body = otd_sip_dial_body("1_S", "T1==x", uri, v, error);
	g_autoptr(JsonNode) node = NULL;

	if (body == NULL)
		return NULL;
	node = json_node_init_object(json_node_alloc(), body);
	return json_to_string(node, FALSE);
}

static void
expect_refused(const gchar *uri, const gchar *options, const gchar *needle)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = dial_text(uri, options, &error);
	g_assert_null(text);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	if (strstr(error->message, needle) == NULL)
		g_error("'%s' not in '%s'", needle, error->message);
}

static void
test_dial(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *all = dial_text(
	    "sip:+15128675309@acme.pstn.example.com;transport=tls",
	    "{'from': <'from@example.com'>, 'headers': <{'X-someKey': 'someValue', 'lower': 'v'}>, "
	    "'auth': <{'username': <'bob'>, 'password': <'abc123'>}>, 'secure': <true>, "
	    "'video': <false>, 'observe_force_mute': <true>, 'streams': <['s1', 's2']>}",
	    &error);
	g_autofree gchar *none = dial_text("sips:a@b", "@a{sv} {}", &error);

	g_assert_no_error(error);
	g_assert_cmpstr(all, ==,
			"{\"sessionId\":\"1_S\",\"token\":\"T1==x\",\"sip\":{\"uri\":\"sip:+15128675309"
			"@acme.pstn.example.com;transport=tls\",\"from\":\"from@example.com\","
			"\"headers\":{\"X-someKey\":\"someValue\",\"lower\":\"v\"},\"auth\":{"
			"\"username\":\"bob\",\"password\":\"abc123\"},\"secure\":true,"
			"\"video\":false,\"observeForceMute\":true,\"streams\":[\"s1\",\"s2\"]}}");
	g_assert_cmpstr(none, ==,
			"{\"sessionId\":\"1_S\",\"token\":\"T1==x\",\"sip\":{\"uri\":\"sips:a@b\"}}");
	expect_refused("tel:+1555", "@a{sv} {}", "sip_uri");
	expect_refused("sip:nobody", "@a{sv} {}", "sip_uri");
	expect_refused("sip:a@b", "{'auth': <{'username': <'bob'>}>}", "'auth'");
	expect_refused("sip:a@b", "{'headers': <{'a': <'b'>}>}", "'headers'");
	expect_refused("sip:a@b", "{'secure': <'true'>}", "'secure'");
	expect_refused("sip:a@b", "{'streams': <['a b']>}", "streams");
	expect_refused("sip:a@b", "{'observeForceMute': <true>}", "'observeForceMute'");
}

static void
test_digits(void)
{
	const gchar *good[] = {"0123456789*#p", "p", "1"};
	const gchar *bad[] = {"", "12a", "1 2", "P"};
	g_autofree gchar *long_digits = g_strnfill(4097, '1');

	for (guint i = 0; i < G_N_ELEMENTS(good); i++)
		g_assert_true(otd_sip_check_digits(good[i], NULL));
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		g_assert_false(otd_sip_check_digits(bad[i], &error));
		g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	}
	g_assert_false(otd_sip_check_digits(long_digits, NULL));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/sip/dial", test_dial);
	g_test_add_func("/otd/sip/digits", test_digits);
	return g_test_run();
}
