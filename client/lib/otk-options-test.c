/*
 * Unit tests: OtkOptions and the a{sv} it writes, type by type.
 */
#include <errno.h>
#include <stdio.h>

#include "otk-client-private.h"
#include "otk-test.h"

/* "key=signature,…" for every entry of the a{sv} at the current position of @m */
static char *
otk_test_signatures(sd_bus_message *m)
{
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);

	OTK_TEST_ASSERT(f != NULL);
	OTK_TEST_ASSERT(sd_bus_message_enter_container(m, 'a', "{sv}") > 0);
	while (sd_bus_message_enter_container(m, 'e', "sv") > 0) {
		const char *key;
		const char *contents;
		char type;

		OTK_TEST_ASSERT(sd_bus_message_read_basic(m, 's', &key) > 0);
		OTK_TEST_ASSERT(sd_bus_message_peek_type(m, &type, &contents) > 0);
		OTK_TEST_ASSERT(type == 'v');
		fprintf(f, "%s%s=%s", ftell(f) > 0 ? "," : "", key, contents);
		OTK_TEST_ASSERT(sd_bus_message_skip(m, "v") >= 0);
		OTK_TEST_ASSERT(sd_bus_message_exit_container(m) >= 0);
	}
	OTK_TEST_ASSERT(sd_bus_message_exit_container(m) >= 0);
	OTK_TEST_ASSERT(fclose(f) == 0);
	return out;
}

/* writes @opts into a message, then checks the wire types and the values read back */
static void
otk_test_check_options(const OtkOptions *opts, const char *expected_sigs, const char *expected_json)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *m = otk_test_message_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *dict = NULL;
	OTK_AUTOFREE char *sigs = NULL;
	OTK_AUTOFREE char *json = NULL;

	OTK_TEST_ASSERT_CMPINT(otk_options_append(opts, m), 0);
	otk_test_message_seal(m);
	OTK_TEST_ASSERT_CMPSTR(sd_bus_message_get_signature(m, 1), "a{sv}");
	sigs = otk_test_signatures(m);
	OTK_TEST_ASSERT_CMPSTR(sigs != NULL ? sigs : "", expected_sigs);
	OTK_TEST_ASSERT_CMPINT(sd_bus_message_rewind(m, 1), 1);
	OTK_TEST_ASSERT_CMPINT(otk_dict_read(m, &dict), 0);
	json = otk_dict_to_json(dict, OTK_JSON_FLAG_NONE);
	OTK_TEST_ASSERT_CMPSTR(json, expected_json);
}

static OtkOptions *
otk_test_rtmp_target(const char *id, const char *url)
{
	OtkOptions *target = otk_options_new();
	OTK_TEST_ASSERT(target != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(target, "id", id), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(target, "server_url", url), 0);
	return target;
}

static void
otk_options_types_func(void)
{
	static const char *const classes[] = {"full", "focus", NULL};
	static const char *const headers[] = {"X-Custom", "1", NULL};
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OtkOptions *layout = otk_options_new();
	OtkOptions *outputs = otk_options_new();

	OTK_TEST_ASSERT(opts != NULL && layout != NULL && outputs != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "media_mode", "routed"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(opts, "expire_time", INT64_C(1700000000)), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_uint32(opts, "count", 50), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "e2ee", true), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_double(opts, "ratio", 0.5), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_strv(opts, "classes", classes), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string_map(opts, "headers", headers), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(layout, "type", "bestFit"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(opts, "layout", layout), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(outputs, "hls", otk_options_new()), 0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_add_dict_array_item(outputs, "rtmp", otk_test_rtmp_target("a", "rtmp://x")),
	    0);
	OTK_TEST_ASSERT_CMPINT(
	    otk_options_add_dict_array_item(outputs, "rtmp", otk_test_rtmp_target("b", "rtmp://y")),
	    0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(opts, "outputs", outputs), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_get_size(opts), 9);
	otk_test_check_options(opts,
			       "media_mode=s,expire_time=x,count=u,e2ee=b,ratio=d,classes=as,"
			       "headers=a{ss},layout=a{sv},outputs=a{sv}",
			       "{\"media_mode\":\"routed\",\"expire_time\":1700000000,\"count\":50,"
			       "\"e2ee\":true,\"ratio\":0.5,\"classes\":[\"full\",\"focus\"],"
			       "\"headers\":{\"X-Custom\":\"1\"},\"layout\":{\"type\":\"bestFit\"},"
			       "\"outputs\":{\"hls\":{},\"rtmp\":[{\"id\":\"a\",\"server_url\":"
			       "\"rtmp://x\"},{\"id\":\"b\",\"server_url\":\"rtmp://y\"}]}}");
}

