/*
 * Unit tests: reading a{sv} replies into OtkDict, the getters, and the JSON output.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>

#include "otk-client-private.h"
#include "otk-test.h"

/* reads the a{sv} that @m holds and checks its compact JSON */
static OtkDict *
otk_test_read_dict(sd_bus_message *m, const char *expected_json)
{
	OTK_AUTOFREE char *json = NULL;
	OtkDict *dict = NULL;
	int r;

	otk_test_message_seal(m);
	r = otk_dict_read(m, &dict);
	OTK_TEST_ASSERT(r >= 0);
	json = otk_dict_to_json(dict, OTK_JSON_FLAG_NONE);
	OTK_TEST_ASSERT_CMPSTR(json, expected_json);
	return dict;
}

static void
otk_dict_basic_func(void)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *m = otk_test_message_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *dict = NULL;
	int64_t i = 0;
	double d = 0;
	bool b = false;
	int r = sd_bus_message_append(m,
				      "a{sv}",
				      13,
				      "s", "s", "text",
				      "o", "o", "/org/x",
				      "g", "g", "a{sv}",
				      "b", "b", 1,
				      "y", "y", 200,
				      "n", "n", -300,
				      "q", "q", 65000,
				      "i", "i", -70000,
				      "u", "u", 4000000000u,
				      "x", "x", INT64_C(-5000000000),
				      "t", "t", UINT64_MAX,
				      "t_small", "t", UINT64_C(7),
				      "d", "d", 2.5);

	OTK_TEST_ASSERT(r >= 0);
	dict = otk_test_read_dict(m,
				  "{\"s\":\"text\",\"o\":\"/org/x\",\"g\":\"a{sv}\",\"b\":true,"
				  "\"y\":200,\"n\":-300,\"q\":65000,\"i\":-70000,\"u\":4000000000,"
				  "\"x\":-5000000000,\"t\":18446744073709551615,\"t_small\":7,"
				  "\"d\":2.5}");
	OTK_TEST_ASSERT_CMPINT(otk_dict_get_size(dict), 13);
	OTK_TEST_ASSERT_CMPSTR(otk_dict_get_string(dict, "o"), "/org/x");
	OTK_TEST_ASSERT(otk_dict_get_string(dict, "b") == NULL);
	OTK_TEST_ASSERT(otk_dict_get_string(dict, "missing") == NULL);
	OTK_TEST_ASSERT(otk_dict_get_int64(dict, "x", &i));
	OTK_TEST_ASSERT_CMPINT(i, INT64_C(-5000000000));
	OTK_TEST_ASSERT(otk_dict_get_int64(dict, "u", &i));
	OTK_TEST_ASSERT_CMPINT(i, 4000000000);
	OTK_TEST_ASSERT(!otk_dict_get_int64(dict, "t", &i)); /* does not fit */
	OTK_TEST_ASSERT(!otk_dict_get_int64(dict, "s", &i));
	OTK_TEST_ASSERT(otk_dict_get_bool(dict, "b", &b));
	OTK_TEST_ASSERT(b);
	OTK_TEST_ASSERT(!otk_dict_get_bool(dict, "y", &b));
	OTK_TEST_ASSERT(otk_dict_get_double(dict, "d", &d));
	OTK_TEST_ASSERT(d == 2.5);
	OTK_TEST_ASSERT(otk_dict_get_double(dict, "n", &d)); /* integers convert */
	OTK_TEST_ASSERT(d == -300.0);
	OTK_TEST_ASSERT_CMPINT(otk_value_get_kind(otk_dict_lookup(dict, "g")),
			       OTK_VALUE_KIND_STRING);
}

static sd_bus_message *
otk_test_nested_message(void)
{
	sd_bus_message *m = otk_test_message_new();
	int r = sd_bus_message_append(m,
				      "a{sv}",
				      7,
				      "layout", "a{sv}", 2,
				      "type", "s", "bestFit",
				      "screenshare_type", "s", "pip",
				      "items", "aa{sv}", 2,
				      2, "id", "s", "a", "n", "x", INT64_C(1),
				      0,
				      "classes", "as", 2, "full", "focus",
				      "empty", "av", 0,
				      "mixed", "av", 3, "s", "x", "i", 3, "b", 0,
				      "headers", "a{ss}", 2, "X-Custom", "1", "x-lower", "2",
				      "pair", "(si)", "a", 1);
	OTK_TEST_ASSERT(r >= 0);
	return m;
}

