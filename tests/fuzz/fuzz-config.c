/*
 * opentokd.conf text: the config parser, then the [Access] policy read from the same
 * keyfile, then a few questions to whatever policy came out.
 */
#include "config.h"

#include "fuzz-common.h"
#include "otd-config.h"
#include "otd-policy.h"

#define OTD_FUZZ_SELF_UID 4242

static const gchar *const otd_fuzz_capabilities[] = {
    "sessions",
    "admin",
    "moderation",
    "archives",
    "archives:read",
    "tokens",
    "tokens:moderator",
    "tokens:subscriber",
    "broadcasts",
    "sip",
    NULL,
};

static void
otd_fuzz_policy(GKeyFile *keyfile)
{
	static const guint32 gids[] = {0, 100, 1001, 4242};
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdPolicy) policy = otd_policy_new(keyfile, OTD_FUZZ_SELF_UID, &error);

	g_assert_true((policy == NULL) != (error == NULL));
	if (policy == NULL)
		return;
	/* the daemon's own uid is never locked out, whatever the file says */
	g_assert_true(otd_policy_allows(policy, OTD_FUZZ_SELF_UID, NULL, 0, "admin"));
	for (guint i = 0; otd_fuzz_capabilities[i] != NULL; i++) {
		otd_policy_allows(policy, 1001, gids, G_N_ELEMENTS(gids), otd_fuzz_capabilities[i]);
		otd_policy_allows(policy, 65534, NULL, 0, otd_fuzz_capabilities[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(OtdConfig) config = NULL;
	g_autoptr(GKeyFile) keyfile = g_key_file_new();

	otd_fuzz_init();
	config = otd_config_load_from_data((const gchar *)data, size, &error);
	g_assert_true((config == NULL) != (error == NULL));
	if (config != NULL) {
		g_assert_nonnull(config->keyfile);
		otd_config_plugin_enabled(config, "archives");
		otd_fuzz_policy(config->keyfile);
		return 0;
	}
	/* a file the config checks refuse may still reach the policy on reload: parse alone */
	if (g_key_file_load_from_data(keyfile, (const gchar *)data, size, G_KEY_FILE_NONE, NULL))
		otd_fuzz_policy(keyfile);
	return 0;
}
