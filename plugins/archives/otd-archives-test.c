/* Start's and SetLayout's bodies, and the shared list and stream helpers */
#include "config.h"

#include <string.h>

#include "otd-archives.h"

static GVariant *
vardict(const gchar *text)
{
	GVariant *v = g_variant_parse(G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);
	g_assert_nonnull(v);
	return v;
}

static gchar *
to_text(JsonObject *object)
{
	g_autoptr(JsonNode) node = json_node_init_object(json_node_alloc(), object);
	return json_to_string(node, FALSE);
}

static void
expect_start(const gchar *options, const gchar *expected)
{
	g_autoptr(GVariant) v = vardict(options);
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = otd_archives_start_body("1_S", v, &error);
	g_autofree gchar *text = NULL;

	g_assert_no_error(error);
	text = to_text(body);
	g_assert_cmpstr(text, ==, expected);
}

static void
expect_refused(const gchar *options, const gchar *needle)
{
	g_autoptr(GVariant) v = vardict(options);
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = otd_archives_start_body("1_S", v, &error);

	g_assert_null(body);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	if (strstr(error->message, needle) == NULL)
		g_error("'%s' not in '%s'", needle, error->message);
}

static void
test_start_bodies(void)
{
	expect_start("@a{sv} {}", "{\"sessionId\":\"1_S\"}");
	expect_start("{'name': <'Q3 review'>, 'has_audio': <true>, 'has_video': <false>, "
		     "'output_mode': <'composed'>, 'resolution': <'1280x720'>, "
		     "'layout': <{'type': <'bestFit'>, 'screenshare_type': <'pip'>}>, "
		     "'stream_mode': <'manual'>, 'multi_archive_tag': <'t1'>, "
		     "'max_bitrate': <uint32 2000000>}",
		     "{\"sessionId\":\"1_S\",\"name\":\"Q3 review\",\"hasAudio\":true,"
		     "\"hasVideo\":false,\"outputMode\":\"composed\",\"resolution\":\"1280x720\","
		     "\"layout\":{\"type\":\"bestFit\",\"screenshareType\":\"pip\"},"
		     "\"streamMode\":\"manual\",\"multiArchiveTag\":\"t1\",\"maxBitrate\":2000000}");
	expect_start("{'layout': <{'type': <'custom'>, 'stylesheet': <'stream {}'>}>, "
		     "'quantization_parameter': <int16 20>}",
		     "{\"sessionId\":\"1_S\",\"layout\":{\"type\":\"custom\",\"stylesheet\":"
		     "\"stream {}\"},\"quantizationParameter\":20}");
	expect_start("{'output_mode': <'individual'>, 'has_audio': <false>}",
		     "{\"sessionId\":\"1_S\",\"outputMode\":\"individual\",\"hasAudio\":false}");
}

static void
test_start_refusals(void)
{
	expect_refused("{'resolution': <'1280x721'>}", "'resolution'");
	expect_refused("{'output_mode': <'mixed'>}", "'output_mode'");
	expect_refused("{'stream_mode': <'Manual'>}", "'stream_mode'");
	expect_refused("{'has_audio': <false>, 'has_video': <false>}", "'has_audio'");
	expect_refused("{'max_bitrate': <99999>}", "'max_bitrate'");
	expect_refused("{'max_bitrate': <int64 6000001>}", "'max_bitrate'");
	expect_refused("{'quantization_parameter': <14>}", "'quantization_parameter'");
	expect_refused("{'quantization_parameter': <41>}", "'quantization_parameter'");
	expect_refused("{'quantization_parameter': <20>, 'max_bitrate': <200000>}",
		       "'quantization_parameter'");
	expect_refused("{'output_mode': <'individual'>, 'resolution': <'640x480'>}",
		       "'resolution'");
	expect_refused("{'output_mode': <'individual'>, 'layout': <{'type': <'pip'>}>}",
		       "'layout'");
	expect_refused("{'output_mode': <'individual'>, 'max_bitrate': <200000>}",
		       "'max_bitrate'");
	expect_refused("{'layout': <{'type': <'custom'>}>}", "'layout.stylesheet'");
	expect_refused("{'layout': <{'type': <'pip'>, 'stylesheet': <'x'>}>}",
		       "'layout.stylesheet'");
	expect_refused("{'layout': <{'type': <'pip'>, 'screenshare_type': <'pip'>}>}",
		       "'layout.screenshare_type'");
	expect_refused("{'layout': <{'screenshare_type': <'pip'>}>}", "'layout.type'");
	expect_refused("{'layout': <{'type': <'focus'>}>}", "'layout.type'");
	expect_refused("{'layout': <'bestFit'>}", "'layout'");
	expect_refused("{'multi_archive_tag': <''>}", "'multi_archive_tag'");
	expect_refused("{'has_audio': <'no'>}", "'has_audio'");
	expect_refused("{'sessionId': <'x'>}", "'sessionId'");
}

