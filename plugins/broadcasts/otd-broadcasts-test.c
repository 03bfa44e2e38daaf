/* Start's body and rules, and both forms of broadcastUrls.rtmp */
#include "config.h"

#include <string.h>

#include "otd-broadcasts.h"
#include "otd-json.h"

static gchar *
to_text(JsonObject *object)
{
	g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), object);
	return json_to_string(node, FALSE);
}

static JsonObject *
body_for(const gchar *options, GError **error)
{
	g_autoptr(GVariant) v = g_variant_parse(G_VARIANT_TYPE_VARDICT, options, NULL, NULL, NULL);
	g_assert_nonnull(v);
	return otd_broadcasts_start_body("1_S", v, error);
}

static void
expect_body(const gchar *options, const gchar *expected)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = body_for(options, &error);
	g_autofree gchar *text = NULL;

	g_assert_no_error(error);
	text = to_text(body);
	g_assert_cmpstr(text, ==, expected);
}

static void
expect_refused(const gchar *options, const gchar *needle)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = body_for(options, &error);

	g_assert_null(body);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	if (strstr(error->message, needle) == NULL)
		g_error("'%s' not in '%s'", needle, error->message);
}

static void
test_bodies(void)
{
	expect_body("{'outputs': <{'hls': <@a{sv} {}>}>}",
		    "{\"sessionId\":\"1_S\",\"outputs\":{\"hls\":{}}}");
	expect_body("{'outputs': <{'hls': <{'low_latency': <true>}>, 'rtmp': <[{'id': <'yt'>, "
		    "'server_url': <'rtmp://a.rtmp.youtube.com/live2'>, 'stream_name': <'k-1'>}]>}>, "
		    "'max_duration': <int32 5400>, 'max_bitrate': <int64 1000000>, "
		    "'resolution': <'1280x720'>, 'layout': <{'type': <'pip'>}>, "
		    "'stream_mode': <'manual'>, 'multi_broadcast_tag': <'main'>, "
		    "'has_audio': <true>, 'has_video': <true>}",
		    "{\"sessionId\":\"1_S\",\"outputs\":{\"hls\":{\"lowLatency\":true},\"rtmp\":"
		    "[{\"id\":\"yt\",\"serverUrl\":\"rtmp://a.rtmp.youtube.com/live2\","
		    "\"streamName\":\"k-1\"}]},\"maxDuration\":5400,\"maxBitrate\":1000000,"
		    "\"resolution\":\"1280x720\",\"layout\":{\"type\":\"pip\"},\"streamMode\":"
		    "\"manual\",\"multiBroadcastTag\":\"main\",\"hasAudio\":true,\"hasVideo\":true}");
}

#define RTMP(n) "{'server_url': <'rtmps://x.example/app'>, 'stream_name': <'s" #n "'>}"

