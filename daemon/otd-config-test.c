/* configuration and credential refusals */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "otd-config.h"
#include "otd-credentials.h"
#include "otd-error.h"

static gchar *
write_file(const gchar *dir, const gchar *name, const gchar *text, gint mode)
{
	gchar *path = g_build_filename(dir, name, NULL);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	g_assert_cmpint(g_chmod(path, mode), ==, 0);
	return path;
}

static void
expect_config_error(const gchar *text, const gchar *needle)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdConfig) config = otd_config_load_from_data(text, strlen(text), &error);
	g_assert_null(config);
	g_assert_error(error, OTD_ERROR, OTD_ERROR_INVALID_ARGS);
	if (strstr(error->message, needle) == NULL)
		g_error("'%s' not in '%s'", needle, error->message);
}

static void
test_config_refusals(void)
{
	expect_config_error("[Daemon]\n", "[API]");
	expect_config_error("[API]\nSecretFile=/x\n", "Key= is required");
	expect_config_error("[API]\nKey=12 34\n", "Key=12 34");
	expect_config_error("[API]\nKey=1\nTimeout=25\n", "Timeout=25");
	expect_config_error("[API]\nKey=1\nTimeout=abc\n", "Timeout=abc");
	expect_config_error("[API]\nKey=1\nSecretFile=relative/path\n", "absolute path");
	expect_config_error("[API]\nKey=1\nCAFile=ca.pem\n", "CAFile");
	expect_config_error("[API]\nKey=1\nUrl=ftp://x\n", "Url=ftp://x");
	expect_config_error("[API]\nKey=1\nMaxConnections=0\n", "MaxConnections");
	expect_config_error("[API]\nKey=1\n[Daemon]\nIdleExitSec=-1\n", "IdleExitSec");
	expect_config_error("not a key file", "");
}

static void
test_config_defaults_and_dropins(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("otd-config-XXXXXX", NULL);
	g_autofree gchar *dropdir = g_build_filename(dir, "main.conf.d", NULL);
	g_autofree gchar *main_path =
	    write_file(dir, "main.conf", "[API]\nKey=123456\n[Daemon]\nPlugins=a;b;c\n", 0644);
	g_autofree gchar *d1 = NULL, *d2 = NULL, *d3 = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdConfig) config = NULL;

	g_assert_cmpint(g_mkdir(dropdir, 0755), ==, 0);
	d1 = write_file(dropdir, "10-url.conf", "[API]\nUrl=http://127.0.0.1:1\nTimeout=5\n",
			0644);
	d2 = write_file(dropdir, "20-url.conf", "[API]\nUrl=http://127.0.0.1:2\n", 0644);
	d3 = write_file(dropdir, "30-ignored.txt", "[API]\nUrl=http://127.0.0.1:3\n", 0644);
	config = otd_config_load(main_path, &error);
	g_assert_no_error(error);
	g_assert_cmpstr(config->api_key, ==, "123456");
	g_assert_cmpstr(config->api_url, ==, "http://127.0.0.1:2");
	g_assert_cmpuint(config->timeout_sec, ==, 5);
	g_assert_cmpuint(config->max_connections, ==, 64);
	g_assert_cmpuint(config->max_response_bytes, ==, 8 * 1024 * 1024);
	g_assert_true(otd_config_plugin_enabled(config, "b"));
	g_assert_false(otd_config_plugin_enabled(config, "d"));
	g_unlink(d1);
	g_unlink(d2);
	g_unlink(d3);
	g_rmdir(dropdir);
	g_unlink(main_path);
	g_rmdir(dir);
}

static void
test_config_disabled(void)
{
	const gchar *text = "[API]\nKey=1\n[Daemon]\nDisabledPlugins=sip; captions\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdConfig) config = otd_config_load_from_data(text, strlen(text), &error);

	g_assert_no_error(error);
	g_assert_cmpstr(config->api_url, ==, "https://api.opentok.com");
	g_assert_false(otd_config_plugin_enabled(config, "sip"));
	g_assert_false(otd_config_plugin_enabled(config, "captions"));
	g_assert_true(otd_config_plugin_enabled(config, "archives"));
}

static void
test_secret_file(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("otd-secret-XXXXXX", NULL);
	g_autofree gchar *good = write_file(dir, "good", "s3cret\n\n", 0600);
	g_autofree gchar *open_ = write_file(dir, "open", "s3cret\n", 0644);
	g_autofree gchar *group = write_file(dir, "group", "s3cret\n", 0640);
	g_autofree gchar *empty = write_file(dir, "empty", "\n", 0600);
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdSecret) secret = otd_secret_load_file(good, TRUE, &error);

	g_assert_no_error(error);
	/* exactly one trailing newline goes */
	g_assert_cmpmem(otd_secret_get_data(secret), otd_secret_get_size(secret), "s3cret\n", 7);
	g_assert_null(otd_secret_load_file(open_, TRUE, &error));
	g_assert_error(error, OTD_ERROR, OTD_ERROR_PERMISSION_DENIED);
	g_assert_nonnull(strstr(error->message, "0644"));
	g_assert_null(strstr(error->message, "s3cret"));
	g_clear_error(&error);
	g_assert_null(otd_secret_load_file(group, TRUE, &error));
	g_assert_error(error, OTD_ERROR, OTD_ERROR_PERMISSION_DENIED);
	g_clear_error(&error);
	g_assert_null(otd_secret_load_file(empty, TRUE, &error));
	g_clear_error(&error);
	g_assert_null(otd_secret_load_file("relative", TRUE, &error));
	g_clear_error(&error);
	g_assert_null(otd_secret_load(NULL, NULL, &error));
	g_assert_nonnull(strstr(error->message, "SecretFile"));
	g_unlink(good);
	g_unlink(open_);
	g_unlink(group);
	g_unlink(empty);
	g_rmdir(dir);
}

static void
test_secret_credential(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("otd-creds-XXXXXX", NULL);
	/* a credential is systemd's file: its mode (0440 with an ACL on tmpfs) is not refused */
	g_autofree gchar *cred = write_file(dir, "opentokd.api-secret", "from-cred\n", 0440);
	g_autofree gchar *file = write_file(dir, "file", "from-file\n", 0600);
	g_autofree gchar *source = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdSecret) secret = NULL;

	g_setenv("CREDENTIALS_DIRECTORY", dir, TRUE);
	secret = otd_secret_load(file, &source, &error);
	g_unsetenv("CREDENTIALS_DIRECTORY");
	g_assert_no_error(error);
	g_assert_cmpmem(otd_secret_get_data(secret), otd_secret_get_size(secret), "from-cred", 9);
	g_assert_nonnull(strstr(source, "credential"));
	g_unlink(cred);
	g_unlink(file);
	g_rmdir(dir);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/otd/config/refusals", test_config_refusals);
	g_test_add_func("/otd/config/dropins", test_config_defaults_and_dropins);
	g_test_add_func("/otd/config/disabled", test_config_disabled);
	g_test_add_func("/otd/config/secret-file", test_secret_file);
	g_test_add_func("/otd/config/secret-credential", test_secret_credential);
	return g_test_run();
}
