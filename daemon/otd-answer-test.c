/* the member types of API answers: what passes and what is BadResponse */
#include "config.h"

#include <string.h>

#include "otd-answer.h"
#include "otd-error.h"

static gboolean
check(const gchar *json, GError **error)
{
	g_autoptr(OtdJsonDoc) doc = otd_json_doc_parse(json, strlen(json), NULL);

	g_assert_nonnull(doc);
	return otd_answer_check_object(otd_json_doc_root(doc), error);
}

static void
test_answer_types(void)
{
	const gchar *good[] = {
	    "{}",
	    "{\"id\":\"a\",\"status\":\"started\",\"createdAt\":1,\"size\":0,\"url\":null}",
	    "{\"items\":[{\"id\":\"a\",\"hasAudio\":true}],\"count\":1}",
	    "{\"streams\":[{\"streamId\":\"s\",\"hasVideo\":false}],\"unknown\":[1,\"x\"]}",
	    "{\"broadcastUrls\":{\"hls\":\"https://h\",\"rtmp\":[{\"id\":\"r\"}]}}",
	};
	const struct {
		const gchar *json;
		const gchar *member;
	} bad[] = {
	    {"{\"id\":5}", "'id'"},
	    {"{\"createdAt\":\"yesterday\"}", "'createdAt'"},
	    {"{\"hasAudio\":\"true\"}", "'hasAudio'"},
	    {"{\"items\":{}}", "'items'"},
	    {"{\"items\":[{\"id\":1}]}", "'id'"},
	    {"{\"broadcastUrls\":{\"rtmp\":[{\"status\":3}]}}", "'status'"},
	    {"{\"size\":1.5}", "'size'"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
		g_autoptr(GError) error = NULL;

		g_test_message("%s", good[i]);
		g_assert_true(check(good[i], &error));
		g_assert_no_error(error);
	}
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;

		g_test_message("%s", bad[i].json);
		g_assert_false(check(bad[i].json, &error));
		g_assert_error(error, OTD_ERROR, OTD_ERROR_BAD_RESPONSE);
		g_assert_nonnull(strstr(error->message, bad[i].member));
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/answer/types", test_answer_types);
	return g_test_run();
}
