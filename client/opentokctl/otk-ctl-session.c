/*
 * opentokctl session …: creating sessions. Each option given is sent as it is; the
 * daemon checks the values and names the key it refuses.
 */
#include "otk-ctl.h"

enum {
	OPT_MEDIA_MODE = OTK_CTL_OPT_COMMAND,
	OPT_LOCATION,
	OPT_ARCHIVE_MODE,
	OPT_ARCHIVE_NAME,
	OPT_ARCHIVE_RESOLUTION,
	OPT_E2EE,
};

static const char *const otk_ctl_session_string_keys[] = {
    [OPT_MEDIA_MODE - OTK_CTL_OPT_COMMAND] = "media_mode",
    [OPT_LOCATION - OTK_CTL_OPT_COMMAND] = "location",
    [OPT_ARCHIVE_MODE - OTK_CTL_OPT_COMMAND] = "archive_mode",
    [OPT_ARCHIVE_NAME - OTK_CTL_OPT_COMMAND] = "archive_name",
    [OPT_ARCHIVE_RESOLUTION - OTK_CTL_OPT_COMMAND] = "archive_resolution",
};

static int
otk_ctl_session_create_option(OtkCtl *ctl, int option, const char *value, void *user_data)
{
	OtkOptions *opts = user_data;
	int r;

	if (option == OPT_E2EE)
		r = otk_options_set_bool(opts, "e2ee", true);
	else if (option >= OPT_MEDIA_MODE && option <= OPT_ARCHIVE_RESOLUTION)
		r = otk_options_set_string(
		    opts, otk_ctl_session_string_keys[option - OTK_CTL_OPT_COMMAND], value);
	else
		return OTK_CTL_NOT_COMMON;
	if (r < 0)
		return otk_ctl_usage_error(ctl, "invalid value '%s'", value);
	return OTK_CTL_CONTINUE;
}

static int
otk_ctl_session_create_run(OtkCtl *ctl, const OtkCtlCommand *cmd, int argc, char **argv)
{
	static const struct option options[] = {
	    OTK_CTL_COMMON_OPTIONS,
	    {"media-mode", required_argument, NULL, OPT_MEDIA_MODE},
	    {"location", required_argument, NULL, OPT_LOCATION},
	    {"archive-mode", required_argument, NULL, OPT_ARCHIVE_MODE},
	    {"archive-name", required_argument, NULL, OPT_ARCHIVE_NAME},
	    {"archive-resolution", required_argument, NULL, OPT_ARCHIVE_RESOLUTION},
	    {"e2ee", no_argument, NULL, OPT_E2EE},
	    {NULL, 0, NULL, 0},
	};
	OTK_CLEANUP(otk_options_freep) OtkOptions *opts = otk_options_new();
	OTK_CLEANUP(otk_call_error_freep) OtkCallError *error = NULL;
	OTK_AUTOFREE char *session_id = NULL;
	int r;

	if (opts == NULL)
		return otk_ctl_fail("out of memory");
	r = otk_ctl_parse_options(
	    ctl, cmd, argc, argv, options, otk_ctl_session_create_option, opts);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_expect_args(ctl, argc, argv, NULL);
	if (r == OTK_CTL_CONTINUE)
		r = otk_ctl_connect(ctl);
	if (r != OTK_CTL_CONTINUE)
		return r;
	if (otk_client_create_session(ctl->client, opts, &session_id, &error) < 0)
		return otk_ctl_fail_call(error);
	return otk_ctl_print_value(ctl, "session_id", session_id);
}

static const OtkCtlCommand otk_ctl_session_create_command = {
    .name = "create",
    .args = "[OPTIONS]",
    .summary = "create a session and print its id",
    .options_help = "  --media-mode=MODE         relayed (the default) or routed\n"
		    "  --location=IPV4           an IPv4 address to place the session near\n"
		    "  --archive-mode=MODE       manual (the default) or always\n"
		    "  --archive-name=NAME       the name of automatic archives\n"
		    "  --archive-resolution=WxH  the resolution of automatic archives\n"
		    "  --e2ee                    end-to-end encrypted (implies routed)\n",
    .run = otk_ctl_session_create_run,
};

static const OtkCtlCommand *const otk_ctl_session_subcommands[] = {
    &otk_ctl_session_create_command,
    NULL,
};

const OtkCtlCommand otk_ctl_session_command = {
    .name = "session",
    .summary = "manage sessions",
    .subcommands = otk_ctl_session_subcommands,
};
