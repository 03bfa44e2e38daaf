/*
 * Unit tests: the OtkLayoutClasses builder, and the Streams calls against the fake
 * opentokd (otk-test-server-streams.c). Each call's member, signature and arguments are
 * read back with Test.LastCall, so the wire types of the `as` and `a{sas}` arguments are
 * checked, not only their values.
 */
#include <errno.h>

#include "otk-client-private.h"
#include "otk-streams.h"
#include "otk-test-server.h"
#include "otk-test.h"

#define OTK_TEST_CAMERA_STREAM(id)                                                                 \
	"{\"id\":\"" id "\",\"video_type\":\"camera\",\"name\":\"Alice\","                         \
	"\"layout_class_list\":[\"full\",\"focus\"]}"
#define OTK_TEST_SCREEN_STREAM                                                                     \
	"{\"id\":\"ST2\",\"video_type\":\"screen\",\"name\":\"\",\"layout_class_list\":[]}"

/* @classes as the a{sas} argument it becomes, in the dump's notation */
static char *
otk_test_classes_dump(const OtkLayoutClasses *classes)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *m = otk_test_message_new();

	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_append(classes, m), 0);
	otk_test_message_seal(m);
	OTK_TEST_ASSERT(sd_bus_message_has_signature(m, "a{sas}"));
	return otk_test_message_dump(m);
}

static void
otk_layout_classes_build_func(void)
{
	static const char *const pair[] = {"left", "small", NULL};
	static const char *const bad_class[] = {"ok", "\xc3\x28", NULL};
	OTK_CLEANUP(otk_layout_classes_freep) OtkLayoutClasses *classes = otk_layout_classes_new();
	OTK_AUTOFREE char *empty = otk_test_classes_dump(NULL);
	OTK_AUTOFREE char *dump = NULL;

	OTK_TEST_ASSERT_CMPSTR(empty, "{}");
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_get_size(classes), 0);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_add(classes, "ST1", "full"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_add(classes, "ST1", "focus"), 0);
	/* NULL only makes sure the stream is there: an empty list clears its classes */
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_add(classes, "ST2", NULL), 0);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_add(classes, "ST2", NULL), 0);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_set(classes, "ST3", pair), 0);
	/* set again: replaced, and it keeps its place */
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_set(classes, "ST3", pair + 1), 0);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_add(classes, "ST3", "left"), 0);
	/* ids are data: kept verbatim, no case or character conversion */
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_set(classes, "Stream_X-1.\xc3\xa9", NULL), 0);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_get_size(classes), 4);
	OTK_TEST_ASSERT(otk_layout_classes_contains(classes, "ST2"));
	OTK_TEST_ASSERT(!otk_layout_classes_contains(classes, "st2"));
	OTK_TEST_ASSERT(!otk_layout_classes_contains(classes, NULL));

	/* refusals leave the builder as it was */
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_add(classes, NULL, "x"), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_add(classes, "", "x"), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_add(classes, "\xff", "x"), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_add(classes, "ST4", "\xc3\x28"), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_set(classes, "ST3", bad_class), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_set(NULL, "ST3", pair), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_get_size(classes), 4);
	OTK_TEST_ASSERT(!otk_layout_classes_contains(classes, "ST4"));

	dump = otk_test_classes_dump(classes);
	OTK_TEST_ASSERT_CMPSTR(dump,
			       "{\"ST1\": [\"full\", \"focus\"], \"ST2\": [], \"ST3\": "
			       "[\"small\", \"left\"], \"Stream_X-1.\xc3\xa9\": []}");
	otk_layout_classes_free(NULL);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_get_size(NULL), 0);
}

