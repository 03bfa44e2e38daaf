/* certtool with a template file per certificate; ECDSA keys, so this takes milliseconds */
#include "config.h"

#include <gio/gio.h>

#include "otd-test-tls.h"

gboolean
otd_test_tls_available(void)
{
	g_autofree gchar *path = g_find_program_in_path("certtool");

	if (path == NULL)
		g_test_skip("certtool (gnutls-bin) is not installed");
	return path != NULL;
}

static void
otd_test_tls_run(const gchar *const *argv)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *err = NULL;
	gint status = 0;

	if (!g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
			  NULL, NULL, NULL, &err, &status, &error))
		g_error("certtool: %s", error->message);
	if (!g_spawn_check_wait_status(status, &error))
		g_error("certtool %s failed: %s\n%s", argv[1], error->message, err);
}

static gchar *
otd_test_tls_key(const gchar *dir, const gchar *name)
{
	g_autofree gchar *base = g_strconcat(name, ".key", NULL);
	gchar *key = g_build_filename(dir, base, NULL);
	const gchar *argv[] = {"certtool", "--generate-privkey", "--key-type=ecdsa", "--outfile",
			       key, NULL};

	otd_test_tls_run(argv);
	return key;
}

static gchar *
otd_test_tls_template(const gchar *dir, const gchar *name, const gchar *text)
{
	g_autofree gchar *base = g_strconcat(name, ".tmpl", NULL);
	gchar *path = g_build_filename(dir, base, NULL);

	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	return path;
}

void
otd_test_tls_make_ca(const gchar *dir, const gchar *name)
{
	g_autofree gchar *key = otd_test_tls_key(dir, name);
	g_autofree gchar *base = g_strconcat(name, ".pem", NULL);
	g_autofree gchar *pem = g_build_filename(dir, base, NULL);
	g_autofree gchar *text = g_strdup_printf(
	    "cn = \"opentokd test CA %s\"\nca\ncert_signing_key\nexpiration_days = 2\n", name);
	g_autofree gchar *tmpl = otd_test_tls_template(dir, name, text);
	const gchar *argv[] = {"certtool",  "--generate-self-signed", "--load-privkey", key,
			       "--template", tmpl, "--outfile", pem, NULL};

	otd_test_tls_run(argv);
}

void
otd_test_tls_make_cert(const gchar *dir, const gchar *ca, const gchar *name,
		       OtdTestCertKind kind)
{
	g_autofree gchar *key = otd_test_tls_key(dir, name);
	g_autofree gchar *base = g_strconcat(name, ".pem", NULL);
	g_autofree gchar *pem = g_build_filename(dir, base, NULL);
	g_autofree gchar *ca_base = g_strconcat(ca, ".pem", NULL);
	g_autofree gchar *ca_pem = g_build_filename(dir, ca_base, NULL);
	g_autofree gchar *ca_key_base = g_strconcat(ca, ".key", NULL);
	g_autofree gchar *ca_key = g_build_filename(dir, ca_key_base, NULL);
	const gchar *subject = kind == OTD_TEST_CERT_WRONG_HOST
				   ? "cn = \"wrong-host.invalid\"\ndns_name = \"wrong-host.invalid\"\n"
				   : "cn = \"127.0.0.1\"\nip_address = \"127.0.0.1\"\n";
	const gchar *validity = kind == OTD_TEST_CERT_EXPIRED
				    ? "activation_date = \"2020-01-01 00:00:00\"\n"
				      "expiration_date = \"2020-06-01 00:00:00\"\n"
				    : "expiration_days = 2\n";
	g_autofree gchar *text =
	    g_strdup_printf("%s%stls_www_server\nsigning_key\nencryption_key\n", subject, validity);
	g_autofree gchar *tmpl = otd_test_tls_template(dir, name, text);
	const gchar *argv[] = {"certtool",
			       "--generate-certificate",
			       "--load-privkey",
			       key,
			       "--load-ca-certificate",
			       ca_pem,
			       "--load-ca-privkey",
			       ca_key,
			       "--template",
			       tmpl,
			       "--outfile",
			       pem,
			       NULL};

	otd_test_tls_run(argv);
}
