/*
 * Unit tests: the Broadcasts calls against the fake opentokd
 * (otk-test-server-broadcasts.c). Each call's member, signature and arguments are read
 * back with Test.LastCall; the fake also refuses option values of the wrong D-Bus type,
 * so a call it accepts sent every nested value with the contract's type.
 */
#include "otk-broadcasts.h"
#include "otk-client-private.h"
#include "otk-test-server.h"
#include "otk-test.h"

/* the complete broadcast of the fake server, as JSON */
#define OTK_TEST_FULL_BROADCAST(id)                                                                \
	"{\"id\":\"" id "\",\"session_id\":\"S1\",\"project_id\":123456,"                          \
	"\"created_at\":1747655658197,\"status\":\"started\",\"resolution\":\"1280x720\","         \
	"\"partner_id\":123456,\"updated_at\":1747655658697,\"max_duration\":7200,"                \
	"\"max_bitrate\":2000000,\"has_audio\":true,\"has_video\":true,"                           \
	"\"stream_mode\":\"manual\",\"multi_broadcast_tag\":\"main\",\"event\":\"broadcast\","     \
	"\"layout\":{\"type\":\"bestFit\",\"screenshare_type\":\"pip\"},"                          \
	"\"streams\":[{\"stream_id\":\"ST1\",\"has_video\":false}],\"broadcast_urls\":{"           \
	"\"hls\":\"https://cdn.example/B1/playlist.m3u8\",\"hls_status\":\"ready\",\"rtmp\":["     \
	"{\"id\":\"yt\",\"server_url\":\"rtmp://a.rtmp.youtube.com/live2\",\"stream_name\":"       \
	"\"abcd-1234\",\"status\":\"live\"},{\"server_url\":\"rtmps://live.example:443/app\","     \
	"\"stream_name\":\"k9\",\"status\":\"connecting\"}]},\"region\":\"eu-west\"}"

#define OTK_TEST_STOPPED_BROADCAST(id)                                                             \
	"{\"id\":\"" id "\",\"session_id\":\"S1\",\"project_id\":123456,"                          \
	"\"created_at\":1747655718197,\"status\":\"stopped\",\"resolution\":\"640x480\"}"

static OtkOptions *
otk_test_target(const char *id, const char *url, const char *name)
{
	OtkOptions *target = otk_options_new();

	OTK_TEST_ASSERT(target != NULL);
	if (id != NULL)
		OTK_TEST_ASSERT_CMPINT(otk_options_set_string(target, "id", id), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(target, "server_url", url), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(target, "stream_name", name), 0);
	return target;
}

/* outputs with plain HLS (an empty dictionary) and two RTMP targets, the second without id */
static OtkOptions *
otk_test_outputs(void)
{
	OtkOptions *outputs = otk_options_new();

	OTK_TEST_ASSERT(outputs != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(outputs, "hls", otk_options_new()), 0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_add_dict_array_item(
		outputs,
		"rtmp",
		otk_test_target("yt", "rtmp://a.rtmp.youtube.com/live2", "abcd-1234")),
	    0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_add_dict_array_item(
		outputs, "rtmp", otk_test_target(NULL, "rtmps://live.example:443/app", "k9")),
	    0);
	return outputs;
}

static OtkOptions *
otk_test_start_options(void)
{
	OtkOptions *opts = otk_options_new();
	OtkOptions *layout = otk_options_new();

	OTK_TEST_ASSERT(opts != NULL && layout != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(opts, "outputs", otk_test_outputs()), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(opts, "max_duration", 3600), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(opts, "max_bitrate", 2000000), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "resolution", "1280x720"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "stream_mode", "manual"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "multi_broadcast_tag", "main"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "has_audio", false), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(layout, "type", "bestFit"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(layout, "screenshare_type", "pip"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(opts, "layout", layout), 0);
	return opts;
}

static void
otk_broadcasts_start_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_test_start_options();
	OTK_CLEANUP(otk_dict_freep) OtkDict *broadcast = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_start(client, "S1", opts, &broadcast, NULL), 0);
	OTK_TEST_ASSERT_SENT(
	    client,
	    "Start(sa{sv}) \"S1\", {\"outputs\": {\"hls\": {}, \"rtmp\": [{\"id\": \"yt\", "
	    "\"server_url\": \"rtmp://a.rtmp.youtube.com/live2\", \"stream_name\": "
	    "\"abcd-1234\"}, {\"server_url\": \"rtmps://live.example:443/app\", \"stream_name\": "
	    "\"k9\"}]}, \"max_duration\": x 3600, \"max_bitrate\": x 2000000, \"resolution\": "
	    "\"1280x720\", \"stream_mode\": \"manual\", \"multi_broadcast_tag\": \"main\", "
	    "\"has_audio\": false, \"layout\": {\"type\": \"bestFit\", \"screenshare_type\": "
	    "\"pip\"}}");
	OTK_TEST_ASSERT_DICT_JSON(broadcast,
			     "{\"id\":\"B-new\",\"session_id\":\"S1\",\"project_id\":123456,"
			     "\"created_at\":1747655718197,\"status\":\"started\","
			     "\"resolution\":\"640x480\",\"broadcast_urls\":{\"hls\":"
			     "\"https://cdn.example/B-new/playlist.m3u8\"}}");

	/* no options still sends the a{sv}; the result may be dropped */
	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_start(client, "S2", NULL, NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Start(sa{sv}) \"S2\", {}");

	otk_dict_free(broadcast);
	broadcast = NULL;
	OTK_TEST_ASSERT(otk_client_broadcast_start(client, "missing", opts, &broadcast, &error) <
			0);
	OTK_TEST_ASSERT(broadcast == NULL);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NOT_FOUND);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