static void
otk_streams_get_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_dict_freep) OtkDict *camera = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *screen = NULL;
	const OtkValue *classes;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_stream_get(client, "S1", "ST1", &camera, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Get(ss) \"S1\", \"ST1\"");
	OTK_TEST_ASSERT_DICT_JSON(camera, OTK_TEST_CAMERA_STREAM("ST1"));

	/* the daemon sends an empty class list as `av`: still an empty array */
	OTK_TEST_ASSERT_CMPINT(otk_client_stream_get(client, "S1", "ST2", &screen, NULL), 0);
	OTK_TEST_ASSERT_DICT_JSON(screen, OTK_TEST_SCREEN_STREAM);
	classes = otk_dict_lookup(screen, "layout_class_list");
	OTK_TEST_ASSERT_CMPINT(otk_value_get_kind(classes), OTK_VALUE_KIND_ARRAY);
	OTK_TEST_ASSERT_CMPINT(otk_value_get_length(classes), 0);

	/* NULL ids go out as "" for the daemon to refuse */
	OTK_TEST_ASSERT_CMPINT(otk_client_stream_get(client, NULL, NULL, NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "Get(ss) \"\", \"\"");

	otk_dict_free(camera);
	camera = NULL;
	OTK_TEST_ASSERT(otk_client_stream_get(client, "S1", "missing", &camera, &error) < 0);
	OTK_TEST_ASSERT(camera == NULL);
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_NOT_FOUND);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "'missing' not found: 404 stream not found");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_streams_list_func(void)
{
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_dict_freep) OtkDict *list = NULL;
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_stream_list(client, "S1", &list, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "List(s) \"S1\"");
	OTK_TEST_ASSERT_DICT_JSON(list,
			     "{\"items\":[" OTK_TEST_CAMERA_STREAM(
				 "ST1") "," OTK_TEST_SCREEN_STREAM "],\"total\":2}");
	OTK_TEST_ASSERT(otk_client_stream_list(client, "missing", NULL, &error) < 0);
	OTK_TEST_ASSERT_CMPSTR(otk_call_error_get_message(error),
			       "'missing' not found: 404 session not found");
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_streams_set_layout_classes_func(void)
{
	static const char *const classes_st1[] = {"full", "focus", NULL};
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OTK_CLEANUP(otk_layout_classes_freep) OtkLayoutClasses *classes = otk_layout_classes_new();
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_set(classes, "ST1", classes_st1), 0);
	OTK_TEST_ASSERT_CMPINT(otk_layout_classes_set(classes, "ST2", NULL), 0);
	OTK_TEST_ASSERT_CMPINT(otk_client_stream_set_layout_classes(client, "S1", classes, NULL),
			       0);
	OTK_TEST_ASSERT_SENT(client,
				  "SetLayoutClasses(sa{sas}) \"S1\", {\"ST1\": [\"full\", "
				  "\"focus\"], \"ST2\": []}");

	/* NULL sends the empty map, which the daemon refuses */
	OTK_TEST_ASSERT(otk_client_stream_set_layout_classes(client, "S1", NULL, &error) < 0);
	OTK_TEST_ASSERT_SENT(client, "SetLayoutClasses(sa{sas}) \"S1\", {}");
	OTK_TEST_ASSERT_CMPINT(otk_call_error_get_code(error), OTK_ERROR_INVALID_ARGS);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "InvalidArgs", false);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_stream_set_layout_classes(client, "missing", classes, &error) <
			0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

static void
otk_streams_force_mute_func(void)
{
	static const char *const excluded[] = {"ST1", "ST 2", NULL};
	static const char *const bad[] = {"ST1", "\xc3\x28", NULL};
	OtkTestPeer peer;
	OtkClient *client = otk_test_client_new(&peer);
	OtkCallError *error = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_client_stream_force_mute(client, "S1", "ST1", NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "ForceMute(ss) \"S1\", \"ST1\"");
	OTK_TEST_ASSERT_CMPINT(otk_client_stream_force_mute_all(client, "S1", excluded, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "ForceMuteAll(sas) \"S1\", [\"ST1\", \"ST 2\"]");
	/* nothing excluded is still the `as`, empty */
	OTK_TEST_ASSERT_CMPINT(otk_client_stream_force_mute_all(client, "S2", NULL, NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "ForceMuteAll(sas) \"S2\", []");
	OTK_TEST_ASSERT_CMPINT(otk_client_stream_disable_force_mute(client, "S3", NULL), 0);
	OTK_TEST_ASSERT_SENT(client, "DisableForceMute(s) \"S3\"");

	/* a string D-Bus cannot carry is refused here, and nothing is sent */
	OTK_TEST_ASSERT(otk_client_stream_force_mute_all(client, "S1", bad, &error) == -EINVAL);
	otk_test_assert_error(error, "org.freedesktop.DBus.Error.InvalidArgs", false);
	OTK_TEST_ASSERT_SENT(client, "DisableForceMute(s) \"S3\"");
	error = NULL;
	OTK_TEST_ASSERT(otk_client_stream_force_mute(client, "S1", "missing", &error) < 0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	error = NULL;
	OTK_TEST_ASSERT(otk_client_stream_disable_force_mute(client, "missing", &error) < 0);
	otk_test_assert_error(error, OTK_ERROR_PREFIX "NotFound", false);
	otk_test_client_finish(client, &peer);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/streams/layout-classes", otk_layout_classes_build_func},
	    {"/otk/streams/get", otk_streams_get_func},
	    {"/otk/streams/list", otk_streams_list_func},
	    {"/otk/streams/set-layout-classes", otk_streams_set_layout_classes_func},
	    {"/otk/streams/force-mute", otk_streams_force_mute_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