static void
otk_dict_nested_func(void)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *m = otk_test_nested_message();
	OTK_CLEANUP(otk_dict_freep) OtkDict *dict = NULL;
	OTK_AUTOFREE const char **classes = NULL;
	OTK_AUTOFREE const char **empty = NULL;
	const OtkValue *items;

	dict = otk_test_read_dict(m,
				  "{\"layout\":{\"type\":\"bestFit\",\"screenshare_type\":\"pip\"},"
				  "\"items\":[{\"id\":\"a\",\"n\":1},{}],"
				  "\"classes\":[\"full\",\"focus\"],\"empty\":[],"
				  "\"mixed\":[\"x\",3,false],"
				  "\"headers\":{\"X-Custom\":\"1\",\"x-lower\":\"2\"},"
				  "\"pair\":[\"a\",1]}");
	OTK_TEST_ASSERT_CMPSTR(otk_dict_get_string(otk_dict_get_dict(dict, "layout"), "type"),
			       "bestFit");
	OTK_TEST_ASSERT_CMPSTR(otk_dict_get_string(otk_dict_get_dict(dict, "headers"), "X-Custom"),
			       "1");
	OTK_TEST_ASSERT(otk_dict_get_dict(dict, "classes") == NULL);
	items = otk_dict_lookup(dict, "items");
	OTK_TEST_ASSERT_CMPINT(otk_value_get_kind(items), OTK_VALUE_KIND_ARRAY);
	OTK_TEST_ASSERT_CMPINT(otk_value_get_length(items), 2);
	OTK_TEST_ASSERT_CMPSTR(
	    otk_dict_get_string(otk_value_get_dict(otk_value_get_element(items, 0)), "id"), "a");
	OTK_TEST_ASSERT_CMPINT(
	    otk_dict_get_size(otk_value_get_dict(otk_value_get_element(items, 1))), 0);
	OTK_TEST_ASSERT(otk_value_get_element(items, 2) == NULL);
	classes = otk_dict_get_strv(dict, "classes");
	OTK_TEST_ASSERT(classes != NULL);
	OTK_TEST_ASSERT_CMPSTR(classes[0], "full");
	OTK_TEST_ASSERT_CMPSTR(classes[1], "focus");
	OTK_TEST_ASSERT(classes[2] == NULL);
	empty = otk_dict_get_strv(dict, "empty");
	OTK_TEST_ASSERT(empty != NULL && empty[0] == NULL);
	OTK_TEST_ASSERT(otk_dict_get_strv(dict, "mixed") == NULL);
	OTK_TEST_ASSERT(otk_dict_get_strv(dict, "layout") == NULL);
}

static void
otk_dict_pretty_func(void)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *m = otk_test_message_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *dict = NULL;
	OTK_AUTOFREE char *json = NULL;
	int r = sd_bus_message_append(m,
				      "a{sv}",
				      4,
				      "id", "s", "a1",
				      "streams", "aa{sv}", 1, 1, "stream_id", "s", "s1",
				      "none", "a{sv}", 0,
				      "list", "as", 0);

	OTK_TEST_ASSERT(r >= 0);
	dict = otk_test_read_dict(m,
				  "{\"id\":\"a1\",\"streams\":[{\"stream_id\":\"s1\"}],"
				  "\"none\":{},\"list\":[]}");
	json = otk_dict_to_json(dict, OTK_JSON_FLAG_PRETTY);
	OTK_TEST_ASSERT_CMPSTR(json,
			       "{\n"
			       "  \"id\": \"a1\",\n"
			       "  \"streams\": [\n"
			       "    {\n"
			       "      \"stream_id\": \"s1\"\n"
			       "    }\n"
			       "  ],\n"
			       "  \"none\": {},\n"
			       "  \"list\": []\n"
			       "}");
}

static void
otk_dict_escape_func(void)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *m = otk_test_message_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *dict = NULL;
	OTK_CLEANUP(otk_dict_freep) OtkDict *built = otk_dict_new();
	OTK_AUTOFREE char *json = NULL;
	int r = sd_bus_message_append(m,
				      "a{sv}",
				      1,
				      "k\"ey",
				      "s",
				      "a\"b\\c\nd\te\x01"
				      "f\x1fg\x7fh\xc3\xa9i\xf0\x9f\x98\x80j\b\f\r/");

	OTK_TEST_ASSERT(r >= 0);
	dict = otk_test_read_dict(m,
				  "{\"k\\\"ey\":\"a\\\"b\\\\c\\nd\\te\\u0001f\\u001fg\x7fh\xc3\xa9i"
				  "\xf0\x9f\x98\x80j\\b\\f\\r/\"}");

	/* D-Bus never carries broken UTF-8, but a dictionary built by hand can */
	OTK_TEST_ASSERT(built != NULL);
	OTK_TEST_ASSERT_CMPINT(otk_dict_set_string(built, "bad", "x\xffy\xc3"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_dict_set_string(built, "surrogate", "\xed\xa0\x80"), 0);
	OTK_TEST_ASSERT_CMPINT(otk_dict_set_int64(built, "n", -1), 0);
	OTK_TEST_ASSERT_CMPINT(otk_dict_set_bool(built, "b", false), 0);
	json = otk_dict_to_json(built, OTK_JSON_FLAG_NONE);
	OTK_TEST_ASSERT_CMPSTR(json,
			       "{\"bad\":\"x\\ufffdy\\ufffd\","
			       "\"surrogate\":\"\\ufffd\\ufffd\\ufffd\",\"n\":-1,\"b\":false}");
}

