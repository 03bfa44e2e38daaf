/* the audio connector's body and rules */
#include "config.h"

#include <string.h>

#include "otd-audio-connector.h"

static gchar *
body_text(const gchar *uri, const gchar *options, GError **error)
{
	g_autoptr(GVariant) v = g_variant_ref_sink(g_variant_new_parsed(options));
	g_autoptr(JsonObject) body = otd_audio_connector_body("1_S", "tok", uri, v, error);
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
	g_autofree gchar *text = body_text(uri, options, &error);
	g_assert_null(text);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	if (strstr(error->message, needle) == NULL)
		g_error("'%s' not in '%s'", needle, error->message);
}

static void
test_connect(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *big = g_strnfill(509, 'v');
	g_autofree gchar *too_big = g_strdup_printf("{'headers': <{'k': '%s', 'x': 'yz'}>}", big);
	g_autofree gchar *text = body_text(
	    "wss://service.example.com/ws",
	    "{'streams': <['123456']>, 'headers': <{'Foo-Bar': 'baz'}>, "
	    "'audio_rate': <uint16 16000>, 'bidirectional': <true>}",
	    &error);

	g_assert_no_error(error);
	g_assert_cmpstr(text, ==,
			"{\"sessionId\":\"1_S\",\"token\":\"tok\",\"websocket\":{\"uri\":"
			"\"wss://service.example.com/ws\",\"streams\":[\"123456\"],\"headers\":{"
			"\"Foo-Bar\":\"baz\"},\"audioRate\":16000,\"bidirectional\":true}}");
	expect_refused("https://service.example.com/ws", "@a{sv} {}", "uri");
	expect_refused("ws://", "@a{sv} {}", "uri");
	expect_refused("ws://h/x", "{'audio_rate': <44100>}", "'audio_rate'");
	expect_refused("ws://h/x", "{'audio_rate': <'8000'>}", "'audio_rate'");
	expect_refused("ws://h/x", too_big, "'headers'");
	expect_refused("ws://h/x", "{'bidirectional': <1>}", "'bidirectional'");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/audio-connector/connect", test_connect);
	return g_test_run();
}
