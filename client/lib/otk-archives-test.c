/*
 * Unit tests: the Archives calls against the fake opentokd (otk-test-server-archives.c).
 * Each call's member, wire signature and arguments are read back with Test.LastCall.
 */
#include "otk-archives.h"
#include "otk-client-private.h"
#include "otk-test-server.h"
#include "otk-test.h"

/* the complete archive of the fake server, as JSON */
#define OTK_TEST_FULL_ARCHIVE(id, status)                                                          \
	"{\"id\":\"" id "\",\"status\":\"" status "\",\"name\":\"Weekly review\","                 \
	"\"session_id\":\"S1\",\"created_at\":1747655658197,\"project_id\":123456,"                \
	"\"updated_at\":1747655720197,\"duration\":62,\"size\":8347554,\"has_audio\":true,"        \
	"\"has_video\":false,\"output_mode\":\"composed\",\"resolution\":\"1280x720\","            \
	"\"stream_mode\":\"manual\",\"layout\":{\"type\":\"pip\"},\"streams\":[{\"stream_id\":"    \
	"\"ST1\",\"has_audio\":true}],\"url\":\"https://media.example/A1.mp4\","                   \
	"\"reason\":\"user initiated\",\"sha256sum\":\"9f86d0\"}"

static OtkOptions *
otk_test_start_options(void)
{
	OtkOptions *opts = otk_options_new();
	OtkOptions *layout = otk_options_new();

	OTK_TEST_ASSERT(opts != NULL && layout != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "name", "Demo"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "has_audio", false), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "output_mode", "composed"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(opts, "max_bitrate", 2000000), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(layout, "type", "bestFit"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(layout, "screenshare_type", "pip"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(opts, "layout", layout), 0);
	return opts;
}

static void
otk_archives_start_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_test_start_options();
	OTK_CLEANUP(otk_dict_freep) OtkDict *archive = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_archive_start(client, "S1", opts, &archive, NULL), 0);
	OTK_TEST_ASSERT_SENT(
	    client,
	    "Start(sa{sv}) \"S1\", {\"name\": \"Demo\", \"has_audio\": false, "
	    "\"output_mode\": \"composed\", \"max_bitrate\": x 2000000, "
	    "\"layout\": {\"type\": \"bestFit\", \"screenshare_type\": \"pip\"}}");
	OTK_TEST_ASSERT_DICT_JSON(archive,
			     "{\"id\":\"A-new\",\"status\":\"started\",\"name\":\"\","
			     "\"session_id\":\"S1\",\"created_at\":1747655718197}");

	/* no options still sends the a{sv}; the result may be dropped */
	OTK_TEST_ASSERT_CMPINT(otk_client_archive_start(client, "S2", NULL, NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Start(sa{sv}) \"S2\", {}");

	otk_dict_free(archive);
	archive = NULL;
	OTK_TEST_ASSERT(otk_client_archive_start(client, "missing", NULL, &archive, &error) < 0);
	OTK_TEST_ASSERT(archive == NULL);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NOT_FOUND);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_archives_get_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_dict_freep) OtkDict *full = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *sparse = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_archive_get(client, "A1", &full, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Get(s) \"A1\"");
	OTK_TEST_ASSERT_DICT_JSON(full, OTK_TEST_FULL_ARCHIVE("A1", "available"));
	OTK_TEST_ASSERT_CMPINT(otk_client_archive_get(client, "A2", &sparse, NULL), 0);
	OTK_TEST_ASSERT_CMPSTR(otk_dict_get_string(sparse, "status"), "started");
	OTK_TEST_ASSERT(otk_dict_lookup(sparse, "size") == NULL);

	/* a NULL id goes out as "" for the daemon to refuse */
	OTK_TEST_ASSERT(otk_client_archive_get(client, NULL, NULL, NULL) == 0);
	OTK_TEST_ASSERT_SENT(client, "Get(s) \"\"");
	OTK_TEST_ASSERT(otk_client_archive_get(client, "missing", &full, &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "'missing' not found: 404 resource does not exist");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_archives_list_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *filter = otk_options_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *list = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *unfiltered = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(filter, "offset", 0), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(filter, "count", 50), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(filter, "session_id", "S1"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_archive_list(client, filter, &list, NULL), 0);
	OTK_TEST_ASSERT_SENT(
	    client, "List(a{sv}) {\"offset\": x 0, \"count\": x 50, \"session_id\": \"S1\"}");
	OTK_TEST_ASSERT_DICT_JSON(list,
			     "{\"items\":[" OTK_TEST_FULL_ARCHIVE("A1", "available") ","
			     "{\"id\":\"A2\",\"status\":\"started\",\"name\":\"\","
			     "\"session_id\":\"S1\",\"created_at\":1747655718197}],\"total\":7}");

	/* the only argument is the filter: NULL still sends it, empty */
	OTK_TEST_ASSERT_CMPINT(otk_client_archive_list(client, NULL, &unfiltered, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "List(a{sv}) {}");
	otk_test_client_finish(client, &peer);
}

static void
otk_archives_stop_delete_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_dict_freep) OtkDict *archive = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_archive_stop(client, "A1", &archive, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Stop(s) \"A1\"");
	OTK_TEST_ASSERT_DICT_JSON(archive, OTK_TEST_FULL_ARCHIVE("A1", "stopped"));
	OTK_TEST_ASSERT(otk_client_archive_stop(client, "idle", NULL, &error) < 0);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_CONFLICT);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "Conflict", false);

	OTK_TEST_ASSERT_CMPINT(otk_client_archive_delete(client, "A1", NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Delete(s) \"A1\"");
	error = NULL;
	OTK_TEST_ASSERT(otk_client_archive_delete(client, "busy", &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "archive 'busy' is still recording: 409 conflict");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "Conflict", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_archives_set_layout_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *layout = otk_options_new();
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(layout, "type", "custom"), 0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_set_string(layout, "stylesheet", "stream.focus { width: 100%; }"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_archive_set_layout(client, "A1", layout, NULL), 0);
	OTK_TEST_ASSERT_SENT(client,
				  "SetLayout(sa{sv}) \"A1\", {\"type\": \"custom\", "
				  "\"stylesheet\": \"stream.focus { width: 100%; }\"}");
	OTK_TEST_ASSERT_CMPINT(otk_client_archive_set_layout(client, "A1", NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "SetLayout(sa{sv}) \"A1\", {}");
	OTK_TEST_ASSERT(otk_client_archive_set_layout(client, "missing", layout, &error) < 0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_archives_streams_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "has_video", false), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_archive_add_stream(client, "A1", "ST1", opts, NULL), 0);
	OTK_TEST_ASSERT_SENT(client,
				  "AddStream(ssa{sv}) \"A1\", \"ST1\", {\"has_video\": false}");
	OTK_TEST_ASSERT_CMPINT(otk_client_archive_add_stream(client, "A1", "ST2", NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "AddStream(ssa{sv}) \"A1\", \"ST2\", {}");
	OTK_TEST_ASSERT(otk_client_archive_add_stream(client, "auto", "ST1", NULL, &error) < 0);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NOT_ALLOWED);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotAllowed", false);

	OTK_TEST_ASSERT_CMPINT(otk_client_archive_remove_stream(client, "A1", "ST1", NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "RemoveStream(ss) \"A1\", \"ST1\"");
	error = NULL;
	OTK_TEST_ASSERT(otk_client_archive_remove_stream(client, "missing", "ST1", &error) < 0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/archives/start", otk_archives_start_func},
	    {"/otk/archives/get", otk_archives_get_func},
	    {"/otk/archives/list", otk_archives_list_func},
	    {"/otk/archives/stop-delete", otk_archives_stop_delete_func},
	    {"/otk/archives/set-layout", otk_archives_set_layout_func},
	    {"/otk/archives/streams", otk_archives_streams_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