static void
otk_dict_double_func(void)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *m = otk_test_message_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *dict = NULL;
	int r = sd_bus_message_append(m,
				      "a{sv}",
				      5,
				      "a", "d", 0.1,
				      "b", "d", 1e300,
				      "c", "d", (double)NAN,
				      "d", "d", (double)-INFINITY,
				      "e", "d", 3.0);

	OTK_TEST_ASSERT(r >= 0);
	dict = otk_test_read_dict(m, "{\"a\":0.1,\"b\":1e+300,\"c\":null,\"d\":null,\"e\":3}");
}

static void
otk_dict_order_func(void)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *m = otk_test_message_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *dict = NULL;
	int r = sd_bus_message_append(m,
				      "a{sv}",
				      4,
				      "zeta", "i", 1,
				      "alpha", "i", 2,
				      "mid", "i", 3,
				      "zeta", "i", 4);

	OTK_TEST_ASSERT(r >= 0);
	/* a repeated key keeps its first place and takes the last value */
	dict = otk_test_read_dict(m, "{\"zeta\":4,\"alpha\":2,\"mid\":3}");
	OTK_TEST_ASSERT_CMPINT(otk_dict_get_size(dict), 3);
	OTK_TEST_ASSERT_CMPSTR(otk_dict_get_key(dict, 0), "zeta");
	OTK_TEST_ASSERT_CMPSTR(otk_dict_get_key(dict, 1), "alpha");
	OTK_TEST_ASSERT_CMPSTR(otk_dict_get_key(dict, 2), "mid");
	OTK_TEST_ASSERT(otk_dict_get_key(dict, 3) == NULL);
	OTK_TEST_ASSERT(otk_dict_get_value(dict, 3) == NULL);
}

static void
otk_dict_list_reply_func(void)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *m = otk_test_message_new();
	OTK_CLEANUP(otk_dict_freep) OtkDict *list = NULL;
	OTK_AUTOFREE char *json = NULL;
	int64_t total = 0;
	int r = sd_bus_message_append(m,
				      "aa{sv}u",
				      2,
				      2,
				      "connection_id",
				      "s",
				      "c1",
				      "created_at",
				      "x",
				      INT64_C(1747655658197),
				      1,
				      "connection_id",
				      "s",
				      "c2",
				      5);

	OTK_TEST_ASSERT(r >= 0);
	otk_test_message_seal(m);
	OTK_TEST_ASSERT_CMPINT(otk_dict_read_list_reply(m, &list), 0);
	json = otk_dict_to_json(list, OTK_JSON_FLAG_NONE);
	OTK_TEST_ASSERT_CMPSTR(
	    json,
	    "{\"items\":[{\"connection_id\":\"c1\",\"created_at\":1747655658197},"
	    "{\"connection_id\":\"c2\"}],\"total\":5}");
	OTK_TEST_ASSERT(otk_dict_get_int64(list, "total", &total));
	OTK_TEST_ASSERT_CMPINT(total, 5);
}

static void
otk_dict_refuse_func(void)
{
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *s = otk_test_message_new();
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *int_keys = otk_test_message_new();
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *strv = otk_test_message_new();
	OTK_CLEANUP(sd_bus_message_unrefp) sd_bus_message *empty = otk_test_message_new();
	OtkDict *dict = NULL;

	OTK_TEST_ASSERT(sd_bus_message_append(s, "s", "x") >= 0);
	OTK_TEST_ASSERT(sd_bus_message_append(int_keys, "a{is}", 1, 1, "x") >= 0);
	OTK_TEST_ASSERT(sd_bus_message_append(strv, "as", 1, "x") >= 0);
	otk_test_message_seal(s);
	otk_test_message_seal(int_keys);
	otk_test_message_seal(strv);
	otk_test_message_seal(empty);
	OTK_TEST_ASSERT_CMPINT(otk_dict_read(s, &dict), -EBADMSG);
	OTK_TEST_ASSERT_CMPINT(otk_dict_read(int_keys, &dict), -EBADMSG);
	OTK_TEST_ASSERT_CMPINT(otk_dict_read(strv, &dict), -EBADMSG);
	OTK_TEST_ASSERT_CMPINT(otk_dict_read(empty, &dict), -ENXIO);
	OTK_TEST_ASSERT(dict == NULL);
	otk_dict_free(NULL);
}

int
main(int argc, char **argv)
{
	static const OtkTestCase cases[] = {
	    {"/otk/dict/basic", otk_dict_basic_func},
	    {"/otk/dict/nested", otk_dict_nested_func},
	    {"/otk/dict/pretty", otk_dict_pretty_func},
	    {"/otk/dict/escape", otk_dict_escape_func},
	    {"/otk/dict/double", otk_dict_double_func},
	    {"/otk/dict/order", otk_dict_order_func},
	    {"/otk/dict/list-reply", otk_dict_list_reply_func},
	    {"/otk/dict/refuse", otk_dict_refuse_func},
	};
	return otk_test_run(argc, argv, cases, OTK_N_ELEMENTS(cases));
}