static void
test_layout_body(void)
{
	g_autoptr(GVariant) good = vardict("{'type': <'horizontalPresentation'>}");
	g_autoptr(GVariant) bad = vardict("{'type': <'custom'>}");
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) body = otd_recording_layout_body(good, &error);
	g_autofree gchar *text = to_text(body);
	g_autoptr(JsonObject) none = NULL;

	g_assert_cmpstr(text, ==, "{\"type\":\"horizontalPresentation\"}");
	none = otd_recording_layout_body(bad, &error);
	g_assert_null(none);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
}

static void
test_list_query(void)
{
	const struct {
		const gchar *filter;
		const gchar *query;
	} cases[] = {
	    {"@a{sv} {}", ""},
	    {"{'count': <int64 2>}", "?count=2"},
	    {"{'session_id': <'1_a-b'>, 'offset': <uint32 0>, 'count': <int64 1000>}",
	     "?offset=0&count=1000&sessionId=1_a-b"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GVariant) v = vardict(cases[i].filter);
		g_autoptr(GError) error = NULL;
		g_autofree gchar *q = otd_recording_list_query(v, &error);
		g_assert_no_error(error);
		g_assert_cmpstr(q, ==, cases[i].query);
	}
	const gchar *bad[] = {"{'count': <int64 1001>}", "{'offset': <int32 -1>}",
			      "{'session_id': <'a b'>}", "{'sessionId': <'x'>}",
			      "{'count': <'5'>}"};
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GVariant) v = vardict(bad[i]);
		g_autoptr(GError) error = NULL;
		g_autofree gchar *q = otd_recording_list_query(v, &error);
		g_assert_null(q);
		g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	}
}

static void
test_stream_body(void)
{
	g_autoptr(GVariant) opts = vardict("{'has_video': <false>}");
	g_autoptr(GVariant) off = vardict("{'has_video': <false>, 'has_audio': <false>}");
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) add = otd_recording_stream_body("st1", opts, &error);
	g_autoptr(JsonObject) rm = otd_recording_stream_body("st1", NULL, &error);
	g_autoptr(JsonObject) none = NULL;
	g_autofree gchar *a = to_text(add);
	g_autofree gchar *r = to_text(rm);

	g_assert_cmpstr(a, ==, "{\"addStream\":\"st1\",\"hasVideo\":false}");
	g_assert_cmpstr(r, ==, "{\"removeStream\":\"st1\"}");
	none = otd_recording_stream_body("st1", off, &error);
	g_assert_null(none);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/archives/start-bodies", test_start_bodies);
	g_test_add_func("/otd/archives/start-refusals", test_start_refusals);
	g_test_add_func("/otd/archives/layout-body", test_layout_body);
	g_test_add_func("/otd/archives/list-query", test_list_query);
	g_test_add_func("/otd/archives/stream-body", test_stream_body);
	return g_test_run();
}
