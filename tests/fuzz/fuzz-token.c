/*
 * Client tokens: the input is "<session id>\n<serialised a{sv}>". The session id is decoded,
 * GenerateToken's real option table runs through otd_daemon_generate_token on a daemon
 * built without a bus, and every accepted request is minted again, JWT and T1, with a fixed
 * secret, clock and nonce so the encoder's output is checked deterministically.
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "otd-config.h"
#include "otd-daemon.h"
#include "otd-json.h"
#include "otd-token.h"

#define OTD_FUZZ_API_KEY "12345678"
#define OTD_FUZZ_SECRET	 "0123456789abcdef0123456789abcdef01234567"

static const gchar otd_fuzz_config[] = "[API]\nKey=" OTD_FUZZ_API_KEY "\n";

static OtdDaemon *
otd_fuzz_daemon(void)
{
	static OtdDaemon *daemon = NULL;

	if (daemon == NULL) {
		g_autoptr(OtdConfig) config = NULL;
		OtdSecret *secret =
		    otd_secret_new((const guint8 *)OTD_FUZZ_SECRET, strlen(OTD_FUZZ_SECRET));
		g_autoptr(GError) error = NULL;

		config =
		    otd_config_load_from_data(otd_fuzz_config, strlen(otd_fuzz_config), &error);
		g_assert_no_error(error);
		/* only what GenerateToken reads: no bus, no plugins, no policy; kept for the
		 * life of the process */
		daemon = g_new0(OtdDaemon, 1);
		daemon->rest = otd_rest_new(config, secret, &error);
		g_assert_no_error(error);
	}
	return daemon;
}

static void
otd_fuzz_mint(const gchar *session_id, GVariant *options)
{
	static const OtdTokenEntropy entropy = {
	    .now = 1700000000,
	    .nonce = 424242,
	    .jti = "00000000-0000-4000-8000-000000000000",
	};
	g_autoptr(OtdSecret) secret =
	    otd_secret_new((const guint8 *)OTD_FUZZ_SECRET, strlen(OTD_FUZZ_SECRET));
	g_autofree const gchar **layout = NULL;
	OtdTokenOptions opts = {.role = OTD_ROLE_PUBLISHER};
	g_autoptr(GVariant) expire = NULL;
	const gchar *text = NULL;

	/* the options were accepted by the table, so their types are known */
	if (g_variant_lookup(options, "role", "&s", &text))
		g_assert_true(otd_role_from_string(text, &opts.role));
	expire = g_variant_lookup_value(options, "expire_time", NULL);
	if (expire != NULL)
		g_assert_true(otd_variant_get_int64(expire, &opts.expire_time));
	g_variant_lookup(options, "data", "&s", &opts.data);
	if (g_variant_lookup(options, "initial_layout_class_list", "^a&s", &layout))
		opts.layout = layout;
	for (guint type = OTD_TOKEN_TYPE_JWT; type <= OTD_TOKEN_TYPE_T1; type++) {
		g_autoptr(GError) error = NULL;
		g_autofree gchar *a = NULL;
		g_autofree gchar *b = NULL;

		opts.type = type;
		a = otd_token_generate_full(OTD_FUZZ_API_KEY, secret, session_id, &opts, &entropy,
					    &error);
		g_assert_no_error(error);
		b = otd_token_generate_full(OTD_FUZZ_API_KEY, secret, session_id, &opts, &entropy,
					    &error);
		g_assert_no_error(error);
		g_assert_cmpstr(a, ==, b);
		g_assert_null(strpbrk(a, " \t\r\n\"\\"));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	gsize id_len = nl != NULL ? (gsize)(nl - data) : size;
	g_autofree gchar *session_id = g_strndup((const gchar *)data, id_len);
	g_autoptr(GVariant) options = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *token = NULL;
	g_auto(GStrv) fields = NULL;

	otd_fuzz_init();
	/* D-Bus strings are UTF-8 without NUL: the bus layer never passes anything else */
	if (strlen(session_id) != id_len || !g_utf8_validate(session_id, -1, NULL))
		return 0;
	fields = otd_session_id_decode(session_id, &error);
	g_assert_true((fields == NULL) != (error == NULL));
	g_clear_error(&error);
	otd_session_id_check_owner(session_id, OTD_FUZZ_API_KEY, NULL);
	options = otd_fuzz_variant_new(nl != NULL ? nl + 1 : data + size,
				       nl != NULL ? size - id_len - 1 : 0, G_VARIANT_TYPE_VARDICT);
	token = otd_daemon_generate_token(otd_fuzz_daemon(), session_id, options, &error);
	g_assert_true((token == NULL) != (error == NULL));
	if (token != NULL)
		otd_fuzz_mint(session_id, options);
	return 0;
}