/* HLS options in the nested dictionary; an empty RTMP list is still an aa{sv} */
static void
otk_broadcasts_start_hls_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OtkOptions *outputs = otk_options_new();
	OtkOptions *hls = otk_options_new();

	OTK_TEST_ASSERT(opts != NULL && outputs != NULL && hls != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(hls, "dvr", true), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(hls, "low_latency", false), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(outputs, "hls", hls), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_dict_array_item(outputs, "rtmp", NULL), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(opts, "outputs", outputs), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_start(client, "S1", opts, NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client,
				  "Start(sa{sv}) \"S1\", {\"outputs\": {\"hls\": {\"dvr\": true, "
				  "\"low_latency\": false}, \"rtmp\": []}}");
	otk_test_client_finish(client, &peer);
}

/* starts with one option, expecting the fake's refusal @message */
static void
otk_test_start_refused(OtkClient *client, OtkOptions *opts, const char *message)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *owned = opts;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT(otk_client_broadcast_start(client, "S1", owned, NULL, &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error), message);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
}

static OtkOptions *
otk_test_options_with(const char *key, OtkOptions *dict)
{
	OtkOptions *opts = otk_options_new();

	OTK_TEST_ASSERT(opts != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(opts, key, dict), 0);
	return opts;
}

/* the fake's type check works: the same values with other D-Bus types are refused */
static void
otk_broadcasts_start_types_func(void)
{
	static const char *const map[] = {"dvr", "true", NULL};
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OtkOptions *hls_map = otk_options_new();
	OtkOptions *rtmp_single = otk_options_new();
	OtkOptions *duration = otk_options_new();

	OTK_TEST_ASSERT(hls_map != NULL && rtmp_single != NULL && duration != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string_map(hls_map, "hls", map), 0);
	otk_test_start_refused(client,
			       otk_test_options_with("outputs", hls_map),
			       "invalid option 'outputs.hls': must be a{sv}, not a{ss}");
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_set_dict(rtmp_single, "rtmp", otk_test_target("yt", "rtmp://x/a", "s")),
	    0);
	otk_test_start_refused(client,
			       otk_test_options_with("outputs", rtmp_single),
			       "invalid option 'outputs.rtmp': must be aa{sv}, not a{sv}");
	OTK_TEST_ASSERT_CMPINT(otk_options_set_uint32(duration, "max_duration", 60), 0);
	otk_test_start_refused(
	    client, duration, "invalid option 'max_duration': must be x, not u");
	otk_test_start_refused(client,
			       otk_test_options_with("hls", otk_options_new()),
			       "unknown option 'hls'");
	otk_test_client_finish(client, &peer);
}