static void
test_refusals(void)
{
	expect_refused("@a{sv} {}", "'outputs'");
	expect_refused("{'outputs': <@a{sv} {}>}", "'outputs'");
	expect_refused("{'outputs': <{'rtmp': <@aa{sv} []>}>}", "'outputs'");
	expect_refused("{'outputs': <{'hls': <{'dvr': <true>, 'low_latency': <true>}>}>}",
		       "'outputs.hls.low_latency'");
	expect_refused("{'outputs': <{'rtmp': <[" RTMP(1) "," RTMP(2) "," RTMP(3) "," RTMP(4)
		       "," RTMP(5) "," RTMP(6) "]>}>}",
		       "'outputs.rtmp'");
	expect_refused("{'outputs': <{'rtmp': <[{'server_url': <'http://x/y'>, "
		       "'stream_name': <'s'>}]>}>}",
		       "'outputs.rtmp[0].server_url'");
	expect_refused("{'outputs': <{'rtmp': <[{'stream_name': <'s'>}]>}>}", "'outputs.rtmp[0]'");
	expect_refused("{'outputs': <{'rtmp': <[{'id': <'a'>, 'server_url': <'rtmp://h/a'>, "
		       "'stream_name': <'1'>}, {'id': <'a'>, 'server_url': <'rtmp://h/a'>, "
		       "'stream_name': <'2'>}]>}>}",
		       "used twice");
	expect_refused("{'outputs': <{'hls': <{'dvr': <1>}>}>}", "'outputs.hls.dvr'");
	expect_refused("{'outputs': <{'hls': <@a{sv} {}>}>, 'max_duration': <59>}",
		       "'max_duration'");
	expect_refused("{'outputs': <{'hls': <@a{sv} {}>}>, 'max_duration': <36001>}",
		       "'max_duration'");
	expect_refused("{'outputs': <{'hls': <@a{sv} {}>}>, 'max_bitrate': <6000001>}",
		       "'max_bitrate'");
	expect_refused("{'outputs': <{'hls': <@a{sv} {}>}>, 'resolution': <'4k'>}", "'resolution'");
	expect_refused("{'outputs': <{'hls': <@a{sv} {}>}>, 'has_audio': <false>, "
		       "'has_video': <false>}",
		       "'has_audio'");
	expect_refused("{'outputs': <{'hls': <@a{sv} {}>}>, 'layout': <{'type': <'custom'>}>}",
		       "'layout.stylesheet'");
	expect_refused("{'outputs': <{'hls': <@a{sv} {}>}>, 'multi_archive_tag': <'x'>}",
		       "'multi_archive_tag'");
}

/* @json after the fix-up, as the reply's a{sv}, equals the GVariant text @expected */
static void
expect_fixed(const gchar *json, const gchar *expected)
{
	g_autoptr(OtdJsonDoc) doc = otd_json_doc_parse(json, strlen(json), NULL);
	g_autoptr(GVariant) want = g_variant_parse(G_VARIANT_TYPE_VARDICT, expected, NULL, NULL, NULL);
	g_autoptr(GVariant) got = NULL;
	g_autofree gchar *got_text = NULL;

	g_assert_nonnull(doc);
	g_assert_nonnull(want);
	otd_broadcasts_fixup(doc, otd_json_doc_root(doc));
	got = g_variant_ref_sink(otd_json_object_to_variant(otd_json_doc_root(doc), NULL));
	got_text = g_variant_print(got, FALSE);
	if (!g_variant_equal(got, want))
		g_error("fixed up %s into %s, expected %s", json, got_text, expected);
}

static void
test_rtmp_forms(void)
{
	/* the object form: keys become ids, in the answer's order, and win over inner ids */
	expect_fixed("{\"id\":\"b\",\"broadcastUrls\":{\"hls\":\"h\",\"rtmp\":{\"foo\":{\"serverUrl\":"
		     "\"rtmps://f/a\",\"streamName\":\"s1\",\"status\":\"started\"},\"Bar 2\":{\"id\":"
		     "\"ignored\",\"status\":\"live\"},\"odd\":5}}}",
		     "{'id': <'b'>, 'broadcast_urls': <{'hls': <'h'>, 'rtmp': <[{'id': <'foo'>, "
		     "'server_url': <'rtmps://f/a'>, 'stream_name': <'s1'>, 'status': <'started'>}, "
		     "{'id': <'Bar 2'>, 'status': <'live'>}]>}>}");
	/* the array form stays as it is */
	expect_fixed("{\"broadcastUrls\":{\"rtmp\":[{\"id\":\"x\",\"status\":\"live\"}]}}",
		     "{'broadcast_urls': <{'rtmp': <[{'id': <'x'>, 'status': <'live'>}]>}>}");
	/* an empty object form is an empty list, a stopped broadcast has nothing to fix */
	expect_fixed("{\"broadcastUrls\":{\"rtmp\":{}}}",
		     "{'broadcast_urls': <{'rtmp': <@av []>}>}");
	expect_fixed("{\"broadcastUrls\":null}", "@a{sv} {}");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/broadcasts/bodies", test_bodies);
	g_test_add_func("/otd/broadcasts/refusals", test_refusals);
	g_test_add_func("/otd/broadcasts/rtmp-forms", test_rtmp_forms);
	return g_test_run();
}
