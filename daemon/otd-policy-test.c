/* the [Access] grammar and what each capability grants */
#include "config.h"

#include <string.h>

#include "otd-error.h"
#include "otd-policy.h"

static OtdPolicy *
policy_from(const gchar *text, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_assert_true(g_key_file_load_from_data(kf, text, -1, G_KEY_FILE_NONE, NULL));
	return otd_policy_new(kf, 4242, error);
}

static void
test_grants(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdPolicy) p = policy_from("[Access]\n"
					     "uid:1001=tokens:publisher\n"
					     "gid:2000=sessions;tokens:moderator;archives;broadcasts:read;"
					     "moderation\n"
					     "uid:1002=all\n"
					     "user:root=admin\n",
					     &error);
	const guint32 web[] = {100, 2000};
	const guint32 none[] = {100};

	g_assert_no_error(error);
	/* root and the daemon's own uid have everything */
	g_assert_true(otd_policy_allows(p, 0, NULL, 0, "admin"));
	g_assert_true(otd_policy_allows(p, 4242, NULL, 0, "sip"));
	/* tokens up to a role */
	g_assert_true(otd_policy_allows(p, 1001, none, 1, "tokens"));
	g_assert_true(otd_policy_allows(p, 1001, none, 1, "tokens:publisher"));
	g_assert_true(otd_policy_allows(p, 1001, none, 1, "tokens:subscriber"));
	g_assert_true(otd_policy_allows(p, 1001, none, 1, "tokens:publisheronly"));
	g_assert_false(otd_policy_allows(p, 1001, none, 1, "tokens:moderator"));
	g_assert_false(otd_policy_allows(p, 1001, none, 1, "sessions"));
	g_assert_false(otd_policy_allows(p, 1001, none, 1, "archives:read"));
	/* the union of a caller's lines, through its groups */
	g_assert_true(otd_policy_allows(p, 1001, web, 2, "tokens:moderator"));
	g_assert_true(otd_policy_allows(p, 1003, web, 2, "sessions"));
	g_assert_true(otd_policy_allows(p, 1003, web, 2, "archives"));
	g_assert_true(otd_policy_allows(p, 1003, web, 2, "archives:read"));
	g_assert_true(otd_policy_allows(p, 1003, web, 2, "broadcasts:read"));
	g_assert_false(otd_policy_allows(p, 1003, web, 2, "broadcasts"));
	g_assert_true(otd_policy_allows(p, 1003, web, 2, "moderation"));
	g_assert_false(otd_policy_allows(p, 1003, web, 2, "admin"));
	g_assert_false(otd_policy_allows(p, 1003, web, 2, "sip"));
	g_assert_true(otd_policy_allows(p, 1002, NULL, 0, "audio-connector"));
	g_assert_true(otd_policy_allows(p, 1002, NULL, 0, "tokens:moderator"));
	/* deny by default */
	g_assert_false(otd_policy_allows(p, 65534, none, 1, "tokens:subscriber"));
	g_assert_false(otd_policy_allows(p, 65534, none, 1, "archives:read"));
}

static void
test_refusals(void)
{
	const gchar *bad[] = {
	    "[Access]\nuid:1=tokens:admin\n",  "[Access]\nuid:1=archive\n",
	    "[Access]\nuid:1=archives:write\n", "[Access]\nuid:x=all\n",
	    "[Access]\nperson:bob=all\n",	"[Access]\nuid:1=sessions;bogus\n",
	};
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(OtdPolicy) p = policy_from(bad[i], &error);
		g_assert_null(p);
		g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
		g_assert_nonnull(strstr(error->message, "[Access]"));
	}
}

static void
test_unknown_names_ignored(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdPolicy) p = NULL;

	g_test_expect_message("opentokd", G_LOG_LEVEL_WARNING, "*no-such-user-otd*");
	g_test_expect_message("opentokd", G_LOG_LEVEL_WARNING, "*no-such-group-otd*");
	p = policy_from("[Access]\nuser:no-such-user-otd=all\ngroup:no-such-group-otd=all\n",
			&error);
	g_test_assert_expected_messages();

	g_assert_no_error(error);
	g_assert_false(otd_policy_allows(p, 1000, NULL, 0, "sessions"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/policy/grants", test_grants);
	g_test_add_func("/otd/policy/refusals", test_refusals);
	g_test_add_func("/otd/policy/unknown-names-ignored", test_unknown_names_ignored);
	return g_test_run();
}