static void
otk_options_nested_types_func(void)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *outputs = otk_options_new();

	OTK_TEST_ASSERT(outputs != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_dict_array_item(outputs, "rtmp", NULL), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(outputs, "hls", otk_options_new()), 0);
	otk_test_check_options(outputs, "rtmp=aa{sv},hls=a{sv}", "{\"rtmp\":[],\"hls\":{}}");
}

static void
otk_options_replace_func(void)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();

	OTK_TEST_ASSERT(opts != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "role", "publisher"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "data", "d"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "role", "moderator"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_strv_item(opts, "list", "a"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_strv_item(opts, "list", "b"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_string_map_entry(opts, "map", "k", "1"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_string_map_entry(opts, "map", "K", "2"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_string_map_entry(opts, "map", "k", "3"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_bool(opts, "data", false), 0);
	OTK_TEST_ASSERT(otk_options_contains(opts, "role"));
	OTK_TEST_ASSERT(!otk_options_contains(opts, "nope"));
	otk_test_check_options(opts,
			       "role=s,data=b,list=as,map=a{ss}",
			       "{\"role\":\"moderator\",\"data\":false,\"list\":[\"a\",\"b\"],"
			       "\"map\":{\"k\":\"3\",\"K\":\"2\"}}");
	OTK_TEST_ASSERT_CMPINT(otk_options_remove(opts, "role"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_remove(opts, "role"), -ENOENT);
	/* an item added to a key of another kind starts a new list */
	OTK_TEST_ASSERT_CMPINT(otk_options_add_strv_item(opts, "data", "x"), 0);
	otk_test_check_options(opts,
			       "data=as,list=as,map=a{ss}",
			       "{\"data\":[\"x\"],\"list\":[\"a\",\"b\"],"
			       "\"map\":{\"k\":\"3\",\"K\":\"2\"}}");
}

static void
otk_options_invalid_func(void)
{
	static const char *const odd[] = {"k", NULL};
	static const char *const bad_strv[] = {"ok", "\xc3", NULL};
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();

	OTK_TEST_ASSERT(opts != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, NULL, "x"), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "", "x"), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "k", NULL), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "k", "bad \xff"), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string(opts, "k\xff", "x"), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_int64(NULL, "k", 1), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string_map(opts, "k", odd), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_strv(opts, "k", bad_strv), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_add_strv_item(opts, "k", "\xe0\x80\x80"), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(opts, "k", NULL), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(opts, "k", opts), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_dict(opts, "", otk_options_new()), -EINVAL);
	OTK_TEST_ASSERT_CMPINT(otk_options_get_size(opts), 0);
	otk_options_free(NULL);
}

static void
otk_options_empty_func(void)
{
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();

	otk_test_check_options(NULL, "", "{}");
	otk_test_check_options(opts, "", "{}");
	OTK_TEST_ASSERT_CMPINT(otk_options_set_strv(opts, "none", NULL), 0);
	OTK_TEST_ASSERT_CMPINT(otk_options_set_string_map(opts, "map", NULL), 0);
	otk_test_check_options(opts, "none=as,map=a{ss}", "{\"none\":[],\"map\":{}}");
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/options/types", otk_options_types_func},
	    {"/otk/options/nested-types", otk_options_nested_types_func},
	    {"/otk/options/replace", otk_options_replace_func},
	    {"/otk/options/invalid", otk_options_invalid_func},
	    {"/otk/options/empty", otk_options_empty_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