static void
otk_broadcasts_get_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_dict_freep) OtkDict *full = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *stopped = NULL;
	const OtkDict *urls;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_get(client, "B1", &full, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Get(s) \"B1\"");
	OTK_TEST_ASSERT_DICT_JSON(full, OTK_TEST_FULL_BROADCAST("B1"));
	urls = otk_dict_get_dict(full, "broadcast_urls");
	OTK_TEST_ASSERT_CMPINT(otk_value_get_length(otk_dict_lookup(urls, "rtmp")), 2);
	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_get(client, "B2", &stopped, NULL), 0);
	OTK_TEST_ASSERT_DICT_JSON(stopped, OTK_TEST_STOPPED_BROADCAST("B2"));
	OTK_TEST_ASSERT(otk_dict_lookup(stopped, "broadcast_urls") == NULL);

	/* a NULL id goes out as "" for the daemon to refuse */
	OTK_TEST_ASSERT(otk_client_broadcast_get(client, NULL, NULL, NULL) == 0);
	OTK_TEST_ASSERT_SENT(client, "Get(s) \"\"");
	OTK_TEST_ASSERT(otk_client_broadcast_get(client, "missing", &full, &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "'missing' not found: 404 broadcast not found");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_broadcasts_list_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *filter = otk_options_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *list = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *unfiltered = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(filter, "offset", 10), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(filter, "count", 2), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(filter, "session_id", "S1"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_list(client, filter, &list, NULL), 0);
	OTK_TEST_ASSERT_SENT(
	    client, "List(a{sv}) {\"offset\": x 10, \"count\": x 2, \"session_id\": \"S1\"}");
	OTK_TEST_ASSERT_DICT_JSON(list,
			     "{\"items\":[" OTK_TEST_FULL_BROADCAST(
				 "B1") "," OTK_TEST_STOPPED_BROADCAST("B2") "],\"total\":4}");

	/* the only argument is the filter: NULL still sends it, empty */
	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_list(client, NULL, &unfiltered, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "List(a{sv}) {}");
	otk_test_client_finish(client, &peer);
}

static void
otk_broadcasts_stop_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_dict_freep) OtkDict *broadcast = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_stop(client, "B7", &broadcast, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Stop(s) \"B7\"");
	OTK_TEST_ASSERT_DICT_JSON(broadcast, OTK_TEST_STOPPED_BROADCAST("B7"));
	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_stop(client, "B8", NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Stop(s) \"B8\"");
	OTK_TEST_ASSERT(otk_client_broadcast_stop(client, "missing", NULL, &error) < 0);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NOT_FOUND);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_broadcasts_set_layout_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *layout = otk_options_new();
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(layout, "type", "custom"), 0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_set_string(layout, "stylesheet", "stream.focus { width: 100%; }"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_set_layout(client, "B1", layout, NULL), 0);
	OTK_TEST_ASSERT_SENT(client,
				  "SetLayout(sa{sv}) \"B1\", {\"type\": \"custom\", "
				  "\"stylesheet\": \"stream.focus { width: 100%; }\"}");
	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_set_layout(client, "B1", NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "SetLayout(sa{sv}) \"B1\", {}");
	OTK_TEST_ASSERT(otk_client_broadcast_set_layout(client, "missing", layout, &error) < 0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_broadcasts_streams_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "has_audio", false), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "has_video", true), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_add_stream(client, "B1", "ST1", opts, NULL),
			       0);
	OTK_TEST_ASSERT_SENT(
	    client,
	    "AddStream(ssa{sv}) \"B1\", \"ST1\", {\"has_audio\": false, \"has_video\": true}");
	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_add_stream(client, "B1", "ST2", NULL, NULL),
			       0);
	OTK_TEST_ASSERT_SENT(client, "AddStream(ssa{sv}) \"B1\", \"ST2\", {}");
	OTK_TEST_ASSERT(otk_client_broadcast_add_stream(client, "auto", "ST1", NULL, &error) < 0);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NOT_ALLOWED);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotAllowed", false);

	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_remove_stream(client, "B1", "ST1", NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "RemoveStream(ss) \"B1\", \"ST1\"");
	OTK_TEST_ASSERT_CMPINT(otk_client_broadcast_remove_stream(client, "B1", NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "RemoveStream(ss) \"B1\", \"\"");
	error = NULL;
	OTK_TEST_ASSERT(otk_client_broadcast_remove_stream(client, "missing", "ST1", &error) < 0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/broadcasts/start", otk_broadcasts_start_func},
	    {"/otk/broadcasts/start-hls", otk_broadcasts_start_hls_func},
	    {"/otk/broadcasts/start-types", otk_broadcasts_start_types_func},
	    {"/otk/broadcasts/get", otk_broadcasts_get_func},
	    {"/otk/broadcasts/list", otk_broadcasts_list_func},
	    {"/otk/broadcasts/stop", otk_broadcasts_stop_func},
	    {"/otk/broadcasts/set-layout", otk_broadcasts_set_layout_func},
	    {"/otk/broadcasts/streams", otk_broadcasts_streams_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
